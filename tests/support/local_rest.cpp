// The local exchange's REST and archive answers (see local_rest.hpp): a request is parsed into
// its path and parameters, gated by the fault switches and (Binance API) the weight budget, then
// answered from the trades, which are only ever read.
#include "support/local_rest.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "support/binance_archive.hpp"
#include "support/binance_klines.hpp"
#include "support/exchange_decimal.hpp"

namespace flowscope::testing {

namespace {

constexpr std::int64_t kMaxAggTradesWindowMs = 3'600'000;

struct Request {
    std::string path;
    std::map<std::string, std::string, std::less<>> params;

    const std::string* param(std::string_view name) const {
        const auto it = params.find(name);
        return it == params.end() ? nullptr : &it->second;
    }
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

Request parse_target(std::string_view target) {
    Request r;
    const auto q = target.find('?');
    r.path = percent_decoded(target.substr(0, q));
    if (q == std::string_view::npos) return r;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty())
            r.params[percent_decoded(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decoded(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return r;
}

std::optional<std::int64_t> to_integer(const std::string& text) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

HttpAnswer json(int status, std::string body) { return HttpAnswer{status, {}, std::move(body), "application/json"}; }

HttpAnswer binance_error(int status, int code, const std::string& msg) {
    return json(status, R"({"code":)" + std::to_string(code) + R"(,"msg":")" + msg + R"("})");
}

HttpAnswer not_found() { return json(404, R"({"code":-1,"msg":"Not found."})"); }

// data.binance.vision is an S3 bucket: a missing key answers this.
HttpAnswer no_such_key() {
    return HttpAnswer{404, {}, R"(<?xml version="1.0" encoding="UTF-8"?>)"
                               "\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
                      "application/xml"};
}

HttpAnswer forced_answer(int status) {
    if (status == 451)  // Binance's answer from a restricted location
        return binance_error(451, 0,
                             "Service unavailable from a restricted location according to 'b. Eligibility' in "
                             "https://www.binance.com/en/terms. Please contact customer service if you believe you "
                             "received this message in error.");
    if (status == 403)  // the CDN's WAF in front of the API
        return HttpAnswer{403, {}, "<html><body><h1>403 ERROR</h1><p>The request could not be satisfied.</p></body></html>",
                          "text/html"};
    return binance_error(status, -1000, "An unknown error occurred while processing the request.");
}

std::int64_t trade_ms(const AggTrade& t) { return floor_div(t.trade.exchange_time_us, 1000); }
std::uint64_t trade_id(const AggTrade& t) { return t.trade.id.number.value_or(0); }

std::optional<std::int64_t> day_from_date(std::string_view date) {  // "YYYY-MM-DD" → its UTC midnight, µs
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    const auto y = to_integer(std::string(date.substr(0, 4))), m = to_integer(std::string(date.substr(5, 2))),
               d = to_integer(std::string(date.substr(8, 2)));
    if (!y || !m || !d) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(static_cast<int>(*y)), std::chrono::month(static_cast<unsigned>(*m)),
                                          std::chrono::day(static_cast<unsigned>(*d))};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::sys_days(ymd).time_since_epoch()).count();
}

}  // namespace

struct LocalRest::Impl {
    LocalRestOptions options;

    mutable std::mutex mutex;  // everything below; the trades are never written
    int forced_status = 0, empty_pages = 0;
    bool bad_checksum = false, truncated_archive = false;
    std::int64_t unpublished_from_us = 0;
    int requests = 0, answered_429 = 0, answered_418 = 0, max_weight = 0, pages = 0, archives = 0;
    std::int64_t weight_minute = -1;  // the UTC minute `used` counts
    int used = 0;
    std::int64_t banned_until_ms = 0;  // told to wait until then (Retry-After)
    std::vector<std::string> targets;

    std::mutex archive_mutex;  // the day's ZIP and CHECKSUM, built once
    std::map<std::int64_t, std::pair<std::string, std::string>> archive_cache;

    std::size_t count() const { return options.trade_at ? options.trade_count : options.trades.size(); }
    AggTrade at(std::size_t i) const { return options.trade_at ? options.trade_at(i) : options.trades[i]; }

    // The first index in [0, n) for which below(at(i)) is false (trades are sorted by time and id).
    template <class Below>
    std::size_t partition(std::size_t n, Below below) const {
        std::size_t a = 0, b = n;
        while (a < b) {
            const std::size_t mid = a + (b - a) / 2;
            if (below(at(mid))) a = mid + 1;
            else b = mid;
        }
        return a;
    }
    std::size_t served(std::int64_t now_us) const {
        if (now_us == 0) return count();
        return partition(count(), [&](const AggTrade& t) { return t.trade.exchange_time_us < now_us; });
    }

    HttpAnswer binance_api(const Request& r, bool futures);
    HttpAnswer agg_trades(const Request& r, bool spot, std::int64_t now_us);
    HttpAnswer klines(const Request& r, bool futures, std::int64_t now_us);
    HttpAnswer archive(const Request& r);
    HttpAnswer okx_trades(const Request& r, std::int64_t now_us);
    bool take_empty_page();
};

namespace {

// The weight of a request as Binance documents it; 0 for a path it does not serve.
int binance_weight(std::string_view endpoint, bool futures, std::int64_t limit) {
    if (endpoint == "aggTrades") return futures ? 20 : 2;
    if (endpoint == "klines") {
        if (!futures) return 2;
        if (limit < 100) return 1;
        if (limit < 500) return 2;
        if (limit <= 1000) return 5;
        return 10;
    }
    return 0;
}

std::string seconds_until(std::int64_t now_ms, std::int64_t until_ms) {
    return std::to_string(std::max<std::int64_t>(1, (until_ms - now_ms + 999) / 1000));
}

}  // namespace

HttpAnswer LocalRest::Impl::binance_api(const Request& r, bool futures) {
    const std::string_view endpoint = std::string_view(r.path).substr(futures ? 9 : 8);  // after /fapi/v1/ or /api/v3/
    const std::string* limit_text = r.param("limit");
    const std::int64_t limit = limit_text ? to_integer(*limit_text).value_or(500) : 500;
    const int weight = binance_weight(endpoint, futures, limit);
    if (weight == 0) return not_found();

    const std::int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::int64_t now_us = 0;
    int used_now = 0;
    {
        std::lock_guard lock(mutex);
        now_us = options.now_us;
        if (now_ms / 60'000 != weight_minute) {
            weight_minute = now_ms / 60'000;
            used = 0;
        }
        const std::string used_text = std::to_string(used);
        if (now_ms < banned_until_ms) {
            ++answered_418;
            HttpAnswer a = binance_error(418, -1003,
                                         "Way too much request weight used; IP banned until " + std::to_string(banned_until_ms) +
                                             ". Please use WebSocket Streams for live updates to avoid bans.");
            a.headers = {{"Retry-After", seconds_until(now_ms, banned_until_ms)}, {"X-MBX-USED-WEIGHT-1M", used_text}};
            return a;
        }
        if (used + weight > options.weight_limit_per_minute) {
            ++answered_429;
            banned_until_ms = (weight_minute + 1) * 60'000;
            HttpAnswer a = binance_error(429, -1003,
                                         "Too much request weight used; current limit is " +
                                             std::to_string(options.weight_limit_per_minute) +
                                             " request weight per 1 MINUTE. Please use WebSocket Streams for live "
                                             "updates to avoid polling the API.");
            a.headers = {{"Retry-After", seconds_until(now_ms, banned_until_ms)}, {"X-MBX-USED-WEIGHT-1M", used_text}};
            return a;
        }
        used += weight;
        used_now = used;
        max_weight = std::max(max_weight, used);
    }
    HttpAnswer a = endpoint == "aggTrades" ? agg_trades(r, !futures, now_us) : klines(r, futures, now_us);
    a.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(used_now));
    return a;
}

bool LocalRest::Impl::take_empty_page() {
    std::lock_guard lock(mutex);
    if (empty_pages <= 0) return false;
    --empty_pages;
    return true;
}

namespace {

// symbol and limit, checked as Binance checks them; an error answer, or nothing when they are fine.
std::optional<HttpAnswer> check_symbol_and_limit(const Request& r, const std::string& symbol, std::int64_t max_limit,
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

// An optional integer parameter: nothing, its value, or an error answer.
std::optional<HttpAnswer> integer_param(const Request& r, const char* name, std::optional<std::int64_t>& value) {
    value.reset();
    const std::string* text = r.param(name);
    if (!text) return std::nullopt;
    value = to_integer(*text);
    if (!value || *value < 0)
        return binance_error(400, -1100,
                             std::string("Illegal characters found in parameter '") + name + "'; legal range is '^[0-9]{1,20}$'.");
    return std::nullopt;
}

}  // namespace

HttpAnswer LocalRest::Impl::agg_trades(const Request& r, bool spot, std::int64_t now_us) {
    std::int64_t limit = 0;
    if (auto error = check_symbol_and_limit(r, options.symbol, 1000, limit)) return *error;
    std::optional<std::int64_t> from_id, start, end;
    if (auto e = integer_param(r, "fromId", from_id)) return *e;
    if (auto e = integer_param(r, "startTime", start)) return *e;
    if (auto e = integer_param(r, "endTime", end)) return *e;
    if (start && end && *end - *start > kMaxAggTradesWindowMs)
        return binance_error(400, -1127, "More than 1 hours between startTime and endTime.");

    const std::size_t n = served(now_us);
    std::size_t lo = 0, hi = n;
    if (from_id) lo = std::max(lo, partition(n, [&](const AggTrade& t) { return trade_id(t) < static_cast<std::uint64_t>(*from_id); }));
    if (start) lo = std::max(lo, partition(n, [&](const AggTrade& t) { return trade_ms(t) < *start; }));
    if (end) hi = std::min(hi, partition(n, [&](const AggTrade& t) { return trade_ms(t) <= *end; }));
    const auto page = static_cast<std::size_t>(limit);
    if (!from_id && !start) lo = hi > page ? std::max(lo, hi - page) : lo;  // the latest (up to endTime)
    else hi = std::min(hi, lo + page);

    const bool empty = take_empty_page();
    std::string body = "[";
    for (std::size_t i = lo; !empty && i < hi; ++i) {
        const AggTrade t = at(i);
        if (body.size() > 1) body += ',';
        body += R"({"a":)" + std::to_string(trade_id(t)) + R"(,"p":")";
        append_padded(body, t.trade.price.units, options.price_decimals);
        body += R"(","q":")";
        append_padded(body, t.trade.quantity.units, options.quantity_decimals);
        body += R"(","f":)" + std::to_string(t.first_id) + R"(,"l":)" + std::to_string(t.last_id) + R"(,"T":)" +
                std::to_string(trade_ms(t)) + R"(,"m":)" + (t.trade.aggressor == Side::Sell ? "true" : "false");
        if (spot) body += R"(,"M":true)";
        body += '}';
    }
    body += ']';
    {
        std::lock_guard lock(mutex);
        ++pages;
    }
    return json(200, std::move(body));
}

HttpAnswer LocalRest::Impl::klines(const Request& r, bool futures, std::int64_t now_us) {
    std::int64_t limit = 0;
    if (auto error = check_symbol_and_limit(r, options.symbol, futures ? 1500 : 1000, limit)) return *error;
    const std::string* interval = r.param("interval");
    if (!interval) return binance_error(400, -1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
    KlineQuery q;
    q.interval_ms = kline_interval_ms(*interval);
    if (q.interval_ms == 0) return binance_error(400, -1120, "Invalid interval.");
    if (auto e = integer_param(r, "startTime", q.start_ms)) return *e;
    if (auto e = integer_param(r, "endTime", q.end_ms)) return *e;
    q.limit = static_cast<int>(limit);
    q.price_decimals = options.price_decimals;
    q.quantity_decimals = options.quantity_decimals;
    // "Now" is the served trades' present; without one, the last trade's kline is the current one.
    const std::int64_t now_ms = now_us != 0 ? floor_div(now_us - 1, 1000) : 0;
    return json(200, binance_klines_json([this](std::size_t i) { return at(i); }, served(now_us), now_ms, q));
}

HttpAnswer LocalRest::Impl::archive(const Request& r) {
    const bool spot = options.exchange == Exchange::BinanceSpot;
    const std::string_view prefix = spot ? "/data/spot/daily/aggTrades/" : "/data/futures/um/daily/aggTrades/";
    if (options.exchange == Exchange::Okx || !starts_with(r.path, prefix)) return no_such_key();
    std::string_view rest = std::string_view(r.path).substr(prefix.size());  // SYM/SYM-aggTrades-YYYY-MM-DD.zip[.CHECKSUM]
    const bool checksum = ends_with(rest, ".zip.CHECKSUM");
    if (!checksum && !ends_with(rest, ".zip")) return no_such_key();
    rest.remove_suffix(checksum ? 13 : 4);
    const std::string folder = options.symbol + "/";
    if (!starts_with(rest, folder)) return no_such_key();
    rest.remove_prefix(folder.size());
    const std::string stem = options.symbol + "-aggTrades-";
    if (!starts_with(rest, stem)) return no_such_key();
    const auto day = day_from_date(rest.substr(stem.size()));
    if (!day) return no_such_key();

    bool bad = false, truncated = false;
    {
        std::lock_guard lock(mutex);
        if (unpublished_from_us != 0 && *day >= unpublished_from_us) return no_such_key();
        if (options.now_us != 0 && *day + kDayUs > options.now_us) return no_such_key();  // not over: not published
        bad = bad_checksum;
        truncated = truncated_archive;
    }

    const std::string base = archive_base_name(options.symbol, *day);
    std::string zip, sum;
    {
        std::lock_guard lock(archive_mutex);
        auto it = archive_cache.find(*day);
        if (it == archive_cache.end()) {
            const std::size_t n = count();
            const std::size_t lo = partition(n, [&](const AggTrade& t) { return t.trade.exchange_time_us < *day; });
            const std::size_t hi = partition(n, [&](const AggTrade& t) { return t.trade.exchange_time_us < *day + kDayUs; });
            if (lo == hi) return no_such_key();
            const ArchiveStyle style{spot, options.price_decimals, options.quantity_decimals};
            std::string csv;
            append_csv_header(csv, style);
            for (std::size_t i = lo; i < hi; ++i) append_csv_row(csv, at(i), style);
            std::string bytes = zip_one_file(base + ".csv", csv);
            std::string file = checksum_file(bytes, base + ".zip");
            it = archive_cache.emplace(*day, std::pair{std::move(bytes), std::move(file)}).first;
        }
        zip = it->second.first;
        sum = it->second.second;
    }
    if (checksum) {
        if (bad) sum[0] = sum[0] == '0' ? '1' : '0';
        return HttpAnswer{200, {}, std::move(sum), "text/plain"};
    }
    if (truncated) zip.resize(zip.size() / 2);
    {
        std::lock_guard lock(mutex);
        ++archives;
    }
    return HttpAnswer{200, {}, std::move(zip), "application/zip"};
}

HttpAnswer LocalRest::Impl::okx_trades(const Request& r, std::int64_t now_us) {
    const auto okx_error = [](int status, const char* code, const std::string& msg) {
        return json(status, std::string(R"({"code":")") + code + R"(","msg":")" + msg + R"(","data":[]})");
    };
    const std::string* inst = r.param("instId");
    if (!inst || inst->empty()) return okx_error(400, "50014", "Parameter instId can not be empty");
    if (*inst != options.symbol) return okx_error(400, "51001", "Instrument ID does not exist");
    const std::string* type = r.param("type");
    const bool by_time = type && *type == "2";
    if (type && *type != "1" && *type != "2") return okx_error(400, "51000", "Parameter type error");
    std::int64_t limit = 100;
    if (const std::string* l = r.param("limit")) {
        const auto v = to_integer(*l);
        if (!v || *v < 1 || *v > 100) return okx_error(400, "51000", "Parameter limit error");
        limit = *v;
    }
    std::optional<std::int64_t> after, before;
    for (auto [name, value] : {std::pair{"after", &after}, std::pair{"before", &before}})
        if (const std::string* text = r.param(name)) {
            *value = to_integer(*text);
            if (!*value) return okx_error(400, "51000", std::string("Parameter ") + name + " error");
        }

    const std::size_t n = served(now_us);
    std::size_t lo = 0, hi = n;
    if (after) {
        if (by_time) hi = partition(n, [&](const AggTrade& t) { return trade_ms(t) < *after; });
        else hi = partition(n, [&](const AggTrade& t) { return trade_id(t) < static_cast<std::uint64_t>(*after); });
    }
    if (before && !by_time)  // OKX pages `before` by trade id only
        lo = partition(n, [&](const AggTrade& t) { return trade_id(t) <= static_cast<std::uint64_t>(*before); });
    if (hi > lo + static_cast<std::size_t>(limit)) lo = hi - static_cast<std::size_t>(limit);

    const bool empty = take_empty_page();
    std::string body = R"({"code":"0","msg":"","data":[)";
    for (std::size_t i = hi; !empty && i > lo; --i) {
        const AggTrade t = at(i - 1);
        if (i != hi) body += ',';
        body += R"({"instId":")" + options.symbol + R"(","side":")" + std::string(side_name(t.trade.aggressor)) + R"(","sz":")" +
                format_quantity(t.trade.quantity) + R"(","px":")" + format_price(t.trade.price) + R"(","tradeId":")" +
                std::string(t.trade.id.text.view()) + R"(","ts":")" + std::to_string(trade_ms(t)) + R"("})";
    }
    body += "]}";
    {
        std::lock_guard lock(mutex);
        ++pages;
    }
    return json(200, std::move(body));
}

LocalRest::LocalRest(LocalRestOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }
LocalRest::~LocalRest() = default;

HttpAnswer LocalRest::answer(const std::string& target) {
    Impl& s = *impl_;
    std::chrono::milliseconds latency{};
    int forced = 0;
    std::int64_t now_us = 0;
    {
        std::lock_guard lock(s.mutex);
        ++s.requests;
        s.targets.push_back(target);
        latency = s.options.latency;
        forced = s.forced_status;
        now_us = s.options.now_us;
    }
    if (latency.count() > 0) std::this_thread::sleep_for(latency);
    if (forced != 0) return forced_answer(forced);

    const Request r = parse_target(target);
    const bool binance = s.options.exchange == Exchange::BinanceFutures || s.options.exchange == Exchange::BinanceSpot;
    if (starts_with(r.path, "/data/")) return s.archive(r);
    if (binance && s.options.exchange == Exchange::BinanceFutures && starts_with(r.path, "/fapi/v1/")) return s.binance_api(r, true);
    if (binance && s.options.exchange == Exchange::BinanceSpot && starts_with(r.path, "/api/v3/")) return s.binance_api(r, false);
    if (s.options.exchange == Exchange::Okx && r.path == "/api/v5/market/history-trades") return s.okx_trades(r, now_us);
    return not_found();
}

void LocalRest::set_forced_status(int status) {
    std::lock_guard lock(impl_->mutex);
    impl_->forced_status = status;
}
void LocalRest::set_empty_pages(int count) {
    std::lock_guard lock(impl_->mutex);
    impl_->empty_pages = count;
}
void LocalRest::set_bad_checksum(bool bad) {
    std::lock_guard lock(impl_->mutex);
    impl_->bad_checksum = bad;
}
void LocalRest::set_truncated_archive(bool truncated) {
    std::lock_guard lock(impl_->mutex);
    impl_->truncated_archive = truncated;
}
void LocalRest::set_unpublished_from(std::int64_t day_start_us) {
    std::lock_guard lock(impl_->mutex);
    impl_->unpublished_from_us = day_start_us;
}
void LocalRest::set_latency(std::chrono::milliseconds latency) {
    std::lock_guard lock(impl_->mutex);
    impl_->options.latency = latency;
}
void LocalRest::set_now(std::int64_t now_us) {
    std::lock_guard lock(impl_->mutex);
    impl_->options.now_us = now_us;
}
void LocalRest::set_weight_limit(int weight_per_minute) {
    std::lock_guard lock(impl_->mutex);
    impl_->options.weight_limit_per_minute = weight_per_minute;
}

int LocalRest::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}
int LocalRest::answered_429() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->answered_429;
}
int LocalRest::answered_418() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->answered_418;
}
int LocalRest::max_weight_in_a_minute() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->max_weight;
}
int LocalRest::used_weight() const {
    std::lock_guard lock(impl_->mutex);
    const std::int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return now_ms / 60'000 == impl_->weight_minute ? impl_->used : 0;
}
int LocalRest::trade_pages_served() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->pages;
}
int LocalRest::archive_downloads() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->archives;
}
std::vector<std::string> LocalRest::targets() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->targets;
}

}  // namespace flowscope::testing
