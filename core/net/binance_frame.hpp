#pragma once
// The frame format Binance spot and USD-M futures share: `trade` and `aggTrade` events, bare
// (/ws) or in the combined-stream wrapper {"stream":..,"data":{..}}, the {"result":null,"id":N}
// acknowledgement and both error shapes ({"code":..,"msg":..} and {"error":{..},"id":N}).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "net/adapters.hpp"
#include "net/json_frame.hpp"

namespace flowscope::net_detail {

// Canonical trade frames go through the single-pass scanner (binance_fast_scan.hpp), every other
// frame through parse_binance_frame_generic: the result is the same either way.
FrameResult parse_binance_frame(JsonFrameParser& parser, Exchange exchange, std::string_view frame,
                                std::int64_t receive_time_us, std::vector<Trade>& out);

// The simdjson On-Demand path for any frame; exposed so tests can hold the scanner to it.
FrameResult parse_binance_frame_generic(JsonFrameParser& parser, Exchange exchange, std::string_view frame,
                                        std::int64_t receive_time_us, std::vector<Trade>& out);

// {"method":"SUBSCRIBE","params":["btcusdt@aggTrade",...],"id":1}: Binance's documented live
// subscription (stream names are lower case).
std::string binance_subscribe_message(std::span<const std::string> symbols, BinanceStream stream);

}  // namespace flowscope::net_detail
