#pragma once
// Reads public trade files into Trades: Binance public-data `aggTrades` and `trades` CSV (spot and
// USD-M, with or without header, ms or µs time, .csv or .zip as downloaded) and Tardis.dev
// `trades` CSV. The layout is detected from the content, never from the file name's extension.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/tick_inference.hpp"
#include "model/decimal.hpp"
#include "model/exchange.hpp"
#include "model/trade.hpp"

namespace flowscope {

enum class TradeFileFormat { BinanceAggTrades, BinanceTrades, Tardis };

// "binance-aggTrades", "binance-trades", "tardis-trades"
std::string_view trade_file_format_name(TradeFileFormat format);

struct TradeFileOptions {
    std::string symbol;            // empty: infer (Tardis column, Binance file name like BTCUSDT-aggTrades-2024-01-01.zip, else "UNKNOWN")
    std::optional<Price> tick;     // empty: infer from the first 10,000 prices (tick_inference.hpp)
    Exchange exchange = Exchange::Unknown;  // Unknown: infer (Tardis column; Binance: spot when the file has the
                                            // is_best_match column, µs time or a /spot/ path; else binance-futures)
    bool stop_on_error = false;    // false: report the bad line and continue; true: stop at the first bad line
};

struct TradeFileIssue {
    std::string file;
    std::uint64_t line = 0;  // 1-based line number in the CSV
    std::string message;
};

struct TradeFileResult {
    bool ok = false;               // false: fatal (cannot open, not a trade file, empty, stopped on error)
    std::string error;             // fatal error for people, naming the file
    TradeFileFormat format{};
    Exchange exchange = Exchange::Unknown;  // Unknown when a Tardis file names an exchange without an adapter
    std::string exchange_name;     // the file's own name for it (Tardis `exchange` column); empty for Binance files
    std::string symbol;
    Price tick;                    // given or inferred
    std::optional<TickEstimate> inferred_tick;  // how the tick was inferred; empty when given
    std::uint64_t lines = 0;       // lines read, header included
    std::uint64_t trades = 0;      // trades delivered
    std::uint64_t skipped = 0;     // bad lines skipped
    std::uint64_t out_of_order = 0;  // trades earlier than a trade before them in the file
    std::vector<TradeFileIssue> issues;  // the first kMaxTradeFileIssues bad lines (all are counted in skipped)
};

inline constexpr std::size_t kMaxTradeFileIssues = 100;

// "FILE:LINE: message", for people.
std::string describe_issue(const TradeFileIssue& issue);

// Streams every trade of a file (.csv, or .zip as Binance publishes them) in file order, in batches.
// The tick is inferred before the first batch is delivered (from the first up to 10,000 trades,
// buffered), so on_start gets the final tick before any trade; a given options.tick skips that.
// on_start is called once, before the first batch, and only when the file holds a trade.
// With stop_on_error, the trades before the bad line are delivered, then ok=false.
TradeFileResult read_trade_file(const std::string& path, const TradeFileOptions& options,
                                const std::function<void(const TradeFileResult& header)>& on_start,
                                const std::function<void(std::span<const Trade>)>& on_trades);

}  // namespace flowscope
