// The trade sequencer on the real hour: trades from several sources, out of order and sent twice,
// come out once each in the exchange's order, and the bars built from them equal the bars of the
// uninterrupted stream in all eleven timeframes; holes wait, are filled, or are given up and
// filled late, each trade counted once.
#include <QtTest>

#include <algorithm>
#include <random>

#include "aggregate/aggregator.hpp"
#include "history/trade_sequencer.hpp"
#include "io/trade_file.hpp"
#include "support/aggregation_compare.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using history::SequencerOptions;
using history::TradeSequencer;

namespace {

std::vector<Trade> real_hour() {
    std::vector<Trade> trades;
    read_trade_file(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    return trades;
}

Aggregator all_timeframes(const std::vector<Trade>& trades) {
    Aggregator agg;
    test::add_standard_timeframes(agg);
    for (const Trade& t : trades) agg.add(t);
    return agg;
}

// The ids the real hour itself lacks (the exchange's file has holes).
std::vector<std::pair<std::uint64_t, std::uint64_t>> real_holes(const std::vector<Trade>& trades) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> holes;
    for (std::size_t i = 1; i < trades.size(); ++i)
        if (*trades[i].id.number != *trades[i - 1].id.number + 1)
            holes.emplace_back(*trades[i - 1].id.number + 1, *trades[i].id.number - 1);
    return holes;
}

}  // namespace

class TestTradeSequencer : public QObject {
    Q_OBJECT
private slots:
    void in_order_stops_at_each_hole_until_it_is_given_up() {
        const auto hour = real_hour();
        QCOMPARE(real_holes(hour).size(), std::size_t{0});  // the exchange's file is whole
        // The stream missed three stretches.
        std::vector<Trade> stream;
        for (std::size_t i = 0; i < hour.size(); ++i)
            if (!(i >= 500 && i < 520) && !(i >= 2000 && i < 2001) && !(i >= 3000 && i < 3300)) stream.push_back(hour[i]);
        TradeSequencer seq(SequencerOptions{true});
        std::vector<Trade> out;
        seq.push(stream, out);
        // Everything before the first hole is out; the rest waits for it.
        QCOMPARE(out.size(), std::size_t{500});
        const auto holes = seq.holes();
        QCOMPARE(holes.size(), std::size_t{3});
        QCOMPARE(holes[0].first, *hour[500].id.number);
        QCOMPARE(holes[0].last, *hour[519].id.number);
        QCOMPARE(holes[0].after_time_us, hour[499].exchange_time_us);
        QCOMPARE(holes[0].before_time_us, hour[520].exchange_time_us);
        QCOMPARE(holes[2].count(), std::uint64_t{300});
        // The first hole filled (a repair): out up to the second.
        seq.push(std::span(hour).subspan(500, 20), out);
        QCOMPARE(out.size(), std::size_t{2000});
        seq.give_up_all(out);
        QCOMPARE(out.size(), hour.size() - 301);
        for (std::size_t i = 1; i < out.size(); ++i) QVERIFY(*out[i].id.number > *out[i - 1].id.number);
        QCOMPARE(seq.given_up().size(), std::size_t{2});
        QCOMPARE(seq.counters().trades_given_up, std::uint64_t{301});
        QCOMPARE(seq.held(), std::size_t{0});
    }

    void shuffled_and_repeated_sources_give_the_uninterrupted_bars() {
        const auto hour = real_hour();
        // The hour in pages of 100 (REST), each sent twice, pages in random order, plus the live
        // stream's last 1000 trades sent a third time (a reconnect that re-sends).
        std::vector<std::span<const Trade>> pages;
        for (std::size_t i = 0; i < hour.size(); i += 100)
            pages.emplace_back(hour.data() + i, std::min<std::size_t>(100, hour.size() - i));
        std::vector<std::span<const Trade>> sends = pages;
        sends.insert(sends.end(), pages.begin(), pages.end());
        sends.emplace_back(hour.data() + hour.size() - 1000, 1000);
        std::mt19937 random(20261202);
        std::shuffle(sends.begin(), sends.end(), random);
        TradeSequencer seq(SequencerOptions{true});
        seq.start_at(*hour.front().id.number);
        std::vector<Trade> out;
        for (auto page : sends) seq.push(page, out);
        QCOMPARE(seq.holes().size(), std::size_t{0});
        QCOMPARE(out.size(), hour.size());
        QCOMPARE(seq.counters().duplicates, std::uint64_t(hour.size() + 1000));
        for (std::size_t i = 0; i < hour.size(); ++i) QVERIFY(test::same_trade(out[i], hour[i]));
        QCOMPARE(test::first_difference(all_timeframes(out), all_timeframes(hour)), std::string());
    }

    void a_given_up_hole_filled_late_counts_each_trade_once() {
        const auto hour = real_hour();
        TradeSequencer seq(SequencerOptions{true});
        std::vector<Trade> out;
        // Trades 1000..1999 of the hour are missing at first.
        std::vector<Trade> first(hour.begin(), hour.begin() + 1000), rest(hour.begin() + 2000, hour.end()),
            missing(hour.begin() + 1000, hour.begin() + 2000);
        seq.push(first, out);
        seq.push(rest, out);
        QCOMPARE(out.size(), std::size_t{1000});
        const auto hole = seq.holes().front();
        QCOMPARE(hole.first, *missing.front().id.number);
        seq.give_up_before(hole.last + 1, out);
        QCOMPARE(seq.given_up().size(), std::size_t{1});
        const std::size_t before = out.size();
        seq.push(missing, out);
        seq.push(missing, out);  // twice: counted once
        QCOMPARE(out.size() - before, missing.size());
        QCOMPARE(out.size(), hour.size());
        QCOMPARE(seq.counters().late, std::uint64_t(missing.size()));
        QCOMPARE(seq.counters().duplicates, std::uint64_t(missing.size()));
        // In the given-up list, the hole is gone once every id of it came.
        const auto& given = seq.given_up();
        QVERIFY(std::none_of(given.begin(), given.end(), [&](const history::IdHole& h) { return h.first <= hole.last && h.last >= hole.first; }));
    }

    void ids_that_are_not_consecutive_are_only_deduplicated() {
        auto hour = real_hour();
        hour.resize(3000);
        for (Trade& t : hour) t.id = TradeId::from_text("cb-" + std::to_string(*t.id.number));  // Coinbase-like text ids
        TradeSequencer seq(SequencerOptions{false});
        std::vector<Trade> out;
        seq.push(std::span(hour).first(2000), out);
        seq.push(std::span(hour).subspan(1500), out);  // a reconnect's snapshot repeats 500
        QCOMPARE(out.size(), hour.size());
        QCOMPARE(seq.counters().duplicates, std::uint64_t{500});
        for (std::size_t i = 0; i < hour.size(); ++i) QCOMPARE(out[i].id.text.view(), hour[i].id.text.view());
    }

    void too_many_waiting_trades_give_the_oldest_hole_up() {
        const auto hour = real_hour();
        SequencerOptions options{true};
        options.max_held = 100;
        TradeSequencer seq(options);
        std::vector<Trade> out;
        seq.push(std::span(hour).first(10), out);
        seq.push(std::span(hour).subspan(20, 500), out);  // 10 missing: 500 wait, past the bound
        QVERIFY(seq.held() <= 100);
        QVERIFY(out.size() > 10);
        QCOMPARE(seq.given_up().front().first, *hour[10].id.number);
    }
};

QTEST_GUILESS_MAIN(TestTradeSequencer)
#include "test_trade_sequencer.moc"
