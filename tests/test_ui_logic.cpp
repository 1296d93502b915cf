// The UI's pure logic: the store's revision-based copies, the default bucket, --until parsing
// and the recent-source keys (the replay's own logic: test_ui_replay).
#include <QtTest>

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
        ChartStore store;
        store.reset(BarSpec::time(60), parse_price("1")->units, *parse_price("0.01"), "BTCUSDT");
        const auto trades = one_per_second(130);  // bars at 0, 60, 120 s
        store.add(trades);
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
        store.add(std::span(&later, 1));
        QVERIFY(store.update(bars, fresh, 50));
        QCOMPARE(bars.bars[0].trades, std::uint64_t{999});
        QCOMPARE(bars.bars[2].trades, std::uint64_t{11});
        QCOMPARE(store.counters().trades, std::uint64_t{131});
    }
    void store_reset_starts_a_new_generation() {
        ChartStore store;
        ChartBars bars;
        std::vector<Trade> fresh;
        store.update(bars, fresh, 10);
        const auto generation = bars.generation;
        store.reset(BarSpec::time(300), 100'000'000, *parse_price("0.01"), "BTCUSDT");
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
