// Binance spot and USD-M REST: aggregate trades and klines. What the documentation says, read
// 2026-12 (developers.binance.com; the same pages mirrored in rosssaunders/coincise docs/binance):
//
// GET /fapi/v1/aggTrades (USD-M, "Compressed/Aggregate Trades List",
//     /docs/derivatives/usds-margined-futures/market-data/rest-api/Compressed-Aggregate-Trades-List)
//   weight 20; symbol; fromId, startTime, endTime (ms, all INCLUSIVE); limit default 500, max 1000.
//   startTime..endTime must be less than 1 hour; no fromId/startTime/endTime: the most recent;
//   send fromId or a time range, not both ("might cause response timeout"); histories no older
//   than one year; only market trades are aggregated (insurance fund and ADL trades are not).
// GET /api/v3/aggTrades (spot, /docs/binance-spot-api-docs/rest-api/market-data-endpoints)
//   weight 4 (was 1, then 2, in older versions of the page); the same parameters and limits. The
//   current spot page no longer states the 1-hour window its older versions did: we keep to it.
// Both answer an array of {"a":aggId,"p":"price","q":"qty","f":firstId,"l":lastId,"T":ms,
//   "m":buyerIsMaker} (spot adds "M", best price match) in ascending order: the fields of the
//   websocket aggTrade event without e/E/s, so a REST trade is the websocket trade (same id `a`,
//   `m` true → the seller hit the bid, no `X`: every aggTrade is Print::Aggression).
// GET /fapi/v1/klines: weight by limit [1,100) 1, [100,500) 2, [500,1000] 5, > 1000 10; limit
//   default 500, max 1500. GET /api/v3/klines: weight 2, limit default 500, max 1000. Rows:
//   [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase,
//   takerBuyQuote, ignore]; startTime/endTime select by open time. Intervals 1m 3m 5m 15m 30m 1h
//   2h 4h 6h 8h 12h 1d 3d 1w 1M, spot also 1s (1M has no fixed length: not offered here).
// Limits (General Info, "LIMITS" / "IP Limits"): REQUEST_WEIGHT per minute per IP, USD-M 2400,
//   spot 6000 (exchangeInfo rateLimits; spot raised it from 1200 in 2023); every answer carries
//   X-MBX-USED-WEIGHT-1M, the weight this IP used in the current minute; 429 when over, 418 (an
//   IP ban "from 2 minutes to 3 days") for clients that keep going; both carry Retry-After
//   (seconds). Errors are {"code":-1121,"msg":"Invalid symbol."}.
#include <limits>

#include "history/rest_venues.hpp"
#include "net/json_frame.hpp"

namespace flowscope::history::rest_detail {

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kHourUs = 60 * kMinuteUs;
constexpr std::int64_t kMaxMillis = 99'999'999'999'999;  // year 5138: anything later is not a time

bool is_futures(Exchange exchange) { return exchange == Exchange::BinanceFutures; }

struct KlineInterval {
    std::string_view name;
    std::int64_t us;
};
constexpr KlineInterval kIntervals[] = {
    {"1s", 1'000'000},        {"1m", kMinuteUs},       {"3m", 3 * kMinuteUs},    {"5m", 5 * kMinuteUs},
    {"15m", 15 * kMinuteUs},  {"30m", 30 * kMinuteUs}, {"1h", kHourUs},          {"2h", 2 * kHourUs},
    {"4h", 4 * kHourUs},      {"6h", 6 * kHourUs},     {"8h", 8 * kHourUs},      {"12h", 12 * kHourUs},
    {"1d", 24 * kHourUs},     {"3d", 72 * kHourUs},    {"1w", 168 * kHourUs},
};

std::string_view interval_name(Exchange exchange, std::int64_t interval_us) {
    for (const KlineInterval& i : kIntervals)
        if (i.us == interval_us && !(is_futures(exchange) && i.name == "1s")) return i.name;
    return {};
}

std::string path(Exchange exchange, std::string_view endpoint) {
    return std::string(is_futures(exchange) ? "/fapi/v1/" : "/api/v3/") + std::string(endpoint);
}

// {"code":-1121,"msg":"Invalid symbol."} → its message; anything else is not Binance's answer.
Failure error_object(Exchange exchange, simdjson::ondemand::document& doc) {
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj)) return Failure{failure_text(exchange, "broken JSON")};
    std::int64_t code = 0;
    std::string_view msg;
    bool has_code = false;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return Failure{failure_text(exchange, "broken JSON")};
        if (key == "code") has_code = !field.value().get_int64().get(code);
        else if (key == "msg" && field.value().get_string().get(msg)) return Failure{failure_text(exchange, "broken JSON")};
    }
    if (!has_code) return Failure{failure_text(exchange, "the answer is an object but not an error")};
    return Failure{failure_text(exchange, "code " + std::to_string(code) + ": " + std::string(msg))};
}

// One aggTrade object; what is wrong with it, or "" when appended.
std::string read_agg_trade(simdjson::ondemand::value value, Exchange exchange, std::string_view symbol,
                           std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return "not an object";
    std::string_view price, quantity;
    std::optional<std::uint64_t> id;
    std::optional<std::int64_t> time_ms;
    std::optional<bool> buyer_is_maker;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return "broken JSON";
        simdjson::ondemand::value v = field.value();
        bool bad = false;
        if (key == "a") {
            std::uint64_t n = 0;
            bad = bool(v.get_uint64().get(n));
            if (!bad) id = n;
        } else if (key == "p") {
            bad = bool(v.get_string().get(price));
        } else if (key == "q") {
            bad = bool(v.get_string().get(quantity));
        } else if (key == "T") {
            std::int64_t n = 0;
            bad = bool(v.get_int64().get(n));
            if (!bad) time_ms = n;
        } else if (key == "m") {
            bool b = false;
            bad = bool(v.get_bool().get(b));
            if (!bad) buyer_is_maker = b;
        }
        if (bad) return "wrong type for \"" + std::string(key) + "\"";
    }
    if (!id) return "no aggregate trade id a";
    if (!time_ms || *time_ms < 0 || *time_ms > kMaxMillis) return "no valid trade time T";
    if (!buyer_is_maker) return "no maker flag m";
    const auto p = net_detail::wire_price(price);
    if (!p || p->units <= 0) return "bad p \"" + std::string(price) + "\"";
    const auto q = net_detail::wire_quantity(quantity);
    if (!q || q->units <= 0) return "bad q \"" + std::string(quantity) + "\"";
    Trade& t = out.emplace_back();
    t.exchange_time_us = *time_ms * 1000;
    t.receive_time_us = receive_time_us != 0 ? receive_time_us : t.exchange_time_us;
    t.price = *p;
    t.quantity = *q;
    t.id = TradeId::from_number(*id);
    t.symbol = Symbol(symbol);
    t.exchange = exchange;
    // m: "was the buyer the maker?" A resting buyer means the incoming order sold.
    t.aggressor = *buyer_is_maker ? Side::Sell : Side::Buy;
    t.print = Print::Aggression;
    return {};
}

// One kline row; what is wrong with it, or "" when appended.
std::string read_kline(simdjson::ondemand::value value, std::int64_t interval_us, std::vector<Kline>& out) {
    simdjson::ondemand::array row;
    if (value.get_array().get(row)) return "not an array";
    Kline k;
    k.duration_us = interval_us;
    std::int64_t open_ms = -1, close_ms = -1;
    std::size_t index = 0;
    for (auto element : row) {
        simdjson::ondemand::value v;
        if (std::move(element).get(v)) return "broken JSON";
        bool bad = false;
        std::string_view text;
        const auto price_at = [&](Price& into) {
            const auto p = v.get_string().get(text) ? std::nullopt : net_detail::wire_price(text);
            if (!p || p->units <= 0) return false;
            into = *p;
            return true;
        };
        const auto quantity_at = [&](Quantity& into) {
            const auto q = v.get_string().get(text) ? std::nullopt : net_detail::wire_quantity(text);
            if (!q) return false;
            into = *q;
            return true;
        };
        switch (index) {
            case 0: bad = bool(v.get_int64().get(open_ms)); break;
            case 1: bad = !price_at(k.open); break;
            case 2: bad = !price_at(k.high); break;
            case 3: bad = !price_at(k.low); break;
            case 4: bad = !price_at(k.close); break;
            case 5: bad = !quantity_at(k.volume); break;
            case 6: bad = bool(v.get_int64().get(close_ms)); break;
            case 8: bad = bool(v.get_uint64().get(k.trades)); break;
            case 9: bad = !quantity_at(k.buy_volume); break;
            default: break;  // quote volumes and the unused field
        }
        if (bad) return "bad field " + std::to_string(index);
        ++index;
    }
    if (index < 11) return "only " + std::to_string(index) + " fields";
    if (open_ms < 0 || open_ms > kMaxMillis) return "bad open time";
    // Binance's close time is the last millisecond of the bar: a mismatch means another interval.
    if (close_ms != open_ms + interval_us / 1000 - 1)
        return "closes at " + std::to_string(close_ms) + ", not one interval after it opens";
    if (k.buy_volume > k.volume) return "taker buy volume above the volume";
    k.open_time_us = open_ms * 1000;
    out.push_back(k);
    return {};
}

}  // namespace

RestLimits binance_limits(Exchange exchange) {
    RestLimits l;
    l.base_url = is_futures(exchange) ? "https://fapi.binance.com" : "https://api.binance.com";
    l.max_page_trades = 1000;
    l.weight_per_page = is_futures(exchange) ? 20 : 4;
    l.weight_per_minute = is_futures(exchange) ? 2400 : 6000;
    l.used_weight_header = "X-MBX-USED-WEIGHT-1M";
    l.pages_by_id = true;
    l.pages_by_time = true;
    l.max_window_us = kHourUs;
    l.reaches_back_us = is_futures(exchange) ? 365 * 24 * kHourUs : 0;
    return l;
}

std::string binance_trade_target(Exchange exchange, const TradePageQuery& query) {
    const int limit = page_limit(query.limit, 1000);
    Target target(path(exchange, "aggTrades"));
    target.add("symbol", query.symbol);
    if (query.cursor) return {};
    if (query.from_id) {
        if (query.before_id || query.start_us || query.end_us) return {};
        target.add("fromId", *query.from_id);
    } else if (query.before_id) {
        // Ids are consecutive: the page before an id starts `limit` ids earlier.
        if (query.start_us || query.end_us || *query.before_id == 0) return {};
        const std::uint64_t from = *query.before_id > static_cast<std::uint64_t>(limit) ? *query.before_id - limit : 0;
        target.add("fromId", from);
        target.add("limit", static_cast<std::int64_t>(*query.before_id - from));
        return target.str();
    } else if (query.start_us) {
        // Both ends inclusive in ms, less than an hour apart: [start, min(end, start + 1 h)).
        const std::int64_t start_ms = ceil_div(*query.start_us, 1000);
        std::int64_t end_ms = start_ms + kHourUs / 1000 - 1;
        if (query.end_us) end_ms = std::min(end_ms, ceil_div(*query.end_us, 1000) - 1);
        if (end_ms < start_ms) return {};
        target.add("startTime", start_ms);
        target.add("endTime", end_ms);
    } else if (query.end_us) {
        return {};  // an end alone is not how Binance pages
    }
    target.add("limit", static_cast<std::int64_t>(limit));
    return target.str();
}

int binance_trade_weight(Exchange exchange, const TradePageQuery&) { return is_futures(exchange) ? 20 : 4; }

Result<TradePage> parse_binance_trades(Exchange exchange, std::string_view symbol, std::string_view body,
                                       std::int64_t receive_time_us) {
    if (symbol.empty() || !Symbol::fits(symbol)) return Failure{failure_text(exchange, "bad symbol \"" + std::string(symbol) + "\"")};
    thread_local net_detail::JsonFrameParser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::json_type type;
    if (parser.iterate(body, doc) || doc.type().get(type)) return Failure{failure_text(exchange, "the answer is not JSON")};
    if (type == simdjson::ondemand::json_type::object) return error_object(exchange, doc);
    simdjson::ondemand::array list;
    if (type != simdjson::ondemand::json_type::array || doc.get_array().get(list))
        return Failure{failure_text(exchange, "the answer is neither a page of trades nor an error")};
    TradePage page;
    std::size_t index = 0;
    for (auto element : list) {
        simdjson::ondemand::value value;
        if (std::move(element).get(value)) return Failure{failure_text(exchange, "broken JSON in the page")};
        if (std::string why = read_agg_trade(value, exchange, symbol, receive_time_us, page.trades); !why.empty())
            return Failure{failure_text(exchange, "aggTrade " + std::to_string(index) + ": " + why)};
        ++index;
    }
    if (!net_detail::fully_consumed(doc)) return Failure{failure_text(exchange, "trailing data after the page")};
    oldest_first(page.trades);
    return page;
}

std::vector<std::int64_t> binance_kline_intervals_us(Exchange exchange) {
    std::vector<std::int64_t> out;
    for (const KlineInterval& i : kIntervals)
        if (!(is_futures(exchange) && i.name == "1s")) out.push_back(i.us);
    return out;
}

std::string binance_kline_target(Exchange exchange, std::string_view symbol, std::int64_t interval_us, std::int64_t start_us,
                                 std::int64_t end_us, int limit) {
    const std::string_view interval = interval_name(exchange, interval_us);
    if (interval.empty()) return {};
    Target target(path(exchange, "klines"));
    target.add("symbol", symbol);
    target.add("interval", interval);
    if (start_us > 0) target.add("startTime", ceil_div(start_us, 1000));
    if (end_us > 0) target.add("endTime", ceil_div(end_us, 1000) - 1);
    target.add("limit", static_cast<std::int64_t>(page_limit(limit, binance_max_klines(exchange))));
    return target.str();
}

int binance_kline_weight(Exchange exchange, int limit) {
    if (!is_futures(exchange)) return 2;
    const int n = page_limit(limit, binance_max_klines(exchange));  // what binance_kline_target asks for
    if (n < 100) return 1;
    if (n < 500) return 2;
    if (n <= 1000) return 5;
    return 10;
}

int binance_max_klines(Exchange exchange) { return is_futures(exchange) ? 1500 : 1000; }

Result<std::vector<Kline>> parse_binance_klines(Exchange exchange, std::string_view body, std::int64_t interval_us) {
    if (interval_name(exchange, interval_us).empty()) return Failure{failure_text(exchange, "no such kline interval")};
    thread_local net_detail::JsonFrameParser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::json_type type;
    if (parser.iterate(body, doc) || doc.type().get(type)) return Failure{failure_text(exchange, "the answer is not JSON")};
    if (type == simdjson::ondemand::json_type::object) return error_object(exchange, doc);
    simdjson::ondemand::array list;
    if (type != simdjson::ondemand::json_type::array || doc.get_array().get(list))
        return Failure{failure_text(exchange, "the answer is neither klines nor an error")};
    std::vector<Kline> klines;
    for (auto element : list) {
        simdjson::ondemand::value value;
        if (std::move(element).get(value)) return Failure{failure_text(exchange, "broken JSON in the klines")};
        if (std::string why = read_kline(value, interval_us, klines); !why.empty())
            return Failure{failure_text(exchange, "kline " + std::to_string(klines.size()) + ": " + why)};
    }
    if (!net_detail::fully_consumed(doc)) return Failure{failure_text(exchange, "trailing data after the klines")};
    return klines;
}

}  // namespace flowscope::history::rest_detail
