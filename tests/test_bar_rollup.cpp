// Longer bars rolled up from shorter ones (aggregate/bar_rollup) equal the bars of a series fed
// the same trades, field for field and cell for cell, on the real hour in every timeframe pair
// and bucket multiple that rolls up; what cannot roll up exactly is refused.
#include <QtTest>

#include "aggregate/aggregator.hpp"
#include "aggregate/bar_rollup.hpp"
#include "io/trade_file.hpp"
#include "support/aggregation_compare.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

constexpr std::int64_t kCent = 1'000'000;  // the real hour's tick, 0.01

std::vector<Trade> real_hour(const char* file) {
    std::vector<Trade> trades;
    read_trade_file(test::data_path(file), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    return trades;
}

Aggregator fed(const std::vector<Trade>& trades, BarSpec spec, std::int64_t bucket) {
    Aggregator agg;
    agg.add_series(spec, bucket);
    for (const Trade& t : trades) agg.add(t);
    return agg;
}

}  // namespace

class TestBarRollup : public QObject {
    Q_OBJECT

private slots:
    void every_longer_timeframe_and_coarser_bucket_equals_the_fed_series() {
        for (const char* file : {"binance-futures-BTCUSDT-2020-02-22T00.trades.csv",
                                 "binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"}) {
            const auto trades = real_hour(file);
            QVERIFY(trades.size() > 4000);
            int rolled = 0;
            for (std::string_view short_name : kStandardTimeframes) {
                const BarSpec from_spec = *BarSpec::parse(short_name);
                const Aggregator from = fed(trades, from_spec, kCent);
                QCOMPARE(from.series().front().late_trades(), std::uint64_t{0});
                for (std::string_view long_name : kStandardTimeframes) {
                    const BarSpec to_spec = *BarSpec::parse(long_name);
                    for (std::int64_t multiple : {1, 5, 50}) {
                        auto longer = roll_up(from.series().front(), to_spec, kCent * multiple);
                        const bool expected = to_spec.duration_us >= from_spec.duration_us &&
                                              to_spec.duration_us % from_spec.duration_us == 0;
                        QCOMPARE(longer.has_value(), expected);
                        if (!longer) continue;
                        Aggregator merged = from;
                        merged.series().front() = std::move(*longer);
                        const std::string diff = test::first_difference(fed(trades, to_spec, kCent * multiple), merged);
                        QVERIFY2(diff.empty(), (std::string(file) + " " + std::string(short_name) + " → " +
                                                std::string(long_name) + " ×" + std::to_string(multiple) + ": " + diff)
                                                   .c_str());
                        ++rolled;
                    }
                }
            }
            QCOMPARE(rolled, 3 * 66);  // 66 pairs of the 11 timeframes where one divides the other
        }
    }

    void a_rolled_up_series_goes_on_like_the_fed_one() {
        const auto trades = real_hour("binance-futures-BTCUSDT-2020-02-22T00.trades.csv");
        const std::size_t half = trades.size() / 2;
        const std::vector<Trade> first(trades.begin(), trades.begin() + static_cast<std::ptrdiff_t>(half));
        Aggregator merged = fed(first, BarSpec::time(60), kCent);
        merged.series().front() = *roll_up(merged.series().front(), BarSpec::time(900), 50 * kCent);
        for (std::size_t i = half; i < trades.size(); ++i) merged.add(trades[i]);
        const std::string diff = test::first_difference(fed(trades, BarSpec::time(900), 50 * kCent), merged);
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void what_cannot_roll_up_exactly_is_refused() {
        auto trades = real_hour("binance-futures-BTCUSDT-2020-02-22T00.trades.csv");
        const Aggregator one_minute = fed(trades, BarSpec::time(60), kCent);
        QVERIFY(!roll_up(one_minute.series().front(), BarSpec::time(30), kCent));        // shorter
        QVERIFY(!roll_up(one_minute.series().front(), BarSpec::time(90), kCent));        // not a multiple
        QVERIFY(!roll_up(one_minute.series().front(), BarSpec::time(300), kCent / 2));   // finer bucket
        QVERIFY(!roll_up(one_minute.series().front(), BarSpec::time(300), kCent * 3 / 2));  // not a multiple
        QVERIFY(!roll_up(one_minute.series().front(), *BarSpec::parse("500t"), kCent));  // not time bars
        // A late trade (back into an earlier bar) interleaves arrival order across the bars: no roll-up.
        Trade late = trades[100];
        late.exchange_time_us = trades.front().exchange_time_us;
        trades.push_back(late);
        const Aggregator with_late = fed(trades, BarSpec::time(60), kCent);
        QCOMPARE(with_late.series().front().late_trades(), std::uint64_t{1});
        QVERIFY(!roll_up(with_late.series().front(), BarSpec::time(300), kCent));
    }
};

QTEST_GUILESS_MAIN(TestBarRollup)
#include "test_bar_rollup.moc"
