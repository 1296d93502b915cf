#include "support/binance_rest.hpp"

#include <algorithm>
#include <optional>

#include "model/decimal.hpp"
#include "support/binance_klines.hpp"
#include "support/exchange_decimal.hpp"

namespace flowscope::testing {

namespace {

constexpr std::int64_t kMaxAggTradesWindowMs = 3'600'000;

std::int64_t trade_ms(const AggTrade& t) { return floor_div(t.trade.exchange_time_us, 1000); }
std::uint64_t trade_id(const AggTrade& t) { return t.trade.id.number.value_or(0); }

// symbol and limit, checked as Binance checks them: an error answer, or nothing when they are fine.
std::optional<HttpAnswer> check_symbol_and_limit(const RestRequest& r, const std::string& symbol, std::int64_t max_limit,
                                                 std::int64_t& limit) {
    const std::string* s = r.param("symbol");
    if (!s || s->empty())
        return binance_error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    if (*s != symbol) return binance_error(400, -1121, "Invalid symbol.");
    limit = 500;
    if (const std::string* l = r.param("limit")) {
        const auto v = to_integer(*l);
        if (!v || *v < 1 || *v > max_limit) return binance_error(400, -1130, "Data sent for parameter 'limit' is not valid.");
        limit = *v;
    }
    return std::nullopt;
}

// An optional integer parameter: its value (or nothing), or an error answer.
std::optional<HttpAnswer> integer_param(const RestRequest& r, const char* name, std::optional<std::int64_t>& value) {
    value.reset();
    const std::string* text = r.param(name);
    if (!text) return std::nullopt;
    value = to_integer(*text);
    if (!value)
        return binance_error(400, -1100,
                             std::string("Illegal characters found in parameter '") + name + "'; legal range is '^[0-9]{1,20}$'.");
    return std::nullopt;
}

HttpAnswer agg_trades(const RestRequest& r, const BinanceMarket& m, const TradeView& trades, std::size_t served) {
    std::int64_t limit = 0;
    if (auto error = check_symbol_and_limit(r, m.symbol, 1000, limit)) return *error;
    std::optional<std::int64_t> from_id, start, end;
    if (auto e = integer_param(r, "fromId", from_id)) return *e;
    if (auto e = integer_param(r, "startTime", start)) return *e;
    if (auto e = integer_param(r, "endTime", end)) return *e;
    if (start && end && *end - *start > kMaxAggTradesWindowMs)
        return binance_error(400, -1127, "More than 1 hours between startTime and endTime.");

    std::size_t lo = 0, hi = served;
    if (from_id) lo = std::max(lo, trades.first_not(served, [&](const AggTrade& t) { return trade_id(t) < static_cast<std::uint64_t>(*from_id); }));
    if (start) lo = std::max(lo, trades.first_not(served, [&](const AggTrade& t) { return trade_ms(t) < *start; }));
    if (end) hi = std::min(hi, trades.first_not(served, [&](const AggTrade& t) { return trade_ms(t) <= *end; }));
    const auto page = static_cast<std::size_t>(limit);
    if (!from_id && !start) lo = hi > page ? std::max(lo, hi - page) : lo;  // the latest (up to endTime)
    else hi = std::min(hi, lo + page);

    std::string body = "[";
    for (std::size_t i = lo; i < hi; ++i) {
        const AggTrade t = trades.at(i);
        if (body.size() > 1) body += ',';
        body += R"({"a":)" + std::to_string(trade_id(t)) + R"(,"p":")";
        append_padded(body, t.trade.price.units, m.price_decimals);
        body += R"(","q":")";
        append_padded(body, t.trade.quantity.units, m.quantity_decimals);
        body += R"(","f":)" + std::to_string(t.first_id) + R"(,"l":)" + std::to_string(t.last_id) + R"(,"T":)" +
                std::to_string(trade_ms(t)) + R"(,"m":)" + (t.trade.aggressor == Side::Sell ? "true" : "false");
        if (!m.futures) body += R"(,"M":true)";
        body += '}';
    }
    return http_answer(200, body + "]");
}

HttpAnswer klines(const RestRequest& r, const BinanceMarket& m, const TradeView& trades, std::size_t served, std::int64_t now_us) {
    std::int64_t limit = 0;
    if (auto error = check_symbol_and_limit(r, m.symbol, m.futures ? 1500 : 1000, limit)) return *error;
    const std::string* interval = r.param("interval");
    if (!interval) return binance_error(400, -1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
    KlineQuery q;
    q.interval_ms = kline_interval_ms(*interval);
    if (q.interval_ms == 0) return binance_error(400, -1120, "Invalid interval.");
    if (auto e = integer_param(r, "startTime", q.start_ms)) return *e;
    if (auto e = integer_param(r, "endTime", q.end_ms)) return *e;
    q.limit = static_cast<int>(limit);
    q.price_decimals = m.price_decimals;
    q.quantity_decimals = m.quantity_decimals;
    const std::int64_t now_ms = now_us != 0 ? floor_div(now_us - 1, 1000) : 0;
    return http_answer(200, binance_klines_json(trades, served, now_ms, q));
}

}  // namespace

HttpAnswer binance_error(int status, int code, const std::string& msg) {
    return http_answer(status, R"({"code":)" + std::to_string(code) + R"(,"msg":")" + msg + R"("})");
}

int binance_request_weight(std::string_view endpoint, bool futures, const RestRequest& request) {
    if (endpoint == "aggTrades") return futures ? 20 : 2;
    if (endpoint != "klines") return 0;
    if (!futures) return 2;
    const std::string* text = request.param("limit");
    const std::int64_t limit = text ? to_integer(*text).value_or(500) : 500;
    if (limit < 100) return 1;
    if (limit < 500) return 2;
    if (limit <= 1000) return 5;
    return 10;
}

HttpAnswer binance_market_answer(std::string_view endpoint, const RestRequest& request, const BinanceMarket& market,
                                 const TradeView& trades, std::size_t served, std::int64_t now_us) {
    if (endpoint == "aggTrades") return agg_trades(request, market, trades, served);
    return klines(request, market, trades, served, now_us);
}

}  // namespace flowscope::testing
