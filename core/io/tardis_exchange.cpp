#include "io/tardis_exchange.hpp"

namespace flowscope {

std::optional<Exchange> exchange_from_tardis_name(std::string_view name) {
    if (name == "bybit-spot") return Exchange::Bybit;
    if (name == "okex" || name == "okex-swap" || name == "okex-futures") return Exchange::Okx;
    if (auto own = exchange_from_name(name); own && *own != Exchange::Unknown) return own;  // binance, bybit, coinbase, kraken…
    return std::nullopt;
}

}  // namespace flowscope
