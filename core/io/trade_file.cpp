#include "io/trade_file.hpp"

#include "io/tardis_exchange.hpp"

#include <cstring>

#include "io/byte_source.hpp"
#include "io/csv_fields.hpp"
#include "io/tick_inference.hpp"
#include "io/trade_layout.hpp"

namespace flowscope {

namespace {

constexpr std::size_t kTickSampleTrades = 10'000;  // trades buffered to infer the tick
constexpr std::size_t kBatchTrades = 2'048;        // trades per on_trades call afterwards

std::string_view base_name(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Binance names its downloads SYMBOL-aggTrades-DATE.zip and SYMBOL-trades-DATE.zip.
std::string symbol_from_binance_name(std::string_view path) {
    const std::string_view name = base_name(path);
    for (std::string_view kind : {"-aggTrades-", "-trades-"}) {
        const std::size_t at = name.find(kind);
        if (at != std::string_view::npos && at > 0) return std::string(name.substr(0, at));
    }
    return "UNKNOWN";
}

// One pass over a file's lines: detects the layout on the first line, parses the rest, buffers
// trades until the tick is known, then hands them out in batches.
class TradeFileReader {
public:
    TradeFileReader(const std::string& path, const TradeFileOptions& options, TradeFileResult& result,
                    const std::function<void(const TradeFileResult&)>& on_start,
                    const std::function<void(std::span<const Trade>)>& on_trades)
        : path_(path), options_(options), result_(result), on_start_(on_start), on_trades_(on_trades) {
        pending_.reserve(options_.tick ? kBatchTrades : kTickSampleTrades);
    }

    // Returns false when reading must stop (fatal error).
    bool consume(std::string_view block) {
        const char* p = block.data();
        const char* const end = p + block.size();
        while (p < end) {
            const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            const char* line_end = newline != nullptr ? static_cast<const char*>(newline) : end;
            std::string_view line(p, static_cast<std::size_t>(line_end - p));
            p = newline != nullptr ? line_end + 1 : end;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!consume_line(line)) return false;
        }
        return true;
    }

    // Delivers what is buffered and settles ok/error.
    void finish() {
        if (!result_.error.empty()) return;
        if (!layout_) {
            result_.error = path_ + (result_.lines == 0 ? ": empty file, no trades"  // e.g. an empty zip entry
                                                        : ": no trades: the file holds only empty lines");
            return;
        }
        if (result_.trades == 0 && pending_.empty()) {
            result_.error = path_ + (result_.skipped == 0
                                         ? std::string(": header only, no trades")
                                         : ": no valid trade in " + std::to_string(result_.skipped) +
                                               " data lines (first: " + describe_issue(result_.issues.front()) + ")");
            return;
        }
        deliver_pending();
        result_.ok = true;
    }

private:
    bool consume_line(std::string_view line) {
        ++result_.lines;
        if (result_.lines == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 BOM
        if (line.empty()) return report("empty line");
        split_csv_line(line, fields_);
        if (!layout_) return detect(line);
        Trade& trade = pending_.emplace_back(template_);
        if (auto parsed = parse_trade_row(*layout_, fields_, trade); !parsed) {
            pending_.pop_back();
            return report(parsed.error());
        }
        if (result_.trades + pending_.size() == 1) adopt_first_row(trade);
        if (trade.exchange_time_us < latest_time_us_)
            ++result_.out_of_order;
        else
            latest_time_us_ = trade.exchange_time_us;
        if (pending_.size() >= (started_ ? kBatchTrades : pending_.capacity())) deliver_pending();
        return true;
    }

    bool detect(std::string_view line) {
        auto layout = detect_trade_layout(fields_);
        if (!layout) {
            result_.error = path_ + ":" + std::to_string(result_.lines) + ": not a trade file: " + layout.error() +
                            " (line: '" + std::string(line.substr(0, 80)) + "')";
            return false;
        }
        layout_ = *layout;
        result_.format = layout_->format;
        if (layout_->has_header) return true;
        --result_.lines;  // no header: the line is data, read it again as such
        return consume_line(line);
    }

    // Symbol and exchange come from the options, else from the first row (Tardis) or the file.
    void adopt_first_row(Trade& first) {
        // fields_ still holds this first row.
        const bool tardis = layout_->format == TradeFileFormat::Tardis;
        const auto col = [&](int i) { return i >= 0 ? fields_[static_cast<std::size_t>(i)] : std::string_view{}; };
        result_.symbol = options_.symbol;
        if (result_.symbol.empty()) result_.symbol = tardis ? std::string(col(layout_->symbol)) : symbol_from_binance_name(path_);
        if (result_.symbol.empty()) result_.symbol = "UNKNOWN";
        if (tardis) result_.exchange_name = std::string(col(layout_->exchange));
        result_.exchange = options_.exchange;
        if (result_.exchange == Exchange::Unknown) {
            if (tardis) {
                result_.exchange = exchange_from_tardis_name(col(layout_->exchange)).value_or(Exchange::Unknown);
            } else {
                // Spot files stamp µs since 2025 (16 digits); USD-M files stamp ms (13 digits).
                const bool micros = col(layout_->time).size() >= 15;
                const bool spot = layout_->has_best_match || micros || path_.find("/spot/") != std::string::npos;
                result_.exchange = spot ? Exchange::BinanceSpot : Exchange::BinanceFutures;
            }
        }
        template_.symbol.assign(result_.symbol);
        template_.exchange = result_.exchange;
        first.symbol = template_.symbol;
        first.exchange = template_.exchange;
    }

    bool report(const std::string& message) {
        ++result_.skipped;
        if (result_.issues.size() < kMaxTradeFileIssues) result_.issues.push_back({path_, result_.lines, message});
        if (!options_.stop_on_error) return true;
        result_.error = describe_issue({path_, result_.lines, message}) + " (stopped at the first bad line)";
        if (!pending_.empty()) deliver_pending();  // what came before the bad line is not lost
        return false;
    }

    void deliver_pending() {
        if (!started_) {
            started_ = true;
            if (options_.tick) {
                result_.tick = *options_.tick;
            } else {
                result_.inferred_tick = estimate_tick(pending_);
                result_.tick = result_.inferred_tick->tick;
            }
            if (on_start_) on_start_(result_);
        }
        result_.trades += pending_.size();
        if (on_trades_ && !pending_.empty()) on_trades_(pending_);
        pending_.clear();
    }

    const std::string& path_;
    const TradeFileOptions& options_;
    TradeFileResult& result_;
    const std::function<void(const TradeFileResult&)>& on_start_;
    const std::function<void(std::span<const Trade>)>& on_trades_;
    std::optional<TradeLayout> layout_;
    CsvFields fields_;
    Trade template_;  // symbol and exchange every trade of the file shares
    std::vector<Trade> pending_;
    std::int64_t latest_time_us_ = INT64_MIN;
    bool started_ = false;
};

}  // namespace

std::string describe_issue(const TradeFileIssue& issue) {
    return issue.file + ":" + std::to_string(issue.line) + ": " + issue.message;
}

TradeFileResult read_trade_file(const std::string& path, const TradeFileOptions& options,
                                const std::function<void(const TradeFileResult& header)>& on_start,
                                const std::function<void(std::span<const Trade>)>& on_trades) {
    TradeFileResult result;
    result.exchange = options.exchange;
    result.symbol = options.symbol;
    OpenedByteSource opened = open_byte_source(path);
    if (!opened.source) {
        result.error = opened.error;
        return result;
    }
    TradeFileReader reader(path, options, result, on_start, on_trades);
    std::string_view block;
    bool going = true;
    while (going && opened.source->next_block(block)) going = reader.consume(block);
    if (going && !opened.source->error().empty()) {
        result.error = opened.source->error();
        return result;
    }
    reader.finish();
    return result;
}

}  // namespace flowscope
