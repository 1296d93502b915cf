// OKX v5 public trades: wss://ws.okx.com:8443/ws/v5/public,
//   {"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT"}]}
// Frames: {"arg":{"channel":"trades","instId":".."},"data":[{"instId":..,"tradeId":"..","px":"..",
// "sz":"..","side":"buy","ts":"1630048897897","count":"3"}]}. `side` is the taker's side. OKX
// closes a connection idle for 30 s: the client sends the text "ping" and OKX answers "pong".
// Prints that are not aggression: none on this channel. OKX publishes block trades and liquidation
// orders on channels of their own (public-block-trades, liquidation-orders; v5 WebSocket public
// channels), which this adapter does not read; the `trades` channel's `source` ("0" a normal
// order, "1" an Enhanced Liquidity Program order) only says which kind of order was the maker,
// and the taker in `side` still crossed the spread. Every trade here is Print::Aggression.
#include "net/adapters.hpp"
#include "net/json_frame.hpp"

namespace flowscope {

namespace {

constexpr std::string_view kHost = "ws.okx.com";
constexpr std::string_view kPort = "8443";
constexpr std::string_view kTarget = "/ws/v5/public";

using net_detail::malformed;
using net_detail::of_kind;


class OkxAdapter final : public ExchangeAdapter {
public:
    Exchange exchange() const override { return Exchange::Okx; }
    Endpoint endpoint(std::span<const std::string>) const override {
        return {std::string(kHost), std::string(kPort), std::string(kTarget), true};
    }
    std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const override {
        std::string msg = R"({"op":"subscribe","args":[)";
        for (std::size_t i = 0; i < symbols.size(); ++i) {
            if (i) msg += ',';
            msg += R"({"channel":"trades","instId":")" + symbols[i] + "\"}";
        }
        msg += "]}";
        return {msg};
    }
    std::string application_ping() const override { return "ping"; }
    int application_ping_interval_s() const override { return 20; }  // OKX drops after 30 s of silence
    std::string normalize_symbol(std::string_view user_symbol) const override {
        return net_detail::upper_symbol(user_symbol, '-');
    }

    FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const override {
        if (frame == "pong") return of_kind(FrameKind::Heartbeat);
        return net_detail::whole_frame(out, [&] { return parse_json(frame, receive_time_us, out); });
    }

private:
    FrameResult parse_json(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const {
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (parser_.iterate(frame, doc) || doc.get_object().get(obj)) return malformed("not a JSON object");
        std::string_view event, code, msg, channel;
        bool has_data = false;
        for (auto field_result : obj) {
            simdjson::ondemand::field field;
            std::string_view key;
            if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return malformed("broken JSON");
            simdjson::ondemand::value v = field.value();
            bool bad = false;
            if (key == "event") bad = bool(v.get_string().get(event));
            else if (key == "code") bad = bool(v.get_string().get(code));
            else if (key == "msg") bad = bool(v.get_string().get(msg));
            else if (key == "arg") {
                simdjson::ondemand::object arg;
                if (v.get_object().get(arg)) return malformed("arg is not an object");
                for (auto arg_field : arg) {
                    simdjson::ondemand::field f;
                    std::string_view k;
                    if (std::move(arg_field).get(f) || f.unescaped_key().get(k)) return malformed("broken JSON in arg");
                    if (k == "channel" && f.value().get_string().get(channel)) return malformed("bad channel");
                }
            } else if (key == "data") {
                simdjson::ondemand::array data;
                if ((!channel.empty() && channel != "trades") || v.get_array().get(data)) continue;  // not ours
                has_data = true;
                for (auto element : data) {
                    simdjson::ondemand::value trade;
                    if (std::move(element).get(trade)) return malformed("broken JSON in data");
                    if (std::string why = net_detail::read_okx_trade(trade, receive_time_us, out); !why.empty()) return malformed(why);
                }
            }
            if (bad) return malformed("wrong type for \"" + std::string(key) + "\"");
        }
        if (!net_detail::fully_consumed(doc)) return malformed("trailing data after the JSON object");
        if (event == "error") return net_detail::exchange_error("code " + std::string(code) + ": " + std::string(msg));
        // A notice announces a disconnection (service upgrade): the user should see it.
        if (event == "notice") return net_detail::exchange_error("notice " + std::string(code) + ": " + std::string(msg));
        if (event == "subscribe") return of_kind(FrameKind::Ack);
        if (has_data && channel == "trades") return of_kind(FrameKind::Trades);
        return of_kind(FrameKind::Unknown);
    }

    mutable net_detail::JsonFrameParser parser_;
};

}  // namespace

std::unique_ptr<ExchangeAdapter> make_okx_adapter() { return std::make_unique<OkxAdapter>(); }

namespace net_detail {

std::string read_okx_trade(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return "trade is not an object";
    std::string_view inst_id, trade_id, px, sz, side, ts;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
        simdjson::ondemand::value v = field.value();
        bool bad = false;
        if (key == "instId") bad = bool(v.get_string().get(inst_id));
        else if (key == "tradeId") bad = bool(v.get_string().get(trade_id));
        else if (key == "px") bad = bool(v.get_string().get(px));
        else if (key == "sz") bad = bool(v.get_string().get(sz));
        else if (key == "side") bad = bool(v.get_string().get(side));
        else if (key == "ts") bad = bool(v.get_string().get(ts));
        if (bad) return "wrong type for \"" + std::string(key) + "\"";
    }
    const auto time_us = net_detail::parse_millis_text_us(ts);
    if (!time_us) return "bad ts \"" + std::string(ts) + "\"";
    return net_detail::append_wire_trade({inst_id, trade_id, px, sz, side, *time_us},
                                         {"buy", "sell", "px", "sz", true},  // side is the taker's side
                                         Exchange::Okx, receive_time_us, out);
}

}  // namespace net_detail

}  // namespace flowscope
