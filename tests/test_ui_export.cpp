// What a user gets from the app's exports, on the real hour: the CSV holds exactly the bars in
// view, one row per traded footprint level, with the header and exact decimals (checked against
// bars built independently from the trade file); PNGs of the window and of each pane are the
// picture shown; a place that cannot be written is said plainly and an earlier file stays whole.
#include <QtTest>

#include <map>

#include "aggregate/aggregator.hpp"
#include "window/chart_export.hpp"
#include "chart/footprint_pane.hpp"
#include "io/trade_file.hpp"
#include "window/main_window.hpp"
#include "chart/order_flow_view.hpp"
#include "source/source_controller.hpp"
#include "window/status_panel.hpp"
#include "chart/time_axis_group.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::int64_t kHourStartUs = 1582329600LL * 1'000'000;  // 2020-02-22 00:00 UTC

std::vector<Trade> real_hour() {
    std::vector<Trade> trades;
    const auto result = read_trade_file(kRealHour.toStdString(), {}, [](const TradeFileResult&) {},
                                        [&](std::span<const Trade> b) { trades.insert(trades.end(), b.begin(), b.end()); });
    return trades;
}

QStringList read_lines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
    if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast();
    return lines;
}

// An exact decimal as a person writes it: digits, at most one point, no exponent, no padding.
bool plain_decimal(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$"));
    return re.match(text).hasMatch();
}

}  // namespace

class TestUiExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }
    void cleanupTestCase() { window_.reset(); }

    void visible_bars_are_those_whose_slot_shows();
    void csv_holds_exactly_the_bars_in_view_with_exact_decimals();
    void csv_to_a_place_that_cannot_be_written_says_so_and_keeps_the_old_file();
    void png_of_the_window_and_of_each_pane();

private:
    std::unique_ptr<MainWindow> window_;
};

void TestUiExport::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    window_ = std::make_unique<MainWindow>(options);
    window_->resize(1500, 900);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QSignalSpy finished(window_->controller(), &SourceController::replay_finished);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    QTRY_COMPARE(window_->view()->bars().bars.size(), std::size_t{60});
}

void TestUiExport::visible_bars_are_those_whose_slot_shows() {
    QCOMPARE(visible_bars(19.6, 39.4, 60).first, 20);  // bar 19 ends at 19.5: out of view
    QCOMPARE(visible_bars(19.6, 39.4, 60).last, 39);
    QCOMPARE(visible_bars(19.4, 39.6, 60).first, 19);  // partly shown bars count
    QCOMPARE(visible_bars(19.4, 39.6, 60).last, 40);
    QCOMPARE(visible_bars(-10, 100, 60).first, 0);
    QCOMPARE(visible_bars(-10, 100, 60).last, 59);
    QCOMPARE(visible_bars(19.5, 39.5, 60).first, 20);  // a slot that only touches an edge does not show
    QCOMPARE(visible_bars(19.5, 39.5, 60).last, 39);
    QCOMPARE(visible_bars(19.5 - 1e-9, 39.5 + 1e-9, 60).first, 20);
    QCOMPARE(visible_bars(19.5 - 1e-9, 39.5 + 1e-9, 60).last, 39);
    const BarRange none = visible_bars(70, 80, 60);
    QVERIFY(none.first > none.last);
    QVERIFY(visible_bars(0, 10, 0).first > visible_bars(0, 10, 0).last);
}

void TestUiExport::csv_holds_exactly_the_bars_in_view_with_exact_decimals() {
    OrderFlowView* view = window_->view();
    // As a user who scrolled back: the view no longer follows the newest bar (the background
    // checkpoint pass may still publish every bar again, which a following view would chase).
    view->time_axis()->set_following(false);
    view->time_axis()->set_range(QCPRange(19.6, 39.4));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bars.csv"));
    QCOMPARE(window_->export_csv_to(path), QString());
    QVERIFY2(window_->status()->message().contains(path), qPrintable(window_->status()->message()));

    // The same bars, built here from the trade file on their own at the bucket the chart draws
    // (Auto's display bucket, coarser than the base the chart is aggregated at).
    const std::int64_t drawn = view->footprint()->display_bars().bucket_units;
    QVERIFY(drawn > view->bars().bucket_units);
    Aggregator aggregator;
    BarSeries& series = aggregator.add_series(BarSpec::time(60), drawn);
    for (const Trade& t : real_hour()) aggregator.add(t);
    QCOMPARE(series.bars().size(), std::size_t{60});

    const QStringList lines = read_lines(path);
    QVERIFY(lines.size() > 20);
    QCOMPARE(lines.front(), QString::fromLatin1(kBarsCsvHeader));
    const int columns = static_cast<int>(QString::fromLatin1(kBarsCsvHeader).count(',')) + 1;
    std::map<int, int> rows_per_bar;
    std::map<int, Quantity> bid_per_bar, ask_per_bar;
    for (int n = 1; n < lines.size(); ++n) {
        const QStringList f = lines[n].split(',');
        QCOMPARE(f.size(), columns);
        const QDateTime open = QDateTime::fromString(f[0], QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        QVERIFY2(open.isValid(), qPrintable(f[0]));
        const int index = static_cast<int>((QDateTime(open.date(), open.time(), Qt::UTC).toMSecsSinceEpoch() * 1000 - kHourStartUs) / 60'000'000);
        QVERIFY2(index >= 20 && index <= 39, qPrintable(QString("bar %1 is not in view").arg(index)));
        const Bar& bar = series.bars()[static_cast<std::size_t>(index)];
        for (int c : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13}) QVERIFY2(plain_decimal(f[c]), qPrintable(lines[n]));
        QCOMPARE(*parse_price(f[1].toStdString()), bar.open);
        QCOMPARE(*parse_price(f[2].toStdString()), bar.high);
        QCOMPARE(*parse_price(f[3].toStdString()), bar.low);
        QCOMPARE(*parse_price(f[4].toStdString()), bar.close);
        QCOMPARE(*parse_quantity(f[5].toStdString()), bar.volume);
        QCOMPARE(f[6], QString::fromStdString(format_quantity(bar.delta())));
        QCOMPARE(f[8].toULongLong(), bar.trades);
        const Price low = *parse_price(f[9].toStdString());
        const std::int64_t bucket = Footprint::bucket_of(low, drawn);
        QCOMPARE(Price{bucket * drawn}, low);  // a bucket's lower edge, exactly
        QCOMPARE(*parse_price(f[10].toStdString()), Price{(bucket + 1) * drawn});
        const FootprintCell& cell = bar.footprint.at(bucket);
        QVERIFY(!cell.empty());
        QCOMPARE(*parse_quantity(f[11].toStdString()), cell.bid);
        QCOMPARE(*parse_quantity(f[12].toStdString()), cell.ask);
        QCOMPARE(f[13], QString::fromStdString(format_quantity(cell.delta())));
        QCOMPARE(f[14].toUInt(), cell.trades);
        ++rows_per_bar[index];
        bid_per_bar[index] += cell.bid;
        ask_per_bar[index] += cell.ask;
    }
    // Every bar in view, each with all its traded levels: the cells add up to the bar, exactly.
    QCOMPARE(rows_per_bar.size(), std::size_t{20});
    for (const auto& [index, rows] : rows_per_bar) {
        const Bar& bar = series.bars()[static_cast<std::size_t>(index)];
        int traded = 0;
        for (std::int64_t k = bar.footprint.lowest_bucket(); k <= bar.footprint.highest_bucket(); ++k)
            traded += bar.footprint.at(k).empty() ? 0 : 1;
        QCOMPARE(rows, traded);
        QCOMPARE(bid_per_bar[index], bar.sell_volume);
        QCOMPARE(ask_per_bar[index], bar.buy_volume);
    }
}

void TestUiExport::csv_to_a_place_that_cannot_be_written_says_so_and_keeps_the_old_file() {
    window_->view()->time_axis()->set_range(QCPRange(-0.5, 59.5));
    const QString nowhere = QStringLiteral("/no/such/folder/bars.csv");
    const QString error = window_->export_csv_to(nowhere);
    QVERIFY2(error.contains(nowhere), qPrintable(error));
    QVERIFY2(window_->status()->message().startsWith(QStringLiteral("CSV not saved: ")), qPrintable(window_->status()->message()));
    QVERIFY(!QFile::exists(nowhere));

    // A path that is a folder cannot become a file: the export fails and the folder stays as it was.
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("taken.csv")));
    QVERIFY(!window_->export_csv_to(dir.filePath(QStringLiteral("taken.csv"))).isEmpty());
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("taken.csv"))).isDir());

    // Nothing in view cannot happen (a pan stops with a bar in view): past the newest bar, the
    // view stops at it and the export holds it.
    const QString earlier = dir.filePath(QStringLiteral("earlier.csv"));
    QCOMPARE(window_->export_csv_to(earlier), QString());
    const QStringList before = read_lines(earlier);
    const int cells_drawn = [&] {  // every level of every bar, at the bucket drawn at that moment
        int cells = 0;
        for (const Bar& b : window_->view()->footprint()->display_bars().bars)
            for (std::int64_t k = b.footprint.lowest_bucket(); k <= b.footprint.highest_bucket(); ++k) cells += b.footprint.at(k).empty() ? 0 : 1;
        return cells;
    }();
    window_->view()->time_axis()->set_range(QCPRange(200, 230));
    const QCPRange stopped = window_->view()->time_axis()->range();
    QCOMPARE(visible_bars(stopped.lower, stopped.upper, 60).last, 59);
    const QString newest = dir.filePath(QStringLiteral("newest.csv"));
    QCOMPARE(window_->export_csv_to(newest), QString());
    QVERIFY(read_lines(newest).size() > 1);
    QCOMPARE(before.size() - 1, cells_drawn);
}

void TestUiExport::png_of_the_window_and_of_each_pane() {
    window_->view()->follow_latest();
    window_->view()->replot_now();
    QTemporaryDir dir;
    const QString whole = dir.filePath(QStringLiteral("window.png"));
    QCOMPARE(window_->export_png_to(QString(), whole), QString());
    const QImage window_image(whole);
    QCOMPARE(window_image.size(), window_->size() * window_->devicePixelRatio());

    FootprintPane* footprint = window_->view()->footprint();
    const QString pane = dir.filePath(QStringLiteral("footprint.png"));
    QCOMPARE(window_->export_png_to(QStringLiteral("footprint"), pane), QString());
    const QImage image(pane);
    QCOMPARE(image.size(), footprint->size() * footprint->devicePixelRatio());
    // The picture a trader sees: the plot background, cells, buy and sell colours.
    const Theme& theme = window_->theme();
    int buy = 0, sell = 0, background = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb p = image.pixel(x, y) & 0xFFFFFF;
            buy += p == (theme.buy.rgb() & 0xFFFFFF);
            sell += p == (theme.sell.rgb() & 0xFFFFFF);
            background += p == (theme.background.rgb() & 0xFFFFFF);
        }
    QVERIFY2(buy > 100 && sell > 100 && background > 100,
             qPrintable(QString("buy %1 sell %2 background %3").arg(buy).arg(sell).arg(background)));
    // The pane's picture is the window's, cut to the pane.
    const QPoint at = footprint->mapTo(window_.get(), QPoint(0, 0)) * window_->devicePixelRatio();
    QCOMPARE(window_image.copy(QRect(at, image.size())).convertToFormat(QImage::Format_RGB32),
             image.convertToFormat(QImage::Format_RGB32));

    for (const QString& name : {QStringLiteral("stats"), QStringLiteral("cvd"), QStringLiteral("heat")}) {
        const QString file = dir.filePath(name + QStringLiteral(".png"));
        QCOMPARE(window_->export_png_to(name, file), QString());
        QVERIFY(!QImage(file).isNull());
    }
    QVERIFY(!window_->export_png_to(QStringLiteral("nosuch"), dir.filePath(QStringLiteral("x.png"))).isEmpty());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    QVERIFY(!window_->export_png_to(QString(), QStringLiteral("/no/such/folder/w.png")).isEmpty());
    QVERIFY2(window_->status()->message().startsWith(QStringLiteral("PNG not saved: ")), qPrintable(window_->status()->message()));
}

QTEST_MAIN(TestUiExport)
#include "test_ui_export.moc"
