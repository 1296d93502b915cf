// Market groups on the real hour: the aggTrades file as Binance USD-M, the trades file relabelled
// as Bybit, the Tardis file shifted by 1 ms and relabelled as OKX BTC-USDT-SWAP with its sizes in
// contracts. The group's bars are held to an independent merge written here (a stable sort of all
// the feeds' trades by time and feed, aggregated once) in all eleven timeframes; the live merger's
// bounded wait, the quote and base checks, OKX contract values and the CLI with two inputs.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <map>

#include "aggregate/aggregator.hpp"
#include "group/group_merge.hpp"
#include "group/group_merger.hpp"
#include "group/market_group.hpp"
#include "io/trade_file.hpp"
#include "net/exchange_adapter.hpp"
#include "net/instrument_metadata.hpp"
#include "support/aggregation_compare.hpp"
#include "support/cli_run.hpp"
#include "support/group_hour.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

const std::string kHour = "binance-futures-BTCUSDT-2020-02-22T00.";
constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kOkxShiftUs = 1 * kMs;
// OKX's documented instruments answer for BTC-USDT-SWAP (the one test_net_metadata reads).
const char* const kOkxSwapMetadata =
    R"({"code":"0","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","ctVal":"0.01","ctMult":"1","lotSz":"0.01","tickSz":"0.1"}],"msg":""})";

std::vector<Trade> read_hour(const std::string& kind) {
    std::vector<Trade> trades;
    const TradeFileResult r = read_trade_file(test::data_path(kHour + kind + ".csv"), {}, [](const TradeFileResult&) {},
                                              [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    if (!r.ok) qFatal("%s", r.error.c_str());
    return trades;
}

std::vector<Trade> relabelled(std::vector<Trade> trades, Exchange exchange, const char* symbol, std::int64_t shift_us = 0) {
    for (Trade& t : trades) {
        t.exchange = exchange;
        t.symbol = Symbol(symbol);
        t.exchange_time_us += shift_us;
    }
    return trades;
}

Quantity okx_ct_val() {
    const auto instrument = parse_instrument_metadata(Exchange::Okx, "BTC-USDT-SWAP", kOkxSwapMetadata);
    if (!instrument) qFatal("%s", instrument.error().c_str());
    return instrument->contract_multiplier;
}

// The three feeds of the real hour, and what each trade is in the base asset.
struct HourGroup {
    std::vector<Trade> binance, bybit, okx_contracts, okx_base;
    MarketGroup group;
};

HourGroup hour_group() {
    HourGroup h;
    h.binance = relabelled(read_hour("aggTrades"), Exchange::BinanceFutures, "BTCUSDT");
    h.bybit = relabelled(read_hour("trades"), Exchange::Bybit, "BTCUSDT");
    h.okx_base = relabelled(read_hour("tardis"), Exchange::Okx, "BTC-USDT-SWAP", kOkxShiftUs);
    h.okx_contracts = h.okx_base;
    for (Trade& t : h.okx_contracts) t.quantity.units *= 100;  // 1 contract = 0.01 BTC
    const std::vector<GroupMarket> markets{{Exchange::BinanceFutures, "BTCUSDT", std::nullopt},
                                           {Exchange::Bybit, "BTCUSDT", std::nullopt},
                                           {Exchange::Okx, "BTC-USDT-SWAP", okx_ct_val()}};
    auto group = make_market_group(markets, false);
    if (!group) qFatal("%s", group.error().c_str());
    h.group = *group;
    return h;
}

struct Tagged {
    Trade trade;
    std::size_t feed;
};

// The independent merge: every trade tagged with its feed, stable-sorted by time then feed.
std::vector<Tagged> sorted_merge(const std::vector<const std::vector<Trade>*>& feeds) {
    std::vector<Tagged> all;
    for (std::size_t f = 0; f < feeds.size(); ++f)
        for (const Trade& t : *feeds[f]) all.push_back({t, f});
    std::stable_sort(all.begin(), all.end(), [](const Tagged& a, const Tagged& b) {
        return a.trade.exchange_time_us != b.trade.exchange_time_us ? a.trade.exchange_time_us < b.trade.exchange_time_us
                                                                      : a.feed < b.feed;
    });
    return all;
}

bool in_time_order(const std::vector<Trade>& trades) {
    return std::is_sorted(trades.begin(), trades.end(),
                          [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
}

QString first_mismatch(const std::vector<Tagged>& got, const std::vector<Tagged>& want) {
    if (got.size() != want.size()) return QString("%1 trades, expected %2").arg(got.size()).arg(want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i].feed != want[i].feed || !test::same_trade(got[i].trade, want[i].trade))
            return QString("trade %1 differs (feed %2, expected feed %3)").arg(i).arg(got[i].feed).arg(want[i].feed);
    return {};
}

using test::tardis_hour_as;

struct CsvBar {
    QStringList fields;
    qint64 units(int column) const { return qint64(parse_decimal_units(fields[column].toStdString()).value_or(0)); }
};

std::map<QString, CsvBar> bars_by_time(const QString& csv) {
    std::map<QString, CsvBar> bars;
    const QStringList lines = csv.split('\n', Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].split(',');
        bars[f[0]] = CsvBar{f};
    }
    return bars;
}

}  // namespace

class TestMarketGroup : public QObject {
    Q_OBJECT

private slots:
    void group_bars_equal_an_independent_merge_in_all_timeframes() {
        const HourGroup h = hour_group();
        QVERIFY(in_time_order(h.binance) && in_time_order(h.bybit) && in_time_order(h.okx_base));  // the oracle assumes it

        const std::array<std::span<const Trade>, 3> feeds{h.binance, h.bybit, h.okx_contracts};
        Aggregator merged;
        test::add_standard_timeframes(merged);
        std::vector<Tagged> order;
        const GroupMergeResult result = merge_group_feeds(h.group, std::span<const std::span<const Trade>>(feeds),
                                                          [&](const Trade& t, std::size_t feed) {
                                                              merged.add(t);
                                                              order.push_back({t, feed});
                                                          });
        QCOMPARE(result.trades, std::uint64_t(h.binance.size() + h.bybit.size() + h.okx_base.size()));
        QCOMPARE(result.inexact_sizes, std::uint64_t(0));

        const std::vector<Tagged> expected = sorted_merge({&h.binance, &h.bybit, &h.okx_base});
        QCOMPARE(first_mismatch(order, expected), QString());
        Aggregator independent;
        test::add_standard_timeframes(independent);
        for (const Tagged& t : expected) independent.add(t.trade);
        QCOMPARE(QString::fromStdString(test::first_difference(merged, independent)), QString());
        QCOMPARE(merged.series().size(), std::size_t(11));

        // Each merged trade kept its exchange, and ties went to the feed earlier in the group.
        std::map<Exchange, std::size_t> per_exchange;
        for (const Tagged& t : order) ++per_exchange[t.trade.exchange];
        QCOMPARE(per_exchange[Exchange::BinanceFutures], h.binance.size());
        QCOMPARE(per_exchange[Exchange::Bybit], h.bybit.size());
        QCOMPARE(per_exchange[Exchange::Okx], h.okx_base.size());
        QCOMPARE(order.front().trade.exchange, Exchange::BinanceFutures);  // the hour's first trade is in both Binance files
        QCOMPARE(order[1].trade.exchange, Exchange::Bybit);
        QCOMPARE(order.front().trade.exchange_time_us, order[1].trade.exchange_time_us);

        QCOMPARE(h.group.title(), std::string("BTC/USDT \xC2\xB7 binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP"));

        // Binance and Bybit alone: every Binance time is a Bybit time, so each run ends on a tie.
        const std::array<std::span<const Trade>, 2> two{h.binance, h.bybit};
        std::vector<Tagged> two_order;
        merge_group_feeds(h.group, std::span<const std::span<const Trade>>(two),
                          [&](const Trade& t, std::size_t feed) { two_order.push_back({t, feed}); });
        QCOMPARE(first_mismatch(two_order, sorted_merge({&h.binance, &h.bybit})), QString());
    }

    void okx_contracts_count_in_the_base_asset() {
        // OKX's documented trades frame on its BTC-USDT-SWAP: 3 contracts.
        const std::string frame =
            R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"130639474",)"
            R"("px":"42219.9","sz":"3","side":"buy","ts":"1630048897897","count":"3"},{"instId":"BTC-USDT-SWAP","tradeId":"130639475",)"
            R"("px":"42219.8","sz":"0.12060306","side":"sell","ts":"1630048897898","count":"1"}]})";
        std::vector<Trade> trades;
        QCOMPARE(make_adapter(Exchange::Okx)->parse(frame, 0, trades).kind, FrameKind::Trades);
        QCOMPARE(trades.size(), std::size_t(2));
        QCOMPARE(trades[0].quantity, *parse_quantity("3"));

        const Quantity ct_val = okx_ct_val();
        QCOMPARE(ct_val, *parse_quantity("0.01"));
        const std::vector<GroupMarket> markets{{Exchange::Okx, "BTC-USDT-SWAP", ct_val}};
        const auto group = make_market_group(markets, false);
        QVERIFY2(group.ok(), group.error().c_str());
        QVERIFY(group->feeds[0].size.source.find("instrument metadata") != std::string::npos);
        std::vector<Trade> out;
        const std::array<std::span<const Trade>, 1> feeds{trades};
        const GroupMergeResult r = merge_group_feeds(*group, std::span<const std::span<const Trade>>(feeds),
                                                     [&](const Trade& t, std::size_t) { out.push_back(t); });
        QCOMPARE(out[0].quantity, *parse_quantity("0.03"));
        QCOMPARE(out[1].quantity, *parse_quantity("0.00120603"));  // 0.0012060306 rounded to 1e-8, and said
        QCOMPARE(r.inexact_sizes, std::uint64_t(1));
        QCOMPARE(out[0].price, trades[0].price);

        // Without metadata: the built-in value, said as such; an unknown contract is refused.
        const std::vector<GroupMarket> builtin{{Exchange::Okx, "BTC-USDT-SWAP", std::nullopt}};
        const auto fallback = make_market_group(builtin, false);
        QVERIFY2(fallback.ok(), fallback.error().c_str());
        QCOMPARE(fallback->feeds[0].size.base_per_unit, ct_val);
        QVERIFY(fallback->feeds[0].size.source.find("built-in") != std::string::npos);
        const std::vector<GroupMarket> unknown{{Exchange::Okx, "PEPE-USDT-SWAP", std::nullopt}};
        const auto refused = make_market_group(unknown, false);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().find("ctVal") != std::string::npos, refused.error().c_str());
        const std::vector<GroupMarket> inverse{{Exchange::Okx, "BTC-USD-SWAP", std::nullopt}};
        const auto inverse_refused = make_market_group(inverse, false);
        QVERIFY(!inverse_refused.ok());
        QVERIFY2(inverse_refused.error().find("inverse") != std::string::npos, inverse_refused.error().c_str());
        // Spot sizes are already base asset.
        const std::vector<GroupMarket> spot{{Exchange::Okx, "BTC-USDT", std::nullopt}};
        QVERIFY(make_market_group(spot, false)->feeds[0].size.is_one());
    }

    void quote_currencies_are_never_mixed_silently() {
        const std::vector<GroupMarket> mixed{{Exchange::BinanceSpot, "BTCUSDT", std::nullopt},
                                             {Exchange::Coinbase, "BTC-USD", std::nullopt},
                                             {Exchange::Kraken, "XBT/USD", std::nullopt}};
        const auto refused = make_market_group(mixed, false);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error(), std::string("quote currencies differ: binance BTCUSDT is priced in USDT, coinbase BTC-USD "
                                              "in USD; their prices differ by the USDT/USD rate, so a group mixes them only when asked to"));
        const auto accepted = make_market_group(mixed, true);
        QVERIFY2(accepted.ok(), accepted.error().c_str());
        QCOMPARE(accepted->base, std::string("BTC"));  // Kraken's XBT is BTC
        QCOMPARE(accepted->title(), std::string("BTC/USDT+USD (mixed quotes) \xC2\xB7 binance BTCUSDT + coinbase BTC-USD + kraken XBT/USD"));

        const std::vector<GroupMarket> usd_only{{Exchange::Coinbase, "BTC-USD", std::nullopt}, {Exchange::Kraken, "BTC/USD", std::nullopt}};
        const auto one_quote = make_market_group(usd_only, false);
        QVERIFY(one_quote.ok());
        QVERIFY(!one_quote->quote_mix());
        QVERIFY(one_quote->title().find("mixed") == std::string::npos);

        const std::vector<GroupMarket> two_bases{{Exchange::BinanceFutures, "BTCUSDT", std::nullopt}, {Exchange::Bybit, "ETHUSDT", std::nullopt}};
        const auto other_base = make_market_group(two_bases, true);
        QVERIFY(!other_base.ok());
        QCOMPARE(other_base.error(), std::string("a group is one market: binance-futures BTCUSDT trades BTC, bybit ETHUSDT trades ETH"));
        const std::vector<GroupMarket> twice{{Exchange::Bybit, "BTCUSDT", std::nullopt}, {Exchange::Bybit, "BTCUSDT", std::nullopt}};
        QVERIFY(!make_market_group(twice, false).ok());
        const std::vector<GroupMarket> unreadable{{Exchange::BinanceFutures, "UNKNOWN", std::nullopt}};
        QVERIFY(!make_market_group(unreadable, false).ok());
        const std::vector<GroupMarket> usdc{{Exchange::BinanceFutures, "BTCUSDC", std::nullopt}, {Exchange::BinanceFutures, "BTCUSDT", std::nullopt}};
        QVERIFY(!make_market_group(usdc, false).ok());
    }

    // Binance's feed arrives 20 ms after its trades, Bybit's `delay` after: released every 10 ms.
    void bounded_wait_data() {
        QTest::addColumn<qint64>("delay_ms");
        QTest::newRow("slow feed within the wait") << qint64(150);
        QTest::newRow("slow feed past the wait") << qint64(1000);
    }
    void bounded_wait() {
        QFETCH(qint64, delay_ms);
        const HourGroup h = hour_group();
        const std::vector<GroupMarket> markets{{Exchange::BinanceFutures, "BTCUSDT", std::nullopt}, {Exchange::Bybit, "BTCUSDT", std::nullopt}};
        GroupMerger merger(*make_market_group(markets, false));
        QCOMPARE(merger.max_wait_us(), std::int64_t(300 * kMs));
        const std::array<const std::vector<Trade>*, 2> feeds{&h.binance, &h.bybit};
        const std::array<std::int64_t, 2> delay{20 * kMs, delay_ms * kMs};
        std::array<std::size_t, 2> next{0, 0};
        std::vector<Tagged> out;
        const auto take = [&](const Trade& t, std::size_t feed) { out.push_back({t, feed}); };
        const std::int64_t end = h.bybit.back().exchange_time_us + 2'000 * kMs;
        for (std::int64_t now = h.binance.front().exchange_time_us; now < end; now += 10 * kMs) {
            for (std::size_t f = 0; f < 2; ++f) {
                const std::size_t from = next[f];
                while (next[f] < feeds[f]->size() && (*feeds[f])[next[f]].exchange_time_us + delay[f] <= now) ++next[f];
                merger.push(f, std::span<const Trade>(*feeds[f]).subspan(from, next[f] - from), now);
            }
            merger.release(now, take);
        }
        QCOMPARE(merger.held(), std::size_t(0));
        const MergeLatency& latency = merger.latency();
        QCOMPARE(latency.released, std::uint64_t(h.binance.size() + h.bybit.size()));
        QVERIFY(latency.max_hold_us <= merger.max_wait_us() + 10 * kMs);

        // Each feed's trades come out in its own order, the slow one's too.
        for (std::size_t f = 0; f < 2; ++f) {
            std::vector<Trade> own;
            for (const Tagged& t : out)
                if (t.feed == f) own.push_back(t.trade);
            QCOMPARE(own.size(), feeds[f]->size());
            for (std::size_t i = 0; i < own.size(); ++i) QVERIFY(test::same_trade(own[i], (*feeds[f])[i]));
        }
        const std::vector<Tagged> offline = sorted_merge({&h.binance, &h.bybit});
        if (delay_ms == 150) {
            // Bybit shows every time within 130 ms of Binance: nothing is forced, nothing late, and the
            // live merge is the offline one trade for trade.
            QCOMPARE(first_mismatch(out, offline), QString());
            QCOMPARE(latency.released_by_wait, std::uint64_t(0));
            QCOMPARE(latency.feeds[1].late_trades, std::uint64_t(0));
            QVERIFY(latency.max_hold_us >= 120 * kMs && latency.max_hold_us <= 140 * kMs);
        } else {
            // Binance's trades go out after the 300 ms wait, Bybit's arrive ~680 ms behind them: late,
            // counted, and how late said.
            QVERIFY(first_mismatch(out, offline) != QString());
            QVERIFY(latency.released_by_wait > 0);
            QVERIFY(latency.feeds[1].waits_run_out > 0);
            QCOMPARE(latency.feeds[0].late_trades, std::uint64_t(0));
            QVERIFY(latency.feeds[1].late_trades > 0);
            qInfo("%llu of Bybit's %zu trades late, the latest %.1f ms; %llu released by the wait",
                  static_cast<unsigned long long>(latency.feeds[1].late_trades), h.bybit.size(),
                  latency.feeds[1].latest_late_us / 1000.0, static_cast<unsigned long long>(latency.released_by_wait));
            QVERIFY2(latency.feeds[1].latest_late_us > 600 * kMs && latency.feeds[1].latest_late_us <= 700 * kMs,
                     std::to_string(latency.feeds[1].latest_late_us).c_str());
            QVERIFY(latency.max_hold_us >= 300 * kMs);
        }
    }

    void a_silent_feed_holds_the_group_only_for_the_wait() {
        const HourGroup h = hour_group();
        const std::vector<GroupMarket> markets{{Exchange::BinanceFutures, "BTCUSDT", std::nullopt}, {Exchange::Bybit, "BTCUSDT", std::nullopt}};
        GroupMerger merger(*make_market_group(markets, false), 250 * kMs);
        std::vector<Trade> out;
        const auto take = [&](const Trade& t, std::size_t) { out.push_back(t); };
        const std::span<const Trade> first(h.binance.data(), 100);
        merger.push(0, first, 0);
        merger.release(249 * kMs, take);
        QCOMPARE(out.size(), std::size_t(0));  // Bybit has said nothing yet
        merger.release(250 * kMs, take);
        QCOMPARE(out.size(), std::size_t(100));
        QCOMPARE(merger.latency().released_by_wait, std::uint64_t(100));
        QCOMPARE(merger.latency().feeds[1].heard, false);
        QCOMPARE(merger.latency().feeds[1].waits_run_out, std::uint64_t(1));
        QCOMPARE(merger.latency().feeds[0].waits_run_out, std::uint64_t(0));
        // Bybit speaks: a quiet feed's heartbeat lets Binance's next trades out at once.
        merger.reached(1, h.binance[199].exchange_time_us);
        merger.push(0, std::span<const Trade>(h.binance.data() + 100, 100), 260 * kMs);
        merger.release(260 * kMs, take);
        QCOMPARE(out.size(), std::size_t(200));
        QCOMPARE(merger.latency().released_by_wait, std::uint64_t(100));
        QCOMPARE(merger.latency().last_hold_us, std::int64_t(0));
    }

    void cli_bars_of_two_inputs_are_the_merged_market() {
        QTemporaryDir dir;
        const QString agg = QString::fromStdString(test::data_path(kHour + "aggTrades.csv"));
        const QString bybit = tardis_hour_as(dir, "bybit", "BTCUSDT");
        const QString okx = tardis_hour_as(dir, "okex-swap", "BTC-USDT-SWAP", 100);
        const test::CliRun one = test::run_cli({"bars", "--input", agg, "--symbol", "BTCUSDT"});
        const test::CliRun other = test::run_cli({"bars", "--input", bybit});
        const test::CliRun both = test::run_cli({"bars", "--input", agg, "--input", okx, "--symbol", "BTCUSDT"});
        QCOMPARE(one.exit_code, 0);
        QCOMPARE(other.exit_code, 0);
        QVERIFY2(both.exit_code == 0, qPrintable(both.err));
        QVERIFY2(both.err.contains("group BTC/USDT \u00B7 binance-futures BTCUSDT + okx BTC-USDT-SWAP: 9,338 trades merged"), qPrintable(both.err));
        QVERIFY2(both.err.contains("1 contract = 0.01 BTC (built-in ctVal"), qPrintable(both.err));
        QCOMPARE(both.out.section('\n', 0, 0), one.out.section('\n', 0, 0));

        // Per minute: volumes, sides, trades and CVD add up; high is the higher, low the lower.
        const auto a = bars_by_time(one.out), b = bars_by_time(other.out), m = bars_by_time(both.out);
        QCOMPARE(m.size(), b.size());
        QVERIFY(m.size() > 50);
        for (const auto& [minute, bar] : m) {
            QVERIFY(a.count(minute) && b.count(minute));
            const CsvBar &x = a.at(minute), &y = b.at(minute);
            for (int column : {5, 6, 7, 8, 9, 10}) QCOMPARE(bar.units(column), x.units(column) + y.units(column));
            QCOMPARE(bar.units(2), std::max(x.units(2), y.units(2)));
            QCOMPARE(bar.units(3), std::min(x.units(3), y.units(3)));
            QCOMPARE(bar.units(1), x.units(1));  // at equal times the first input's trade opens the bar
        }

        // A recording joins a group as a trade file does: the bundled session is the aggTrades hour.
        const QString session = QStringLiteral(FLOWSCOPE_RESOURCES_DIR) + "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec";
        const test::CliRun recorded = test::run_cli({"bars", "--input", session, "--input", bybit});
        const test::CliRun from_file = test::run_cli({"bars", "--input", agg, "--input", bybit, "--symbol", "BTCUSDT"});
        QVERIFY2(recorded.exit_code == 0, qPrintable(recorded.err));
        QVERIFY2(recorded.err.contains("group BTC/USDT \u00B7 binance-futures BTCUSDT + bybit BTCUSDT: 9,338 trades merged"), qPrintable(recorded.err));
        QCOMPARE(recorded.out, from_file.out);
        QCOMPARE(bars_by_time(from_file.out).size(), m.size());

        // A contract without a built-in value is refused until its value is given.
        const QString future = tardis_hour_as(dir, "okex-futures", "BTC-USDT-250328", 100);
        const test::CliRun no_value = test::run_cli({"bars", "-i", agg, "-i", future, "--symbol", "BTCUSDT"});
        QCOMPARE(no_value.exit_code, 2);
        QVERIFY2(no_value.err.contains("ctVal") && no_value.err.contains("--contract-value SYMBOL=VALUE"), qPrintable(no_value.err));
        const test::CliRun valued = test::run_cli({"bars", "-i", agg, "-i", future, "--symbol", "BTCUSDT", "--contract-value", "BTC-USDT-250328=0.01"});
        QVERIFY2(valued.exit_code == 0, qPrintable(valued.err));
        QVERIFY2(valued.err.contains("1 contract = 0.01 BTC (ctVal from --contract-value)"), qPrintable(valued.err));
        QCOMPARE(valued.out, both.out);
        QCOMPARE(test::run_cli({"bars", "-i", agg, "-i", future, "--contract-value", "BTC-USDT-250328"}).exit_code, 2);

        // Bad combinations exit 2, saying why.
        const QString coinbase = tardis_hour_as(dir, "coinbase", "BTC-USD");
        const test::CliRun mixed = test::run_cli({"bars", "-i", bybit, "-i", coinbase});
        QCOMPARE(mixed.exit_code, 2);
        QVERIFY2(mixed.err.contains("quote currencies differ") && mixed.err.contains("--accept-quote-mix"), qPrintable(mixed.err));
        QVERIFY(mixed.out.isEmpty());
        const test::CliRun accepted = test::run_cli({"bars", "-i", bybit, "-i", coinbase, "--accept-quote-mix"});
        QCOMPARE(accepted.exit_code, 0);
        QVERIFY2(accepted.err.contains("BTC/USDT+USD (mixed quotes)"), qPrintable(accepted.err));
        const QString eth = tardis_hour_as(dir, "bybit", "ETHUSDT");
        const test::CliRun bases = test::run_cli({"bars", "-i", okx, "-i", eth});
        QCOMPARE(bases.exit_code, 2);
        QVERIFY2(bases.err.contains("a group is one market"), qPrintable(bases.err));
        const test::CliRun unnamed = test::run_cli({"bars", "-i", agg, "-i", bybit});
        QCOMPARE(unnamed.exit_code, 2);
        QVERIFY2(unnamed.err.contains("--symbol"), qPrintable(unnamed.err));
    }
};

QTEST_GUILESS_MAIN(TestMarketGroup)
#include "test_market_group.moc"
