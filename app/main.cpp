// flowscope: the desktop app. Order-flow footprint, CVD and imbalance heat bars, live or replayed.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

#include "aggregate/bar_spec.hpp"
#include "window/layout_library.hpp"
#include "window/main_window.hpp"
#include "replay/replay_controls.hpp"
#include "window/screenshot_run.hpp"
#include "source/bundled_session.hpp"
#include "source/source_controller.hpp"

namespace {
int usage_error(const QString& message) {
    std::fprintf(stderr, "flowscope: %s\n", qPrintable(message));
    return 2;
}
}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("flowscope"));
    QApplication::setApplicationName(QStringLiteral("flowscope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    Q_INIT_RESOURCE(flowscope);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Order-flow footprint charts, CVD and imbalance heat bars"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption replay({QStringLiteral("r"), QStringLiteral("replay")},
                                    QStringLiteral("Replay a recording or Binance / Tardis trade file."), QStringLiteral("FILE"));
    const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("Replay speed: 1, 2, 5, 10, 60, 600 or max."),
                                   QStringLiteral("SPEED"));
    const QCommandLineOption until(QStringLiteral("until"),
                                   QStringLiteral("Stop the replay at TIME (HH:MM[:SS] on the replay's first day, or YYYY-MM-DDTHH:MM[:SS], UTC)."),
                                   QStringLiteral("TIME"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Replay to the end (or --until), save a PNG of the window, exit."),
                                        QStringLiteral("OUT.png"));
    const QCommandLineOption timeframe(QStringLiteral("timeframe"), QStringLiteral("Bars: 1s … 1D, 500t, 25v."),
                                       QStringLiteral("TF"));
    const QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("dark or light."), QStringLiteral("THEME"));
    const QCommandLineOption offline(QStringLiteral("offline"),
                                     QStringLiteral("Replay the real session shipped with flowscope instead of a live market."));
    const QCommandLineOption layout(QStringLiteral("layout"),
                                    QStringLiteral("Open the chart layout saved as NAME (Layout ▸ Save layout as…) instead of the last one."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption single(QStringLiteral("single-pane"), QStringLiteral("One chart pane instead of the last layout."));
    parser.addOptions({replay, speed, until, screenshot, timeframe, theme, offline, layout, single});
    parser.process(app);

    flowscope::ui::StartOptions options;
    if (parser.isSet(replay)) {
        const QString path = parser.value(replay);
        if (!QFileInfo::exists(path)) return usage_error(QStringLiteral("--replay: no such file: %1").arg(path));
        options.source = flowscope::ui::SourceRequest::replay(QFileInfo(path).absoluteFilePath());
    } else if (parser.isSet(offline)) {
        const QString session = flowscope::ui::bundled_session_path();
        if (session.isEmpty()) return usage_error(QStringLiteral("--offline: the bundled session is not installed"));
        options.source = flowscope::ui::SourceRequest::replay(session);
        options.fill_first_screen = true;  // --speed, if given, wins
    }
    if (parser.isSet(speed)) {
        QString s = parser.value(speed).toLower();
        if (s != QStringLiteral("max") && (s.endsWith('x') || s.endsWith(QChar(0x00D7)))) s.chop(1);  // "10x" = "10"

        if (!flowscope::ui::ReplayControls::speed_texts().contains(s))
            return usage_error(QStringLiteral("--speed must be one of 1, 2, 5, 10, 60, 600, max (got %1)").arg(parser.value(speed)));
        options.speed = s;
    } else if (parser.isSet(screenshot)) {
        options.speed = QStringLiteral("max");
    }
    if (parser.isSet(timeframe)) {
        if (!flowscope::BarSpec::parse(parser.value(timeframe).toStdString()))
            return usage_error(QStringLiteral("--timeframe: unknown timeframe %1 (1s … 1D, 500t, 25v)").arg(parser.value(timeframe)));
        options.timeframe = parser.value(timeframe);
    }
    if (parser.isSet(until) && !parser.isSet(screenshot) && !options.source)
        return usage_error(QStringLiteral("--until needs --replay or --offline"));
    if (parser.isSet(theme) && parser.value(theme) != QStringLiteral("dark") && parser.value(theme) != QStringLiteral("light"))
        return usage_error(QStringLiteral("--theme must be dark or light"));

    if (parser.isSet(layout)) {
        flowscope::ui::LayoutLibrary library;
        if (const QString error = library.load(); !error.isEmpty()) return usage_error(QStringLiteral("--layout: ") + error);
        if (!library.named(parser.value(layout))) {
            const QStringList names = library.names();
            return usage_error(QStringLiteral("--layout: no layout called %1 (saved: %2)")
                                   .arg(parser.value(layout), names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
        }
        options.layout = parser.value(layout);
    }
    options.single_pane = parser.isSet(single);

    flowscope::ui::MainWindow window(options);
    if (parser.isSet(theme)) window.set_theme(parser.value(theme));
    if (parser.isSet(screenshot)) {
        new flowscope::ui::ScreenshotRun(&window, parser.value(screenshot), parser.value(until), 300);
    } else if (parser.isSet(until)) {
        QObject::connect(&window, &flowscope::ui::MainWindow::source_opened, &window,
                         [&window, text = parser.value(until)](const flowscope::ui::SourceInfo& info) {
                             const qint64 t = flowscope::ui::ScreenshotRun::parse_until(text, info.start_us);
                             if (t > 0) window.controller()->set_until(t);
                         });
    }
    window.show();
    return app.exec();
}
