#pragma once
// A recording's trades for the file commands (bars, footprint, …): every frame parsed by the
// live parser and put in the order the live chart had (Replayer), delivered in batches, with what
// could not be read counted and described.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "model/trade.hpp"
#include "record/recording_reader.hpp"

namespace flowscope::record {

struct RecordingTrades {
    Exchange exchange = Exchange::Unknown;
    std::string symbol;
    std::uint64_t frames = 0;
    std::uint64_t trades = 0;
    std::uint64_t ignored = 0;          // acks, heartbeats, unknown frames
    std::uint64_t malformed = 0;        // frames the parser rejected
    std::uint64_t exchange_errors = 0;  // error frames the exchange sent
    std::uint64_t control = 0;          // flowscope's own frames (backfill markers)
    std::uint64_t duplicates = 0;       // trades recorded twice, counted once
    std::vector<RecordingIssue> issues; // damaged blocks, cut files (reading went on after them)
};

// path: a .fsrec file or a folder of them (one stream). Fails only when it cannot be opened at all.
Result<RecordingTrades> read_recording_trades(const std::string& path,
                                              const std::function<void(std::span<const Trade>)>& on_trades,
                                              std::size_t batch_trades = 65'536);

}  // namespace flowscope::record
