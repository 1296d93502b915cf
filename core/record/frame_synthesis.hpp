#pragma once
// Public trade files carry no websocket frames. To record them like a live session (and replay
// them through the same parser), each trade is written as the frame Binance's websocket sends
// for it: `trade` events for trade-level files (Binance `trades`, Tardis), `aggTrade` events for
// Binance `aggTrades` files. Fields the file does not have are left out rather than invented:
// aggTrade frames lack "f"/"l" (first/last trade id), which flowscope's Trade does not carry.
#include <cstdint>
#include <string>

#include "io/trade_file.hpp"
#include "model/trade.hpp"

namespace flowscope::record {

struct FrameStyle {
    Exchange exchange = Exchange::BinanceFutures;  // BinanceFutures or BinanceSpot
    bool aggregated = false;                        // aggTrade instead of trade events
    int price_decimals = 2;                         // Binance pads prices to the symbol's precision
    int quantity_decimals = 3;
};

// The frame style of a file Binance-style frames can be made for; false (with why) otherwise.
bool frame_style_for(const TradeFileResult& file, FrameStyle& style, std::string& why);

// Appends the frame text; the receive time is the trade's, or its exchange time when unknown.
void append_binance_frame(std::string& out, const Trade& trade, const FrameStyle& style);
inline std::int64_t synthesized_receive_time_us(const Trade& t) {
    return t.receive_time_us != 0 ? t.receive_time_us : t.exchange_time_us;
}

}  // namespace flowscope::record
