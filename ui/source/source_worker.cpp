#include "source/source_worker.hpp"

#include <QFileInfo>
#include <QTimer>
#include <chrono>

#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "replay/checkpoint_preparation.hpp"
#include "source/live_recorder.hpp"
#include "model/instrument.hpp"
#include "net/exchange_adapter.hpp"
#include "model/wall_clock.hpp"
#include "net/live_feed.hpp"
#include "replay/replay_playback.hpp"

namespace flowscope::ui {

namespace {
constexpr std::size_t kRebuildChunk = 50'000;
constexpr int kLivePollMs = 30;  // batches of ~30 ms, never one signal per trade
// A live session keeps its trades for rebuilding; past this the oldest half goes.
constexpr std::size_t kMaxLiveHistory = 8'000'000;
constexpr qint64 kRecordingReportMs = 500;  // the status bar's file size, twice a second at most
}  // namespace

SourceWorker::SourceWorker(std::shared_ptr<ChartStore> store)
    : store_(std::move(store)), timer_(new QTimer(this)), preparation_timer_(new QTimer(this)), live_timer_(new QTimer(this)) {
    timer_->setInterval(kReplayTickMs);
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &SourceWorker::on_tick);
    live_timer_->setInterval(kLivePollMs);
    connect(live_timer_, &QTimer::timeout, this, &SourceWorker::on_live_tick);
    preparation_timer_->setInterval(kPreparationPollMs);
    connect(preparation_timer_, &QTimer::timeout, this, &SourceWorker::on_preparation_tick);
}

SourceWorker::~SourceWorker() = default;

void SourceWorker::open_live(const QString& exchange, const QString& symbol, const QString& endpoint,
                             const QString& record_folder, quint64 generation) {
    close();
    generation_ = generation;
    const auto venue = exchange_from_name(exchange.toStdString());
    if (!venue) {
        emit failed(QStringLiteral("unknown exchange \"%1\"").arg(exchange), generation);
        return;
    }
    info_ = SourceInfo{};
    info_.kind = SourceKind::Live;
    info_.exchange = exchange;
    info_.symbol = symbol;
    if (const auto instrument = builtin_instrument(*venue, symbol.toStdString())) info_.tick = instrument->tick_size;
    LiveFeedConfig config;
    config.exchange = *venue;
    config.symbols = {symbol.toStdString()};
    if (!endpoint.isEmpty()) {
        config.endpoint_override = parse_endpoint_url(endpoint.toStdString());
        if (!config.endpoint_override) {
            emit failed(QStringLiteral("bad endpoint \"%1\" (expected ws://host:port/path or wss://…)").arg(endpoint), generation);
            return;
        }
    }
    live_ = std::make_unique<LiveFeed>(config);
    start_recording(record_folder);
    live_reached_ = false;
    status_ = ConnectionStatus{};
    status_.state = ConnectionState::Connecting;
    status_.message = QStringLiteral("Connecting to %1 %2…").arg(exchange, symbol);
    rebuild();
    emit opened(info_, generation_);
    emit connection_changed(status_, generation_);
    live_->start();
    live_timer_->start();
}

void SourceWorker::set_recording(const QString& record_folder) {
    if (info_.kind != SourceKind::Live) return;
    if (record_folder.isEmpty()) stop_recording();
    else if (!recorder_) start_recording(record_folder);
}

void SourceWorker::start_recording(const QString& folder) {
    recorder_.reset();
    recording_reported_ = RecordingStatus{};
    if (folder.isEmpty() || !live_) {
        report_recording(true);
        return;
    }
    const auto venue = exchange_from_name(info_.exchange.toStdString());
    const std::string symbol = make_adapter(*venue)->normalize_symbol(info_.symbol.toStdString());
    recorder_ = std::make_unique<LiveRecorder>(folder, *venue, symbol);
    report_recording(true);
}

void SourceWorker::stop_recording() {
    if (!recorder_) return;
    recorder_->close();
    const RecordingStatus last = recorder_->status();
    recorder_.reset();
    // Off, but the last file and its final size stay visible.
    recording_reported_ = last;
    emit recording_changed(last, generation_);
}

void SourceWorker::report_recording(bool force) {
    const RecordingStatus now = recorder_ ? recorder_->status() : RecordingStatus{};
    if (now == recording_reported_ && !force) return;
    const bool same_kind = now.on == recording_reported_.on && now.error == recording_reported_.error &&
                           now.path == recording_reported_.path;
    if (!force && same_kind && recording_report_clock_.isValid() && recording_report_clock_.elapsed() < kRecordingReportMs)
        return;
    recording_reported_ = now;
    recording_report_clock_.start();
    emit recording_changed(now, generation_);
}

void SourceWorker::on_live_tick() {
    if (!live_) return;
    FeedBatch batch;
    live_->drain(batch);
    if (recorder_) {
        recorder_->append(batch.frames);
        recorder_->flush_if_due(wall_now_us());
        report_recording(false);
    }
    bool status_changed = false;
    for (const FeedEvent& e : batch.events) {
        const QString text = QString::fromStdString(e.message);
        status_changed = true;
        switch (e.kind) {
        case FeedEvent::Kind::Connecting: status_.state = ConnectionState::Connecting; break;
        case FeedEvent::Kind::Connected:
        case FeedEvent::Kind::Subscribed:
            live_reached_ = true;
            status_.state = ConnectionState::Connected;
            status_.message = QStringLiteral("Live: %1 %2").arg(info_.exchange, info_.symbol);
            break;
        case FeedEvent::Kind::Disconnected:
        case FeedEvent::Kind::Reconnecting:
            if (!live_reached_) {
                // Never connected: the network (or the exchange) cannot be reached. Say so and let
                // the UI fall back to the bundled session instead of retrying forever.
                const QString why = text.isEmpty() ? QStringLiteral("no connection") : text;
                const QString venue = QStringLiteral("%1 %2").arg(info_.exchange, info_.symbol);
                close();
                emit failed(QStringLiteral("cannot reach %1 (%2)").arg(venue, why), generation_);
                return;
            }
            status_.state = ConnectionState::Reconnecting;
            status_.reconnect_in_ms = e.delay_ms;
            status_.message = QStringLiteral("Connection lost: %1").arg(text);
            break;
        case FeedEvent::Kind::Gap:
            ++status_.gaps;
            status_.missed_trades += e.missed;
            status_.message = QStringLiteral("Gap in the trade stream: %1").arg(text);
            break;
        case FeedEvent::Kind::ExchangeError: status_.message = QStringLiteral("Exchange error: %1").arg(text); break;
        case FeedEvent::Kind::Stalled:
            status_.state = ConnectionState::Stalled;
            status_.message = QStringLiteral("No data: %1").arg(text);
            break;
        }
    }
    if (live_->dropped_frames() != status_.dropped_frames) {
        status_.dropped_frames = live_->dropped_frames();
        status_changed = true;
    }
    if (status_changed) emit connection_changed(status_, generation_);
    if (batch.trades.empty()) return;
    if (live_history_.size() + batch.trades.size() > kMaxLiveHistory)
        live_history_.erase(live_history_.begin(), live_history_.begin() + static_cast<std::ptrdiff_t>(live_history_.size() / 2));
    const bool first_trades = live_history_.empty();
    live_history_.insert(live_history_.end(), batch.trades.begin(), batch.trades.end());
    if (first_trades && multiplier_ <= 0) {
        // The default bucket depends on the price, known only now.
        rebuild();
        emit opened(info_, generation_);
        return;
    }
    store_->add(batch.trades);
}

void SourceWorker::close() {
    timer_->stop();
    live_timer_->stop();
    if (live_) live_->stop();
    if (live_ && recorder_) {
        // What the feed queued before it stopped belongs in the recording too.
        FeedBatch rest;
        live_->drain(rest);
        recorder_->append(rest.frames);
    }
    stop_recording();
    live_.reset();
    live_history_.clear();
    playing_ = false;
    until_us_ = 0;
    preparation_timer_->stop();
    preparation_.reset();  // cancels the background pass
    preparation_percent_ = -1;
    replay_.reset();
    converted_.reset();  // removes a trade file's conversion
    session_path_.clear();
    info_ = SourceInfo{};
}

void SourceWorker::set_chart(const BarSpec& spec, int bucket_multiplier) {
    const bool same = spec == spec_ && bucket_multiplier == multiplier_;
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    if (info_.kind == SourceKind::None) return;
    if (info_.kind == SourceKind::Replay) {
        // Rebuilding a replay means a new engine and a new checkpoint pass: not for nothing.
        if (!same && !rebuild_replay()) return;
    } else {
        rebuild();
    }
    emit opened(info_, generation_);
}

void SourceWorker::rebuild() {
    if (multiplier_ <= 0) {
        const Price reference = live_history_.empty() ? Price{} : live_history_.front().price;
        info_.bucket_multiplier = default_bucket_multiplier(info_.tick, reference);
    } else {
        info_.bucket_multiplier = multiplier_;
    }
    store_->reset(spec_, info_.tick.units * info_.bucket_multiplier, info_.tick, info_.symbol.toStdString());
    const std::span<const Trade> played(live_history_);
    for (std::size_t i = 0; i < played.size(); i += kRebuildChunk)
        store_->add(played.subspan(i, std::min(kRebuildChunk, played.size() - i)));
}

}  // namespace flowscope::ui
