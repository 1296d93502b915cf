// Coinbase Advanced Trade market data, no key: wss://advanced-trade-ws.coinbase.com,
//   {"type":"subscribe","product_ids":["BTC-USD"],"channel":"market_trades"}
// plus the heartbeats channel, because Coinbase closes channels that send nothing for 60-90 s.
// Frames: {"channel":"market_trades","timestamp":..,"sequence_num":5,"events":[{"type":"update",
// "trades":[{"trade_id":"..","product_id":"BTC-USD","price":"..","size":"..","side":"BUY",
// "time":"2026-04-07T14:30:02.789012Z"}]}]}; the first event after subscribing is a snapshot of
// recent trades, which are trades all the same.
//
// Which side is `side`? The MAKER's: the aggressor is the other side. Advanced Trade's published
// schema calls it the taker side, but a recorded production stream with the order book beside the
// trades (tests/data/ws/coinbase/, 2026-09-30, BTC-USD and ETH-USD) settles it: replaying the book,
// 106 of 107 trades printed at the resting order on the side opposite to `side`, none on the same
// side, one inside the spread. The old Exchange feed's `match` documents `side` as the maker's too.
// test_net_coinbase_book holds this adapter to that book.
//
// Prints that are not aggression: none documented. market_trades carries trade_id, product_id,
// price, size, side and time only (Advanced Trade WebSocket channels, market_trades), and Coinbase
// spot has no insurance fund, deleveraging or block prints on it: every trade is Print::Aggression.
#include "net/adapters.hpp"
#include "net/json_frame.hpp"

namespace flowscope {

namespace {

constexpr std::string_view kHost = "advanced-trade-ws.coinbase.com";
constexpr std::string_view kPort = "443";
constexpr std::string_view kTarget = "/";

using net_detail::malformed;
using net_detail::of_kind;


// events: [{"type":..,"trades":[..]}, ..]
std::string read_events(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::array events;
    if (value.get_array().get(events)) return "events is not an array";
    for (auto event_result : events) {
        simdjson::ondemand::object event;
        if (event_result.get_object().get(event)) return "event is not an object";
        for (auto field_result : event) {
            simdjson::ondemand::field field;
            std::string_view key;
            if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
            if (key != "trades") continue;
            simdjson::ondemand::array trades;
            if (field.value().get_array().get(trades)) return "trades is not an array";
            for (auto element : trades) {
                simdjson::ondemand::value trade;
                if (std::move(element).get(trade)) return "broken JSON in trades";
                if (std::string why = net_detail::read_coinbase_trade(trade, receive_time_us, out); !why.empty()) return why;
            }
        }
    }
    return {};
}

class CoinbaseAdapter final : public ExchangeAdapter {
public:
    Exchange exchange() const override { return Exchange::Coinbase; }
    Endpoint endpoint(std::span<const std::string>) const override {
        return {std::string(kHost), std::string(kPort), std::string(kTarget), true};
    }
    std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const override {
        std::string products = "[";
        for (std::size_t i = 0; i < symbols.size(); ++i) products += (i ? ",\"" : "\"") + symbols[i] + '"';
        products += ']';
        return {R"({"type":"subscribe","product_ids":)" + products + R"(,"channel":"market_trades"})",
                R"({"type":"subscribe","product_ids":)" + products + R"(,"channel":"heartbeats"})"};
    }
    std::string normalize_symbol(std::string_view user_symbol) const override {
        return net_detail::upper_symbol(user_symbol, '-');
    }

    FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const override {
        return net_detail::whole_frame(out, [&] { return parse_json(frame, receive_time_us, out); });
    }

private:
    FrameResult parse_json(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const {
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (parser_.iterate(frame, doc) || doc.get_object().get(obj)) return malformed("not a JSON object");
        std::string_view channel, type, message;
        bool has_events = false;
        for (auto field_result : obj) {
            simdjson::ondemand::field field;
            std::string_view key;
            if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return malformed("broken JSON");
            simdjson::ondemand::value v = field.value();
            bool bad = false;
            if (key == "channel") bad = bool(v.get_string().get(channel));
            else if (key == "type") bad = bool(v.get_string().get(type));
            else if (key == "message") bad = bool(v.get_string().get(message));
            else if (key == "events" && (channel.empty() || channel == "market_trades")) {
                has_events = true;
                if (std::string why = read_events(v, receive_time_us, out); !why.empty()) return malformed(why);
            }
            if (bad) return malformed("wrong type for \"" + std::string(key) + "\"");
        }
        if (!net_detail::fully_consumed(doc)) return malformed("trailing data after the JSON object");
        if (type == "error") return net_detail::exchange_error(std::string(message));
        if (channel == "market_trades" && has_events) return of_kind(FrameKind::Trades);
        if (channel == "subscriptions") return of_kind(FrameKind::Ack);
        if (channel == "heartbeats") return of_kind(FrameKind::Heartbeat);
        return of_kind(FrameKind::Unknown);
    }

    mutable net_detail::JsonFrameParser parser_;
};

}  // namespace

std::unique_ptr<ExchangeAdapter> make_coinbase_adapter() { return std::make_unique<CoinbaseAdapter>(); }

namespace net_detail {

std::string read_coinbase_trade(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return "trade is not an object";
    std::string_view trade_id, product_id, price, size, side, time;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
        simdjson::ondemand::value v = field.value();
        bool bad = false;
        if (key == "trade_id") bad = bool(v.get_string().get(trade_id));
        else if (key == "product_id") bad = bool(v.get_string().get(product_id));
        else if (key == "price") bad = bool(v.get_string().get(price));
        else if (key == "size") bad = bool(v.get_string().get(size));
        else if (key == "side") bad = bool(v.get_string().get(side));
        else if (key == "time") bad = bool(v.get_string().get(time));
        if (bad) return "wrong type for \"" + std::string(key) + "\"";
    }
    const auto time_us = net_detail::parse_rfc3339_us(time);
    if (!time_us) return "bad time \"" + std::string(time) + "\"";
    return net_detail::append_wire_trade({product_id, trade_id, price, size, side, *time_us},
                                         {"BUY", "SELL", "price", "size", kCoinbaseSideIsTaker},
                                         Exchange::Coinbase, receive_time_us, out);
}

}  // namespace net_detail

}  // namespace flowscope
