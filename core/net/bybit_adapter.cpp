// Bybit v5 public trades, spot and linear (USDT perpetuals):
//   wss://stream.bybit.com/v5/public/{spot|linear}, {"op":"subscribe","args":["publicTrade.BTCUSDT"]}
// Frames: {"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":..,"data":[{"T":..,"s":..,"S":"Buy",
// "v":"0.001","p":"16578.50","i":"..","BT":false}]}. `S` is the taker's side. Bybit wants an
// application ping {"op":"ping"} every 20 s; it answers with a pong frame.
// Prints that are not aggression: `BT` true ("Block trade or not", v5 Public Trade) marks a block
// trade, negotiated off the book, so its `S` says nothing about who hit the market: Print::Block.
// `RPI` trades are takers meeting Retail Price Improvement quotes, still aggression.
#include "net/adapters.hpp"
#include "net/json_frame.hpp"

namespace flowscope {

namespace {

constexpr std::string_view kHost = "stream.bybit.com";
constexpr std::string_view kPort = "443";
constexpr std::size_t kMaxArgsPerSubscribe = 10;  // spot accepts at most 10 args per request
constexpr std::int64_t kMaxMillis = 99'999'999'999'999;

using net_detail::malformed;
using net_detail::of_kind;

// Real v5 topics are publicTrade.<symbol>; nautilus_trader's fixture spells it trade.<category>.<symbol>.
bool is_trade_topic(std::string_view topic) { return topic.starts_with("publicTrade.") || topic.starts_with("trade."); }

// Reads one element of `data` into out; an error message when it is not a valid trade.
std::string read_trade(simdjson::ondemand::value value, std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return "trade is not an object";
    std::string_view symbol, side, size, price, id;
    std::int64_t time_ms = -1;
    bool block_trade = false;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
        simdjson::ondemand::value v = field.value();
        bool bad = false;
        if (key == "T") bad = bool(v.get_int64().get(time_ms));
        else if (key == "s") bad = bool(v.get_string().get(symbol));
        else if (key == "S") bad = bool(v.get_string().get(side));
        else if (key == "v") bad = bool(v.get_string().get(size));
        else if (key == "p") bad = bool(v.get_string().get(price));
        else if (key == "i") bad = bool(v.get_string().get(id));
        else if (key == "BT") bad = bool(v.get_bool().get(block_trade));
        if (bad) return "wrong type for \"" + std::string(key) + "\"";
    }
    if (time_ms < 0 || time_ms > kMaxMillis) return "trade without a valid time T";
    std::string why = net_detail::append_wire_trade({symbol, id, price, size, side, time_ms * 1000},
                                                    {"Buy", "Sell", "p", "v", true},  // S is the taker's side
                                                    Exchange::Bybit, receive_time_us, out);
    if (why.empty() && block_trade) out.back().print = Print::Block;
    return why;
}

class BybitAdapter final : public ExchangeAdapter {
public:
    explicit BybitAdapter(BybitCategory category) : category_(category) {}

    Exchange exchange() const override { return Exchange::Bybit; }
    Endpoint endpoint(std::span<const std::string>) const override {
        return {std::string(kHost), std::string(kPort),
                category_ == BybitCategory::Spot ? "/v5/public/spot" : "/v5/public/linear", true};
    }
    std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const override {
        std::vector<std::string> messages;
        for (std::size_t first = 0; first < symbols.size(); first += kMaxArgsPerSubscribe) {
            std::string msg = R"({"op":"subscribe","args":[)";
            for (std::size_t i = first; i < std::min(symbols.size(), first + kMaxArgsPerSubscribe); ++i) {
                if (i != first) msg += ',';
                msg += "\"publicTrade." + symbols[i] + '"';
            }
            msg += "]}";
            messages.push_back(std::move(msg));
        }
        return messages;
    }
    std::string application_ping() const override { return R"({"op":"ping"})"; }
    int application_ping_interval_s() const override { return 20; }
    std::string normalize_symbol(std::string_view user_symbol) const override {
        return net_detail::upper_symbol(user_symbol, '\0');
    }

    FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const override {
        return net_detail::whole_frame(out, [&] { return parse_frame(frame, receive_time_us, out); });
    }

private:
    FrameResult parse_frame(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const {
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (parser_.iterate(frame, doc) || doc.get_object().get(obj)) return malformed("not a JSON object");
        std::string_view topic, op, ret_msg;
        bool has_success = false, success = false, has_data = false;
        for (auto field_result : obj) {
            simdjson::ondemand::field field;
            std::string_view key;
            if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return malformed("broken JSON");
            simdjson::ondemand::value v = field.value();
            bool bad = false;
            if (key == "topic") bad = bool(v.get_string().get(topic));
            else if (key == "op") bad = bool(v.get_string().get(op));
            else if (key == "ret_msg") bad = bool(v.get_string().get(ret_msg));
            else if (key == "success") { has_success = true; bad = bool(v.get_bool().get(success)); }
            else if (key == "data") {
                simdjson::ondemand::array data;
                // Other topics (tickers, orderbook, liquidations) are not ours, not broken.
                if ((!topic.empty() && !is_trade_topic(topic)) || v.get_array().get(data)) continue;
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
        if (has_data && is_trade_topic(topic)) return of_kind(FrameKind::Trades);
        if (has_success && !success)
            return net_detail::exchange_error((op.empty() ? "" : std::string(op) + ": ") + std::string(ret_msg));
        if (op == "ping" || op == "pong") return of_kind(FrameKind::Heartbeat);
        if (op == "subscribe" && success) return of_kind(FrameKind::Ack);
        return of_kind(FrameKind::Unknown);
    }

    BybitCategory category_;
    mutable net_detail::JsonFrameParser parser_;
};

}  // namespace

std::unique_ptr<ExchangeAdapter> make_bybit_adapter(BybitCategory category) {
    return std::make_unique<BybitAdapter>(category);
}

}  // namespace flowscope
