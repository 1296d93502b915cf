#pragma once
// The real window replaying the real hour to its end at max speed, as the UI suites that read the
// rendered chart open it. Header only: the support library has no Qt Widgets, the UI suites do.
#include <QDir>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>
#include <memory>

#include "chart/order_flow_view.hpp"
#include "source/source_controller.hpp"
#include "window/main_window.hpp"

namespace flowscope::test {

inline const QString kRealHourTrades = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
inline constexpr std::size_t kRealHourMinuteBars = 60;

// The window at `size` in `theme`, the hour replayed into 1m bars and painted; the settings of a
// first run unless keep_settings. Null when it did not get there in time.
inline std::unique_ptr<ui::MainWindow> replayed_window(QSize size, const QString& theme, bool keep_settings = false) {
    if (!keep_settings) QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).setValue("view/theme", theme);
    ui::StartOptions options;
    options.source = ui::SourceRequest::replay(kRealHourTrades);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    auto window = std::make_unique<ui::MainWindow>(options);
    QSignalSpy finished(window->controller(), &ui::SourceController::replay_finished);
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 30000)) return nullptr;
    ui::OrderFlowView* view = window->view();
    if (!QTest::qWaitFor([&] { return view->refresh(), view->bars().bars.size() == kRealHourMinuteBars; }, 10000))
        return nullptr;
    QTest::qWait(50);  // queued answers (the toolbar's bucket text) and the layout settle
    view->replot_now();
    return window;
}

// Saves a picture for people to look at when FLOWSCOPE_TEST_SHOTS names a folder.
inline bool save_shot(const QImage& image, const QString& name) {
    const QString dir = qEnvironmentVariable("FLOWSCOPE_TEST_SHOTS");
    if (dir.isEmpty()) return true;
    QDir().mkpath(dir);
    return image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

}  // namespace flowscope::test
