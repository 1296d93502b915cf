// The local exchange's REST and archive answers (see local_rest.hpp): a request is parsed, gated
// by the fault switches and (Binance API) the weight budget, then answered by the exchange's page
// functions (binance_rest, okx_rest) or the archive (binance_archive) from the trades, which are
// only ever read.
#include "support/local_rest.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "support/binance_archive.hpp"
#include "support/binance_rest.hpp"
#include "support/okx_rest.hpp"
#include "support/rest_request.hpp"
#include "support/trade_view.hpp"

namespace flowscope::testing {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

HttpAnswer not_found() { return http_answer(404, R"({"code":-1,"msg":"Not found."})"); }

// data.binance.vision is an S3 bucket: a missing key answers this.
HttpAnswer no_such_key() {
    return http_answer(404,
                       R"(<?xml version="1.0" encoding="UTF-8"?>)"
                       "\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
                       "application/xml");
}

HttpAnswer forced_answer(int status) {
    if (status == 451)  // Binance's answer from a restricted location
        return binance_error(451, 0,
                             "Service unavailable from a restricted location according to 'b. Eligibility' in "
                             "https://www.binance.com/en/terms. Please contact customer service if you believe you "
                             "received this message in error.");
    if (status == 403)  // the CDN's firewall in front of the API
        return http_answer(403, "<html><body><h1>403 ERROR</h1><p>The request could not be satisfied.</p></body></html>",
                           "text/html");
    return binance_error(status, -1000, "An unknown error occurred while processing the request.");
}

std::optional<std::int64_t> day_from_date(std::string_view date) {  // "YYYY-MM-DD" → its UTC midnight, µs
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    const auto y = to_integer(date.substr(0, 4)), m = to_integer(date.substr(5, 2)), d = to_integer(date.substr(8, 2));
    if (!y || !m || !d) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(static_cast<int>(*y)), std::chrono::month(static_cast<unsigned>(*m)),
                                          std::chrono::day(static_cast<unsigned>(*d))};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::sys_days(ymd).time_since_epoch()).count();
}

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string seconds_until(std::int64_t now_ms, std::int64_t until_ms) {
    return std::to_string(std::max<std::int64_t>(1, (until_ms - now_ms + 999) / 1000));
}

}  // namespace

struct LocalRest::Impl {
    LocalRestOptions options;  // trades and symbol never change; the rest only under the mutex
    TradeView trades;

    mutable std::mutex mutex;
    int forced_status = 0, empty_pages = 0;
    bool bad_checksum = false, truncated_archive = false, broken_downloads = false;
    std::int64_t unpublished_from_us = 0;
    int requests = 0, answered_429 = 0, answered_418 = 0, max_weight = 0, pages = 0, archives = 0;
    std::int64_t weight_minute = -1;  // the UTC minute `used` counts
    int used = 0;
    std::int64_t banned_until_ms = 0;  // told to wait until then (Retry-After)
    std::vector<std::string> targets;

    std::mutex archive_mutex;  // each day's ZIP and CHECKSUM, built once
    std::map<std::int64_t, std::pair<std::string, std::string>> archive_cache;

    HttpAnswer binance_api(const RestRequest& r, std::string_view endpoint, bool futures);
    HttpAnswer archive(const RestRequest& r);
    // A trade page answered 200: counted, and emptied while empty pages are ordered.
    HttpAnswer trade_page(HttpAnswer page, const char* empty_body);
};

// Weight per UTC minute: over the limit → 429 and a time to wait; asking before then → 418.
HttpAnswer LocalRest::Impl::binance_api(const RestRequest& r, std::string_view endpoint, bool futures) {
    const int weight = binance_request_weight(endpoint, futures, r);
    if (weight == 0) return not_found();
    const std::int64_t now_ms = wall_ms();
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
    const BinanceMarket market{futures, options.symbol, options.price_decimals, options.quantity_decimals};
    HttpAnswer a = binance_market_answer(endpoint, r, market, trades, trades.served_before(now_us), now_us);
    if (endpoint == "aggTrades") a = trade_page(std::move(a), "[]");
    a.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(used_now));
    return a;
}

HttpAnswer LocalRest::Impl::trade_page(HttpAnswer page, const char* empty_body) {
    if (page.status != 200) return page;
    std::lock_guard lock(mutex);
    ++pages;
    if (empty_pages > 0) {
        --empty_pages;
        page.body = empty_body;
    }
    return page;
}

HttpAnswer LocalRest::Impl::archive(const RestRequest& r) {
    const bool spot = options.exchange == Exchange::BinanceSpot;
    const std::string_view prefix = spot ? "/data/spot/daily/aggTrades/" : "/data/futures/um/daily/aggTrades/";
    if (options.exchange == Exchange::Okx || !starts_with(r.path, prefix)) return no_such_key();
    std::string_view name = std::string_view(r.path).substr(prefix.size());  // SYM/SYM-aggTrades-YYYY-MM-DD.zip[.CHECKSUM]
    const bool checksum = ends_with(name, ".zip.CHECKSUM");
    if (!checksum && !ends_with(name, ".zip")) return no_such_key();
    name.remove_suffix(checksum ? 13 : 4);
    const std::string stem = options.symbol + "/" + options.symbol + "-aggTrades-";
    if (!starts_with(name, stem)) return no_such_key();
    const auto day = day_from_date(name.substr(stem.size()));
    if (!day) return no_such_key();

    bool bad = false, truncated = false, broken = false;
    {
        std::lock_guard lock(mutex);
        if (unpublished_from_us != 0 && *day >= unpublished_from_us) return no_such_key();
        if (options.now_us != 0 && *day + kDayUs > options.now_us) return no_such_key();  // not over: not published
        bad = bad_checksum;
        truncated = truncated_archive;
        broken = broken_downloads;
    }

    std::string zip, sum;
    {
        std::lock_guard lock(archive_mutex);
        auto it = archive_cache.find(*day);
        if (it == archive_cache.end()) {
            const std::size_t lo = trades.first_not(trades.count, [&](const AggTrade& t) { return t.trade.exchange_time_us < *day; });
            const std::size_t hi =
                trades.first_not(trades.count, [&](const AggTrade& t) { return t.trade.exchange_time_us < *day + kDayUs; });
            if (lo == hi) return no_such_key();
            const ArchiveStyle style{spot, options.price_decimals, options.quantity_decimals};
            std::string csv;
            append_csv_header(csv, style);
            for (std::size_t i = lo; i < hi; ++i) append_csv_row(csv, trades.at(i), style);
            const std::string base = archive_base_name(options.symbol, *day);
            std::string bytes = zip_one_file(base + ".csv", csv);
            std::string file = checksum_file(bytes, base + ".zip");
            it = archive_cache.emplace(*day, std::pair{std::move(bytes), std::move(file)}).first;
        }
        zip = it->second.first;
        sum = it->second.second;
    }
    if (checksum) {
        if (bad) sum[0] = sum[0] == '0' ? '1' : '0';
        return http_answer(200, std::move(sum), "text/plain");
    }
    if (truncated) zip.resize(zip.size() / 2);
    {
        std::lock_guard lock(mutex);
        ++archives;
    }
    HttpAnswer a = http_answer(200, std::move(zip), "application/zip");
    if (broken) a.cut_after = a.body.size() / 2;
    return a;
}

LocalRest::LocalRest(LocalRestOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& s = *impl_;
    s.options = std::move(options);
    if (s.options.trade_at) {
        s.trades = TradeView{s.options.trade_at, s.options.trade_count};
    } else {
        const std::vector<AggTrade>* held = &s.options.trades;
        s.trades = TradeView{[held](std::size_t i) { return (*held)[i]; }, held->size()};
    }
}

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

    const RestRequest r = RestRequest::parse(target);
    const std::string_view path = r.path;
    switch (s.options.exchange) {
        case Exchange::BinanceFutures:
            if (starts_with(path, "/fapi/v1/")) return s.binance_api(r, path.substr(9), true);
            break;
        case Exchange::BinanceSpot:
            if (starts_with(path, "/api/v3/")) return s.binance_api(r, path.substr(8), false);
            break;
        case Exchange::Okx:
            if (path == "/api/v5/market/history-trades")
                return s.trade_page(okx_history_trades(r, s.options.symbol, s.trades, s.trades.served_before(now_us)), kOkxEmptyPage);
            break;
        default: break;
    }
    if (starts_with(path, "/data/")) return s.archive(r);
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
void LocalRest::set_broken_downloads(bool broken) {
    std::lock_guard lock(impl_->mutex);
    impl_->broken_downloads = broken;
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
    return wall_ms() / 60'000 == impl_->weight_minute ? impl_->used : 0;
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
