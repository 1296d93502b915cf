#include "record/market_file_trades.hpp"

#include <algorithm>
#include <filesystem>

#include "io/tick_inference.hpp"
#include "record/recording_session.hpp"

namespace flowscope::record {

namespace {
constexpr std::size_t kTickSample = 10'000;  // as trade files infer theirs
}  // namespace

bool is_recording_path(const std::string& path) {
    std::error_code ec;
    return is_recording_file(path) || std::filesystem::is_directory(path, ec);
}

MarketFileTrades read_market_file_trades(const std::string& path, const TradeFileOptions& options) {
    MarketFileTrades out;
    const auto keep = [&](std::span<const Trade> trades) { out.trades.insert(out.trades.end(), trades.begin(), trades.end()); };
    if (!is_recording_path(path)) {
        out.file = read_trade_file(path, options, [](const TradeFileResult&) {}, keep);
        return out;
    }
    out.recording = true;
    out.recorded = read_recording_trades(path, keep);
    const Result<RecordingTrades>& read = *out.recorded;
    out.file.ok = read.ok();
    if (!read) {
        out.file.error = read.error();
        return out;
    }
    out.file.exchange = read->exchange;
    out.file.symbol = read->symbol;
    out.file.trades = read->trades;
    if (options.tick) {
        out.file.tick = *options.tick;
    } else {
        out.file.inferred_tick = estimate_tick(std::span<const Trade>(out.trades).first(std::min(out.trades.size(), kTickSample)));
        out.file.tick = out.file.inferred_tick->tick;
    }
    return out;
}

}  // namespace flowscope::record
