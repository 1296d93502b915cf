#pragma once
// Public trade files carry no websocket frames. To record them like a live session (and replay
// them through the same parser), each trade is written as the frame its exchange's websocket sends
// for it, one trade per frame, in the shape the adapter in core/net parses:
//   Binance   `trade` events for trade-level files (Binance `trades`, Tardis), `aggTrade` events
//             for Binance `aggTrades` files (fields in the order each stream sends them)
//   Bybit     v5 `publicTrade.SYMBOL`        OKX       v5 `trades` channel
//   Coinbase  Advanced Trade `market_trades` Kraken    v2 `trade` channel (price, qty as JSON numbers)
// Fields the file does not have are left out rather than invented: aggTrade frames lack "f"/"l"
// (first/last trade id), Bybit frames "BT", OKX frames "count", Coinbase frames "sequence_num",
// Kraken frames "ord_type" (no adapter reads them). Decimals are printed exactly, prices padded
// to the symbol's precision as exchanges do. Times keep what the exchange's format can hold:
// Binance, Bybit and OKX send milliseconds (a finer time is cut to its millisecond, as the
// exchange itself would have stamped it); Coinbase and Kraken send ISO-8601 text, here with
// microseconds when the trade has them, milliseconds otherwise.
#include <cstdint>
#include <string>

#include "io/trade_file.hpp"
#include "model/result.hpp"
#include "model/trade.hpp"

namespace flowscope::record {

struct FrameStyle {
    Exchange exchange = Exchange::BinanceFutures;  // any exchange flowscope has an adapter for
    bool aggregated = false;                        // Binance: aggTrade instead of trade events
    int price_decimals = 2;                         // prices are padded to the symbol's precision
    int quantity_decimals = 3;                      // Binance pads sizes to the lot; 0: exact digits only
};

// The frame style of a file whose exchange has an adapter; a failure saying why otherwise.
Result<FrameStyle> frame_style_for(const TradeFileResult& file);

// Appends the frame style.exchange sends for the trade. Fails (appending nothing, saying why) when
// that frame cannot carry the trade exactly: no trade id (every exchange but Binance sends one), a
// Kraken id that is not a plain integer, a size that is not positive, a time outside the years
// 1970–9999 for ISO-8601 text. Binance frames never fail (see append_binance_frame).
Result<void> append_exchange_frame(std::string& out, const Trade& trade, const FrameStyle& style);

// Appends the Binance frame text (style.exchange BinanceFutures or BinanceSpot).
void append_binance_frame(std::string& out, const Trade& trade, const FrameStyle& style);

// The receive time is the trade's, or its exchange time when unknown.
inline std::int64_t synthesized_receive_time_us(const Trade& t) {
    return t.receive_time_us != 0 ? t.receive_time_us : t.exchange_time_us;
}

}  // namespace flowscope::record
