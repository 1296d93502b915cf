// The chart's studies (core/aggregate: volume profile, POC and value area, developing POC, naked
// POC lines, CVD candles, bar delta statistics, big prints) held to an independent computation
// written here straight from the trades of the real hour (Binance USD-M BTCUSDT, 2020-02-22 00:00
// UTC, as trades and as aggTrades), in several timeframes, buckets and sessions. The references
// never look at a Bar's footprint or running fields: they place every trade in its bar from its
// time (or its position, for tick bars) and sum from there.
#include <QtTest>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include "aggregate/aggregator.hpp"
#include "aggregate/big_trades.hpp"
#include "aggregate/cvd_candles.hpp"
#include "aggregate/naked_poc.hpp"
#include "aggregate/volume_profile.hpp"
#include "io/trade_file.hpp"
#include "support/aggregation_compare.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

constexpr std::int64_t kCent = 1'000'000;  // the real hour's tick, 0.01
constexpr std::int64_t kMinuteUs = 60'000'000;
const char* const kFiles[] = {"binance-futures-BTCUSDT-2020-02-22T00.trades.csv",
                              "binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"};

std::vector<Trade> real_hour(const char* file) {
    std::vector<Trade> trades;
    read_trade_file(test::data_path(file), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    return trades;
}

struct Fed {
    Aggregator aggregator;
    std::span<const Bar> bars() const { return aggregator.series().front().bars(); }
};
Fed fed(const std::vector<Trade>& trades, BarSpec spec, std::int64_t bucket, std::optional<std::int64_t> floor = {}) {
    Fed f;
    if (floor) f.aggregator.set_big_print_floor(*floor);
    f.aggregator.add_series(spec, bucket);
    for (const Trade& t : trades) f.aggregator.add(t);
    return f;
}

// ---- The reference: every trade's bar, from its time (time bars) or its position (tick bars).
std::vector<int> bar_of_each_trade(const std::vector<Trade>& trades, const BarSpec& spec) {
    std::vector<int> out;
    std::int64_t open = 0;
    int index = -1;
    for (std::size_t k = 0; k < trades.size(); ++k) {
        if (spec.kind == BarKind::Tick) {
            out.push_back(static_cast<int>(k / static_cast<std::size_t>(spec.trades_per_bar)));
            continue;
        }
        const std::int64_t t = trades[k].exchange_time_us;
        const std::int64_t o = t - ((t % spec.duration_us) + spec.duration_us) % spec.duration_us;
        if (index < 0 || o != open) {
            open = o;
            ++index;
        }
        out.push_back(index);
    }
    return out;
}

std::int64_t bucket_at(Price p, std::int64_t bucket_units) {
    return p.units >= 0 ? p.units / bucket_units : -((-p.units + bucket_units - 1) / bucket_units);
}

struct Level {
    Quantity bid, ask;
    Quantity total() const { return bid + ask; }
};
using Levels = std::map<std::int64_t, Level>;

Levels levels_of(const std::vector<Trade>& trades, const std::vector<int>& bar_of, int first, int last, std::int64_t bucket_units) {
    Levels levels;
    for (std::size_t k = 0; k < trades.size(); ++k) {
        if (bar_of[k] < first || bar_of[k] > last) continue;
        Level& l = levels[bucket_at(trades[k].price, bucket_units)];
        (trades[k].aggressor == Side::Buy ? l.ask : l.bid) += trades[k].quantity;
    }
    return levels;
}

// Most volume; ties to the level nearest the middle of the traded range, then the lower one.
std::optional<std::int64_t> reference_poc(const Levels& levels) {
    if (levels.empty()) return std::nullopt;
    const std::int64_t lo = levels.begin()->first, hi = levels.rbegin()->first;
    std::optional<std::int64_t> best;
    Quantity best_volume;
    for (const auto& [b, l] : levels) {
        const auto d = [&](std::int64_t x) { return std::abs(2 * x - lo - hi); };
        if (!best || l.total() > best_volume || (l.total() == best_volume && d(b) < d(*best))) {
            best = b;
            best_volume = l.total();
        }
    }
    return best;
}

// The value area grown bucket by bucket over every bucket of the range, empty ones included.
ValueArea reference_value_area(const Levels& levels, std::int64_t poc, int percent) {
    const std::int64_t lo = levels.begin()->first, hi = levels.rbegin()->first;
    auto volume = [&](std::int64_t b) {
        const auto it = levels.find(b);
        return it == levels.end() ? Quantity{} : it->second.total();
    };
    Quantity total;
    for (const auto& [b, l] : levels) total += l.total();
    ValueArea va{poc, poc, poc};
    Quantity inside = volume(poc);
    while (inside.units * 100 < total.units * percent) {
        const bool can_up = va.high < hi, can_down = va.low > lo;
        if (!can_up && !can_down) break;
        const Quantity up = can_up ? volume(va.high + 1) : Quantity{-1};
        const Quantity down = can_down ? volume(va.low - 1) : Quantity{-1};
        if (can_up && up >= down) {
            ++va.high;
            inside += up;
        }
        if (can_down && down >= up) {
            --va.low;
            inside += down;
        }
    }
    return va;
}

// A sweep straight from the trades: consecutive trades with one exchange time and one aggressor.
struct RefPrint {
    int bar = 0;
    std::int64_t time_us = 0;
    Side side = Side::Buy;
    Price low, high;
    Quantity quantity;
    int128 notional = 0;
    int trades = 0;
};
std::vector<RefPrint> reference_prints(const std::vector<Trade>& trades, const std::vector<int>& bar_of, std::int64_t floor_quote) {
    std::vector<RefPrint> sweeps;
    for (std::size_t k = 0; k < trades.size(); ++k) {
        const Trade& t = trades[k];
        const bool goes_on = k > 0 && t.exchange_time_us == trades[k - 1].exchange_time_us && t.aggressor == trades[k - 1].aggressor;
        if (!goes_on) sweeps.push_back({bar_of[k], t.exchange_time_us, t.aggressor, t.price, t.price, {}, 0, 0});
        RefPrint& s = sweeps.back();
        s.bar = bar_of[k];  // a sweep belongs to the bar it ends in
        s.low = std::min(s.low, t.price);
        s.high = std::max(s.high, t.price);
        s.quantity += t.quantity;
        s.notional += static_cast<int128>(t.price.units) * t.quantity.units;
        ++s.trades;
    }
    std::vector<RefPrint> big;
    for (const RefPrint& s : sweeps)
        if (s.notional >= static_cast<int128>(floor_quote) * kDecimalScale * kDecimalScale) big.push_back(s);
    return big;
}

std::string text(Quantity q) { return format_quantity(q); }

}  // namespace

class TestStudies : public QObject {
    Q_OBJECT

private slots:
    // A replay's checkpoints copy the aggregation: the copies share each bar's prints until one of
    // them changes, and a change never shows in the other.
    void big_prints_are_shared_by_copies_until_one_changes() {
        const auto trades = real_hour(kFiles[0]);
        Aggregator aggregator;
        BarSeries& series = aggregator.add_series(BarSpec::time(60), kDecimalScale / 2);
        const std::size_t half = trades.size() / 2;
        for (std::size_t i = 0; i < half; ++i) aggregator.add(trades[i]);
        std::size_t with_prints = 0, bytes_alone = 0;
        for (const Bar& b : series.bars()) {
            with_prints += b.prints.empty() ? 0 : 1;
            bytes_alone += b.prints.memory_bytes();
        }
        QVERIFY(with_prints >= 5);
        const Aggregator copy = aggregator;  // a checkpoint
        const BarSeries& kept = copy.series().front();
        std::size_t bytes_shared = 0;
        for (std::size_t i = 0; i < series.bars().size(); ++i) {
            QCOMPARE(kept.bars()[i].prints.begin(), series.bars()[i].prints.begin());  // the same allocation
            bytes_shared += series.bars()[i].prints.memory_bytes();
        }
        QCOMPARE(bytes_shared * 2 <= bytes_alone + series.bars().size(), true);
        std::vector<std::vector<BigPrint>> before;
        for (const Bar& b : kept.bars()) before.emplace_back(b.prints.begin(), b.prints.end());
        for (std::size_t i = half; i < trades.size(); ++i) aggregator.add(trades[i]);  // the original goes on
        QCOMPARE(kept.bars().size(), before.size());
        for (std::size_t i = 0; i < before.size(); ++i) {
            const BigPrints& p = kept.bars()[i].prints;
            QCOMPARE(p.size(), before[i].size());
            for (std::size_t j = 0; j < p.size(); ++j) {
                QCOMPARE(p[j].quantity, before[i][j].quantity);
                QCOMPARE(p[j].trades, before[i][j].trades);
            }
        }
        // The original's prints equal a fresh aggregation of every trade.
        Aggregator fresh;
        BarSeries& whole = fresh.add_series(BarSpec::time(60), kDecimalScale / 2);
        for (const Trade& t : trades) fresh.add(t);
        QCOMPARE(series.bars().size(), whole.bars().size());
        for (std::size_t i = 0; i < whole.bars().size(); ++i) {
            QCOMPARE(series.bars()[i].prints.size(), whole.bars()[i].prints.size());
            for (std::size_t j = 0; j < whole.bars()[i].prints.size(); ++j) {
                QCOMPARE(series.bars()[i].prints[j].quantity, whole.bars()[i].prints[j].quantity);
                QCOMPARE(series.bars()[i].prints[j].notional == whole.bars()[i].prints[j].notional, true);
            }
        }
    }

    void volume_profiles_equal_the_trades_summed_by_price() {
        for (const char* file : kFiles) {
            const auto trades = real_hour(file);
            QVERIFY(trades.size() > 2000);
            for (const char* tf : {"15s", "1m", "5m"})
                for (std::int64_t bars_multiple : {1, 50})
                    for (std::int64_t profile_multiple : {1, 10}) {
                        const BarSpec spec = *BarSpec::parse(tf);
                        const std::int64_t bars_bucket = kCent * bars_multiple;
                        const std::int64_t bucket = bars_bucket * profile_multiple;
                        const Fed f = fed(trades, spec, bars_bucket);
                        const auto bars = f.bars();
                        const auto bar_of = bar_of_each_trade(trades, spec);
                        QCOMPARE(static_cast<std::size_t>(bar_of.back() + 1), bars.size());
                        const int n = static_cast<int>(bars.size());
                        // The whole hour (the UTC day's session), a session starting 00:30, a
                        // visible range, a fixed range, one bar.
                        std::vector<std::pair<int, int>> ranges{{0, n - 1}, {n / 6, n / 2}, {n - 3, n - 1}, {n / 3, n / 3}};
                        for (const SessionBars& s : sessions_of(bars, SessionSpec{30 * kMinuteUs})) ranges.emplace_back(s.first, s.last);
                        QCOMPARE(sessions_of(bars, SessionSpec{}).size(), std::size_t{1});
                        QCOMPARE(sessions_of(bars, SessionSpec{30 * kMinuteUs}).size(), std::size_t{2});
                        for (const auto& [first, last] : ranges) {
                            const QString where = QStringLiteral("%1 %2 bars ×%3 profile ×%4 [%5, %6]")
                                                      .arg(file, tf).arg(bars_multiple).arg(profile_multiple).arg(first).arg(last);
                            const VolumeProfile p = volume_profile(bars, first, last, bars_bucket, bucket);
                            const Levels want = levels_of(trades, bar_of, first, last, bucket);
                            QVERIFY2(p.levels.level_count() == want.size(), qPrintable(where));
                            Quantity total;
                            for (const auto& [b, l] : want) {
                                const FootprintCell& c = p.levels.at(b);
                                QVERIFY2(c.bid == l.bid && c.ask == l.ask, qPrintable(where + QStringLiteral(" level %1").arg(b)));
                                total += l.total();
                            }
                            QVERIFY2(p.volume == total, qPrintable(where));
                            QCOMPARE(p.bucket_units, bucket);
                            const auto poc = reference_poc(want);
                            QVERIFY2(p.value_area && poc && p.value_area->poc == *poc, qPrintable(where));
                            const ValueArea va = reference_value_area(want, *poc, 70);
                            QVERIFY2(p.value_area->high == va.high && p.value_area->low == va.low, qPrintable(where));
                            QVERIFY(va.low <= va.poc && va.poc <= va.high);
                        }
                    }
        }
    }

    void developing_poc_is_the_session_profile_poc_after_each_bar() {
        for (const char* file : kFiles) {
            const auto trades = real_hour(file);
            for (const char* tf : {"1m", "5m"})
                for (const SessionSpec session : {SessionSpec{}, SessionSpec{30 * kMinuteUs}, SessionSpec{(23 * 60 + 50) * kMinuteUs}})
                    for (std::int64_t multiple : {1, 10}) {
                        const BarSpec spec = *BarSpec::parse(tf);
                        const Fed f = fed(trades, spec, kCent);
                        const auto bars = f.bars();
                        const auto bar_of = bar_of_each_trade(trades, spec);
                        const auto got = developing_poc(bars, session, kCent, kCent * multiple);
                        QCOMPARE(got.size(), bars.size());
                        int changes = 0;
                        for (std::size_t i = 0; i < bars.size(); ++i) {
                            const std::int64_t start = session_start(bars[i].open_time_us, session);
                            int first = static_cast<int>(i);
                            while (first > 0 && bars[static_cast<std::size_t>(first - 1)].open_time_us >= start) --first;
                            const auto want = reference_poc(levels_of(trades, bar_of, first, static_cast<int>(i), kCent * multiple));
                            QVERIFY2(got[i] == want, qPrintable(QStringLiteral("%1 %2 bar %3").arg(file, tf).arg(i)));
                            if (i > 0 && got[i] != got[i - 1]) ++changes;
                        }
                        QVERIFY(changes > 0);  // the POC moves during the hour: the test can tell
                    }
        }
    }

    void naked_poc_lines_end_where_a_later_bar_trades_through_them() {
        for (const char* file : kFiles) {
            const auto trades = real_hour(file);
            for (const char* tf : {"15s", "1m", "5m"})
                for (std::int64_t multiple : {1, 50}) {
                    const BarSpec spec = *BarSpec::parse(tf);
                    const std::int64_t bucket = kCent * multiple;
                    const Fed f = fed(trades, spec, bucket);
                    const auto bars = f.bars();
                    const auto bar_of = bar_of_each_trade(trades, spec);
                    const int n = static_cast<int>(bars.size());
                    std::vector<std::int64_t> low(static_cast<std::size_t>(n), std::numeric_limits<std::int64_t>::max());
                    std::vector<std::int64_t> high(static_cast<std::size_t>(n), std::numeric_limits<std::int64_t>::min());
                    for (std::size_t k = 0; k < trades.size(); ++k) {
                        const std::int64_t b = bucket_at(trades[k].price, bucket);
                        low[static_cast<std::size_t>(bar_of[k])] = std::min(low[static_cast<std::size_t>(bar_of[k])], b);
                        high[static_cast<std::size_t>(bar_of[k])] = std::max(high[static_cast<std::size_t>(bar_of[k])], b);
                    }
                    const auto lines = poc_lines(bars, bucket);
                    QCOMPARE(static_cast<int>(lines.size()), n);
                    int naked = 0;
                    for (int i = 0; i < n; ++i) {
                        const auto poc = reference_poc(levels_of(trades, bar_of, i, i, bucket));
                        QVERIFY(poc);
                        int touched = -1;
                        for (int j = i + 1; j < n && touched < 0; ++j)
                            if (low[static_cast<std::size_t>(j)] <= *poc && *poc <= high[static_cast<std::size_t>(j)]) touched = j;
                        const PocLine& line = lines[static_cast<std::size_t>(i)];
                        QVERIFY2(line.bar == i && line.bucket == *poc && line.touched_at == touched,
                                 qPrintable(QStringLiteral("%1 %2 ×%3 bar %4: %5 touched at %6, want %7 at %8")
                                                .arg(file, tf).arg(multiple).arg(i).arg(line.bucket).arg(line.touched_at).arg(*poc).arg(touched)));
                        naked += touched < 0;
                    }
                    QVERIFY(naked >= 1);  // the last bar's POC at least
                    QVERIFY(naked < n);
                }
        }
    }

    void cvd_candles_follow_the_running_delta_with_and_without_a_session_reset() {
        for (const char* file : kFiles) {
            const auto trades = real_hour(file);
            for (const char* tf : {"15s", "1m", "5m", "100t"})
                for (const std::optional<SessionSpec> reset : {std::optional<SessionSpec>{}, std::optional{SessionSpec{}},
                                                               std::optional{SessionSpec{20 * kMinuteUs}}}) {
                    const BarSpec spec = *BarSpec::parse(tf);
                    const Fed f = fed(trades, spec, kCent);
                    const auto bars = f.bars();
                    const auto bar_of = bar_of_each_trade(trades, spec);
                    const auto got = cvd_candles(bars, reset);
                    QCOMPARE(got.size(), bars.size());
                    // The reference: the running sum over the trades, each bar's first trade
                    // starting the candle at the sum before it.
                    Quantity cvd, base;
                    std::vector<CvdCandle> want(bars.size());
                    std::int64_t session = std::numeric_limits<std::int64_t>::min();
                    for (std::size_t k = 0; k < trades.size(); ++k) {
                        const std::size_t i = static_cast<std::size_t>(bar_of[k]);
                        const bool first_of_bar = k == 0 || bar_of[k - 1] != bar_of[k];
                        if (first_of_bar && reset) {
                            const std::int64_t s = session_start(bars[i].open_time_us, *reset);
                            if (s != session) {
                                session = s;
                                base = cvd;
                            }
                        }
                        if (first_of_bar) want[i].open = want[i].high = want[i].low = cvd - base;
                        cvd += trades[k].signed_quantity();
                        want[i].close = cvd - base;
                        want[i].high = std::max(want[i].high, want[i].close);
                        want[i].low = std::min(want[i].low, want[i].close);
                    }
                    int wicks = 0;
                    for (std::size_t i = 0; i < bars.size(); ++i) {
                        const CvdCandle& g = got[i];
                        const CvdCandle& w = want[i];
                        QVERIFY2(g.open == w.open && g.high == w.high && g.low == w.low && g.close == w.close && g.extremes_known,
                                 qPrintable(QStringLiteral("%1 %2 bar %3: %4 %5 %6 %7, want %8 %9 %10 %11")
                                                .arg(file, tf).arg(i)
                                                .arg(QString::fromStdString(text(g.open)), QString::fromStdString(text(g.high)),
                                                     QString::fromStdString(text(g.low)), QString::fromStdString(text(g.close)),
                                                     QString::fromStdString(text(w.open)), QString::fromStdString(text(w.high)),
                                                     QString::fromStdString(text(w.low)), QString::fromStdString(text(w.close)))));
                        wicks += g.high > std::max(g.open, g.close) || g.low < std::min(g.open, g.close);
                    }
                    QVERIFY(wicks > 0);  // the extremes inside bars are really there
                    if (reset && reset->start_of_day_us == 20 * kMinuteUs && spec.kind == BarKind::Time) {
                        // The session that starts at 00:20 starts at zero.
                        const auto s = sessions_of(bars, *reset);
                        QCOMPARE(s.size(), std::size_t{2});
                        QCOMPARE(got[static_cast<std::size_t>(s[1].first)].open, Quantity{});
                    }
                }
        }
    }

    void a_bar_of_totals_has_a_candle_from_open_to_close() {
        const auto trades = real_hour(kFiles[0]);
        const Fed f = fed(trades, BarSpec::time(60), kCent);
        std::vector<Bar> bars(f.bars().begin(), f.bars().end());
        // The first ten bars as klines give them: totals, no cells, no extremes inside.
        for (std::size_t i = 0; i < 10; ++i) {
            bars[i].totals_only = true;
            bars[i].footprint = Footprint{};
            bars[i].prints = BigPrints{};
        }
        const auto got = cvd_candles(bars, std::nullopt);
        for (std::size_t i = 0; i < 10; ++i) {
            QVERIFY(!got[i].extremes_known);
            QCOMPARE(got[i].open, bars[i].cvd - bars[i].delta());
            QCOMPARE(got[i].close, bars[i].cvd);
            QCOMPARE(got[i].high, std::max(got[i].open, got[i].close));
            QCOMPARE(got[i].low, std::min(got[i].open, got[i].close));
            QVERIFY(!bar_delta_stats(bars, i).min_delta && !bar_delta_stats(bars, i).max_delta);
        }
        // Their volume is not in a profile (no price to put it at), and is said to be missing.
        const VolumeProfile p = volume_profile(bars, 0, 19, kCent, kCent);
        QCOMPARE(p.bars_without_cells, 10);
        const VolumeProfile cells = volume_profile(bars, 10, 19, kCent, kCent);
        QCOMPARE(p.volume, cells.volume);
        QCOMPARE(p.value_area->poc, cells.value_area->poc);
        // No POC line from them, but their range still touches earlier lines.
        for (const PocLine& l : poc_lines(bars, kCent)) QVERIFY(l.bar >= 10);
    }

    void bar_delta_statistics_equal_the_running_delta_inside_each_bar() {
        for (const char* file : kFiles) {
            const auto trades = real_hour(file);
            for (const char* tf : {"15s", "1m", "250t"}) {
                const BarSpec spec = *BarSpec::parse(tf);
                const Fed f = fed(trades, spec, kCent);
                const auto bars = f.bars();
                const auto bar_of = bar_of_each_trade(trades, spec);
                std::vector<Quantity> running(bars.size()), lowest(bars.size()), highest(bars.size());
                std::vector<bool> seen(bars.size());
                for (std::size_t k = 0; k < trades.size(); ++k) {
                    const std::size_t i = static_cast<std::size_t>(bar_of[k]);
                    running[i] += trades[k].signed_quantity();
                    lowest[i] = seen[i] ? std::min(lowest[i], running[i]) : running[i];
                    highest[i] = seen[i] ? std::max(highest[i], running[i]) : running[i];
                    seen[i] = true;
                }
                for (std::size_t i = 0; i < bars.size(); ++i) {
                    const BarDeltaStats s = bar_delta_stats(bars, i);
                    QVERIFY(s.min_delta && s.max_delta);
                    QCOMPARE(*s.min_delta, lowest[i]);
                    QCOMPARE(*s.max_delta, highest[i]);
                    if (i == 0) {
                        QVERIFY(!s.delta_change);
                    } else {
                        QVERIFY(s.delta_change);
                        QCOMPARE(*s.delta_change, running[i] - running[i - 1]);
                    }
                }
            }
        }
    }

    void big_prints_are_the_sweeps_of_the_trades_worth_the_floor() {
        for (const char* file : kFiles) {
            const auto trades = real_hour(file);
            for (const char* tf : {"1s", "1m", "1h", "50t"})
                for (const std::int64_t floor : {kBigPrintFloorQuote, std::int64_t{5'000}}) {
                    const BarSpec spec = *BarSpec::parse(tf);
                    const bool default_floor = floor == kBigPrintFloorQuote;
                    const Fed f = default_floor ? fed(trades, spec, kCent) : fed(trades, spec, kCent, floor);
                    const auto bars = f.bars();
                    const auto want = reference_prints(trades, bar_of_each_trade(trades, spec), floor);
                    std::size_t k = 0;
                    for (std::size_t i = 0; i < bars.size(); ++i)
                        for (const BigPrint& p : bars[i].prints) {
                            const QString where = QStringLiteral("%1 %2 floor %3 bar %4 print %5").arg(file, tf).arg(floor).arg(i).arg(k);
                            QVERIFY2(k < want.size(), qPrintable(where));
                            const RefPrint& w = want[k++];
                            QVERIFY2(static_cast<std::size_t>(w.bar) == i && p.time_us == w.time_us && p.side == w.side &&
                                         p.low == w.low && p.high == w.high && p.quantity == w.quantity &&
                                         p.notional == w.notional && p.trades == w.trades,
                                     qPrintable(where));
                            const int128 vwap2 = (2 * w.notional + w.quantity.units) / (2 * w.quantity.units);  // half up
                            QCOMPARE(p.vwap().units, static_cast<std::int64_t>(vwap2));
                            QVERIFY(p.vwap() >= p.low && p.vwap() <= p.high);
                        }
                    QCOMPARE(k, want.size());
                    if (default_floor && std::string_view(file).find("aggTrades") == std::string_view::npos) {
                        QCOMPARE(want.size(), std::size_t{53});  // the count big_prints.hpp gives for the floor
                    }
                    QVERIFY(std::any_of(want.begin(), want.end(), [](const RefPrint& p) { return p.trades > 1; }));  // sweeps, not only trades
                    // The bubbles' threshold: a subset, the floor's prints under it.
                    const Quantity threshold{static_cast<int128>(100'000) * kDecimalScale};
                    const auto big = big_trades(bars, 0, static_cast<int>(bars.size()) - 1, threshold);
                    const auto at_floor = big_trades(bars, 0, static_cast<int>(bars.size()) - 1, Quantity{});
                    QCOMPARE(at_floor.size(), want.size());
                    const auto over = std::count_if(want.begin(), want.end(), [&](const RefPrint& p) {
                        return p.notional >= threshold.units * kDecimalScale;
                    });
                    QCOMPARE(static_cast<std::ptrdiff_t>(big.size()), over);
                    QVERIFY(over > 0 && static_cast<std::size_t>(over) < want.size());
                }
        }
    }

    void a_sweep_longer_than_the_ring_is_summed_whole() {
        // Three hundred real trades given one instant and one side: one sweep of 300 trades, more
        // than the tracker's ring of 64 holds.
        auto trades = real_hour(kFiles[0]);
        for (std::size_t k = 1000; k < 1300; ++k) {
            trades[k].exchange_time_us = trades[1000].exchange_time_us;
            trades[k].aggressor = Side::Buy;
        }
        std::stable_sort(trades.begin(), trades.end(), [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
        for (const std::int64_t floor : {std::int64_t{1'000}, kBigPrintFloorQuote, std::int64_t{1'000'000}}) {
            const Fed f = fed(trades, BarSpec::time(60), kCent, floor);
            const auto want = reference_prints(trades, bar_of_each_trade(trades, BarSpec::time(60)), floor);
            std::vector<BigPrint> got;
            for (const Bar& b : f.bars()) got.insert(got.end(), b.prints.begin(), b.prints.end());
            QCOMPARE(got.size(), want.size());
            bool long_one = false;
            for (std::size_t k = 0; k < got.size(); ++k) {
                QVERIFY(got[k].quantity == want[k].quantity && got[k].notional == want[k].notional &&
                        got[k].low == want[k].low && got[k].high == want[k].high && got[k].trades == want[k].trades);
                long_one |= got[k].trades >= 300;
            }
            QVERIFY(long_one);
        }
    }

    void a_copy_taken_inside_a_sweep_goes_on_like_the_original() {
        // Replay checkpoints copy the Aggregator between any two trades, a sweep's included.
        const auto trades = real_hour(kFiles[0]);
        const auto want = reference_prints(trades, bar_of_each_trade(trades, BarSpec::time(60)), 5'000);
        std::size_t split = 0;
        for (std::size_t k = 1; k + 1 < trades.size() && split == 0; ++k)
            if (trades[k].exchange_time_us == trades[k - 1].exchange_time_us && trades[k].exchange_time_us == trades[k + 1].exchange_time_us &&
                trades[k].aggressor == trades[k - 1].aggressor)
                split = k;
        QVERIFY(split > 0);
        Aggregator whole;
        whole.set_big_print_floor(5'000);
        test::add_standard_timeframes(whole);
        Aggregator first = whole;
        for (const Trade& t : trades) whole.add(t);
        for (std::size_t k = 0; k < split; ++k) first.add(trades[k]);
        Aggregator copy = first;
        for (std::size_t k = split; k < trades.size(); ++k) copy.add(trades[k]);
        const std::string diff = test::first_difference(whole, copy);
        QVERIFY2(diff.empty(), diff.c_str());
        std::size_t prints = 0;
        for (const Bar& b : whole.series()[4].bars()) prints += b.prints.size();  // 1m
        QCOMPARE(prints, want.size());
    }
};

QTEST_GUILESS_MAIN(TestStudies)
#include "test_studies.moc"
