#include "window/status_panel.hpp"

#include <QDateTime>
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
    clock_.start();
    rate_->setObjectName(QStringLiteral("tradeRate"));
    rate_->setToolTip(QStringLiteral("Trades a second over the last %1 s of market time (the trades' exchange time)")
                          .arg(TradeRate::kWindowSeconds));
    tick();
}

namespace {
// A label's state restyles it (its colour comes from the style sheet); restyling relays the status
// bar out, so only a change does it: live sources report their status many times a second.
void set_state(QLabel* label, const QString& state) {
    if (label->property("state").toString() == state) return;
    label->setProperty("state", state);
    label->style()->polish(label);
}
}  // namespace

void StatusPanel::set_source(const SourceInfo& info) {
    kind_ = info.kind;
    if (info.kind == SourceKind::Replay) {
        connection_->setText(QStringLiteral("● Replay"));
        set_state(connection_, QStringLiteral("replay"));
        set_recording(RecordingStatus{});
    }
    if (!info.warnings.isEmpty()) set_message(info.warnings.front());
    set_skipped(info.warnings);
    tick();
}

void StatusPanel::set_connection(const ConnectionStatus& status) {
    if (status == status_ && kind_ == SourceKind::Live) return;
    status_ = status;
    connection_->setText(QStringLiteral("● ") + connection_state_name(status.state));
    set_state(connection_, connection_state_name(status.state).toLower());
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
    set_state(recording_, state);
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

void TradeRate::add(std::span<const Trade> trades) {
    for (const Trade& t : trades) {
        const std::int64_t second = floor_div(t.exchange_time_us, 1'000'000);
        newest_us_ = std::max(newest_us_, t.exchange_time_us);
        // In time order nearly always: a late trade goes to its own second, found from the back.
        auto it = seconds_.end();
        while (it != seconds_.begin() && std::prev(it)->first > second) --it;
        if (it != seconds_.begin() && std::prev(it)->first == second)
            ++std::prev(it)->second;
        else
            seconds_.insert(it, {second, 1});
    }
    const std::int64_t newest_second = floor_div(newest_us_, 1'000'000);
    while (!seconds_.empty() && seconds_.front().first <= newest_second - kWindowSeconds) seconds_.pop_front();
}

std::uint64_t TradeRate::in_window(std::int64_t end_us) const {
    const std::int64_t last = floor_div(end_us, 1'000'000);
    std::uint64_t trades = 0;
    for (const auto& [second, count] : seconds_)
        if (second > last - kWindowSeconds && second <= last) trades += count;
    return trades;
}

QString TradeRate::text(std::int64_t end_us) const {
    // Trades over ten seconds ÷ 10 is exact to one decimal; a quiet market keeps it ("1.2").
    const std::uint64_t n = in_window(end_us);
    static_assert(kWindowSeconds == 10);
    return n >= 1000 ? QString::number(n / 10) : QStringLiteral("%1.%2").arg(n / 10).arg(n % 10);
}

void StatusPanel::set_store(std::shared_ptr<ChartStore> store) {
    store_ = std::move(store);
    rate_count_.clear();
}

void StatusPanel::add_trades(const std::vector<Trade>& trades) { rate_count_.add(trades); }

// A new source or chart starts with its own trades again (the source's info comes again on a chart
// change too, so the count is not cleared there).
void StatusPanel::chart_restarted() { rate_count_.clear(); }

void StatusPanel::tick() {
    const FeedCounters c = store_->counters();
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
    // Live: the market's last seconds up to now, so a quiet market reads 0; a replay: up to its clock.
    const std::int64_t end_us = kind_ == SourceKind::Live ? QDateTime::currentMSecsSinceEpoch() * 1000 : rate_count_.newest_us();
    QString rate = rate_count_.text(end_us) + QStringLiteral(" trades/s");
    if (c.untaken_dropped > 0) rate += QStringLiteral(" · %1 not in time & sales").arg(c.untaken_dropped);
    rate_->setText(rate);
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
