// Coinbase Advanced Trade public market trades. What the documentation says, read 2026-12
// (docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-public-market-trades;
// the authenticated twin, /products/get-market-trades, documents the same answer):
//
// GET /api/v3/brokerage/market/products/{product_id}/ticker — no key. limit (required; the page
//   states no maximum: we ask for 1000, what Coinbase's other trade endpoints allow), start and
//   end: UNIX timestamps in seconds. Answer {"trades":[{"trade_id":..,"product_id":"BTC-USD",
//   "price":"140.91","size":"4","time":"2021-05-31T09:59:59.000Z","side":..,"exchange":..}],
//   "best_bid":..,"best_ask":..}, newest first. How far back it reaches is not documented.
//   Second-granular start/end: a page can hold trades outside [start_us, end_us) that the
//   caller drops.
// `side` is read exactly as the websocket market_trades `side`: the MAKER's side, the aggressor
//   is the other (net/adapters.hpp kCoinbaseSideIsTaker, proven on a recorded book in
//   net/coinbase_adapter.cpp). No prints other than aggression are documented.
// Limits: public endpoints 10 requests per second per IP (Advanced Trade / Exchange REST rate
//   limits, bursts up to 15), 429 past it. Errors: {"error":"NOT_FOUND","error_details":..,
//   "message":..}.
#include "history/rest_venues.hpp"
#include "net/adapters.hpp"
#include "net/json_frame.hpp"

namespace flowscope::history::rest_detail {

namespace {

constexpr int kMaxPage = 1000;
constexpr std::int64_t kSecondUs = 1'000'000;

Failure fail(std::string_view what) { return Failure{failure_text(Exchange::Coinbase, what)}; }

// The websocket's trade object (net_detail::read_coinbase_trade), of the asked symbol; stamped with
// its own time when no receive time is given.
std::string read_trade(simdjson::ondemand::value value, std::string_view symbol, std::int64_t receive_time_us,
                       std::vector<Trade>& out) {
    if (std::string why = net_detail::read_coinbase_trade(value, receive_time_us, out); !why.empty()) return why;
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

RestLimits coinbase_limits() {
    RestLimits l;
    l.base_url = "https://api.coinbase.com";
    l.max_page_trades = kMaxPage;
    l.requests_per_second = 10;
    l.pages_by_time = true;  // back from an end, or within [start, end)
    l.newest_first = true;
    return l;
}

std::string coinbase_trade_target(const TradePageQuery& query) {
    if (query.from_id || query.before_id || query.cursor) return {};
    if (query.symbol.empty() || query.symbol.find('/') != std::string::npos) return {};
    Target target("/api/v3/brokerage/market/products/" + query.symbol + "/ticker");
    target.add("limit", static_cast<std::int64_t>(page_limit(query.limit, kMaxPage)));
    // Whole seconds that cover [start_us, end_us).
    if (query.start_us) target.add("start", floor_div(*query.start_us, kSecondUs));
    if (query.end_us) target.add("end", ceil_div(*query.end_us, kSecondUs));
    return target.str();
}

Result<TradePage> parse_coinbase_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us) {
    thread_local net_detail::JsonFrameParser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(body, doc) || doc.get_object().get(obj)) return fail("the answer is not a JSON object");
    std::string_view error, details, message;
    bool has_trades = false;
    TradePage page;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return fail("broken JSON");
        simdjson::ondemand::value v = field.value();
        if (key == "error" || key == "error_details" || key == "message") {
            std::string_view& into = key == "error" ? error : key == "message" ? message : details;
            if (v.get_string().get(into)) return fail("wrong type for \"" + std::string(key) + "\"");
        } else if (key == "trades") {
            simdjson::ondemand::array trades;
            if (v.get_array().get(trades)) return fail("trades is not an array");
            has_trades = true;
            std::size_t index = 0;
            for (auto element : trades) {
                simdjson::ondemand::value trade;
                if (std::move(element).get(trade)) return fail("broken JSON in trades");
                if (std::string why = read_trade(trade, symbol, receive_time_us, page.trades); !why.empty())
                    return fail("trade " + std::to_string(index) + ": " + why);
                ++index;
            }
        }
    }
    if (!net_detail::fully_consumed(doc)) return fail("trailing data after the JSON object");
    if (!error.empty() || !message.empty()) {
        std::string text(error);
        for (std::string_view part : {message, details})
            if (!part.empty() && part != error) text += (text.empty() ? "" : ": ") + std::string(part);
        return fail(text);
    }
    if (!has_trades) return fail("no trades in the answer");
    oldest_first(page.trades);
    return page;
}

}  // namespace flowscope::history::rest_detail
