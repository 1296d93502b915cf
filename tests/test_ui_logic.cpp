// The UI's pure logic: paced replay in market time, the store's revision-based copies, the
// default bucket, --until parsing and the recent-source keys.
#include <QtTest>

#include "bucket_choice.hpp"
#include "chart_store.hpp"
#include "paced_replay.hpp"
#include "quantity_text.hpp"
#include "screenshot_run.hpp"
#include "source_request.hpp"

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
    void replay_at_ten_times_plays_ten_market_seconds_per_wall_second() {
        PacedReplay r;
        r.load(one_per_second(100));
        r.set_speed(10);
        QCOMPARE(r.advance(1'000'000, 1000).size(), std::size_t{10});  // trades at 0 … 9 s
        QCOMPARE(r.market_time_us(), 10'000'000);
        QCOMPARE(r.advance(500'000, 1000).size(), std::size_t{5});
    }
    void replay_at_max_speed_is_batched_and_reaches_the_end() {
        PacedReplay r;
        r.load(one_per_second(25));
        r.set_speed(PacedReplay::kMaxSpeed);
        QCOMPARE(r.advance(0, 10).size(), std::size_t{10});
        QCOMPARE(r.advance(0, 10).size(), std::size_t{10});
        QCOMPARE(r.advance(0, 10).size(), std::size_t{5});
        QVERIFY(r.at_end());
        QCOMPARE(r.advance(0, 10).size(), std::size_t{0});
    }
    void replay_sorts_out_of_order_trades_by_exchange_time() {
        PacedReplay r;
        r.load({trade(3000, "1"), trade(1000, "2"), trade(2000, "3")});
        QCOMPARE(r.start_us(), 1'000'000);
        const auto all = r.all();
        QVERIFY(all[0].exchange_time_us < all[1].exchange_time_us && all[1].exchange_time_us < all[2].exchange_time_us);
    }
    void step_bar_ends_at_the_time_bar_boundary() {
        PacedReplay r;
        r.load(one_per_second(200));
        const BarSpec minute = BarSpec::time(60);
        QCOMPARE(r.next_bar_end(minute), 60'000'000);
        QCOMPARE(r.advance_to(r.next_bar_end(minute)).size(), std::size_t{60});
        QCOMPARE(r.next_bar_end(minute), 120'000'000);
        QCOMPARE(r.previous_bar_start(minute), 0);
        r.advance_to(90'000'000);
        QCOMPARE(r.previous_bar_start(minute), 60'000'000);
        QCOMPARE(r.next_bar_end(BarSpec::ticks(5)), 94'000'001);
    }
    void seek_returns_everything_before_the_target() {
        PacedReplay r;
        r.load(one_per_second(100));
        r.advance_to(80'000'000);
        QCOMPARE(r.seek(30'000'000).size(), std::size_t{30});
        QCOMPARE(r.market_time_us(), 30'000'000);
        QCOMPARE(r.advance_to(31'000'000).size(), std::size_t{1});
    }
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
