#pragma once
// What a symbol trades: its base asset (what the size counts) and its quote currency (what the
// price counts), read from the exchange's own spelling. A group needs both: one base for all its
// feeds, and no silent mix of quotes.
#include <optional>
#include <string>
#include <string_view>

#include "model/exchange.hpp"

namespace flowscope {

enum class SizeUnit : unsigned char {
    Base,             // sizes are base asset (spot, Binance/Bybit linear)
    Contracts,        // sizes are contracts of a fixed base amount (OKX -SWAP and dated USDT/USDC futures)
    InverseContracts  // sizes are contracts of a fixed quote amount (OKX BTC-USD-SWAP): not base asset at any fixed rate
};

struct MarketAssets {
    std::string base;   // "BTC" (Kraken's XBT read as BTC)
    std::string quote;  // "USDT", "USD", "USDC"
    SizeUnit size_unit = SizeUnit::Base;
};

// Empty when the spelling says neither (e.g. "UNKNOWN", a file without a symbol).
// Binance and Bybit glue the two ("BTCUSDT"): the quote is the longest known quote suffix.
std::optional<MarketAssets> market_assets(Exchange exchange, std::string_view symbol);

}  // namespace flowscope
