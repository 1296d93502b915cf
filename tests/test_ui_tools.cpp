// The trader's tools around the chart on the real hour: time & sales keeping the session (filter
// over all of it, sweeps combined, nothing cut), the imbalance settings, the toolbar at laptop
// widths, the chart's right-click menu, and the status bar, slider, export and theme details.
#include <QAbstractItemDelegate>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QTableView>
#include <QtTest>

#include "io/trade_file.hpp"
#include "source/source_controller.hpp"
#include "window/main_window.hpp"
#include "window/time_sales_model.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {
const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::int64_t kHourStartUs = 1582329600LL * 1'000'000;  // 2020-02-22 00:00 UTC
constexpr std::int64_t kMinuteUs = 60'000'000;

std::vector<Trade> real_hour() {
    std::vector<Trade> out;
    read_trade_file(kRealHour.toStdString(), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> b) { out.insert(out.end(), b.begin(), b.end()); });
    return out;
}

Quantity qty(const char* text) { return *parse_quantity(text); }

// What time & sales should list, worked out here on its own: groups of consecutive trades with one
// exchange time, side and kind (each trade alone when not combining), kept when their summed size
// reaches the minimum; oldest first.
struct Group {
    std::int64_t time_us;
    Quantity size;
    std::uint32_t count;
    Price low, high;
};
std::vector<Group> expected_rows(std::span<const Trade> trades, Quantity min_size, bool combine) {
    std::vector<Group> groups;
    for (std::size_t i = 0; i < trades.size(); ++i) {
        const Trade& t = trades[i];
        const bool joins = combine && i > 0 && trades[i - 1].exchange_time_us == t.exchange_time_us &&
                           trades[i - 1].aggressor == t.aggressor && trades[i - 1].print == t.print;
        if (joins) {
            Group& g = groups.back();
            g.size += t.quantity;
            ++g.count;
            g.low = std::min(g.low, t.price);
            g.high = std::max(g.high, t.price);
        } else {
            groups.push_back({t.exchange_time_us, t.quantity, 1, t.price, t.price});
        }
    }
    std::erase_if(groups, [&](const Group& g) { return g.size < min_size; });
    return groups;
}

// The model's rows, oldest first, against the expected ones.
QString difference(const TimeSalesModel& model, const std::vector<Group>& expected) {
    if (model.rowCount() != static_cast<int>(expected.size()))
        return QStringLiteral("%1 rows, expected %2").arg(model.rowCount()).arg(expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const TapeRowSummary s = model.summary_at(model.rowCount() - 1 - static_cast<int>(i));
        const Group& g = expected[i];
        if (s.time_us != g.time_us || s.size != g.size || s.count != g.count || s.low != g.low || s.high != g.high)
            return QStringLiteral("row %1 (oldest first) differs: size %2 × %3, expected %4 × %5")
                .arg(i)
                .arg(QString::fromStdString(format_quantity(s.size)))
                .arg(s.count)
                .arg(QString::fromStdString(format_quantity(g.size)))
                .arg(g.count);
    }
    return {};
}

// Feeds trades in frames of `chunk`, as the chart's frame timer hands them over.
void feed(TimeSalesModel& model, std::span<const Trade> trades, std::size_t chunk) {
    for (std::size_t i = 0; i < trades.size(); i += chunk) model.add(trades.subspan(i, std::min(chunk, trades.size() - i)));
}
}  // namespace

class TestUiTools : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void time_sales_filter_reaches_back_over_the_whole_session_data();
    void time_sales_filter_reaches_back_over_the_whole_session();
    void time_sales_combines_the_sweep_of_four_buys();
    void time_sales_ring_keeps_the_newest_prints();
    void time_sales_goes_on_over_a_new_chart_and_cuts_at_a_seek_back();
    void time_sales_in_the_window_gets_every_trade_and_cuts_no_number();
};

void TestUiTools::time_sales_filter_reaches_back_over_the_whole_session_data() {
    QTest::addColumn<QString>("min_size");
    QTest::addColumn<bool>("combine");
    QTest::addColumn<int>("chunk");
    for (const char* min : {"0", "0.5", "2"})
        for (bool combine : {false, true})
            for (int chunk : {1, 97, 100'000})
                QTest::addRow("min %s, %s, %d a frame", min, combine ? "combined" : "one row a print", chunk)
                    << QString::fromLatin1(min) << combine << chunk;
}

void TestUiTools::time_sales_filter_reaches_back_over_the_whole_session() {
    QFETCH(QString, min_size);
    QFETCH(bool, combine);
    QFETCH(int, chunk);
    const std::vector<Trade> trades = real_hour();
    QCOMPARE(trades.size(), std::size_t{4297});
    TimeSalesModel model;
    model.set_combine(combine);
    feed(model, trades, static_cast<std::size_t>(chunk));
    // The filter is set after the hour has arrived: it is worked out over every print kept.
    const Quantity min = qty(min_size.toLatin1().constData());
    model.set_min_size(min);
    const std::vector<Group> expected = expected_rows(trades, min, combine);
    QCOMPARE(difference(model, expected), QString());
    // A 0.5 filter reaches back to the hour's first minute, not one minute back.
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.summary_at(model.rowCount() - 1).time_us < kHourStartUs + kMinuteUs);
    // Set before the trades arrive, the same rows.
    TimeSalesModel early;
    early.set_combine(combine);
    early.set_min_size(min);
    feed(early, trades, static_cast<std::size_t>(chunk));
    QCOMPARE(difference(early, expected), QString());
}

void TestUiTools::time_sales_combines_the_sweep_of_four_buys() {
    const std::vector<Trade> trades = real_hour();
    TimeSalesModel model;
    QVERIFY(model.combine());  // on by default
    model.add(trades);
    // 00:59:21.044: four buys at one exchange time, 9692.1 up to 9693.71, 1 BTC in all.
    const std::int64_t sweep_us = kHourStartUs + (59 * 60 + 21) * 1'000'000LL + 44'000;
    int found = -1;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.summary_at(row).time_us == sweep_us) {
            QCOMPARE(found, -1);  // one row
            found = row;
        }
    QVERIFY(found >= 0);
    auto text = [&](int column, int role = Qt::DisplayRole) { return model.data(model.index(found, column), role).toString(); };
    QCOMPARE(text(TimeSalesModel::TimeColumn), QStringLiteral("00:59:21.044"));
    QCOMPARE(text(TimeSalesModel::PriceColumn), QStringLiteral("9692.1–9693.71"));
    QCOMPARE(text(TimeSalesModel::SizeColumn), QStringLiteral("1"));
    QCOMPARE(text(TimeSalesModel::SideColumn), QStringLiteral("Buy ×4"));
    // Σ price × size / Σ size = (9692.1 × 0.005 + 9692.92 × 0.504 + 9693.65 × 0.328 + 9693.71 × 0.163) / 1
    //                         = 9693.28411, to the prices' two decimals 9693.28.
    QCOMPARE(text(TimeSalesModel::TimeColumn, Qt::ToolTipRole),
             QStringLiteral("4 buys at 2020-02-22 00:59:21.044 UTC, from 9692.1 to 9693.71: 1 in all, VWAP 9693.28"));
    // Off: four rows.
    model.set_combine(false);
    int rows = 0;
    for (int row = 0; row < model.rowCount(); ++row) rows += model.summary_at(row).time_us == sweep_us;
    QCOMPARE(rows, 4);
}

void TestUiTools::time_sales_ring_keeps_the_newest_prints() {
    const std::vector<Trade> trades = real_hour();
    TimeSalesModel model(nullptr, 1000);
    model.set_combine(false);
    feed(model, trades, 333);
    QCOMPARE(model.tape().size(), std::size_t{1000});
    QCOMPARE(model.tape().end_seq(), std::uint64_t{4297});
    const std::span<const Trade> newest = std::span(trades).last(1000);
    QCOMPARE(difference(model, expected_rows(newest, Quantity{}, false)), QString());
    model.set_min_size(qty("0.5"));
    QCOMPARE(difference(model, expected_rows(newest, qty("0.5"), false)), QString());
    model.set_combine(true);
    QCOMPARE(difference(model, expected_rows(newest, qty("0.5"), true)), QString());
}

void TestUiTools::time_sales_goes_on_over_a_new_chart_and_cuts_at_a_seek_back() {
    const std::vector<Trade> trades = real_hour();
    const std::span<const Trade> all(trades);
    TimeSalesModel model;
    model.set_combine(false);
    model.add(all.first(3000));
    // Another timeframe: the new chart brings the two minutes before it and then goes on.
    model.restart();
    model.add(all.subspan(2800, 300));
    QCOMPARE(model.tape().size(), std::size_t{3100});
    QCOMPARE(difference(model, expected_rows(all.first(3100), Quantity{}, false)), QString());
    // A seek back to trade 1200: what came after it goes.
    model.restart();
    model.add(all.subspan(1000, 200));
    QCOMPARE(model.tape().size(), std::size_t{1200});
    QCOMPARE(difference(model, expected_rows(all.first(1200), Quantity{}, false)), QString());
    // A seek forward past what the tape holds: the list starts over from the new chart's trades.
    model.restart();
    model.add(all.subspan(4000, 100));
    QCOMPARE(model.tape().size(), std::size_t{100});
    QCOMPARE(difference(model, expected_rows(all.subspan(4000, 100), Quantity{}, false)), QString());
    model.add(all.subspan(4100));
    QCOMPARE(difference(model, expected_rows(all.subspan(4000), Quantity{}, false)), QString());
}

void TestUiTools::time_sales_in_the_window_gets_every_trade_and_cuts_no_number() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    TimeSalesModel* model = window.time_sales()->model();
    // Every trade of the hour reached time & sales (a frame once took at most 400).
    QTRY_COMPARE_WITH_TIMEOUT(model->tape().size(), std::size_t{4297}, 5000);
    const std::vector<Trade> trades = real_hour();
    QCOMPARE(difference(*model, expected_rows(trades, Quantity{}, true)), QString());
    // Large rows (bold) among them: no cell of the list is narrower than its text needs.
    window.time_sales()->large_size_box()->setValue(1);
    QTableView* table = window.time_sales()->table();
    QCoreApplication::processEvents();
    int checked = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int c = 0; c < TimeSalesModel::ColumnCount; ++c) {
            const QModelIndex index = model->index(row, c);
            QStyleOptionViewItem option;
            option.initFrom(table);
            option.font = table->font();
            option.features |= QStyleOptionViewItem::HasDisplay;
            const int needed = table->itemDelegateForIndex(index)->sizeHint(option, index).width();
            QVERIFY2(needed <= table->columnWidth(c),
                     qPrintable(QStringLiteral("row %1 column %2: '%3' needs %4 px, has %5")
                                    .arg(row)
                                    .arg(c)
                                    .arg(index.data().toString())
                                    .arg(needed)
                                    .arg(table->columnWidth(c))));
            ++checked;
        }
    }
    QCOMPARE(checked, model->rowCount() * TimeSalesModel::ColumnCount);
    // Sweeps among the rows checked: the widest price text is a range.
    bool range = false;
    for (int row = 0; row < 200 && row < model->rowCount(); ++row)
        range |= model->data(model->index(row, TimeSalesModel::PriceColumn), Qt::DisplayRole).toString().contains(QChar(0x2013));
    QVERIFY(range);
}

QTEST_MAIN(TestUiTools)
#include "test_ui_tools.moc"
