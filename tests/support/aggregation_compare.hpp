#pragma once
// Shared by the replay tests and benchmark: the eleven standard timeframes over one trade stream,
// and an exact comparison of two aggregations, bar by bar, footprint cell by cell and big print by
// big print.
#include <algorithm>
#include <span>
#include <string>

#include "aggregate/aggregator.hpp"

namespace flowscope::test {

inline constexpr std::int64_t kCentUnits = 1'000'000;  // BTCUSDT futures prices move in 0.01

inline void add_standard_timeframes(Aggregator& agg, std::int64_t bucket_units = kCentUnits) {
    for (std::string_view tf : kStandardTimeframes) agg.add_series(*BarSpec::parse(tf), bucket_units);
}

// Empty when two runs of bars are equal field by field and cell by cell, else where they first
// differ (prefixed by where).
inline std::string first_difference(std::span<const Bar> x, std::span<const Bar> y, const std::string& where) {
    if (x.size() != y.size())
        return where + ": bar counts differ (" + std::to_string(x.size()) + ", " + std::to_string(y.size()) + ")";
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Bar& p = x[i];
        const Bar& q = y[i];
        const bool same = p.open_time_us == q.open_time_us && p.first_trade_time_us == q.first_trade_time_us &&
                          p.last_trade_time_us == q.last_trade_time_us && p.open == q.open && p.high == q.high &&
                          p.low == q.low && p.close == q.close && p.volume == q.volume &&
                          p.buy_volume == q.buy_volume && p.sell_volume == q.sell_volume && p.cvd == q.cvd &&
                          p.max_delta == q.max_delta && p.min_delta == q.min_delta && p.notional == q.notional &&
                          p.trades == q.trades;
        if (!same) return where + ": bar " + std::to_string(i) + " differs";
        const bool same_prints = std::equal(p.prints.begin(), p.prints.end(), q.prints.begin(), q.prints.end(),
                                            [](const BigPrint& a, const BigPrint& b) {
                                                return a.time_us == b.time_us && a.low == b.low && a.high == b.high &&
                                                       a.quantity == b.quantity && a.notional == b.notional &&
                                                       a.trades == b.trades && a.side == b.side;
                                            });
        if (!same_prints) return where + ": bar " + std::to_string(i) + " big prints differ";
        const Footprint& f = p.footprint;
        const Footprint& g = q.footprint;
        if (f.empty() != g.empty() || f.lowest_bucket() != g.lowest_bucket() || f.highest_bucket() != g.highest_bucket())
            return where + ": bar " + std::to_string(i) + " footprint range differs";
        for (std::int64_t k = f.lowest_bucket(); !f.empty() && k <= f.highest_bucket(); ++k) {
            const FootprintCell& c = f.at(k);
            const FootprintCell& d = g.at(k);
            if (c.bid != d.bid || c.ask != d.ask || c.trades != d.trades)
                return where + ": bar " + std::to_string(i) + " footprint cell " + std::to_string(k) + " differs";
        }
    }
    return {};
}

// Empty when equal, else where the first difference is.
inline std::string first_difference(const Aggregator& a, const Aggregator& b) {
    if (a.trades() != b.trades()) return "trade counts differ";
    if (a.cvd() != b.cvd() || a.volume() != b.volume()) return "CVD or volume differ";
    if (a.series().size() != b.series().size()) return "series counts differ";
    for (std::size_t s = 0; s < a.series().size(); ++s) {
        const std::string where = a.series()[s].spec().name();
        if (std::string d = first_difference(a.series()[s].bars(), b.series()[s].bars(), where); !d.empty()) return d;
    }
    return {};
}

}  // namespace flowscope::test
