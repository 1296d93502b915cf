// A group of markets opened in the app from files made separately: the real hour as Binance USD-M
// (the aggTrades file), Bybit (the Tardis file relabelled) and OKX BTC-USDT-SWAP (the Tardis file
// relabelled, its sizes in contracts of 0.01 BTC). The group source's bars are held to an
// independent merge written here (a stable sort of every member's trades by time and member,
// aggregated once) in several timeframes; time & sales names each print's exchange; the CVD pane's
// member lines equal each member's own CVD; a mix of quote currencies is refused until accepted;
// a group's key survives the layouts' and recent sources' text.
#include <QtTest>

#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QHeaderView>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "aggregate/aggregator.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "chart/chart_store.hpp"
#include "chart/cvd_pane.hpp"
#include "chart/chart_studies.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/footprint_plottable.hpp"
#include "chart/quantity_text.hpp"
#include "group/market_group.hpp"
#include "io/trade_file.hpp"
#include "source/group_files.hpp"
#include "source/group_picker.hpp"
#include "source/group_source.hpp"
#include "source/source_request.hpp"
#include "source/source_worker.hpp"
#include "support/aggregation_compare.hpp"
#include "support/replayed_window.hpp"
#include "support/group_hour.hpp"
#include "support/test_data.hpp"
#include "chart/order_flow_view.hpp"
#include "source/source_controller.hpp"
#include "window/main_window.hpp"
#include "window/time_sales_model.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const std::string kHour = "binance-futures-BTCUSDT-2020-02-22T00.";

using test::tardis_hour_as;

// The Tardis hour laid `hours` times end to end as one exchange's file (times and ids moved on).
QString tardis_day_as(const QTemporaryDir& dir, const QString& exchange, const QString& symbol, int hours, int size_factor = 1) {
    QFile in(QString::fromStdString(test::data_path(kHour + "tardis.csv")));
    if (!in.open(QIODevice::ReadOnly)) qFatal("cannot read the Tardis hour");
    const QByteArray header = in.readLine();
    QList<QStringList> rows;
    while (!in.atEnd()) {
        QStringList f = QString::fromUtf8(in.readLine()).trimmed().split(',');
        if (f.size() >= 8) rows << f;
    }
    const QString path = dir.filePath(exchange + "-day.csv");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    out.write(header);
    for (int h = 0; h < hours; ++h) {
        const qint64 shift = qint64(h) * 3'600'000'000;
        for (QStringList f : rows) {
            f[0] = exchange;
            f[1] = symbol;
            f[2] = QString::number(f[2].toLongLong() + shift);
            f[3] = QString::number(f[3].toLongLong() + shift);
            f[4] = QString::number(f[4].toLongLong() + qint64(h) * 1'000'000);
            if (size_factor != 1) f[7] = format_quantity(Quantity{parse_quantity(f[7].toStdString())->units * size_factor}).c_str();
            out.write((f.join(',') + '\n').toUtf8());
        }
    }
    return path;
}

std::vector<Trade> read_hour(const std::string& kind) {
    std::vector<Trade> trades;
    const TradeFileResult r = read_trade_file(test::data_path(kHour + kind + ".csv"), {}, [](const TradeFileResult&) {},
                                              [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    if (!r.ok) qFatal("%s", r.error.c_str());
    return trades;
}

// The members' trades in the base asset, in the group's order: Binance, Bybit, OKX.
std::vector<std::vector<Trade>> member_trades() {
    const std::vector<Trade> binance = read_hour("aggTrades");
    const std::vector<Trade> tardis = read_hour("tardis");
    return {binance, tardis, tardis};
}

// The oracle: every trade tagged with its member, stably sorted by time then member.
struct Tagged {
    Trade trade;
    std::size_t member;
};
std::vector<Tagged> independent_merge(const std::vector<std::vector<Trade>>& members) {
    std::vector<Tagged> all;
    for (std::size_t m = 0; m < members.size(); ++m)
        for (const Trade& t : members[m]) all.push_back({t, m});
    std::stable_sort(all.begin(), all.end(), [](const Tagged& a, const Tagged& b) {
        return a.trade.exchange_time_us != b.trade.exchange_time_us ? a.trade.exchange_time_us < b.trade.exchange_time_us
                                                                    : a.member < b.member;
    });
    return all;
}

struct Files {
    QTemporaryDir dir;
    QString binance = QString::fromStdString(test::data_path(kHour + "aggTrades.csv"));
    QString bybit = tardis_hour_as(dir, "bybit", "BTCUSDT");
    QString okx = tardis_hour_as(dir, "okex-swap", "BTC-USDT-SWAP", 100);
    QStringList members() const { return {binance, bybit, okx}; }
};

// The real window, one pane, the group of files replayed to its end in 1m bars (null when it
// did not get there in time); the settings of a first run.
std::unique_ptr<MainWindow> group_window(const Files& files, QSize size) {
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    StartOptions options;
    options.source = SourceRequest::group_of(files.members());
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    options.single_pane = true;
    auto window = std::make_unique<MainWindow>(options);
    QSignalSpy finished(window->controller(), &SourceController::replay_finished);
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 30000)) return nullptr;
    OrderFlowView* view = window->view();
    if (!QTest::qWaitFor([&] { return view->refresh(), view->bars().bars.size() == 60; }, 10000)) return nullptr;
    return window;
}

// The whole group played into the store; its chart as the UI gets it.
ChartBars played_chart(GroupSource& source, ChartStore& store, std::vector<Trade>* trades = nullptr) {
    source.seek(source.group().trades.back().exchange_time_us + 1);
    ChartBars chart;
    std::vector<Trade> scratch;
    store.update(chart, trades ? *trades : scratch, std::numeric_limits<std::size_t>::max());
    return chart;
}

}  // namespace

class TestUiGroup : public QObject {
    Q_OBJECT

private slots:
    void a_group_key_round_trips() {
        const SourceRequest group = SourceRequest::group_of({"/data/a.fsrec", "/odd|name%7C/b.csv", "*star.csv"});
        QCOMPARE(group.key(), QStringLiteral("group:/data/a.fsrec|/odd%7Cname%257C/b.csv|%2Astar.csv"));
        const auto back = SourceRequest::from_key(group.key());
        QVERIFY(back);
        QCOMPARE(*back, group);
        QCOMPARE(back->members, QStringList({"/data/a.fsrec", "/odd|name%7C/b.csv", "*star.csv"}));
        QVERIFY(!back->live && !back->accept_quote_mix);
        QCOMPARE(back->path, group.key());  // whatever opens a replay by path opens the group
        QCOMPARE(back->label(), QStringLiteral("Group ×3 · a.fsrec + b.csv + *star.csv"));

        const SourceRequest mixed = SourceRequest::group_of({"/a.csv", "/b.csv"}, true);
        QCOMPARE(mixed.key(), QStringLiteral("group:/a.csv|/b.csv|*quote-mix"));
        QCOMPARE(*SourceRequest::from_key(mixed.key()), mixed);
        QVERIFY(SourceRequest::from_key(mixed.key())->accept_quote_mix);
        QVERIFY(mixed.label().endsWith(QStringLiteral("mixed quotes")));

        // Not a group: one member, an empty member, a flag not known.
        QVERIFY(!SourceRequest::from_key("group:/a.csv"));
        QVERIFY(!SourceRequest::from_key("group:/a.csv||/b.csv"));
        QVERIFY(!SourceRequest::from_key("group:/a.csv|/b.csv|*other"));
        // The other keys as they were.
        QCOMPARE(SourceRequest::live_market("bybit", "BTCUSDT").key(), QStringLiteral("live:bybit:BTCUSDT"));
        QCOMPARE(SourceRequest::replay("/x.fsrec").key(), QStringLiteral("file:/x.fsrec"));
        QCOMPARE(*SourceRequest::from_key("file:/x.fsrec"), SourceRequest::replay("/x.fsrec"));
        QVERIFY(!SourceRequest::replay("/x.fsrec").group());
    }

    void the_group_bars_equal_an_independent_merge_data() {
        QTest::addColumn<QString>("timeframe");
        for (const char* tf : {"1s", "15s", "1m", "5m", "15m", "1h", "100t", "25v"}) QTest::newRow(tf) << tf;
    }
    void the_group_bars_equal_an_independent_merge() {
        QFETCH(QString, timeframe);
        const BarSpec spec = *BarSpec::parse(timeframe.toStdString());
        Files files;
        auto store = std::make_shared<ChartStore>();
        GroupSource source(store, spec, 1, 1);
        QSignalSpy opened(&source, &ChartSource::opened);
        QCOMPARE(source.open(files.members(), false), QString());
        QCOMPARE(opened.count(), 1);
        const SourceInfo info = opened.front().front().value<SourceInfo>();
        QCOMPARE(info.title(), QStringLiteral("BTC/USDT · binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP · group replay"));
        // What a contract is worth is said, but not as damage: the warnings stay empty.
        QVERIFY2(info.warnings.isEmpty(), qPrintable(info.warnings.join('\n')));
        QVERIFY2(source.group().sizes.join('\n').contains("okx BTC-USDT-SWAP: 1 contract = 0.01 BTC"), qPrintable(source.group().sizes.join('\n')));

        const auto members = member_trades();
        const std::vector<Tagged> merged = independent_merge(members);
        QCOMPARE(info.trades, std::uint64_t(merged.size()));
        const std::int64_t bucket = source.group().tick.units;
        QCOMPARE(bucket, std::int64_t{1'000'000});  // BTCUSDT futures in 2020: 0.01
        Aggregator expected;
        expected.add_series(spec, bucket);
        std::vector<Aggregator> own(members.size());
        for (Aggregator& a : own) a.add_series(spec, bucket);
        for (const Tagged& t : merged) {
            expected.add(t.trade);
            own[t.member].add(t.trade);
        }

        // Played at once, and played in steps with a seek back: the same bars.
        ChartBars chart = played_chart(source, *store);
        QCOMPARE(test::first_difference(chart.bars, expected.series().front().bars(), timeframe.toStdString()), std::string());
        QCOMPARE(test::first_difference(source.series().bars(), expected.series().front().bars(), "source"), std::string());
        if (spec.kind == BarKind::Time)
            for (std::size_t m = 0; m < own.size(); ++m)
                QCOMPARE(test::first_difference(source.member_series(m).bars(), own[m].series().front().bars(), "member"), std::string());
        const std::int64_t middle = (merged.front().trade.exchange_time_us + merged.back().trade.exchange_time_us) / 2;
        source.seek(middle);
        for (int i = 0; i < 5; ++i) source.step_bar();
        chart = played_chart(source, *store);
        QCOMPARE(test::first_difference(chart.bars, expected.series().front().bars(), "after a seek back"), std::string());

        // Every bar carries each member's part of it: they add up to the bar, and each member's
        // CVD after the last bar is its own (time bars: its own series'; tick and volume bars: the
        // sum of its parts, whose boundaries only the whole stream sets).
        QCOMPARE(chart.members, std::vector<std::string>({"binance-futures BTCUSDT", "bybit BTCUSDT", "okx BTC-USDT-SWAP"}));
        QCOMPARE(chart.member_bars.size(), chart.bars.size());
        for (std::size_t i = 0; i < chart.bars.size(); ++i) {
            Quantity buy, sell;
            std::uint64_t trades = 0;
            for (const Bar& part : chart.member_bars[i]) {
                buy += part.buy_volume;
                sell += part.sell_volume;
                trades += part.trades;
            }
            QCOMPARE(buy, chart.bars[i].buy_volume);
            QCOMPARE(sell, chart.bars[i].sell_volume);
            QCOMPARE(trades, chart.bars[i].trades);
        }
        for (std::size_t m = 0; m < own.size(); ++m) QCOMPARE(chart.member_bars.back()[m].cvd, own[m].cvd());

        // Played in steps from the start, the parts the UI gets bar by bar equal a new chart's at that moment.
        source.seek(merged.front().trade.exchange_time_us);
        ChartBars stepped;
        std::vector<Trade> scratch;
        store->update(stepped, scratch, 0);
        for (int step = 0; step < 40 && !source.at_end(); ++step) {
            source.step_bar();
            store->update(stepped, scratch, 0);
        }
        source.seek(source.market_us());
        ChartBars fresh;
        store->update(fresh, scratch, 0);
        QCOMPARE(stepped.member_bars.size(), fresh.member_bars.size());
        QVERIFY(!fresh.member_bars.empty());
        for (std::size_t i = 0; i < fresh.member_bars.size(); ++i)
            for (std::size_t m = 0; m < own.size(); ++m) {
                const Bar &a = stepped.member_bars[i][m], &b = fresh.member_bars[i][m];
                QVERIFY2(a.buy_volume == b.buy_volume && a.sell_volume == b.sell_volume && a.trades == b.trades && a.cvd == b.cvd,
                         qPrintable(QStringLiteral("bar %1 member %2").arg(i).arg(m)));
            }
    }

    void each_member_cvd_is_its_own() {
        Files files;
        auto store = std::make_shared<ChartStore>();
        GroupSource source(store, BarSpec::time(60), 1, 1);
        QCOMPARE(source.open(files.members(), false), QString());
        // Played in ticks as the app does (the store's parts follow the bars that changed).
        source.seek(source.group().trades.front().exchange_time_us + 600'000'000);
        source.seek(source.group().trades.front().exchange_time_us + 1'200'000'000);
        ChartBars chart;
        std::vector<Trade> scratch;
        store->update(chart, scratch, 0);
        for (int i = 0; i < 30; ++i) {
            source.step_bar();
            store->update(chart, scratch, 0);
        }
        QVERIFY(chart.bars.size() >= 50);

        CvdPane pane;
        pane.set_bars(&chart);
        pane.bars_changed();
        QCOMPARE(pane.member_lines().size(), std::size_t(3));
        QCOMPARE(pane.member_lines()[2]->name(), QStringLiteral("okx BTC-USDT-SWAP"));
        const auto members = member_trades();
        for (std::size_t m = 0; m < members.size(); ++m) {
            // The member alone, aggregated from its own file: its CVD after each bar of the group.
            Aggregator alone;
            alone.add_series(BarSpec::time(60), 1'000'000);
            for (const Trade& t : members[m]) alone.add(t);
            const auto own = alone.series().front().bars();
            QCOMPARE(pane.member_values()[m].size(), chart.bars.size());
            for (std::size_t i = 0; i < chart.bars.size(); ++i) {
                const auto at = std::upper_bound(own.begin(), own.end(), chart.bars[i].open_time_us,
                                                 [](std::int64_t t, const Bar& b) { return t < b.open_time_us; });
                const Quantity expected = at == own.begin() ? Quantity{} : std::prev(at)->cvd;
                QCOMPARE(pane.member_values()[m][i], expected);
            }
        }
        // The members add up to the total.
        for (std::size_t i = 0; i < chart.bars.size(); ++i)
            QCOMPARE(pane.member_values()[0][i] + pane.member_values()[1][i] + pane.member_values()[2][i], chart.bars[i].cvd);
        // The footprint's tooltip splits the hovered bar and level by member: at the bar's POC the
        // members' bid and ask add up to the cell's.
        const std::size_t i = chart.bars.size() / 2;
        const Bar& bar = chart.bars[i];
        const std::int64_t poc = *point_of_control(bar.footprint);
        const QString tip = FootprintPane::member_parts_text(chart, i, poc, poc);
        Quantity bid, ask;
        for (std::size_t m = 0; m < 3; ++m) {
            const Bar& part = chart.member_bars[i][m];
            QVERIFY2(tip.contains(QStringLiteral("%1: volume %2  delta %3  trades %4")
                                      .arg(QString::fromStdString(chart.members[m]), exact_text(part.volume), exact_text(part.delta()))
                                      .arg(part.trades)),
                     qPrintable(tip));
            if (part.footprint.empty() || poc < part.footprint.lowest_bucket() || poc > part.footprint.highest_bucket()) continue;
            const FootprintCell& c = part.footprint.at(poc);
            bid += c.bid;
            ask += c.ask;
            if (c.trades > 0) QVERIFY2(tip.contains(QStringLiteral("%1 × %2").arg(exact_text(c.bid), exact_text(c.ask))), qPrintable(tip));
        }
        QCOMPARE(bid, bar.footprint.at(poc).bid);
        QCOMPARE(ask, bar.footprint.at(poc).ask);

        // One market: no member lines.
        ChartBars single = chart;
        single.members.clear();
        single.member_bars.clear();
        pane.set_bars(&single);
        pane.bars_changed();
        QVERIFY(pane.member_lines().empty());
        QVERIFY(pane.member_values().empty());
    }

    void time_and_sales_names_the_exchange() {
        Files files;
        auto store = std::make_shared<ChartStore>();
        store->set_every_trade_read(true);
        GroupSource source(store, BarSpec::time(60), 1, 1);
        QCOMPARE(source.open(files.members(), false), QString());
        // Played bar by bar as the app plays: every trade reaches time & sales.
        std::vector<Trade> trades;
        ChartBars chart;
        while (!source.at_end()) {
            source.step_bar();
            store->update(chart, trades, std::numeric_limits<std::size_t>::max());
        }
        QCOMPARE(trades.size(), source.group().trades.size());

        TimeSalesModel model;
        model.set_combine(false);
        model.add(std::span<const Trade>(trades).first(1));  // the hour's first print, Binance's
        QCOMPARE(model.columnCount(), int(TimeSalesModel::ColumnCount));
        model.add(std::span<const Trade>(trades).subspan(1));
        QVERIFY(model.exchange_shown());
        QCOMPARE(model.columnCount(), int(TimeSalesModel::MaxColumns));
        QCOMPARE(model.headerData(TimeSalesModel::ExchangeColumn, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Exch."));
        QCOMPARE(model.rowCount(), int(trades.size()));
        std::multiset<QString> seen;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex cell = model.index(row, TimeSalesModel::ExchangeColumn);
            // Row r is the r-th newest print; the tooltip names its exchange in full.
            QCOMPARE(cell.data(Qt::ToolTipRole).toString(),
                     QString::fromUtf8(exchange_name(trades[trades.size() - 1 - static_cast<std::size_t>(row)].exchange).data()));
            seen.insert(cell.data(Qt::DisplayRole).toString());
        }
        const auto members = member_trades();
        QCOMPARE(seen.count("Bin F"), members[0].size());
        QCOMPARE(seen.count("Bybit"), members[1].size());
        QCOMPARE(seen.count("OKX"), members[2].size());
        QCOMPARE(model.widest(TimeSalesModel::ExchangeColumn), 5);

        // Combined rows never join two exchanges' prints of one moment.
        model.set_combine(true);
        for (int row = 0; row < model.rowCount(); ++row) {
            const TapeRow r = model.row_at(row);
            for (std::uint64_t s = r.first; s < r.first + r.count; ++s) QCOMPARE(model.tape().at(s).exchange, model.tape().at(r.first).exchange);
        }
        QVERIFY(model.rowCount() < int(trades.size()));

        // A new list of one market: four columns again.
        model.clear();
        model.add(std::span<const Trade>(members[0]));
        QCOMPARE(model.columnCount(), int(TimeSalesModel::ColumnCount));
    }

    void a_mix_of_quotes_is_refused_until_accepted() {
        Files files;
        const QString coinbase = tardis_hour_as(files.dir, "coinbase", "BTC-USD");
        auto store = std::make_shared<ChartStore>();
        {
            GroupSource refused(store, BarSpec::time(60), 1, 1);
            const QString why = refused.open({files.bybit, coinbase}, false);
            QVERIFY2(why.contains("not one market") && why.contains("quote currencies") && why.contains("Accept the mix"), qPrintable(why));
        }
        // Through the worker, as the app opens it: by the group's key, failing with the message.
        SourceWorker worker(store);
        QSignalSpy failed(&worker, &SourceWorker::failed);
        QSignalSpy opened(&worker, &SourceWorker::opened);
        worker.open_replay(SourceRequest::group_of({files.bybit, coinbase}).path, 7);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.front().front().toString().contains("quote currencies"));
        QCOMPARE(failed.front().back().toULongLong(), 7ull);
        QCOMPARE(opened.count(), 0);
        worker.open_replay(SourceRequest::group_of({files.bybit, coinbase}, true).path, 8);
        QCOMPARE(opened.count(), 1);
        const SourceInfo info = opened.front().front().value<SourceInfo>();
        QCOMPARE(info.title(), QStringLiteral("BTC/USDT+USD (mixed quotes) · bybit BTCUSDT + coinbase BTC-USD · group replay"));
        QCOMPARE(info.path, SourceRequest::group_of({files.bybit, coinbase}, true).key());
        worker.close();

        // A file that cannot be read is named.
        GroupSource missing(store, BarSpec::time(60), 1, 1);
        const QString why = missing.open({files.bybit, files.dir.filePath("nothing.csv")}, false);
        QVERIFY2(why.contains("nothing.csv"), qPrintable(why));
    }

    void the_picker_asks_before_mixing_quotes() {
        Files files;
        const QString coinbase = tardis_hour_as(files.dir, "coinbase", "BTC-USD");
        QStringList asked;
        bool answer = false;
        const auto run = [&](const QStringList& paths) {
            auto picker = std::make_unique<GroupPicker>(files.dir.path());
            picker->ask_quote_mix = [&](const QString& title) {
                asked << title;
                return answer;
            };
            picker->add_files(paths);
            QSignalSpy done(picker.get(), &GroupPicker::check_done);
            picker->open_group();
            if (!done.wait(20000)) qFatal("the check never ended");
            return picker;
        };
        // One quote: chosen without a question, in the list's order.
        auto one = run(files.members());
        QVERIFY(asked.isEmpty());
        QVERIFY(one->chosen());
        QCOMPARE(one->chosen()->members, files.members());
        QVERIFY(!one->chosen()->accept_quote_mix);
        // Mixed: asked, naming the mix; refused, nothing chosen and the picker says why.
        auto refused = run({files.bybit, coinbase});
        QCOMPARE(asked, QStringList{QStringLiteral("BTC/USDT+USD (mixed quotes) · bybit BTCUSDT + coinbase BTC-USD")});
        QVERIFY(!refused->chosen());
        QVERIFY(refused->status()->text().contains("quote currencies differ"));
        // Accepted: chosen with the flag.
        answer = true;
        auto accepted = run({files.bybit, coinbase});
        QVERIFY(accepted->chosen());
        QVERIFY(accepted->chosen()->accept_quote_mix);
        QCOMPARE(accepted->chosen()->key(), SourceRequest::group_of({files.bybit, coinbase}, true).key());
        // Not one market at all: said, not asked.
        asked.clear();
        const QString eth = tardis_hour_as(files.dir, "bybit", "ETHUSDT");
        auto bases = run({files.bybit, eth});
        QVERIFY(asked.isEmpty());
        QVERIFY(!bases->chosen());
        QVERIFY2(bases->status()->text().contains("not one market"), qPrintable(bases->status()->text()));
    }

    // The real window opens a group as it opens a replay, by its request: the chart, the CVD's member
    // lines, time & sales' exchange column and the title all come from the group.
    void the_window_replays_a_group() {
        Files files;
        const auto shown = group_window(files, QSize(1280, 720));
        QVERIFY(shown);
        MainWindow& window = *shown;
        OrderFlowView* view = window.view();
        QCOMPARE(view->bars().members.size(), std::size_t(3));
        QCOMPARE(view->bars().member_bars.size(), std::size_t(60));
        QCOMPARE(view->cvd()->member_lines().size(), std::size_t(3));
        QCOMPARE(window.controller()->info().title(),
                 QStringLiteral("BTC/USDT · binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP · group replay"));
        QVERIFY2(window.windowTitle().contains(QStringLiteral("binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP")),
                 qPrintable(window.windowTitle()));
        QTRY_VERIFY_WITH_TIMEOUT(window.time_sales()->model()->exchange_shown(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(window.time_sales()->model()->tape().size(), std::size_t(14379), 5000);
        // Five columns still fit the list at 1280 × 720.
        QTableView* table = window.time_sales()->table();
        QCOMPARE(table->model()->columnCount(), 5);
        QTRY_VERIFY2_WITH_TIMEOUT(table->horizontalHeader()->length() <= table->viewport()->width(),
                                  qPrintable(QStringLiteral("columns %1 px in a %2 px list").arg(table->horizontalHeader()->length()).arg(table->viewport()->width())), 2000);
        view->replot_now();
        QVERIFY(test::save_shot(window.grab().toImage(), QStringLiteral("group_window")));
        QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    }

    // Each cell of a group's footprint shows its exchanges: a strip at its foot split by each
    // member's volume in the cell (the bucket drawn, Auto's merged levels included), in the member's
    // colour, read back from the pixels; the Studies switch takes the strips away.
    void the_footprint_splits_each_cell_by_exchange() {
        Files files;
        const auto shown = group_window(files, QSize(1600, 900));
        QVERIFY(shown);
        MainWindow& window = *shown;
        OrderFlowView* view = window.view();
        view->replot_now();
        FootprintPane* pane = view->footprint();
        const auto& strips = pane->plottable()->drawn_member_strips();
        QVERIFY(strips.size() > 20);
        const ChartBars& source = view->bars();
        const ChartBars& drawn = pane->display_bars();
        const std::int64_t ratio = drawn.bucket_units / source.bucket_units;
        QVERIFY(ratio >= 1 && drawn.bucket_units % source.bucket_units == 0);
        const QImage picture = pane->grab().toImage();
        std::map<std::pair<int, std::int64_t>, Quantity> cell_sums;
        std::set<std::size_t> members_seen;
        for (const auto& strip : strips) {
            // The member's volume in the cell, summed here from its own cells at the store's bucket.
            Quantity want;
            const Footprint& fp = source.member_bars[static_cast<std::size_t>(strip.bar)][strip.member].footprint;
            for (std::int64_t k = strip.bucket * ratio; k < (strip.bucket + 1) * ratio; ++k)
                if (!fp.empty() && k >= fp.lowest_bucket() && k <= fp.highest_bucket()) want += fp.at(k).total();
            QCOMPARE(strip.volume, want);
            cell_sums[{strip.bar, strip.bucket}] += strip.volume;
            members_seen.insert(strip.member);
            const QPoint centre = strip.rect.center();
            if (strip.rect.width() >= 3 && picture.rect().contains(centre))
                QCOMPARE(QColor(picture.pixel(centre)).rgb(), pane->theme().member_colour(strip.member).rgb());
        }
        QCOMPARE(members_seen.size(), std::size_t{3});
        // The parts make the cell: every member's volume in it adds up to the cell drawn.
        for (const auto& [at, sum] : cell_sums) QCOMPARE(sum, drawn.bars[static_cast<std::size_t>(at.first)].footprint.at(at.second).total());
        QVERIFY(test::save_shot(window.grab().toImage(), QStringLiteral("group_exchange_split")));

        StudyOptions off = ChartStudies::of(view)->options();
        off.exchange_split = false;
        ChartStudies::of(view)->set_options(off);
        view->replot_now();
        QVERIFY(pane->plottable()->drawn_member_strips().empty());
        QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    }

    // Recordings (trades with their receive times) replay as the group ran live: in receive order
    // through the merger with its 300 ms wait. Members received alike come out in exchange time
    // (the oracle's order); a member 600 ms late comes out late, after later trades of the other.
    // Trade files, without receive times, merge in exchange time.
    void recordings_merge_by_receive_time() {
        std::vector<Trade> binance = read_hour("aggTrades");
        std::vector<Trade> bybit = read_hour("tardis");
        for (Trade& t : bybit) {
            t.exchange = Exchange::Bybit;
            t.exchange_time_us += 1;  // no ties: the merge's order is the oracle's whatever the tie rule
        }
        const std::vector<GroupMarket> markets{{Exchange::BinanceFutures, "BTCUSDT", std::nullopt, {}},
                                               {Exchange::Bybit, "BTCUSDT", std::nullopt, {}}};
        const auto group = make_market_group(markets, false);
        QVERIFY2(group.ok(), group.error().c_str());
        auto merged = [&](std::int64_t binance_delay_us, std::int64_t bybit_delay_us, bool received) {
            std::vector<Trade> a = binance, b = bybit;
            for (Trade& t : a) t.receive_time_us = received ? t.exchange_time_us + binance_delay_us : 0;
            for (Trade& t : b) t.receive_time_us = received ? t.exchange_time_us + bybit_delay_us : 0;
            const std::vector<std::span<const Trade>> feeds{a, b};
            GroupTrades out;
            merge_group_trades(*group, feeds, out);
            return out;
        };
        const std::vector<Tagged> oracle = independent_merge({binance, bybit});
        for (const bool received : {true, false}) {
            const GroupTrades alike = merged(50'000, 50'000, received);
            QCOMPARE(alike.trades.size(), oracle.size());
            for (std::size_t i = 0; i < oracle.size(); ++i) {
                QCOMPARE(alike.trades[i].exchange_time_us, oracle[i].trade.exchange_time_us);
                QCOMPARE(std::size_t{alike.member[i]}, oracle[i].member);
            }
        }
        // Bybit 600 ms late, twice the wait: its trades go out after later Binance trades.
        const GroupTrades late = merged(50'000, 600'000, true);
        QCOMPARE(late.trades.size(), oracle.size());
        std::size_t out_of_order = 0;
        std::int64_t newest = std::numeric_limits<std::int64_t>::min();
        std::array<std::int64_t, 2> member_newest{newest, newest};
        std::array<std::size_t, 2> count{0, 0};
        for (std::size_t i = 0; i < late.trades.size(); ++i) {
            const std::int64_t t = late.trades[i].exchange_time_us;
            out_of_order += t < newest ? 1 : 0;
            newest = std::max(newest, t);
            QVERIFY(t >= member_newest[late.member[i]]);  // each member's own order is kept
            member_newest[late.member[i]] = t;
            ++count[late.member[i]];
        }
        QCOMPARE(count[0], binance.size());
        QCOMPARE(count[1], bybit.size());
        QVERIFY2(out_of_order > 100, qPrintable(QString::number(out_of_order)));
        // The same files without receive times: the exchange-time merge.
        const GroupTrades files = merged(50'000, 600'000, false);
        for (std::size_t i = 1; i < files.trades.size(); ++i) QVERIFY(files.trades[i - 1].exchange_time_us <= files.trades[i].exchange_time_us);
    }

    void a_seek_back_aggregates_again_in_milliseconds() {
        Files files;
        auto store = std::make_shared<ChartStore>();
        GroupSource source(store, BarSpec::time(1), 1, 1);
        QCOMPARE(source.open(files.members(), false), QString());
        const std::int64_t end = source.group().trades.back().exchange_time_us + 1;
        source.seek(end);
        QElapsedTimer timer;
        timer.start();
        source.seek(end - 60'000'000);
        const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        qInfo("seek back to a minute before the end, 1s bars, %zu trades of three members: %.2f ms", source.group().trades.size(), ms);
        QVERIFY(source.market_us() == end - 60'000'000);
        QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));

        // A day: the hour laid 24 times end to end on each of three exchanges.
        QTemporaryDir dir;
        const QStringList day{tardis_day_as(dir, "binance-futures", "BTCUSDT", 24), tardis_day_as(dir, "bybit", "BTCUSDT", 24),
                              tardis_day_as(dir, "okex-swap", "BTC-USDT-SWAP", 24, 100)};
        GroupSource days(store, BarSpec::time(60), 1, 1);
        timer.restart();
        QCOMPARE(days.open(day, false), QString());
        const double open_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        const std::int64_t day_end = days.group().trades.back().exchange_time_us + 1;
        days.seek(day_end);
        timer.restart();
        days.seek(day_end - 3'600'000'000);
        const double day_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        days.set_chart(BarSpec::time(5 * 60), 1);
        const double chart_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        qInfo("a day of %zu trades (three members): opened in %.0f ms; seek back an hour from the end, 1m bars: %.1f ms; 5m chart: %.1f ms",
              days.group().trades.size(), open_ms, day_ms, chart_ms);
        QCOMPARE(days.group().trades.size(), std::size_t(3 * 24 * 5041));
        QCOMPARE(days.series().bars().size(), std::size_t(23 * 12));  // 5m bars up to the last hour
        QVERIFY2(day_ms < 5000 && chart_ms < 5000, qPrintable(QStringLiteral("%1 ms, %2 ms").arg(day_ms).arg(chart_ms)));
    }
};

QTEST_MAIN(TestUiGroup)
#include "test_ui_group.moc"
