#pragma once
// What an alert says when it fires: which rule, on which trade(s), at what price and size, and one
// line of text for people (the CLI prints it, the app logs and notifies it).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

enum class AlertKind : std::uint8_t { LargeTrade, StackedImbalance, PriceLevel, CvdDivergence };

// "large", "stacked", "level", "divergence": the words the rules are written with.
std::string_view alert_kind_name(AlertKind kind);

// Which way price went: through a level, or to a new high (Up) or low (Down) for a divergence.
enum class AlertMove : std::uint8_t { None, Up, Down };

struct AlertEvent {
    AlertKind kind = AlertKind::LargeTrade;
    std::size_t rule = 0;            // index of the rule in the engine's list
    std::int64_t exchange_time_us = 0;  // the trade that fired it
    Price price;                     // that trade's price
    // large: the print's total so far; otherwise the trade's own size.
    Quantity size;
    // large, level, divergence: the trade's aggressor; stacked: the imbalanced side (Buy: asks).
    Side side = Side::Buy;
    AlertMove move = AlertMove::None;  // level and divergence
    // large: the print's lowest and highest price; stacked: the stack's lowest and highest level
    // (bucket lower edges); level: the level; divergence: the extreme price broke (previous high/low).
    Price low, high;
    std::vector<TradeId> trade_ids;  // large: the print's trades so far; otherwise the one trade
    std::string text;                // one line, without the time
};

// "trade 26000000", "trades 26000001–26000003" (consecutive numbers), "trades a, b, c".
std::string describe_trade_ids(std::span<const TradeId> ids);

}  // namespace flowscope
