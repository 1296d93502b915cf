#pragma once
// A single-pass scanner for the Binance trade frames as Binance actually sends them: compact
// `aggTrade` / `trade` events, bare or inside {"stream":..,"data":{..}}. Replaying a recorded day
// is millions of these frames, and a general JSON parser spends most of its time on generality
// they never need.
//
// It only says yes when it is certain: plain ASCII, no whitespace, no escapes, known keys each at
// most once, every value of the exact type and range the simdjson path checks, nothing after the
// closing brace. Whatever it accepts, parse_binance_frame_generic turns into the identical Trade;
// everything else (acks, errors, other events, odd spellings, broken or truncated text) is left to
// that path untouched.
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/exchange.hpp"
#include "model/trade.hpp"

namespace flowscope::net_detail {

// Appends the frame's trade and returns true when the frame is a canonical Binance trade event;
// returns false and appends nothing otherwise.
bool append_canonical_binance_trade(Exchange exchange, std::string_view frame, std::int64_t receive_time_us,
                                    std::vector<Trade>& out);

}  // namespace flowscope::net_detail
