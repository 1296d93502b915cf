// A bar's analysis walks the levels that traded, never the buckets between them. Held here to a
// bucket-by-bucket walk written from the definitions (every bucket from low to high, an empty one
// holding 0) on the real hour at several buckets and settings, with far stray prints added so that
// long runs of empty buckets sit on one side, the other or both; and timed on a bar of 1e10 buckets.
#include <QtTest>

#include <chrono>

#include "aggregate/aggregator.hpp"
#include "aggregate/bucket_limit.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "io/trade_file.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

struct Walked {
    std::int64_t poc = 0;
    ValueArea va;
    std::vector<std::pair<std::int64_t, LevelImbalance>> imbalances;
    std::vector<StackedImbalance> stacks;
};

// The definitions, one bucket at a time.
Walked walk_every_bucket(const Footprint& fp, int percent, const ImbalanceSettings& s) {
    Walked w;
    const std::int64_t lo = fp.lowest_bucket(), hi = fp.highest_bucket();
    auto distance = [&](std::int64_t b) { const std::int64_t d = 2 * b - (lo + hi); return d < 0 ? -d : d; };
    Quantity best{-1}, total;
    for (std::int64_t b = lo; b <= hi; ++b) {
        const Quantity v = fp.at(b).total();
        total += v;
        if (v > best || (v == best && distance(b) < distance(w.poc))) {
            best = v;
            w.poc = b;
        }
    }
    w.va = {w.poc, w.poc, w.poc};
    Quantity inside = best;
    while (inside.units * 100 < total.units * percent) {
        const bool can_up = w.va.high < hi, can_down = w.va.low > lo;
        if (!can_up && !can_down) break;
        const Quantity up = can_up ? fp.at(w.va.high + 1).total() : Quantity{-1};
        const Quantity down = can_down ? fp.at(w.va.low - 1).total() : Quantity{-1};
        if (can_up && up >= down) {
            ++w.va.high;
            inside += up;
        }
        if (can_down && down >= up) {
            --w.va.low;
            inside += down;
        }
    }
    auto exceeds = [&](Quantity mine, Quantity other) {
        if (mine.is_zero() || !(mine > s.min_volume)) return false;
        if (other.is_zero()) return s.zero_counts;
        return mine.units * kDecimalScale > s.ratio.units * other.units;
    };
    std::vector<std::uint8_t> bits;
    for (std::int64_t b = lo; b <= hi; ++b) {
        const bool buy = exceeds(fp.at(b).ask, fp.at(b - 1).bid);
        const bool sell = exceeds(fp.at(b).bid, fp.at(b + 1).ask);
        bits.push_back(static_cast<std::uint8_t>((buy ? 1 : 0) | (sell ? 2 : 0)));
        if (buy || sell) w.imbalances.emplace_back(b, static_cast<LevelImbalance>(bits.back()));
    }
    for (const Side side : {Side::Buy, Side::Sell}) {
        const std::uint8_t bit = side == Side::Buy ? 1 : 2;
        std::int64_t start = 0, length = 0;
        for (std::int64_t b = lo; b <= hi + 1; ++b) {
            if (b <= hi && (bits[static_cast<std::size_t>(b - lo)] & bit)) {
                if (length++ == 0) start = b;
            } else {
                if (length >= s.stack) w.stacks.push_back({side, start, b - 1});
                length = 0;
            }
        }
    }
    return w;
}

// What footprint_analysis reports for the same bar.
Walked analysed(const Footprint& fp, int percent, const ImbalanceSettings& s) {
    Walked w;
    w.poc = point_of_control(fp).value();
    w.va = value_area(fp, percent).value();
    for (const FootprintCell* cell : fp.levels_by_price()) {
        const LevelImbalance i = level_imbalance(fp, cell->bucket, s);
        if (i != LevelImbalance::None) w.imbalances.emplace_back(cell->bucket, i);
    }
    w.stacks = stacked_imbalances(fp, s);
    return w;
}

bool same(const Walked& a, const Walked& b) {
    auto same_stack = [](const StackedImbalance& x, const StackedImbalance& y) {
        return x.side == y.side && x.low == y.low && x.high == y.high;
    };
    return a.poc == b.poc && a.va.poc == b.va.poc && a.va.high == b.va.high && a.va.low == b.va.low &&
           a.imbalances == b.imbalances && std::ranges::equal(a.stacks, b.stacks, same_stack);
}

std::vector<Trade> real_hour() {
    std::vector<Trade> trades;
    const TradeFileResult r = read_trade_file(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.trades.csv"), {}, {},
                                              [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    if (!r.ok || trades.size() != 5041) qFatal("real hour: %s", r.error.c_str());
    return trades;
}

}  // namespace

class TestFootprintLevels : public QObject {
    Q_OBJECT

private slots:
    void levels_by_price_are_the_traded_levels_lowest_first() {
        Footprint fp;
        for (const std::int64_t b : std::initializer_list<std::int64_t>{50, -3, 7, 1'000'000'000'000, 8, 2, 49})  // past the inline levels
            fp.add(b, Side::Buy, Quantity{kDecimalScale});
        fp.add(7, Side::Sell, Quantity{kDecimalScale});
        QCOMPARE(fp.level_count(), std::size_t{7});
        std::vector<std::int64_t> buckets;
        for (const FootprintCell* cell : fp.levels_by_price()) buckets.push_back(cell->bucket);
        QCOMPARE(buckets, (std::vector<std::int64_t>{-3, 2, 7, 8, 49, 50, 1'000'000'000'000}));
    }

    void real_bars_analyse_as_the_bucket_walk_data() {
        QTest::addColumn<QString>("timeframe");
        QTest::addColumn<int>("bucket_ticks");
        QTest::addColumn<int>("stray_buckets");  // a stray print this many buckets above each bar's high (0: none)
        for (const char* tf : {"1m", "5m", "1h", "100t"}) {
            for (const int ticks : {1, 5, 50}) {
                QTest::addRow("%s bucket %d ticks", tf, ticks) << tf << ticks << 0;
                QTest::addRow("%s bucket %d ticks, stray print", tf, ticks) << tf << ticks << 20'000;
            }
        }
    }
    void real_bars_analyse_as_the_bucket_walk() {
        QFETCH(QString, timeframe);
        QFETCH(int, bucket_ticks);
        QFETCH(int, stray_buckets);
        const std::int64_t bucket = bucket_ticks * std::int64_t{1'000'000};  // the real hour's tick is 0.01
        Aggregator aggregator;
        const BarSeries& series = aggregator.add_series(*BarSpec::parse(timeframe.toStdString()), bucket);
        for (const Trade& t : real_hour()) aggregator.add(t);
        QVERIFY(series.bars().size() > 0);
        int compared = 0;
        for (const Bar& bar : series.bars()) {
            Footprint fp = bar.footprint;
            if (stray_buckets > 0) {  // small, so that it lands beyond the value area on one side only
                fp.add(fp.highest_bucket() + stray_buckets, Side::Buy, Quantity{kDecimalScale / 1000});
                fp.add(fp.lowest_bucket() - stray_buckets / 2, Side::Sell, Quantity{kDecimalScale / 1000});
            }
            for (const int percent : {50, 70, 100}) {
                for (const bool zeros : {false, true}) {
                    ImbalanceSettings s;
                    s.zero_counts = zeros;
                    s.stack = zeros ? 2 : 3;
                    s.ratio = Quantity{zeros ? 3 * kDecimalScale : 3 * kDecimalScale / 2};
                    const Walked want = walk_every_bucket(fp, percent, s);
                    const Walked got = analysed(fp, percent, s);
                    QVERIFY2(same(got, want), qPrintable(QString("bar at %1 µs, %2 %%, zeros %3: poc %4/%5 va %6..%7 / %8..%9")
                                                            .arg(bar.open_time_us).arg(percent).arg(zeros).arg(got.poc)
                                                            .arg(want.poc).arg(got.va.low).arg(got.va.high).arg(want.va.low)
                                                            .arg(want.va.high)));
                    ++compared;
                }
            }
        }
        QVERIFY(compared >= 6);
    }

    void a_bar_of_1e10_buckets_with_two_trades_costs_two_levels() {
        Footprint fp;
        const std::int64_t low = Footprint::bucket_of(*parse_price("9682.00000001"), 1);
        const std::int64_t high = Footprint::bucket_of(*parse_price("9782"), 1);
        QCOMPARE(high - low, std::int64_t{9'999'999'999});
        fp.add(low, Side::Sell, *parse_quantity("0.5"));
        fp.add(high, Side::Buy, *parse_quantity("0.6"));
        ImbalanceSettings s;
        s.zero_counts = true;
        s.stack = 1;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(point_of_control(fp).value(), high);
            const ValueArea va = value_area(fp).value();
            // 70 % of 1.1 needs both levels: the walk crosses the 1e10 empty buckets down to the low.
            QCOMPARE(va.high, high);
            QCOMPARE(va.low, low);
            QCOMPARE(stacked_imbalances(fp, s).size(), std::size_t{2});
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(ms < 100, qPrintable(QString("100 analyses took %1 ms").arg(ms)));  // a bucket walk takes minutes
    }

    void a_bucket_past_the_level_limit_is_refused_with_a_workable_one() {
        Aggregator aggregator;
        const BarSeries& fine = aggregator.add_series(*BarSpec::parse("1m"), 1);
        const BarSeries& tick = aggregator.add_series(*BarSpec::parse("1m"), 1'000'000);
        for (const Trade& t : real_hour()) aggregator.add(t);
        const BucketCheck refused = check_bucket(fine.bars(), fine.bucket_units());
        QVERIFY(!refused.ok);
        QVERIFY(refused.levels > kMaxLevelsPerBar);
        QCOMPARE(refused.levels, bar_levels(*refused.widest, 1));
        QCOMPARE(refused.levels, (refused.widest->high.units - refused.widest->low.units) + 1);
        // The named bucket works for every bar, and the 1-2-5 step below it does not.
        QVERIFY(check_bucket(fine.bars(), refused.workable.units).ok);
        const std::int64_t w = refused.workable.units;
        std::int64_t leading = w;
        while (leading % 10 == 0) leading /= 10;
        const std::int64_t finer = leading == 5 ? w / 5 * 2 : w / 2;
        QVERIFY2(!check_bucket(fine.bars(), finer).ok, qPrintable(QString::number(static_cast<qlonglong>(finer))));
        QVERIFY(check_bucket(tick.bars(), tick.bucket_units()).ok);
    }
};

QTEST_GUILESS_MAIN(TestFootprintLevels)
#include "test_footprint_levels.moc"
