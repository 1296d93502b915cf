#pragma once
// Public trade file (Binance CSV/ZIP, Tardis CSV) → recording, through synthesized frames
// (frame_synthesis.hpp), so converted data replays through the live parser like any recording.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/trade_file.hpp"
#include "record/recording_writer.hpp"

namespace flowscope::record {

struct ConversionResult {
    bool ok = false;
    std::string error;         // for people, names the file
    TradeFileResult file;      // what the trade file reader found (counts, bad lines)
    std::uint64_t frames = 0;  // frames written
    std::uint64_t bytes = 0;   // size of the recording
};

// Writes a new recording at out_path (an existing file is refused). Every exchange with an adapter
// can be converted (frame_synthesis.hpp); a Tardis file's exchange column is read with
// exchange_from_tardis_name (io/tardis_exchange.hpp) unless options.exchange is given. A trade its exchange's frame cannot
// carry (e.g. a Kraken trade without a trade id) fails the conversion, naming the trade.
ConversionResult convert_trade_file(const std::string& in_path, const std::string& out_path,
                                    const TradeFileOptions& options = {});


}  // namespace flowscope::record
