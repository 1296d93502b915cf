#pragma once
// Tardis.dev names exchanges its own way (the `exchange` column of its CSV); flowscope reads a
// file's trades as the exchange whose websocket frames they are.
#include <optional>
#include <string_view>

#include "model/exchange.hpp"

namespace flowscope {

// binance, binance-futures, bybit (derivatives), bybit-spot, okex (spot), okex-swap, okex-futures,
// coinbase, kraken, and flowscope's own names; nullopt for exchanges without an adapter (deribit, …).
std::optional<Exchange> exchange_from_tardis_name(std::string_view tardis_exchange);

}  // namespace flowscope
