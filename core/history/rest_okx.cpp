// OKX v5 public trade history. What the documentation says, read 2026-12 (www.okx.com/docs-v5/en/
// #order-book-trading-market-data-get-trades-history, mirrored in rosssaunders/coincise
// docs/okx/endpoints/private/get_api_v5_market_history_trades.md):
//
// GET /api/v5/market/history-trades — "the recent transactions of an instrument from the last
//   3 months with pagination". Rate limit 20 requests per 2 seconds, per IP.
//   instId; type "1" paging by tradeId (the default) or "2" by timestamp; after: records
//   earlier than the tradeId (or ts); before: records newer than the tradeId ("the latest data
//   will be returned when using before individually", so `before` cannot walk forward: we walk
//   back with `after`); limit: max and default 100. Newest first.
//   Answer {"code":"0","msg":"","data":[{"instId":"BTC-USDT","side":"sell","sz":"0.00001",
//   "px":"29963.2","source":"0","tradeId":"242720720","ts":"1654161646974"}]}: the fields of the
//   websocket `trades` channel. `side` is the taker's side; `source` says only which kind of order
//   was the maker (net/okx_adapter.cpp), so every trade is Print::Aggression, as live.
//   Errors: {"code":"51001","msg":"Instrument ID does not exist","data":[]}.
#include "history/rest_venues.hpp"
#include "net/json_frame.hpp"

namespace flowscope::history::rest_detail {

namespace {

constexpr int kMaxPage = 100;
constexpr std::int64_t kThreeMonthsUs = 92LL * 24 * 3600 * 1'000'000;  // the longest 3 months

Failure fail(std::string_view what) { return Failure{failure_text(Exchange::Okx, what)}; }

// The websocket's trade object (net_detail::read_okx_trade), of the asked symbol; stamped with
// its own time when no receive time is given.
std::string read_trade(simdjson::ondemand::value value, std::string_view symbol, std::int64_t receive_time_us,
                       std::vector<Trade>& out) {
    if (std::string why = net_detail::read_okx_trade(value, receive_time_us, out); !why.empty()) return why;
    Trade& t = out.back();
    if (t.symbol.view() != symbol) {
        std::string why = "a trade of " + std::string(t.symbol.view()) + ", not " + std::string(symbol);
        out.pop_back();
        return why;
    }
    if (receive_time_us == 0) t.receive_time_us = t.exchange_time_us;
    return {};
}

}  // namespace

RestLimits okx_limits() {
    RestLimits l;
    l.base_url = "https://www.okx.com";
    l.max_page_trades = kMaxPage;
    l.requests_per_second = 10;  // 20 per 2 s
    l.pages_by_id = true;        // back from an id (after=)
    l.pages_by_time = false;     // only back from a time (end_us alone), never forward from one
    l.newest_first = true;
    l.reaches_back_us = kThreeMonthsUs;
    return l;
}

std::string okx_trade_target(const TradePageQuery& query) {
    Target target("/api/v5/market/history-trades");
    target.add("instId", query.symbol);
    if (query.from_id || query.start_us || query.cursor) return {};
    if (query.before_id) {
        if (query.end_us) return {};
        target.add("type", "1").add("after", *query.before_id);
    } else if (query.end_us) {
        // type 2: records earlier than the ms given, i.e. exchange time < end.
        target.add("type", "2").add("after", ceil_div(*query.end_us, 1000));
    } else {
        target.add("type", "1");
    }
    target.add("limit", static_cast<std::int64_t>(page_limit(query.limit, kMaxPage)));
    return target.str();
}

Result<TradePage> parse_okx_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us) {
    thread_local net_detail::JsonFrameParser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(body, doc) || doc.get_object().get(obj)) return fail("the answer is not a JSON object");
    std::string_view code, msg;
    bool has_data = false;
    TradePage page;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return fail("broken JSON");
        simdjson::ondemand::value v = field.value();
        if (key == "code") {
            if (v.get_string().get(code)) return fail("wrong type for \"code\"");
        } else if (key == "msg") {
            if (v.get_string().get(msg)) return fail("wrong type for \"msg\"");
        } else if (key == "data") {
            simdjson::ondemand::array data;
            if (v.get_array().get(data)) return fail("data is not an array");
            has_data = true;
            std::size_t index = 0;
            for (auto element : data) {
                simdjson::ondemand::value trade;
                if (std::move(element).get(trade)) return fail("broken JSON in data");
                if (std::string why = read_trade(trade, symbol, receive_time_us, page.trades); !why.empty())
                    return fail("trade " + std::to_string(index) + ": " + why);
                ++index;
            }
        }
    }
    if (!net_detail::fully_consumed(doc)) return fail("trailing data after the JSON object");
    if (code != "0") return fail("code " + std::string(code) + ": " + std::string(msg));
    if (!has_data) return fail("no data in the answer");
    oldest_first(page.trades);
    return page;
}

}  // namespace flowscope::history::rest_detail
