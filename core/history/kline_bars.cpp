#include "history/kline_bars.hpp"

#include <algorithm>

namespace flowscope::history {

std::int64_t kline_interval_for(Exchange exchange, std::int64_t bar_duration_us) {
    if (!has_taker_klines(exchange) || bar_duration_us <= 0) return 0;
    std::int64_t best = 0;
    for (std::int64_t interval : kline_intervals_us(exchange))
        if (bar_duration_us % interval == 0) best = std::max(best, interval);
    return best;
}

std::vector<Bar> bars_from_klines(std::span<const Kline> klines, std::int64_t bar_duration_us, Quantity cvd_before) {
    std::vector<Bar> bars;
    Quantity cvd = cvd_before;
    for (const Kline& k : klines) {
        if (k.volume.units == 0) continue;
        const std::int64_t open = k.open_time_us >= 0 ? k.open_time_us / bar_duration_us * bar_duration_us
                                                      : (k.open_time_us - bar_duration_us + 1) / bar_duration_us * bar_duration_us;
        const Quantity sell = k.volume - k.buy_volume;
        if (bars.empty() || bars.back().open_time_us != open) {
            Bar& b = bars.emplace_back();
            b.open_time_us = open;
            b.first_trade_time_us = k.open_time_us;
            b.open = k.open;
            b.high = k.high;
            b.low = k.low;
            b.totals_only = true;
        }
        Bar& b = bars.back();
        b.last_trade_time_us = k.open_time_us + k.duration_us - 1;
        b.close = k.close;
        b.high = std::max(b.high, k.high);
        b.low = std::min(b.low, k.low);
        b.volume += k.volume;
        b.buy_volume += k.buy_volume;
        b.sell_volume += sell;
        b.trades += k.trades;
        cvd += k.buy_volume - sell;
        b.cvd = cvd;
    }
    return bars;
}

Result<std::vector<Kline>> fetch_klines(RestClient& client, Exchange exchange, const std::string& symbol,
                                        std::int64_t interval_us, std::int64_t from_us, std::int64_t to_us) {
    std::vector<Kline> klines;
    const int per_page = max_klines_per_page(exchange);
    std::int64_t cursor = from_us / interval_us * interval_us;
    while (cursor < to_us) {
        const std::int64_t page_end = std::min(to_us, cursor + interval_us * per_page);
        auto answer = client.get(kline_target(exchange, symbol, interval_us, cursor, page_end - 1, per_page),
                                 kline_weight(exchange, per_page));
        if (!answer) return Failure{answer.error()};
        auto page = parse_klines(exchange, answer->body, interval_us);
        if (!page) return Failure{page.error()};
        for (const Kline& k : *page)
            if (k.open_time_us >= cursor && k.open_time_us < to_us) klines.push_back(k);
        cursor = page_end;
    }
    return klines;
}

}  // namespace flowscope::history
