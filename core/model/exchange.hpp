#pragma once
// The venues flowscope knows. Names are the ones users type on the command line.
#include <cstdint>
#include <optional>
#include <string_view>

namespace flowscope {

enum class Exchange : std::uint8_t {
    Unknown,
    BinanceSpot,
    BinanceFutures,  // USD-M perpetuals and futures
    Bybit,           // v5, spot and linear
    Okx,
    Coinbase,
    Kraken,
};

std::string_view exchange_name(Exchange e);               // "binance-futures"
std::optional<Exchange> exchange_from_name(std::string_view name);  // accepts the names above

}  // namespace flowscope
