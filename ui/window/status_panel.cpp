#include "window/status_panel.hpp"

#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>

#include "chart/chart_store.hpp"
#include "chart/quantity_text.hpp"

#include <cmath>

namespace flowscope::ui {

StatusPanel::StatusPanel(QStatusBar* bar, std::shared_ptr<ChartStore> store)
    : QObject(bar), store_(std::move(store)), message_(new QLabel), connection_(new QLabel), rate_(new QLabel),
      latency_(new QLabel), gaps_(new QLabel), recording_(new QLabel), skipped_(new QLabel),
      non_aggressive_(new QLabel), go_live_(new QPushButton(QStringLiteral("Go live"))),
      timer_(new QTimer(this)) {
    connection_->setObjectName(QStringLiteral("connectionState"));
    message_->setObjectName(QStringLiteral("statusMessage"));
    bar->addWidget(connection_);
    bar->addWidget(message_, 1);
    bar->addPermanentWidget(go_live_);
    skipped_->setObjectName(QStringLiteral("skippedInput"));
    non_aggressive_->setObjectName(QStringLiteral("nonAggressivePrints"));
    for (QLabel* l : {skipped_, non_aggressive_, rate_, latency_, gaps_, recording_}) {
        l->setContentsMargins(8, 0, 8, 0);
        bar->addPermanentWidget(l);
    }
    go_live_->setVisible(false);
    skipped_->setVisible(false);
    non_aggressive_->setVisible(false);
    go_live_->setToolTip(QStringLiteral("Try the live market again"));
    connect(go_live_, &QPushButton::clicked, this, &StatusPanel::go_live_clicked);
    recording_->setObjectName(QStringLiteral("recordingState"));
    set_recording(RecordingStatus{});
    timer_->setInterval(1000);
    connect(timer_, &QTimer::timeout, this, &StatusPanel::tick);
    timer_->start();
    since_.start();
    clock_.start();
    tick();
}

void StatusPanel::set_source(const SourceInfo& info) {
    kind_ = info.kind;
    if (info.kind == SourceKind::Replay) {
        connection_->setText(QStringLiteral("● Replay"));
        connection_->setProperty("state", "replay");
        set_recording(RecordingStatus{});
    }
    if (!info.warnings.isEmpty()) set_message(info.warnings.front());
    set_skipped(info.warnings);
    last_trades_ = 0;
    since_.restart();
    connection_->style()->polish(connection_);
    tick();
}

void StatusPanel::set_connection(const ConnectionStatus& status) {
    status_ = status;
    connection_->setText(QStringLiteral("● ") + connection_state_name(status.state));
    connection_->setProperty("state", connection_state_name(status.state).toLower());
    connection_->style()->polish(connection_);
    reconnect_deadline_ms_ = status.state == ConnectionState::Reconnecting ? clock_.elapsed() + status.reconnect_in_ms : 0;
    if (!status.message.isEmpty()) set_message(status.message);
    tick();
}

void StatusPanel::set_recording(const RecordingStatus& status) {
    QString state = QStringLiteral("off");
    if (!status.error.isEmpty()) {
        state = QStringLiteral("error");
        // The label keeps the reason in a few words (later connection news may replace the
        // message line); the message and the tooltip say it in full.
        const QString reason = status.error.section(QStringLiteral(": "), -1);
        recording_->setText(QStringLiteral("REC failed: ") + reason);
        const QString full = QStringLiteral("Recording failed: %1 (%2 frames not recorded; the chart goes on)")
                                 .arg(status.error)
                                 .arg(status.lost_frames);
        recording_->setToolTip(full);
        if (status.error != shown_error_) set_message(full);
    } else if (status.on) {
        state = QStringLiteral("on");
        recording_->setText(QStringLiteral("● REC ") + file_size_text(status.bytes));
        recording_->setToolTip(status.path.isEmpty() ? QStringLiteral("Recording: waiting for the first frame")
                                                     : QStringLiteral("Recording into %1").arg(status.path));
    } else {
        recording_->setText(QStringLiteral("Rec off"));
        recording_->setToolTip(status.path.isEmpty()
                                   ? QStringLiteral("Not recording (only live sessions are recorded)")
                                   : QStringLiteral("Recorded %1 into %2").arg(file_size_text(status.bytes), status.path));
    }
    shown_error_ = status.error;
    recording_->setProperty("state", state);
    recording_->style()->polish(recording_);
}

void StatusPanel::set_message(const QString& text) { message_->setText(text); }

QString StatusPanel::message() const { return message_->text(); }

void StatusPanel::set_go_live_visible(bool visible) { go_live_->setVisible(visible); }

void StatusPanel::set_skipped(const QStringList& warnings) {
    skipped_->setVisible(!warnings.isEmpty());
    if (warnings.isEmpty()) {
        skipped_->clear();
        skipped_->setToolTip({});
        return;
    }
    // The first item in a few words; the tooltip has them all.
    QString first = warnings.front();
    if (first.size() > 80) first = first.left(79) + QStringLiteral("…");
    skipped_->setText(QStringLiteral("⚠ ") + first +
                      (warnings.size() > 1 ? QStringLiteral(" (+%1 more)").arg(warnings.size() - 1) : QString()));
    skipped_->setToolTip(QStringLiteral("Skipped while reading:\n") + warnings.join(QLatin1Char('\n')));
}

void StatusPanel::tick() {
    const FeedCounters c = store_->counters();
    const double seconds = std::max(0.001, since_.restart() / 1000.0);
    const std::uint64_t fresh = c.trades >= last_trades_ ? c.trades - last_trades_ : c.trades;
    last_trades_ = c.trades;
    non_aggressive_->setVisible(c.non_aggressive > 0);
    if (c.non_aggressive > 0) {
        non_aggressive_->setText(QStringLiteral("%1 not aggression%2")
                                     .arg(c.non_aggressive)
                                     .arg(c.non_aggressive_included ? QStringLiteral(" (in)") : QStringLiteral(" (left out)")));
        non_aggressive_->setToolTip(
            QStringLiteral("%1 prints that are not aggression (insurance fund, ADL, block trades): %2")
                .arg(c.non_aggressive)
                .arg(c.non_aggressive_included ? QStringLiteral("counted in delta, CVD and the footprint, as the toolbar asks")
                                               : QStringLiteral("left out of delta, CVD and the footprint (marked in time & "
                                                                "sales); the toolbar's switch includes them")));
    }
    rate_->setText(QStringLiteral("%1 trades/s").arg(static_cast<qint64>(std::llround(fresh / seconds))));
    if (kind_ == SourceKind::Live && c.last_latency_us >= 0)
        latency_->setText(QStringLiteral("latency %1 ms").arg(c.last_latency_us / 1000.0, 0, 'f', 0));
    else
        latency_->setText(QStringLiteral("latency –"));
    gaps_->setText(QStringLiteral("gaps %1").arg(status_.gaps) +
                   (status_.missed_trades ? QStringLiteral(" (%1 missed)").arg(status_.missed_trades) : QString()) +
                   (status_.repaired_trades ? QStringLiteral(" · %1 repaired").arg(status_.repaired_trades) : QString()) +
                   (status_.unrepaired_trades ? QStringLiteral(" · %1 not served").arg(status_.unrepaired_trades) : QString()) +
                   (status_.dropped_frames ? QStringLiteral(" · %1 dropped").arg(status_.dropped_frames) : QString()));
    if (reconnect_deadline_ms_ > 0) {
        const qint64 left = std::max<qint64>(0, reconnect_deadline_ms_ - clock_.elapsed());
        connection_->setText(QStringLiteral("● Reconnecting in %1 s").arg((left + 999) / 1000));
    }
}

}  // namespace flowscope::ui
