#pragma once
// One market's trades read whole from either kind of file the file commands take: a recording
// (an .fsrec file or a folder of them, through the live parser: recording_trades.hpp) or a public
// trade file (io/trade_file.hpp). A group of markets reads each member this way, the merge wanting
// every member's next trade at hand (flowscope-cli bars with several inputs, the app's groups);
// the caller reports what the read met, each kind in its own terms.
#include <optional>
#include <string>
#include <vector>

#include "io/trade_file.hpp"
#include "model/result.hpp"
#include "record/recording_trades.hpp"

namespace flowscope::record {

struct MarketFileTrades {
    bool recording = false;
    // A recording's read: what it met (damaged blocks, malformed frames); empty for a trade file.
    std::optional<Result<RecordingTrades>> recorded;
    // A trade file's read. For a recording: its exchange, symbol and trade count, and the tick
    // (given, or inferred from its first 10,000 trades as a trade file's is).
    TradeFileResult file;
    std::vector<Trade> trades;  // in the file's order
};

// An .fsrec file or a folder (of recordings).
bool is_recording_path(const std::string& path);

// options.symbol and options.exchange apply to trade files only: a recording names its market.
MarketFileTrades read_market_file_trades(const std::string& path, const TradeFileOptions& options);

}  // namespace flowscope::record
