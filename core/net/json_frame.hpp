#pragma once
// Shared plumbing for the adapters' frame parsers: simdjson On-Demand over a padded copy of the
// frame, exact decimals from JSON numbers' own text, RFC 3339 times, and FrameResult helpers.
// Internal to the engine: core/net's adapters and core/history's REST parsers, so that a trade
// reads the same by websocket and by REST.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "model/decimal.hpp"
#include "model/trade.hpp"
#include "net/exchange_adapter.hpp"

namespace flowscope::net_detail {

// One parser and one padded buffer, reused for every frame (no allocation once warm). An
// adapter owns one, so one adapter must not parse on two threads at once.
class JsonFrameParser {
public:
    simdjson::error_code iterate(std::string_view frame, simdjson::ondemand::document& doc);

private:
    simdjson::ondemand::parser parser_;
    std::string buffer_;
};

// True when nothing but whitespace follows the top-level value just iterated.
bool fully_consumed(simdjson::ondemand::document& doc);

// The text of a JSON number value ("105944.20"), checked to be a number, without the trailing
// whitespace simdjson's raw token may carry. Never goes through a double.
std::optional<std::string_view> json_number_text(simdjson::ondemand::value value);

// parse_decimal_units for text from the wire, refusing more than 20 integer digits up front: no
// real price or size is that large, and model/decimal.cpp overflows (UB) on ~30+ digit integers.
std::optional<int128> wire_decimal_units(std::string_view text);
std::optional<Price> wire_price(std::string_view text);
std::optional<Quantity> wire_quantity(std::string_view text);

// Exact 1e-8 units of a JSON number's text, exponent form included ("1.2e-05", "5E+3");
// nullopt when it needs more than 8 decimals or is too large.
std::optional<int128> exact_number_units(std::string_view json_number);

// "2023-10-06T17:35:55.440295Z" (or with an offset, or nanoseconds) → µs since the epoch, UTC.
std::optional<std::int64_t> parse_rfc3339_us(std::string_view text);

// "1630048897897" (OKX puts millisecond times in strings) → µs.
std::optional<std::int64_t> parse_millis_text_us(std::string_view text);

// One trade's fields as an exchange sends them (decimal strings). Field names are the wire's own,
// so that a message about a bad trade points at the field a person can find in the frame.
struct WireTrade {
    std::string_view symbol, id, price, size, side;
    std::int64_t time_us = 0;
};
struct WireTradeSpelling {
    std::string_view buy, sell;                   // the side words meaning a buying/selling taker
    std::string_view price_field, size_field;     // "px", "sz" on OKX …
    bool side_is_taker = true;                    // false: `side` is the maker's, the aggressor is the other
};
// Checks every field and appends the trade; returns what is wrong (and appends nothing) otherwise.
std::string append_wire_trade(const WireTrade& wire, const WireTradeSpelling& spelling, Exchange exchange,
                              std::int64_t receive_time_us, std::vector<Trade>& out);

// One trade object as OKX (`trades` channel, REST `history-trades`) and Coinbase (`market_trades`
// channel, REST ticker `trades`) spell it, in the websocket and in REST pages alike: the adapter
// and the REST history read trades one way (okx_adapter.cpp, coinbase_adapter.cpp).
std::string read_okx_trade(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out);
std::string read_coinbase_trade(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out);

// Runs a frame parser and keeps its trades only when the whole frame was trades: a frame that
// turns out malformed half-way never leaves a partial set of trades behind.
template <typename Parse>
FrameResult whole_frame(std::vector<Trade>& out, Parse&& parse) {
    const std::size_t first_new = out.size();
    FrameResult result = parse();
    if (result.kind != FrameKind::Trades) out.resize(first_new);
    return result;
}

inline FrameResult malformed(std::string why) { return {FrameKind::Malformed, std::move(why)}; }
inline FrameResult exchange_error(std::string message) { return {FrameKind::Error, std::move(message)}; }
inline FrameResult of_kind(FrameKind kind) { return {kind, {}}; }

// A string field's value, or nullopt when it is not a string.
std::optional<std::string_view> string_value(simdjson::ondemand::value value);

// Upper-cased copy of a user symbol whose separators ('/', '-', '_') become separator
// ('\0' drops them): upper_symbol("btc/usdt", '-') == "BTC-USDT".
std::string upper_symbol(std::string_view user_symbol, char separator);

}  // namespace flowscope::net_detail
