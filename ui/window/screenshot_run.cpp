#include "window/screenshot_run.hpp"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>
#include <cstdio>

#include "window/chart_pane.hpp"
#include "window/main_window.hpp"
#include "window/pane_grid.hpp"
#include "chart/order_flow_view.hpp"
#include "source/source_controller.hpp"

namespace flowscope::ui {

qint64 ScreenshotRun::parse_until(const QString& text, qint64 replay_start_us) {
    for (const char* format : {"yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"}) {
        QDateTime t = QDateTime::fromString(text, QString::fromLatin1(format));
        if (t.isValid()) {
            t.setTimeSpec(Qt::UTC);
            return t.toMSecsSinceEpoch() * 1000;
        }
    }
    for (const char* format : {"HH:mm:ss", "HH:mm"}) {
        const QTime time = QTime::fromString(text, QString::fromLatin1(format));
        if (!time.isValid()) continue;
        const QDate day = QDateTime::fromMSecsSinceEpoch(replay_start_us / 1000, Qt::UTC).date();
        return QDateTime(day, time, Qt::UTC).toMSecsSinceEpoch() * 1000;
    }
    return -1;
}

ScreenshotRun::ScreenshotRun(MainWindow* window, QString out_path, QString until_text, int timeout_s)
    : QObject(window), window_(window), out_path_(std::move(out_path)), until_text_(std::move(until_text)) {
    SourceController* controller = window->controller();
    connect(window, &MainWindow::source_opened, this, [this, controller](const SourceInfo& info) {
        source_path_ = info.path;
        if (until_text_.isEmpty() || info.kind != SourceKind::Replay) return;
        const qint64 until = parse_until(until_text_, info.start_us);
        if (until < 0) {
            fail(QStringLiteral("--until: cannot read \"%1\" (use HH:MM[:SS] or YYYY-MM-DDTHH:MM[:SS], UTC)").arg(until_text_));
            return;
        }
        controller->set_until(until);
    });
    // The focused pane's replay ends the run once the other panes' replays have ended too (a
    // layout's live panes are taken as they are).
    connect(controller, &SourceController::replay_finished, this, [this] {
        auto* wait = new QTimer(this);
        wait->setInterval(50);
        connect(wait, &QTimer::timeout, this, [this, wait] {
            if (!others_done()) return;
            wait->stop();
            finish();
        });
        wait->start();
    });
    connect(window, &MainWindow::source_failed, this, &ScreenshotRun::fail);
    QTimer::singleShot(timeout_s * 1000, this, [this, timeout_s] {
        fail(QStringLiteral("the replay did not finish within %1 s").arg(timeout_s));
    });
}

bool ScreenshotRun::others_done() const {
    for (const ChartPane* pane : window_->panes()->panes()) {
        const SourceController* c = pane->controller();
        const SourceInfo& info = c->info();
        if (info.kind == SourceKind::Live) continue;
        if (info.kind != SourceKind::Replay || c->playing() || c->market_time_us() < info.end_us) {
            if (pane == window_->focused_pane()) continue;  // stopped at --until
            return false;
        }
    }
    return true;
}

void ScreenshotRun::finish() {
    if (done_) return;
    done_ = true;
    // One more frame so the panes show the last trades, then paint synchronously and save.
    for (ChartPane* pane : window_->panes()->panes()) pane->view()->refresh();
    window_->flush_tape();
    // What those trades changed around the chart (the toolbar's texts, time & sales) laid out too.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    for (ChartPane* pane : window_->panes()->panes()) pane->view()->replot_now();
    const bool saved = window_->grab().save(out_path_, "PNG");
    if (saved)
        std::printf("flowscope: saved %s (replay of %s)\n", qPrintable(out_path_), qPrintable(source_path_));
    else
        std::fprintf(stderr, "flowscope: cannot write %s\n", qPrintable(out_path_));
    QCoreApplication::exit(saved ? 0 : 1);
}

void ScreenshotRun::fail(const QString& message) {
    if (done_) return;
    done_ = true;
    std::fprintf(stderr, "flowscope: %s\n", qPrintable(message));
    QCoreApplication::exit(1);
}

}  // namespace flowscope::ui
