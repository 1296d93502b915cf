// Bybit v5 public recent trades. What the documentation says, read 2026-12
// (bybit-exchange.github.io/docs/v5/market/recent-trade, mirrored in rosssaunders/coincise
// docs/bybit/endpoints/public/get_v5_market_recent_trade.md; rate limits: /docs/v5/rate-limit):
//
// GET /v5/market/recent-trade — category (spot, linear, inverse, option; required), symbol
//   (required for spot/linear/inverse), limit: spot [1,60] default 60, others [1,1000] default
//   500. No cursor, no time or id parameter: only the latest trades; older ones come from the
//   daily archive (public.bybit.com). Answer {"retCode":0,"retMsg":"OK","result":{"category":..,
//   "list":[{"execId":..,"symbol":..,"price":..,"size":..,"side":"Buy","time":"1672052955758",
//   "isBlockTrade":false,"isRPITrade":true,"seq":..}]},"retExtInfo":{},"time":..}, newest first.
//   `side` is the taker's side; execId is the websocket's `i`. isBlockTrade marks a block trade
//   (websocket `BT`): Print::Block, as live; RPI trades are takers meeting Retail Price
//   Improvement quotes, aggression all the same.
// Limits: 600 requests per 5-second window per IP; past it Bybit answers 403 "access too
//   frequent" and the IP must wait at least 10 minutes. Errors: retCode ≠ 0 with retMsg.
#include "history/rest_venues.hpp"
#include "net/json_frame.hpp"

namespace flowscope::history::rest_detail {

namespace {

constexpr int kMaxLinearPage = 1000;
constexpr int kMaxSpotPage = 60;

Failure fail(std::string_view what) { return Failure{failure_text(Exchange::Bybit, what)}; }

std::string read_trade(simdjson::ondemand::value value, std::string_view symbol, std::int64_t receive_time_us,
                       std::vector<Trade>& out) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return "not an object";
    std::string_view exec_id, trade_symbol, price, size, side, time;
    bool block_trade = false;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
        simdjson::ondemand::value v = field.value();
        bool bad = false;
        if (key == "execId") bad = bool(v.get_string().get(exec_id));
        else if (key == "symbol") bad = bool(v.get_string().get(trade_symbol));
        else if (key == "price") bad = bool(v.get_string().get(price));
        else if (key == "size") bad = bool(v.get_string().get(size));
        else if (key == "side") bad = bool(v.get_string().get(side));
        else if (key == "time") bad = bool(v.get_string().get(time));
        else if (key == "isBlockTrade") bad = bool(v.get_bool().get(block_trade));
        if (bad) return "wrong type for \"" + std::string(key) + "\"";
    }
    if (trade_symbol != symbol) return "a trade of " + std::string(trade_symbol) + ", not " + std::string(symbol);
    const auto time_us = net_detail::parse_millis_text_us(time);
    if (!time_us) return "bad time \"" + std::string(time) + "\"";
    std::string why = net_detail::append_wire_trade({trade_symbol, exec_id, price, size, side, *time_us},
                                                    {"Buy", "Sell", "price", "size", true},  // side is the taker's side
                                                    Exchange::Bybit, receive_time_us != 0 ? receive_time_us : *time_us, out);
    if (why.empty() && block_trade) out.back().print = Print::Block;
    return why;
}

}  // namespace

RestLimits bybit_limits() {
    RestLimits l;
    l.base_url = "https://api.bybit.com";
    l.max_page_trades = kMaxLinearPage;  // spot: 60
    l.requests_per_second = 120;         // 600 per 5 s
    l.pages_by_id = false;
    l.pages_by_time = false;  // the latest page only
    l.newest_first = true;
    return l;
}

std::string bybit_trade_target(const TradePageQuery& query) {
    if (query.from_id || query.before_id || query.start_us || query.end_us || query.cursor) return {};
    const std::string category = query.category.empty() ? "linear" : query.category;
    if (category != "linear" && category != "spot") return {};
    const int most = category == "spot" ? kMaxSpotPage : kMaxLinearPage;
    return Target("/v5/market/recent-trade")
        .add("category", category)
        .add("symbol", query.symbol)
        .add("limit", static_cast<std::int64_t>(page_limit(query.limit, most)))
        .str();
}

Result<TradePage> parse_bybit_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us) {
    thread_local net_detail::JsonFrameParser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(body, doc) || doc.get_object().get(obj)) return fail("the answer is not a JSON object");
    std::int64_t ret_code = -1;
    std::string_view ret_msg;
    bool has_list = false;
    TradePage page;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return fail("broken JSON");
        simdjson::ondemand::value v = field.value();
        if (key == "retCode") {
            if (v.get_int64().get(ret_code)) return fail("wrong type for \"retCode\"");
        } else if (key == "retMsg") {
            if (v.get_string().get(ret_msg)) return fail("wrong type for \"retMsg\"");
        } else if (key == "result") {
            simdjson::ondemand::object result;
            if (v.get_object().get(result)) return fail("result is not an object");
            for (auto result_field : result) {
                simdjson::ondemand::field f;
                std::string_view k;
                if (std::move(result_field).get(f) || f.unescaped_key().get(k)) return fail("broken JSON in result");
                if (k != "list") continue;
                simdjson::ondemand::array list;
                if (f.value().get_array().get(list)) return fail("list is not an array");
                has_list = true;
                std::size_t index = 0;
                for (auto element : list) {
                    simdjson::ondemand::value trade;
                    if (std::move(element).get(trade)) return fail("broken JSON in list");
                    if (std::string why = read_trade(trade, symbol, receive_time_us, page.trades); !why.empty())
                        return fail("trade " + std::to_string(index) + ": " + why);
                    ++index;
                }
            }
        }
    }
    if (!net_detail::fully_consumed(doc)) return fail("trailing data after the JSON object");
    if (ret_code != 0) return fail("retCode " + std::to_string(ret_code) + ": " + std::string(ret_msg));
    if (!has_list) return fail("no result list in the answer");
    oldest_first(page.trades);
    return page;
}

}  // namespace flowscope::history::rest_detail
