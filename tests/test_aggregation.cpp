// Hand-computed cases for every definition of the engine: bars, delta, CVD, footprint, POC,
// value area, diagonal and stacked imbalances, late trades.
#include <QtTest>

#include <map>

#include "aggregate/aggregator.hpp"
#include "aggregate/footprint_analysis.hpp"

using namespace flowscope;

namespace {
Trade make_trade(std::int64_t time_ms, const char* price, const char* qty, Side side) {
    Trade t;
    t.exchange_time_us = time_ms * 1000;
    t.price = *parse_price(price);
    t.quantity = *parse_quantity(qty);
    t.aggressor = side;
    return t;
}
Quantity q(const char* text) { return *parse_quantity(text); }
const std::int64_t kCent = 1'000'000;  // 0.01 in 1e-8 units
}  // namespace

class TestAggregation : public QObject {
    Q_OBJECT
private slots:
    void one_minute_bar_sums_by_aggressor() {
        Aggregator agg;
        BarSeries& s = agg.add_series(*BarSpec::parse("1m"), kCent);
        agg.add(make_trade(60'000, "100.00", "1", Side::Buy));
        agg.add(make_trade(60'500, "100.02", "2", Side::Sell));
        agg.add(make_trade(119'999, "99.99", "0.5", Side::Buy));
        agg.add(make_trade(120'000, "101", "3", Side::Sell));
        QCOMPARE(s.bars().size(), std::size_t{2});
        const Bar& b = s.bars()[0];
        QCOMPARE(b.open_time_us, std::int64_t{60'000'000});
        QCOMPARE(b.open, *parse_price("100"));
        QCOMPARE(b.high, *parse_price("100.02"));
        QCOMPARE(b.low, *parse_price("99.99"));
        QCOMPARE(b.close, *parse_price("99.99"));
        QCOMPARE(b.volume, q("3.5"));
        QCOMPARE(b.buy_volume, q("1.5"));
        QCOMPARE(b.sell_volume, q("2"));
        QCOMPARE(b.delta(), Quantity{-q("0.5").units});
        QCOMPARE(b.cvd, Quantity{-q("0.5").units});
        QCOMPARE(b.max_delta, q("1"));
        QCOMPARE(b.min_delta, Quantity{-q("1").units});
        QCOMPARE(b.trades, std::uint64_t{3});
        // VWAP = (100×1 + 100.02×2 + 99.99×0.5) / 3.5 = 350.035 / 3.5 = 100.01
        QCOMPARE(format_price(b.vwap()), std::string("100.01"));
        QCOMPARE(b.imbalance(), -0.5 / 3.5);
        QCOMPARE(s.bars()[1].cvd, Quantity{-q("3.5").units});
        QCOMPARE(agg.cvd(), Quantity{-q("3.5").units});
    }

    void time_bars_are_utc_aligned() {
        Aggregator agg;
        BarSeries& h4 = agg.add_series(*BarSpec::parse("4h"), kCent);
        BarSeries& d1 = agg.add_series(*BarSpec::parse("1D"), kCent);
        const std::int64_t t = 1582329602111;  // 2020-02-22 00:00:02.111 UTC
        agg.add(make_trade(t + 5 * 3600'000, "1", "1", Side::Buy));
        QCOMPARE(h4.bars()[0].open_time_us, (1582329600000 + 4 * 3600'000) * 1000);
        QCOMPARE(d1.bars()[0].open_time_us, std::int64_t{1582329600000} * 1000);
    }

    void point_one_plus_point_two_is_one_level() {
        Aggregator agg;
        BarSeries& s = agg.add_series(*BarSpec::parse("1m"), kCent);
        agg.add(make_trade(0, "0.3", "0.1", Side::Buy));
        agg.add(make_trade(1, "0.30", "0.2", Side::Buy));
        agg.add(make_trade(2, "0.300000", "0.3", Side::Sell));
        const Footprint& fp = s.bars()[0].footprint;
        QCOMPARE(fp.level_count(), std::size_t{1});
        QCOMPARE(fp.at(fp.lowest_bucket()).ask, q("0.3"));
        QCOMPARE(fp.at(fp.lowest_bucket()).bid, q("0.3"));
        QCOMPARE(fp.at(fp.lowest_bucket()).trades, std::uint32_t{3});
    }

    void bucket_edges_floor_to_the_lower_edge() {
        const std::int64_t bucket = parse_price("0.5")->units;
        QCOMPARE(Footprint::bucket_of(*parse_price("100.49"), bucket) * bucket, parse_price("100")->units);
        QCOMPARE(Footprint::bucket_of(*parse_price("100.50"), bucket) * bucket, parse_price("100.5")->units);
        QCOMPARE(Footprint::bucket_of(*parse_price("100.99999999"), bucket) * bucket, parse_price("100.5")->units);
        QCOMPARE(Footprint::bucket_of(*parse_price("-0.1"), bucket) * bucket, parse_price("-0.5")->units);
    }

    void tick_and_volume_bars_close_on_count_and_size() {
        Aggregator agg;
        BarSeries& ticks = agg.add_series(*BarSpec::parse("2t"), kCent);
        BarSeries& vol = agg.add_series(*BarSpec::parse("1.5v"), kCent);
        agg.add(make_trade(0, "10", "1", Side::Buy));
        agg.add(make_trade(1, "10", "1", Side::Buy));
        agg.add(make_trade(2, "10", "1", Side::Sell));
        QCOMPARE(ticks.bars().size(), std::size_t{2});
        QCOMPARE(ticks.bars()[0].trades, std::uint64_t{2});
        // 1 + 1 = 2 ≥ 1.5 closes the first volume bar with the whole second trade in it.
        QCOMPARE(vol.bars().size(), std::size_t{2});
        QCOMPARE(vol.bars()[0].volume, q("2"));
        QCOMPARE(vol.bars()[1].volume, q("1"));
    }

    void late_trade_goes_to_its_bar_and_moves_later_cvd() {
        Aggregator agg;
        BarSeries& s = agg.add_series(*BarSpec::parse("1s"), kCent);
        agg.add(make_trade(1000, "10", "1", Side::Buy));
        agg.add(make_trade(2000, "11", "2", Side::Buy));
        agg.add(make_trade(3000, "12", "4", Side::Buy));
        agg.add(make_trade(1500, "9", "1", Side::Sell));   // late: belongs to the first bar
        agg.add(make_trade(500, "8", "0.5", Side::Sell));  // late: a bar that did not exist yet
        QCOMPARE(s.late_trades(), std::uint64_t{2});
        QCOMPARE(s.bars().size(), std::size_t{4});
        QCOMPARE(s.bars()[0].open_time_us, std::int64_t{0});
        QCOMPARE(s.bars()[0].cvd, Quantity{-q("0.5").units});
        QCOMPARE(s.bars()[1].cvd, Quantity{-q("0.5").units});  // −0.5 + 1 − 1
        QCOMPARE(s.bars()[1].low, *parse_price("9"));
        QCOMPARE(s.bars()[1].close, *parse_price("9"));          // 1.5 s is its latest trade
        QCOMPARE(s.bars()[2].cvd, q("1.5"));
        QCOMPARE(s.bars()[3].cvd, q("5.5"));
        QCOMPARE(s.bars()[3].cvd, agg.cvd());
    }

    void poc_and_value_area() {
        // Volumes by level (low → high): 1, 2, 10, 3, 3, 1 → total 20, 70% = 14.
        Footprint fp;
        const char* volumes[] = {"1", "2", "10", "3", "3", "1"};
        for (int i = 0; i < 6; ++i) fp.add(100 + i, Side::Buy, q(volumes[i]));
        QCOMPARE(point_of_control(fp).value(), std::int64_t{102});
        const ValueArea va = value_area(fp).value();
        // From 102 (10): up 3 vs down 2 → up (13); up 3 vs down 2 → up (16 ≥ 14).
        QCOMPARE(va.poc, std::int64_t{102});
        QCOMPARE(va.low, std::int64_t{102});
        QCOMPARE(va.high, std::int64_t{104});
    }

    void value_area_tie_takes_both_sides() {
        Footprint fp;
        const char* volumes[] = {"1", "2", "5", "2", "1"};
        for (int i = 0; i < 5; ++i) fp.add(i, Side::Sell, q(volumes[i]));
        const ValueArea va = value_area(fp).value();
        QCOMPARE(va.low, std::int64_t{1});
        QCOMPARE(va.high, std::int64_t{3});  // 9 of 11 ≥ 70%
    }

    void poc_tie_goes_to_the_middle_then_lower() {
        Footprint fp;
        fp.add(0, Side::Buy, q("5"));
        fp.add(1, Side::Buy, q("1"));
        fp.add(2, Side::Buy, q("5"));
        fp.add(3, Side::Buy, q("5"));
        fp.add(4, Side::Buy, q("1"));
        QCOMPARE(point_of_control(fp).value(), std::int64_t{2});
        Footprint even;
        even.add(0, Side::Buy, q("2"));
        even.add(1, Side::Buy, q("2"));
        QCOMPARE(point_of_control(even).value(), std::int64_t{0});
    }

    void diagonal_imbalance_compares_ask_with_bid_one_level_below() {
        Footprint fp;
        fp.add(10, Side::Sell, q("1"));   // bid(10) = 1
        fp.add(11, Side::Buy, q("3.1"));  // ask(11) = 3.1 > 3 × 1 → buy imbalance at 11
        fp.add(11, Side::Sell, q("2"));   // bid(11) = 2
        fp.add(12, Side::Buy, q("6"));    // ask(12) = 6, not > 3 × 2
        ImbalanceSettings s;
        QCOMPARE(level_imbalance(fp, 11, s), LevelImbalance::Buy);
        QCOMPARE(level_imbalance(fp, 12, s), LevelImbalance::None);
        // Sell side: bid(P) > 3 × ask(P + 1): bid(10) = 1 vs ask(11) = 3.1 → none.
        QCOMPARE(level_imbalance(fp, 10, s), LevelImbalance::None);
        s.ratio = q("1.5");
        QCOMPARE(level_imbalance(fp, 12, s), LevelImbalance::Buy);  // 6 > 1.5 × 2
        s.min_volume = q("6");
        QCOMPARE(level_imbalance(fp, 12, s), LevelImbalance::None);  // must exceed the minimum
    }

    void imbalance_against_zero_is_skipped_unless_asked() {
        Footprint fp;
        fp.add(5, Side::Buy, q("1"));   // ask(5) = 1, bid(4) = 0 (outside the bar)
        fp.add(6, Side::Sell, q("2"));  // bid(6) = 2, ask(7) = 0
        ImbalanceSettings s;
        QCOMPARE(level_imbalance(fp, 5, s), LevelImbalance::None);
        QCOMPARE(level_imbalance(fp, 6, s), LevelImbalance::None);
        s.zero_counts = true;
        QCOMPARE(level_imbalance(fp, 5, s), LevelImbalance::Buy);
        QCOMPARE(level_imbalance(fp, 6, s), LevelImbalance::Sell);
    }

    void a_level_can_carry_both_imbalances() {
        Footprint fp;
        fp.add(1, Side::Sell, q("1"));   // bid(1) = 1
        fp.add(2, Side::Buy, q("4"));    // ask(2) = 4 > 3 × bid(1)
        fp.add(2, Side::Sell, q("4"));   // bid(2) = 4 > 3 × ask(3)
        fp.add(3, Side::Buy, q("1"));    // ask(3) = 1
        QCOMPARE(level_imbalance(fp, 2, ImbalanceSettings{}), LevelImbalance::Both);
    }

    void stacked_imbalance_reports_the_price_range() {
        Footprint fp;
        fp.add(0, Side::Sell, q("1"));
        for (int b = 1; b <= 4; ++b) {
            fp.add(b, Side::Buy, q("4"));   // ask(b) = 4 > 3 × bid(b − 1) = 3
            fp.add(b, Side::Sell, q("1"));
        }
        fp.add(5, Side::Buy, q("1"));
        ImbalanceSettings s;
        auto stacks = stacked_imbalances(fp, s);
        QCOMPARE(stacks.size(), std::size_t{1});
        QCOMPARE(stacks[0].side, Side::Buy);
        QCOMPARE(stacks[0].low, std::int64_t{1});
        QCOMPARE(stacks[0].high, std::int64_t{4});
        s.stack = 5;
        QVERIFY(stacked_imbalances(fp, s).empty());
    }

    void footprint_keeps_every_level_past_the_inline_ones() {
        // Levels spread far apart and revisited force every storage change (inline → heap, index
        // rebuilds as levels pass 16, 32, 64, …; a contiguous run longer than the index, buckets
        // that collide modulo the index size, negative and huge ones); the totals must come out
        // as if kept in a map.
        Footprint fp;
        std::vector<std::int64_t> buckets = {50, 52, 49, 51, 10, 200, 50, -5, 10, 199, 1000};
        for (std::int64_t b = 300; b < 700; ++b) buckets.push_back(b);             // a contiguous run
        for (std::int64_t k = 1; k <= 40; ++k) buckets.push_back(k * 1024 + 3);    // same low bits
        buckets.push_back(-4'000'000'000'000);
        buckets.push_back(4'000'000'000'000);
        std::map<std::int64_t, std::pair<Quantity, std::uint32_t>> expected;
        for (int round = 0; round < 3; ++round)
            for (std::int64_t b : buckets) {
                const Side side = (b + round) % 2 == 0 ? Side::Buy : Side::Sell;
                fp.add(b, side, q("0.25"));
                expected[b].first += q("0.25");
                ++expected[b].second;
            }
        QCOMPARE(fp.lowest_bucket(), std::int64_t{-4'000'000'000'000});
        QCOMPARE(fp.highest_bucket(), std::int64_t{4'000'000'000'000});
        for (std::int64_t b = -10; b <= 42'000; ++b) {
            const auto it = expected.find(b);
            QCOMPARE(fp.at(b).total(), it == expected.end() ? Quantity{} : it->second.first);
            QCOMPARE(fp.at(b).trades, it == expected.end() ? 0u : it->second.second);
        }
        for (const auto& [b, want] : expected) QCOMPARE(fp.at(b).total(), want.first);
        QCOMPARE(fp.at(-4'000'000'000'001).trades, 0u);
        // A copy is independent of the original (bars are copied into UI snapshots).
        Footprint copy = fp;
        fp.add(300, Side::Buy, q("1"));
        QCOMPARE(copy.at(300).total(), expected[300].first);
        QCOMPARE(fp.at(300).total(), expected[300].first + q("1"));
    }

    void copies_and_moves_feed_their_own_series() {
        // Replay checkpoints are copies of an Aggregator; each copy must update its own bars.
        Aggregator a;
        a.add_series(*BarSpec::parse("1m"), kCent);
        a.add_series(*BarSpec::parse("1h"), kCent);
        a.add(make_trade(60'000, "100.00", "1", Side::Buy));
        Aggregator copy = a;
        copy.add(make_trade(60'500, "100.01", "2", Side::Sell));
        QCOMPARE(a.series()[0].bars()[0].trades, std::uint64_t{1});
        QCOMPARE(copy.series()[0].bars()[0].trades, std::uint64_t{2});
        QCOMPARE(copy.series()[1].bars()[0].trades, std::uint64_t{2});
        a = copy;
        a.add(make_trade(61'000, "100.02", "1", Side::Buy));
        QCOMPARE(a.series()[1].bars()[0].trades, std::uint64_t{3});
        QCOMPARE(copy.series()[1].bars()[0].trades, std::uint64_t{2});
        Aggregator moved = std::move(a);
        moved.add(make_trade(62'000, "100.03", "1", Side::Buy));
        QCOMPARE(moved.series()[0].bars()[0].trades, std::uint64_t{4});
        QCOMPARE(moved.trades(), std::uint64_t{4});
        Aggregator assigned;
        assigned = std::move(moved);
        assigned.add(make_trade(63'000, "100.04", "1", Side::Buy));
        QCOMPARE(assigned.series()[1].bars()[0].trades, std::uint64_t{5});
        QCOMPARE(assigned.cvd(), q("2"));
    }

    void bar_spec_names_round_trip() {
        for (auto name : kStandardTimeframes) {
            auto spec = BarSpec::parse(name);
            QVERIFY2(spec.has_value(), std::string(name).c_str());
            QCOMPARE(QString::fromStdString(spec->name()), QString::fromUtf8(name.data(), qsizetype(name.size())));
        }
        QCOMPARE(BarSpec::parse("500t")->trades_per_bar, std::int64_t{500});
        QCOMPARE(BarSpec::parse("2.5v")->volume_per_bar, q("2.5"));
        QVERIFY(!BarSpec::parse("0m").has_value());
        QVERIFY(!BarSpec::parse("1x").has_value());
        QVERIFY(!BarSpec::parse("m").has_value());
    }
};

QTEST_APPLESS_MAIN(TestAggregation)
#include "test_aggregation.moc"
