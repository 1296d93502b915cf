// Kraken spot public trades. What the documentation says, read 2026-12
// (docs.kraken.com/api/docs/rest-api/get-recent-trades; support.kraken.com "How to retrieve
// historical time and sales (trading history) using the REST API Trades endpoint"):
//
// GET /0/public/Trades — pair (required); since: "return trade data since given timestamp", a
//   UNIX time in nanoseconds (seconds with 9 more digits), also the `last` of the page before;
//   count: 1..1000, default 1000. The whole trading history can be walked forward this way.
//   Answer {"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507674",1688669597.8277369,"b",
//   "m","",61044952],…],"last":"1688671969993150842"}}: price, volume, time (seconds, a JSON
//   number), b/s, m(arket)/l(imit), miscellaneous, trade_id; oldest first. The result key is
//   Kraken's internal pair name (XXBTZUSD), not what was asked: trades take the symbol the
//   caller gives (the websocket's BTC/USD), and the query sends it without the slash.
// b/s is the taker's side, as the websocket v2 `side`; trade_id is the websocket `trade_id`;
//   times are cut to µs as the websocket's RFC 3339 times are. No prints other than aggression
//   are documented (net/kraken_adapter.cpp).
// Limits: public endpoints are limited per IP to about one call per second (Spot REST rate
//   limits); past it the answer is {"error":["EGeneral:Too many requests"]}.
#include <charconv>

#include "history/rest_venues.hpp"
#include "net/json_frame.hpp"

namespace flowscope::history::rest_detail {

namespace {

constexpr int kMaxPage = 1000;

Failure fail(std::string_view what) { return Failure{failure_text(Exchange::Kraken, what)}; }

// "1688669597.8277369" → µs since the epoch, finer digits cut (never through a double).
std::optional<std::int64_t> seconds_text_us(std::string_view text) {
    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (whole.empty() || ec != std::errc() || end != whole.data() + whole.size() || seconds < 0 || seconds > 99'999'999'999)
        return std::nullopt;
    std::int64_t micros = 0;
    int digits = 0;
    if (point != std::string_view::npos) {
        const std::string_view fraction = text.substr(point + 1);
        if (fraction.empty()) return std::nullopt;
        for (char c : fraction) {
            if (c < '0' || c > '9') return std::nullopt;
            if (digits < 6) micros = micros * 10 + (c - '0');
            ++digits;
        }
    }
    for (; digits < 6; ++digits) micros *= 10;
    return seconds * 1'000'000 + micros;
}

std::string read_trade(simdjson::ondemand::value value, std::string_view symbol, std::int64_t receive_time_us,
                       std::vector<Trade>& out) {
    simdjson::ondemand::array row;
    if (value.get_array().get(row)) return "not an array";
    std::string_view price, volume, side;
    std::optional<std::string_view> time;
    std::optional<std::uint64_t> trade_id;
    std::size_t index = 0;
    for (auto element : row) {
        simdjson::ondemand::value v;
        if (std::move(element).get(v)) return "broken JSON";
        bool bad = false;
        switch (index) {
            case 0: bad = bool(v.get_string().get(price)); break;
            case 1: bad = bool(v.get_string().get(volume)); break;
            case 2: bad = !(time = net_detail::json_number_text(v)); break;
            case 3: bad = bool(v.get_string().get(side)); break;
            case 6: {
                std::uint64_t id = 0;
                bad = bool(v.get_uint64().get(id));
                if (!bad) trade_id = id;
                break;
            }
            default: break;  // order type and miscellaneous
        }
        if (bad) return "bad field " + std::to_string(index);
        ++index;
    }
    if (!trade_id) return "no trade_id";
    const auto time_us = time ? seconds_text_us(*time) : std::nullopt;
    if (!time_us) return "bad time";
    if (side != "b" && side != "s") return "bad side \"" + std::string(side) + "\"";
    const auto p = net_detail::wire_price(price);
    if (!p || p->units <= 0) return "bad price \"" + std::string(price) + "\"";
    const auto q = net_detail::wire_quantity(volume);
    if (!q || q->units <= 0) return "bad volume \"" + std::string(volume) + "\"";
    Trade& t = out.emplace_back();
    t.exchange_time_us = *time_us;
    t.receive_time_us = receive_time_us != 0 ? receive_time_us : *time_us;
    t.price = *p;
    t.quantity = *q;
    t.id = TradeId::from_number(*trade_id);
    t.symbol = Symbol(symbol);
    t.exchange = Exchange::Kraken;
    t.aggressor = side == "b" ? Side::Buy : Side::Sell;  // the taker's side
    return {};
}

}  // namespace

RestLimits kraken_limits() {
    RestLimits l;
    l.base_url = "https://api.kraken.com";
    l.max_page_trades = kMaxPage;
    l.requests_per_second = 1;
    l.pages_by_time = true;  // forward from a time, then by the `last` cursor
    return l;
}

std::string kraken_trade_target(const TradePageQuery& query) {
    if (query.from_id || query.before_id || query.end_us) return {};
    std::string pair;
    for (char c : query.symbol)
        if (c != '/') pair.push_back(c);
    Target target("/0/public/Trades");
    target.add("pair", pair);
    if (query.cursor) {
        if (query.start_us) return {};
        target.add("since", *query.cursor);
    } else if (query.start_us) {
        // One ns before the start: trades at the start itself are in, whether `since` is inclusive or not.
        target.add("since", *query.start_us * 1000 - 1);
    }
    target.add("count", static_cast<std::int64_t>(page_limit(query.limit, kMaxPage)));
    return target.str();
}

Result<TradePage> parse_kraken_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us) {
    if (symbol.empty() || !Symbol::fits(symbol)) return fail("bad symbol \"" + std::string(symbol) + "\"");
    thread_local net_detail::JsonFrameParser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser.iterate(body, doc) || doc.get_object().get(obj)) return fail("the answer is not a JSON object");
    std::string errors;
    bool has_trades = false;
    TradePage page;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return fail("broken JSON");
        simdjson::ondemand::value v = field.value();
        if (key == "error") {
            simdjson::ondemand::array list;
            if (v.get_array().get(list)) return fail("error is not an array");
            for (auto element : list) {
                std::string_view text;
                if (element.get_string().get(text)) return fail("broken JSON in error");
                errors += (errors.empty() ? "" : "; ") + std::string(text);
            }
        } else if (key == "result") {
            simdjson::ondemand::object result;
            if (v.get_object().get(result)) return fail("result is not an object");
            for (auto result_field : result) {
                simdjson::ondemand::field f;
                std::string_view k;
                if (std::move(result_field).get(f) || f.unescaped_key().get(k)) return fail("broken JSON in result");
                simdjson::ondemand::value rv = f.value();
                if (k == "last") {
                    std::string_view last;
                    if (rv.get_string().get(last)) return fail("last is not a string");
                    page.cursor = std::string(last);
                    continue;
                }
                simdjson::ondemand::array rows;
                if (has_trades || rv.get_array().get(rows)) return fail("result holds more than one pair's trades");
                has_trades = true;
                std::size_t index = 0;
                for (auto element : rows) {
                    simdjson::ondemand::value row;
                    if (std::move(element).get(row)) return fail("broken JSON in the trades");
                    if (std::string why = read_trade(row, symbol, receive_time_us, page.trades); !why.empty())
                        return fail("trade " + std::to_string(index) + ": " + why);
                    ++index;
                }
            }
        }
    }
    if (!net_detail::fully_consumed(doc)) return fail("trailing data after the JSON object");
    if (!errors.empty()) return fail(errors);
    if (!has_trades) return fail("no trades in the answer");
    oldest_first(page.trades);
    return page;
}

}  // namespace flowscope::history::rest_detail
