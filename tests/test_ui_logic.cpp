// The UI's pure logic: the store's revision-based copies, the default bucket, --until parsing
// and the recent-source keys (the replay's own logic: test_ui_replay).
#include <QtTest>

#include "aggregate/aggregator.hpp"
#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "chart/quantity_text.hpp"
#include "window/screenshot_run.hpp"
#include "source/source_request.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {
Trade trade(std::int64_t time_ms, const char* price, Side side = Side::Buy) {
    Trade t;
    t.exchange_time_us = time_ms * 1000;
    t.price = *parse_price(price);
    t.quantity = *parse_quantity("1");
    t.aggressor = side;
    return t;
}
std::vector<Trade> one_per_second(int n) {
    std::vector<Trade> v;
    for (int i = 0; i < n; ++i) v.push_back(trade(i * 1000, "100"));
    return v;
}
}  // namespace

class TestUiLogic : public QObject {
    Q_OBJECT

private slots:
    void store_copies_only_changed_bars() {
        // The worker aggregates; the store holds copies of the bars that changed, and so does the UI.
        Aggregator agg;
        const BarSeries& series = agg.add_series(BarSpec::time(60), parse_price("1")->units);
        ChartStore store;
        store.replace(series, *parse_price("0.01"), "BTCUSDT", 0, {});
        const auto trades = one_per_second(130);  // bars at 0, 60, 120 s
        for (const Trade& t : trades) agg.add(t);
        store.publish(series, trades);
        ChartBars bars;
        std::vector<Trade> fresh;
        QVERIFY(store.update(bars, fresh, 50));
        QCOMPARE(bars.bars.size(), std::size_t{3});
        QCOMPARE(fresh.size(), std::size_t{50});
        QCOMPARE(fresh.back().exchange_time_us, trades.back().exchange_time_us);
        fresh.clear();
        QVERIFY(!store.update(bars, fresh, 50));  // nothing new: no copy, no repaint
        QVERIFY(fresh.empty());
        // Mark the copy of the first bar; a trade in the newest bar must not overwrite it.
        bars.bars[0].trades = 999;
        const Trade later = trade(131'000, "101");
        agg.add(later);
        store.publish(series, std::span(&later, 1));
        QVERIFY(store.update(bars, fresh, 50));
        QCOMPARE(bars.bars[0].trades, std::uint64_t{999});
        QCOMPARE(bars.bars[2].trades, std::uint64_t{11});
        QCOMPARE(store.counters().trades, std::uint64_t{131});
        // A late trade opens a bar between two others: it and every bar after it are copied.
        Trade late = trade(250'000, "102");
        agg.add(late);
        late.exchange_time_us = 190'000'000;
        agg.add(late);
        store.publish(series, std::span(&late, 1));
        QVERIFY(store.update(bars, fresh, 50));
        QCOMPARE(bars.bars.size(), std::size_t{5});
        for (std::size_t i = 0; i < 5; ++i) {
            QCOMPARE(bars.bars[i].open_time_us, series.bars()[i].open_time_us);
            if (i > 0) QCOMPARE(bars.bars[i].trades, series.bars()[i].trades);
        }
        QCOMPARE(bars.bars[3].open_time_us, std::int64_t{180'000'000});
    }
    void store_takes_a_series_that_took_over_without_a_new_chart() {
        // A prepared engine takes over with the same bars but revisions of its own: every bar is
        // copied, the chart (and so the user's view) stays the same generation.
        Aggregator first, second;
        const BarSeries& a = first.add_series(BarSpec::time(60), kDecimalScale);
        const BarSeries& b = second.add_series(BarSpec::time(60), kDecimalScale);
        for (const Trade& t : one_per_second(130)) first.add(t);
        for (int i = 0; i < 3; ++i)
            for (const Trade& t : one_per_second(130)) second.add(t);  // another count of changes
        ChartStore store;
        store.replace(a, *parse_price("0.01"), "BTCUSDT", 130, {});
        ChartBars bars;
        std::vector<Trade> fresh;
        QVERIFY(store.update(bars, fresh, 10));
        const auto generation = bars.generation;
        store.publish(b, {}, true);
        QVERIFY(store.update(bars, fresh, 10));
        QCOMPARE(bars.generation, generation);
        QCOMPARE(bars.bars.size(), std::size_t{3});
        QCOMPARE(bars.bars[0].trades, std::uint64_t{180});
    }
    void store_replace_starts_a_new_generation() {
        ChartStore store;
        ChartBars bars;
        std::vector<Trade> fresh;
        store.update(bars, fresh, 10);
        const auto generation = bars.generation;
        Aggregator agg;
        const BarSeries& series = agg.add_series(BarSpec::time(300), 100'000'000);
        store.replace(series, *parse_price("0.01"), "BTCUSDT", 0, {});
        QVERIFY(store.update(bars, fresh, 10));
        QVERIFY(bars.generation != generation);
        QCOMPARE(bars.spec, BarSpec::time(300));
    }
    void default_bucket_is_about_half_a_dollar_on_btc_at_ten_thousand() {
        QCOMPARE(default_bucket_multiplier(*parse_price("0.01"), *parse_price("9682")), 50);
        QCOMPARE(default_bucket_multiplier(*parse_price("0.1"), *parse_price("9682")), 5);
        QCOMPARE(default_bucket_multiplier(*parse_price("0.1"), *parse_price("100000")), 50);
        QCOMPARE(default_bucket_multiplier(*parse_price("0.01"), *parse_price("3.5")), 1);
    }
    void until_accepts_clock_times_and_full_dates() {
        const qint64 start = 1582329602111000;  // 2020-02-22 00:00:02.111 UTC
        QCOMPARE(ScreenshotRun::parse_until(QStringLiteral("00:30"), start), 1582331400LL * 1'000'000);
        QCOMPARE(ScreenshotRun::parse_until(QStringLiteral("00:30:15"), start), 1582331415LL * 1'000'000);
        QCOMPARE(ScreenshotRun::parse_until(QStringLiteral("2020-02-22T00:30:00"), start), 1582331400LL * 1'000'000);
        QCOMPARE(ScreenshotRun::parse_until(QStringLiteral("half past"), start), -1);
    }
    void source_keys_round_trip_and_reject_garbage() {
        const auto live = SourceRequest::live_market(QStringLiteral("bybit"), QStringLiteral("BTCUSDT"));
        QCOMPARE(SourceRequest::from_key(live.key()).value(), live);
        const auto file = SourceRequest::replay(QStringLiteral("/data/a:b.csv"));
        QCOMPARE(SourceRequest::from_key(file.key()).value(), file);
        QVERIFY(!SourceRequest::from_key(QStringLiteral("live:bybit")));
        QVERIFY(!SourceRequest::from_key(QStringLiteral("ftp:x")));
    }
    void compact_numbers_fit_a_cell() {
        QCOMPARE(compact_number(0), QStringLiteral("0"));
        QCOMPARE(compact_number(0.132), QStringLiteral("0.13"));
        QCOMPARE(compact_number(0.001), QStringLiteral("0.001"));  // the smallest BTC trade is not "0"
        QCOMPARE(compact_number(-0.004), QStringLiteral("-0.004"));
        QCOMPARE(compact_number(0.0098), QStringLiteral("0.01"));
        QCOMPARE(compact_number(0.0002), QStringLiteral("<0.001"));
        QCOMPARE(compact_number(12.345), QStringLiteral("12.3"));
        QCOMPARE(compact_number(-1234.4), QStringLiteral("-1234"));
        QCOMPARE(compact_number(45678), QStringLiteral("45.7k"));
        QCOMPARE(compact_number(2'500'000), QStringLiteral("2.5M"));
    }
    void file_sizes_read_like_a_file_manager() {
        QCOMPARE(file_size_text(0), QStringLiteral("0 B"));
        QCOMPARE(file_size_text(999), QStringLiteral("999 B"));
        QCOMPARE(file_size_text(1234), QStringLiteral("1.23 kB"));
        QCOMPARE(file_size_text(45'678), QStringLiteral("45.7 kB"));
        QCOMPARE(file_size_text(7'960'000), QStringLiteral("7.96 MB"));
        QCOMPARE(file_size_text(123'400'000), QStringLiteral("123.4 MB"));
        QCOMPARE(file_size_text(3'100'000'000ULL), QStringLiteral("3.10 GB"));
    }
    void a_live_endpoint_is_not_part_of_the_remembered_key() {
        const auto local = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                      QStringLiteral("ws://127.0.0.1:9001/ws"));
        QCOMPARE(local.key(), QStringLiteral("live:binance-futures:BTCUSDT"));
        QVERIFY(SourceRequest::from_key(local.key())->endpoint.isEmpty());
    }
};

QTEST_MAIN(TestUiLogic)
#include "test_ui_logic.moc"
