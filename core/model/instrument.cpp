#include "model/instrument.hpp"

#include <array>

namespace flowscope {

namespace {
struct Row {
    Exchange exchange;
    std::string_view symbol;
    std::string_view tick;
    std::string_view lot;
};
// Current exchange values (public metadata endpoints); historical files may use finer ticks,
// which the file readers infer from the data itself.
constexpr std::array<Row, 14> kRows{{
    {Exchange::BinanceFutures, "BTCUSDT", "0.1", "0.001"},
    {Exchange::BinanceFutures, "ETHUSDT", "0.01", "0.001"},
    {Exchange::BinanceFutures, "SOLUSDT", "0.01", "1"},
    {Exchange::BinanceSpot, "BTCUSDT", "0.01", "0.00001"},
    {Exchange::BinanceSpot, "ETHUSDT", "0.01", "0.0001"},
    {Exchange::Bybit, "BTCUSDT", "0.1", "0.001"},
    {Exchange::Bybit, "ETHUSDT", "0.01", "0.01"},
    {Exchange::Okx, "BTC-USDT", "0.1", "0.00000001"},
    {Exchange::Okx, "BTC-USDT-SWAP", "0.1", "0.01"},
    {Exchange::Okx, "ETH-USDT", "0.01", "0.000001"},
    {Exchange::Coinbase, "BTC-USD", "0.01", "0.00000001"},
    {Exchange::Coinbase, "ETH-USD", "0.01", "0.00000001"},
    {Exchange::Kraken, "BTC/USD", "0.1", "0.00000001"},
    {Exchange::Kraken, "ETH/USD", "0.01", "0.00000001"},
}};
}  // namespace

std::optional<Instrument> builtin_instrument(Exchange exchange, std::string_view symbol) {
    for (const Row& r : kRows) {
        if (r.exchange != exchange || r.symbol != symbol) continue;
        Instrument in;
        in.exchange = exchange;
        in.symbol = std::string(symbol);
        in.tick_size = *parse_price(r.tick);
        in.lot_size = *parse_quantity(r.lot);
        return in;
    }
    return std::nullopt;
}

}  // namespace flowscope
