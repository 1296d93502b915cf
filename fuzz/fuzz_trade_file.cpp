// The trade-file readers on arbitrary bytes: zip or plain text, layout detection from the first
// line, every row parser (Binance aggTrades and trades, Tardis) and tick inference, through
// read_trade_file on a scratch file. Holds its counts to what it delivered: every trade it
// reports was handed over, after on_start, and a file it calls good names its layout and tick.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = fuzz::scratch_path("trades.csv");
    fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));

    for (const bool stop_on_error : {false, true}) {
        TradeFileOptions options;
        options.stop_on_error = stop_on_error;
        bool started = false;
        std::uint64_t delivered = 0;
        Price started_tick;
        const TradeFileResult r = read_trade_file(
            path, options,
            [&](const TradeFileResult& header) {
                fuzz::check(!started, "on_start called twice");
                started = true;
                started_tick = header.tick;
            },
            [&](std::span<const Trade> trades) {
                fuzz::check(started, "trades delivered before on_start");
                for (const Trade& t : trades)
                    fuzz::check(t.price.units > 0 && t.quantity.units >= 0, "a trade with a price <= 0 or a negative size");
                delivered += trades.size();
            });
        fuzz::check(r.trades == delivered, "the result counts " + std::to_string(r.trades) + " trades but " +
                                               std::to_string(delivered) + " were delivered");
        fuzz::check(started == (delivered > 0), "on_start called without a trade, or not before one");
        fuzz::check(r.issues.size() <= kMaxTradeFileIssues && r.issues.size() <= r.skipped,
                    "more issues listed than lines skipped");
        if (!r.ok) fuzz::check(!r.error.empty(), "a failed read without an error message");
        if (started) {
            fuzz::check(r.tick == started_tick, "the tick changed after on_start");
            fuzz::check(r.tick.units > 0, "a tick that is not positive");
        }
    }
    return 0;
}
