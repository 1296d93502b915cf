// Kraken spot websocket v2: wss://ws.kraken.com/v2,
//   {"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"],"snapshot":false}}
// Frames: {"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy",
// "price":105944.20,"qty":0.00027625,"ord_type":"limit","trade_id":10218208,
// "timestamp":"2023-10-06T17:35:55.440295Z"}]}. `side` is the taker's side. Price and qty are JSON
// numbers: they are read from the number's own text, never through a double (0.1 + 0.2 must stay
// exact). Kraken sends {"channel":"heartbeat"} every second when nothing else is sent; we also
// send {"method":"ping"} now and then, answered by {"method":"pong",..}.
// No snapshot: after a reconnect the 50 replayed trades would mix old trades into live ones.
// Prints that are not aggression: none documented. `ord_type` is the taker's order type (v2 trade
// channel: "limit" or "market"); a limit order that trades on arrival crossed the spread as surely
// as a market order, so both are Print::Aggression, and spot has no insurance-fund or ADL prints.
#include "net/adapters.hpp"
#include "net/json_frame.hpp"

#include <limits>

namespace flowscope {

namespace {

constexpr std::string_view kHost = "ws.kraken.com";
constexpr std::string_view kPort = "443";
constexpr std::string_view kTarget = "/v2";

using net_detail::malformed;
using net_detail::of_kind;

std::string read_trade(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return "trade is not an object";
    std::string_view symbol, side, timestamp;
    std::optional<std::string_view> price, qty;
    std::optional<std::uint64_t> trade_id;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
        simdjson::ondemand::value v = field.value();
        bool bad = false;
        if (key == "symbol") bad = bool(v.get_string().get(symbol));
        else if (key == "side") bad = bool(v.get_string().get(side));
        else if (key == "timestamp") bad = bool(v.get_string().get(timestamp));
        else if (key == "price") bad = !(price = net_detail::json_number_text(v));
        else if (key == "qty") bad = !(qty = net_detail::json_number_text(v));
        else if (key == "trade_id") {
            std::uint64_t id;
            bad = bool(v.get_uint64().get(id));
            if (!bad) trade_id = id;
        }
        if (bad) return "wrong type for \"" + std::string(key) + "\"";
    }
    const auto time_us = net_detail::parse_rfc3339_us(timestamp);
    if (!time_us) return "bad timestamp \"" + std::string(timestamp) + "\"";
    if (symbol.empty() || !Symbol::fits(symbol)) return "bad symbol";
    if (!trade_id) return "trade without trade_id";
    if (side != "buy" && side != "sell") return "bad side \"" + std::string(side) + "\"";
    if (!price || !qty) return "trade without price or qty";
    const auto price_units = net_detail::exact_number_units(*price);
    if (!price_units || *price_units <= 0 || *price_units > std::numeric_limits<std::int64_t>::max())
        return "bad price " + std::string(*price);
    const auto qty_units = net_detail::exact_number_units(*qty);
    if (!qty_units || *qty_units <= 0) return "bad qty " + std::string(*qty);
    Trade& t = out.emplace_back();
    t.exchange_time_us = *time_us;
    t.receive_time_us = receive_time_us;
    t.price = Price{static_cast<std::int64_t>(*price_units)};
    t.quantity = Quantity{*qty_units};
    t.id = TradeId::from_number(*trade_id);
    t.symbol = Symbol(symbol);
    t.exchange = Exchange::Kraken;
    t.aggressor = side == "buy" ? Side::Buy : Side::Sell;  // the taker's side
    return {};
}

class KrakenAdapter final : public ExchangeAdapter {
public:
    Exchange exchange() const override { return Exchange::Kraken; }
    Endpoint endpoint(std::span<const std::string>) const override {
        return {std::string(kHost), std::string(kPort), std::string(kTarget), true};
    }
    std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const override {
        std::string msg = R"({"method":"subscribe","params":{"channel":"trade","symbol":[)";
        for (std::size_t i = 0; i < symbols.size(); ++i) msg += (i ? ",\"" : "\"") + symbols[i] + '"';
        msg += R"(],"snapshot":false}})";
        return {msg};
    }
    std::string application_ping() const override { return R"({"method":"ping"})"; }
    int application_ping_interval_s() const override { return 30; }
    std::string normalize_symbol(std::string_view user_symbol) const override {
        return net_detail::upper_symbol(user_symbol, '/');
    }

    FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const override {
        return net_detail::whole_frame(out, [&] { return parse_json(frame, receive_time_us, out); });
    }

private:
    FrameResult parse_json(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const {
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (parser_.iterate(frame, doc) || doc.get_object().get(obj)) return malformed("not a JSON object");
        std::string_view channel, method, error;
        bool has_success = false, success = false, has_data = false;
        for (auto field_result : obj) {
            simdjson::ondemand::field field;
            std::string_view key;
            if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return malformed("broken JSON");
            simdjson::ondemand::value v = field.value();
            bool bad = false;
            if (key == "channel") bad = bool(v.get_string().get(channel));
            else if (key == "method") bad = bool(v.get_string().get(method));
            else if (key == "error") bad = bool(v.get_string().get(error));
            else if (key == "success") { has_success = true; bad = bool(v.get_bool().get(success)); }
            else if (key == "data") {
                simdjson::ondemand::array data;
                if ((!channel.empty() && channel != "trade") || v.get_array().get(data)) continue;  // not ours
                has_data = true;
                for (auto element : data) {
                    simdjson::ondemand::value trade;
                    if (std::move(element).get(trade)) return malformed("broken JSON in data");
                    if (std::string why = read_trade(trade, receive_time_us, out); !why.empty()) return malformed(why);
                }
            }
            if (bad) return malformed("wrong type for \"" + std::string(key) + "\"");
        }
        if (!net_detail::fully_consumed(doc)) return malformed("trailing data after the JSON object");
        if (!error.empty() || (has_success && !success))
            return net_detail::exchange_error((method.empty() ? "" : std::string(method) + ": ") +
                                              (error.empty() ? std::string("request failed") : std::string(error)));
        if (channel == "trade" && has_data) return of_kind(FrameKind::Trades);
        if (channel == "heartbeat" || method == "pong") return of_kind(FrameKind::Heartbeat);
        if (method == "subscribe" && success) return of_kind(FrameKind::Ack);
        return of_kind(FrameKind::Unknown);
    }

    mutable net_detail::JsonFrameParser parser_;
};

}  // namespace

std::unique_ptr<ExchangeAdapter> make_kraken_adapter() { return std::make_unique<KrakenAdapter>(); }

}  // namespace flowscope
