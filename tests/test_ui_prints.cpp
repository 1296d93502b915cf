// Prints that are not aggression in the app: the real hour of USD-M `trade` frames with every
// tenth print made an insurance-fund or ADL print, recorded (by flowscope-cli convert) and
// replayed in the real window. By default they stay out of the bars, the status bar counts them
// and time & sales names them; the toolbar's switch reopens the replay with them in the bars.
#include <QAction>
#include <QLabel>
#include <QProcess>
#include <QtTest>

#include "chart/order_flow_view.hpp"
#include "source/source_controller.hpp"
#include "window/chart_toolbar.hpp"
#include "window/main_window.hpp"
#include "window/status_panel.hpp"
#include "window/time_sales_model.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

constexpr int kFrames = 5041;  // the real hour's trades
constexpr int kMarked = 504;   // every tenth

// The marked hour as a recording; empty with the reason in `error` when it could not be made.
QString marked_recording(const QString& folder, QString& error) {
    QFile in(QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson"));
    if (!in.open(QIODevice::ReadOnly)) return error = in.errorString(), QString();
    QFile frames(folder + QStringLiteral("/marked.ndjson"));
    QFile times(folder + QStringLiteral("/marked.recv.csv"));
    if (!frames.open(QIODevice::WriteOnly) || !times.open(QIODevice::WriteOnly)) return error = QStringLiteral("cannot write"), QString();
    times.write("line,receive_time_us\n");
    int line = 0, marked = 0;
    for (QByteArray frame : in.readAll().split('\n')) {
        if (frame.isEmpty()) continue;
        if (line % 10 == 4) frame.replace("\"X\":\"MARKET\"", marked++ % 2 == 0 ? "\"X\":\"INSURANCE_FUND\"" : "\"X\":\"ADL\"");
        ++line;
        frames.write(frame + '\n');
        times.write(QByteArray::number(line) + ',' + QByteArray::number(1582329602418000LL + line) + '\n');
    }
    frames.close();
    times.close();
    const QString out = folder + QStringLiteral("/binance-futures-BTCUSDT-marked.fsrec");
    QProcess cli;
    cli.start(QStringLiteral(FLOWSCOPE_CLI_PATH), {QStringLiteral("convert"), frames.fileName(), out, QStringLiteral("--receive-times"),
                                                   times.fileName(), QStringLiteral("--exchange"), QStringLiteral("binance-futures"),
                                                   QStringLiteral("--symbol"), QStringLiteral("BTCUSDT")});
    if (!cli.waitForFinished(60000) || cli.exitCode() != 0) return error = QString::fromUtf8(cli.readAllStandardError()), QString();
    return out;
}

std::uint64_t trades_in_bars(const OrderFlowView& view) {
    std::uint64_t n = 0;
    for (const Bar& bar : view.bars().bars) n += bar.trades;
    return n;
}

}  // namespace

class TestUiPrints : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void left_out_counted_marked_and_switched_in() {
        QTemporaryDir dir;
        QString error;
        const QString recording = marked_recording(dir.path(), error);
        QVERIFY2(!recording.isEmpty(), qPrintable(error));

        StartOptions options;
        options.source = SourceRequest::replay(recording);
        options.speed = QStringLiteral("max");
        options.timeframe = QStringLiteral("1m");
        options.autoplay = true;
        MainWindow window(options);
        QSignalSpy finished(window.controller(), &SourceController::replay_finished);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(trades_in_bars(*window.view()), std::uint64_t(kFrames - kMarked), 5000);
        QLabel* label = window.status()->non_aggressive_label();
        QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("504 not aggression (left out)"), 5000);
        QVERIFY(label->isVisible());
        QVERIFY(label->toolTip().contains(QStringLiteral("left out of delta, CVD and the footprint")));

        // Time & sales names each one instead of a side, in italics.
        TimeSalesModel* ts = window.time_sales()->model();
        QTRY_VERIFY_WITH_TIMEOUT(ts->rowCount() > 0, 5000);
        int insurance = 0, adl = 0;
        for (int row = 0; row < ts->rowCount(); ++row) {
            const QModelIndex side = ts->index(row, TimeSalesModel::SideColumn);
            // A combined row says how many prints after the side: "Buy ×4".
            const QString text = ts->data(side, Qt::DisplayRole).toString().section(QStringLiteral(" ×"), 0, 0);
            const bool aggression = is_aggression(ts->summary_at(row).print);
            QCOMPARE(text == QStringLiteral("Buy") || text == QStringLiteral("Sell"), aggression);
            QCOMPARE(ts->data(side, Qt::FontRole).value<QFont>().italic(), !aggression);
            insurance += text == QStringLiteral("Ins. fund");
            adl += text == QStringLiteral("ADL");
        }
        QVERIFY2(insurance > 10 && adl > 10, qPrintable(QStringLiteral("%1 insurance, %2 ADL").arg(insurance).arg(adl)));

        // The switch: the replay opens again, every print in the bars.
        QAction* include = window.chart_toolbar()->non_aggressive_action();
        QVERIFY(!include->isChecked());
        finished.clear();
        include->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(trades_in_bars(*window.view()), std::uint64_t(kFrames), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("504 not aggression (in)"), 5000);
        QVERIFY(QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).value("chart/include_non_aggressive").toBool());
    }
};

QTEST_MAIN(TestUiPrints)
#include "test_ui_prints.moc"
