#include "model/exchange.hpp"

#include <array>
#include <utility>

namespace flowscope {

namespace {
constexpr std::array<std::pair<Exchange, std::string_view>, 7> kNames{{
    {Exchange::Unknown, "unknown"},
    {Exchange::BinanceSpot, "binance"},
    {Exchange::BinanceFutures, "binance-futures"},
    {Exchange::Bybit, "bybit"},
    {Exchange::Okx, "okx"},
    {Exchange::Coinbase, "coinbase"},
    {Exchange::Kraken, "kraken"},
}};
}

std::string_view exchange_name(Exchange e) {
    for (auto [ex, name] : kNames)
        if (ex == e) return name;
    return "unknown";
}

std::optional<Exchange> exchange_from_name(std::string_view name) {
    if (name == "binance-spot") return Exchange::BinanceSpot;
    if (name == "binance-usdm" || name == "binance-um") return Exchange::BinanceFutures;
    for (auto [ex, n] : kNames)
        if (n == name && ex != Exchange::Unknown) return ex;
    return std::nullopt;
}

}  // namespace flowscope
