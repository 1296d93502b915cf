// The main window driven like a user on the real hour: step, play, pause, change timeframe and
// bucket, zoom, pan, seek, Home. Through all of it the panes share one visible time range.
#include <QComboBox>
#include <QSlider>
#include <QtTest>

#include "window/chart_toolbar.hpp"
#include "chart/footprint_pane.hpp"
#include "window/main_window.hpp"
#include "chart/order_flow_view.hpp"
#include "replay/replay_controls.hpp"
#include "source/source_controller.hpp"
#include "window/status_panel.hpp"
#include "chart/time_axis_group.hpp"
#include "chart/time_pane.hpp"
#include "window/time_sales_model.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {
const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::int64_t kHourStartUs = 1582329600LL * 1'000'000;  // 2020-02-22 00:00 UTC
}  // namespace

class TestUiWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }
    void user_session_on_the_real_hour();
    void unreadable_file_is_reported_in_the_status_bar();

private:
    static void verify_aligned(const OrderFlowView& view);
};

void TestUiWindow::verify_aligned(const OrderFlowView& view) {
    const QCPRange r = view.footprint()->time_axis()->range();
    const QRect rect = view.footprint()->axisRect()->rect();
    for (TimePane* pane : view.panes()) {
        QCOMPARE(pane->time_axis()->range().lower, r.lower);
        QCOMPARE(pane->time_axis()->range().upper, r.upper);
        QCOMPARE(pane->axisRect()->rect().left(), rect.left());
        QCOMPARE(pane->axisRect()->rect().right(), rect.right());
    }
}

void TestUiWindow::user_session_on_the_real_hour() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    options.autoplay = false;
    MainWindow window(options);
    QSignalSpy prepared(window.controller(), &SourceController::replay_prepared);
    window.resize(1500, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    OrderFlowView* view = window.view();
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->info().kind == SourceKind::Replay, 20000);
    QCOMPARE(window.controller()->info().symbol, QStringLiteral("BTCUSDT"));
    QVERIFY(window.replay_controls()->isVisible());
    QCOMPARE(view->bars().bars.size(), std::size_t{0});
    // The background pass that makes seeks short ends, and says how many trades the hour holds.
    QTRY_VERIFY_WITH_TIMEOUT(prepared.count() > 0, 20000);
    QCOMPARE(window.controller()->info().trades, std::uint64_t{4297});
    QVERIFY(window.status()->message().contains(QStringLiteral("4297 trades")));
    QVERIFY(!window.replay_controls()->preparation_label()->isVisible());

    // → steps one bar; Space plays to the end at max speed.
    QTest::keyClick(&window, Qt::Key_Right);
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{1});
    QTest::keyClick(&window, Qt::Key_Right);
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{2});
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    QTest::keyClick(&window, Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 20000);
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{60});
    QTRY_VERIFY(window.time_sales()->model()->rowCount() > 0);  // the tape takes trades at 10 Hz
    QVERIFY(view->time_axis()->following());
    verify_aligned(*view);
    QVERIFY(view->time_axis()->range().upper >= 59);
    // Following fills the width sensibly: the left edge falls between two bars (no bar cut in
    // half), and right of the newest bar there is a little room, never a wide empty strip.
    const QCPRange shown = view->time_axis()->range();
    const double off_boundary = std::fabs(std::remainder(shown.lower - 0.5, 1.0));
    QVERIFY2(off_boundary < 1e-6, qPrintable(QString("left edge at %1").arg(shown.lower)));
    QVERIFY2(shown.upper - 59 >= TimeAxisGroup::kMinRightRoomBars - 1e-9 && shown.upper - 59 < TimeAxisGroup::kMinRightRoomBars + 1,
             qPrintable(QString("right edge at %1").arg(shown.upper)));

    // Timeframe 5m: 12 bars, same sum of volume.
    QComboBox* timeframe = window.chart_toolbar()->timeframe_box();
    timeframe->setCurrentIndex(timeframe->findData(QStringLiteral("5m")));
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{12});
    QCOMPARE(view->bars().spec, BarSpec::time(300));

    // Bucket tick × 100 = 1.00.
    QComboBox* bucket = window.chart_toolbar()->bucket_box();
    bucket->setCurrentIndex(bucket->findData(100));
    QTRY_COMPARE(view->bars().bucket_units, parse_price("1")->units);
    // A timeframe answer still on its way may show its bucket for a moment; the choice stands.
    QTRY_COMPARE(window.chart_toolbar()->bucket_multiplier(), 100);
    QTRY_COMPARE(view->bars().bucket_units, parse_price("1")->units);

    // Zoom in with +, out with a wheel turn over the footprint.
    const double width = view->time_axis()->range().size();
    QTest::keyClick(&window, Qt::Key_Plus);
    QVERIFY(view->time_axis()->range().size() < width);
    verify_aligned(*view);
    FootprintPane* footprint = view->footprint();
    const QPoint centre = footprint->axisRect()->rect().center();
    QWheelEvent wheel(centre, footprint->mapToGlobal(centre), QPoint(), QPoint(0, -240), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(footprint, &wheel);
    QVERIFY(view->time_axis()->range().size() > width * 0.8);
    verify_aligned(*view);

    // Drag to the right: the view moves into the past and stops following the newest bar.
    const QCPRange before = view->time_axis()->range();
    QTest::mousePress(footprint, Qt::LeftButton, Qt::NoModifier, centre);
    for (int dx = 20; dx <= 300; dx += 20) {
        QMouseEvent move(QEvent::MouseMove, centre + QPoint(dx, 0), footprint->mapToGlobal(centre + QPoint(dx, 0)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(footprint, &move);
    }
    QTest::mouseRelease(footprint, Qt::LeftButton, Qt::NoModifier, centre + QPoint(300, 0));
    QVERIFY(view->time_axis()->range().upper < before.upper - 1);
    QVERIFY(!view->time_axis()->following());
    verify_aligned(*view);

    // Home: back to the newest bar.
    QTest::keyClick(&window, Qt::Key_Home);
    QVERIFY(view->time_axis()->following());
    QVERIFY(view->time_axis()->range().upper >= view->bars().bars.size() - 1);

    // Back to 1m, seek to 00:30 with the slider: the bars before 00:30 only.
    timeframe->setCurrentIndex(timeframe->findData(QStringLiteral("1m")));
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{60});
    QSlider* slider = window.replay_controls()->slider();
    slider->setValue(30 * 60 - static_cast<int>((window.controller()->info().start_us - kHourStartUs) / 1'000'000));
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{30});
    QTRY_COMPARE(window.controller()->market_time_us(), kHourStartUs + 30LL * 60 * 1'000'000);

    // Play at 1×, then pause with Space: the replay stops where it is.
    QComboBox* speed = window.replay_controls()->findChild<QComboBox*>();
    QVERIFY(speed);
    speed->setCurrentIndex(speed->findData(QStringLiteral("1")));
    QTest::keyClick(&window, Qt::Key_Space);
    QTRY_VERIFY(window.controller()->playing());
    QTest::qWait(300);
    QTest::keyClick(&window, Qt::Key_Space);
    QTRY_VERIFY(!window.controller()->playing());
    QTest::qWait(100);  // progress reports the worker sent before it saw the pause
    QVERIFY(!window.controller()->playing());
    const qint64 paused_at = window.controller()->market_time_us();
    QVERIFY(paused_at > kHourStartUs + 30LL * 60 * 1'000'000);
    QTest::qWait(300);
    QCOMPARE(window.controller()->market_time_us(), paused_at);
    QTRY_COMPARE(view->bars().bars.size(), std::size_t{31});
    verify_aligned(*view);
}

void TestUiWindow::unreadable_file_is_reported_in_the_status_bar() {
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("this is not a trade file\nat all\n");
    file.close();
    StartOptions options;
    options.source = SourceRequest::replay(file.fileName());
    MainWindow window(options);
    QSignalSpy failed(window.controller(), &SourceController::failed);
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() > 0, 10000);
    QVERIFY2(window.status()->message().startsWith(QStringLiteral("Could not open")), qPrintable(window.status()->message()));
    QVERIFY(window.status()->message().contains(QFileInfo(file.fileName()).fileName()));
}

QTEST_MAIN(TestUiWindow)
#include "test_ui_window.moc"
