// What exchanges answer over REST, on arbitrary bytes: each exchange's trade page, Binance
// klines, an archive's .CHECKSUM and the recording's control frames. The first byte picks the
// parser. Besides the sanitizers: a page that parses holds trades of the asked symbol, oldest
// first, each with a positive size; klines have buy volume within volume.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "history/daily_archive.hpp"
#include "history/rest_trades.hpp"
#include "record/control_frame.hpp"

using namespace flowscope;

namespace {

struct Venue {
    Exchange exchange;
    const char* symbol;
};
constexpr Venue kVenues[] = {{Exchange::BinanceFutures, "BTCUSDT"}, {Exchange::BinanceSpot, "BTCUSDT"},
                             {Exchange::Okx, "BTC-USDT-SWAP"},       {Exchange::Bybit, "BTCUSDT"},
                             {Exchange::Coinbase, "BTC-USD"},       {Exchange::Kraken, "BTC/USD"}};
constexpr std::size_t kVenueCount = sizeof(kVenues) / sizeof(kVenues[0]);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t pick = data[0];
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t kind = pick / kVenueCount % 4;
    const Venue& venue = kVenues[pick % kVenueCount];
    switch (kind) {
        case 0: {
            auto page = history::parse_trade_page(venue.exchange, venue.symbol, body);
            if (!page) break;
            for (std::size_t i = 0; i < page->trades.size(); ++i) {
                const Trade& t = page->trades[i];
                fuzz::check(t.quantity.units > 0, "a page trade without a positive size: " + fuzz::describe(t));
                if (i > 0)
                    fuzz::check(page->trades[i - 1].exchange_time_us <= t.exchange_time_us,
                                "a page not oldest first: " + fuzz::describe(t));
            }
            break;
        }
        case 1: {
            if (!history::has_taker_klines(venue.exchange)) break;
            auto klines = history::parse_klines(venue.exchange, body, 60'000'000);
            if (!klines) break;
            for (const history::Kline& k : *klines)
                fuzz::check(k.buy_volume.units >= 0 && k.buy_volume.units <= k.volume.units, "kline buy volume outside its volume");
            break;
        }
        case 2: (void)history::parse_checksum_file(body); break;
        case 3: {
            if (record::is_control_frame(body)) (void)record::parse_control_frame(body);
            break;
        }
    }
    return 0;
}
