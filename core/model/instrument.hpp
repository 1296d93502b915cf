#pragma once
// What we need to know about a tradable symbol to bucket its prices sensibly.
#include <optional>
#include <string>

#include "model/decimal.hpp"
#include "model/exchange.hpp"

namespace flowscope {

struct Instrument {
    Exchange exchange = Exchange::Unknown;
    std::string symbol;          // the exchange's own spelling: BTCUSDT, BTC-USDT-SWAP, BTC/USD
    Price tick_size{1'000'000};  // minimum price increment (default 0.01)
    Quantity lot_size{1};        // minimum size increment
    Quantity contract_multiplier{kDecimalScale};  // 1 for spot and linear USDT contracts
};

// Small built-in table for the main symbols, used when exchange metadata is not reachable.
std::optional<Instrument> builtin_instrument(Exchange exchange, std::string_view symbol);

}  // namespace flowscope
