#pragma once
// Which Binance prints are aggression. USD-M `trade` events carry `X`, the kind of order that
// printed: "MARKET" for an order that met the book, "INSURANCE_FUND" when the insurance fund takes
// over a liquidation, "ADL" for auto-deleveraging, "NA" otherwise (Binance's USD-M websocket and
// public-data trade fields). Only "MARKET" says who crossed the spread; anything else, including a
// value Binance may add later, is kept apart rather than guessed. Spot `trade` events and every
// `aggTrade` carry no `X`: Binance aggregates market trades only ("the insurance fund trades and
// ADL trades won't be aggregated", USD-M Aggregate Trade Streams), so those are all aggression.
// The live scanner, the simdjson path and the replay's template decoder all ask this one function.
#include <string_view>

#include "model/trade.hpp"

namespace flowscope {

inline constexpr Print binance_print(std::string_view order_type) {
    if (order_type == "MARKET") return Print::Aggression;
    if (order_type == "INSURANCE_FUND") return Print::InsuranceFund;
    if (order_type == "ADL") return Print::Deleveraging;
    return Print::Unmarked;
}

}  // namespace flowscope
