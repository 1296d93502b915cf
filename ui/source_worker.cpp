#include "source_worker.hpp"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>
#include <chrono>

#include "bucket_choice.hpp"
#include "chart_store.hpp"
#include "checkpoint_preparation.hpp"
#include "live_recorder.hpp"
#include "model/instrument.hpp"
#include "net/exchange_adapter.hpp"
#include "net/live_feed.hpp"
#include "replay_loading.hpp"
#include "replay_playback.hpp"

namespace flowscope::ui {

namespace {
// The replay clock ticks at 100 Hz; at max speed each tick feeds this many trades, which keeps the
// store's lock short (well under a millisecond) while a real day replays in seconds.
constexpr int kTickMs = 10;
constexpr std::size_t kMaxBatch = 20'000;
constexpr std::size_t kRebuildChunk = 50'000;
constexpr int kPreparationPollMs = 100;  // progress of the background checkpoint pass
constexpr int kLivePollMs = 30;  // batches of ~30 ms, never one signal per trade
// A live session keeps its trades for rebuilding; past this the oldest half goes.
constexpr std::size_t kMaxLiveHistory = 8'000'000;
constexpr qint64 kRecordingReportMs = 500;  // the status bar's file size, twice a second at most

std::int64_t wall_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

SourceWorker::SourceWorker(std::shared_ptr<ChartStore> store)
    : store_(std::move(store)), timer_(new QTimer(this)), preparation_timer_(new QTimer(this)), live_timer_(new QTimer(this)) {
    timer_->setInterval(kTickMs);
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &SourceWorker::on_tick);
    live_timer_->setInterval(kLivePollMs);
    connect(live_timer_, &QTimer::timeout, this, &SourceWorker::on_live_tick);
    preparation_timer_->setInterval(kPreparationPollMs);
    connect(preparation_timer_, &QTimer::timeout, this, &SourceWorker::on_preparation_tick);
}

SourceWorker::~SourceWorker() = default;

void SourceWorker::open_replay(const QString& path, quint64 generation) {
    close();
    generation_ = generation;
    ReplaySource source = open_replay_source(path);
    if (!source.ok) {
        emit failed(source.error, generation);
        return;
    }
    info_ = SourceInfo{};
    info_.kind = SourceKind::Replay;
    info_.path = path;
    info_.exchange = source.exchange;
    info_.symbol = source.symbol;
    info_.tick = source.tick;
    info_.trades = source.trades;
    info_.frames = source.frames;
    info_.warnings = source.warnings;
    info_.start_us = source.start_us;
    info_.end_us = source.end_us;
    session_path_ = source.session_path;
    converted_ = source.converted;
    first_price_ = source.first_price;
    if (!rebuild_replay()) return;
    emit opened(info_, generation_);
    report_progress();
}

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

bool SourceWorker::rebuild_replay() {
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : default_bucket_multiplier(info_.tick, first_price_);
    const std::int64_t bucket = info_.tick.units * info_.bucket_multiplier;
    // A new chart is a new engine (its aggregation and checkpoints hold the chart's series),
    // brought to the market time the replay is at.
    const std::int64_t market = replay_ ? replay_->market_us() : info_.start_us;
    std::string error;
    auto session = record::RecordingSession::open(session_path_, error);
    if (!session) {
        const QString message = QString::fromStdString(error);
        close();
        emit failed(message, generation_);
        return false;
    }
    replay_ = std::make_unique<ReplayPlayback>(std::make_unique<record::ReplayEngine>(std::move(session), app_engine_options()),
                                               spec_, bucket);
    replay_->set_speed(speed_);
    replay_->set_until(until_us_);
    std::vector<Trade> recent;
    if (market > replay_->start_us()) replay_->seek(market, recent);
    publish_replay(recent);
    start_preparation();
    return true;
}

void SourceWorker::publish_replay(const std::vector<Trade>& recent) {
    // The copy is made here, in the worker; the store only swaps it in.
    store_->replace(replay_->aggregator(), info_.tick, info_.symbol.toStdString(), recent);
}

void SourceWorker::start_preparation() {
    preparation_.reset();
    const BarSeries& series = replay_->series();
    preparation_ = std::make_unique<CheckpointPreparation>(session_path_, series.spec(), series.bucket_units(),
                                                           app_engine_options());
    // The first report comes with the first poll: a short pass is done before it and never shows.
    preparation_percent_ = -1;
    preparation_timer_->start();
}

void SourceWorker::on_preparation_tick() {
    if (!preparation_ || !replay_) {
        preparation_timer_->stop();
        return;
    }
    if (!preparation_->done()) {
        const int percent = std::min(99, static_cast<int>(preparation_->progress() * 100));
        if (percent != preparation_percent_) emit preparation_progress(preparation_percent_ = percent, generation_);
        return;
    }
    preparation_timer_->stop();
    PreparedEngine result = preparation_->take();
    preparation_.reset();
    if (!result.engine) {
        // Playback goes on without checkpoints prepared ahead: seeks back replay from the start.
        info_.warnings << QStringLiteral("Seeks stay slow: %1").arg(QString::fromStdString(result.error));
        emit preparation_progress(preparation_percent_ = 100, generation_);
        emit prepared(info_, generation_);
        return;
    }
    replay_->adopt(std::move(result.engine));
    info_.trades = result.stats.trades;
    if (result.stats.malformed > 0) {
        const QString malformed = QStringLiteral("%1 malformed frames skipped").arg(result.stats.malformed);
        if (!info_.warnings.contains(malformed)) info_.warnings << malformed;
    }
    for (const auto& issue : result.issues) {
        const QString text = QString::fromStdString(issue.describe());
        if (!info_.warnings.contains(text)) info_.warnings << text;
    }
    emit preparation_progress(preparation_percent_ = 100, generation_);
    emit prepared(info_, generation_);
}

void SourceWorker::play() {
    if (info_.kind != SourceKind::Replay || !replay_) return;
    if (replay_->finished()) seek(replay_->start_us());
    playing_ = true;
    wall_.start();
    last_tick_us_ = 0;
    timer_->start();
    report_progress();
}

void SourceWorker::pause() {
    playing_ = false;
    timer_->stop();
    report_progress();
}

void SourceWorker::set_speed(double speed) {
    speed_ = speed;
    if (replay_) replay_->set_speed(speed);
}

void SourceWorker::set_until(qint64 market_us) {
    until_us_ = market_us;
    if (replay_) replay_->set_until(market_us);
}

void SourceWorker::on_tick() {
    if (!replay_) return;
    const std::int64_t now = wall_.nsecsElapsed() / 1000;
    const std::int64_t elapsed = now - last_tick_us_;
    last_tick_us_ = now;
    played_.clear();
    replay_->advance(elapsed, played_, kMaxBatch);
    store_->add(played_);
    if (replay_->at_end()) {
        pause();
        emit replay_finished(generation_);
        return;
    }
    report_progress();
}

void SourceWorker::step_bar() {
    if (info_.kind != SourceKind::Replay || !replay_) return;
    if (playing_) pause();
    played_.clear();
    replay_->step_bar(played_);
    store_->add(played_);
    report_progress();
}

void SourceWorker::step_back() {
    if (info_.kind != SourceKind::Replay || !replay_) return;
    if (playing_) pause();
    seek(replay_->previous_bar_start());
}

void SourceWorker::seek(qint64 market_us) {
    if (info_.kind != SourceKind::Replay || !replay_) return;
    std::vector<Trade> recent;
    replay_->seek(market_us, recent);
    publish_replay(recent);
    report_progress();
}

void SourceWorker::report_progress() {
    if (info_.kind == SourceKind::Replay && replay_) emit replay_progress(replay_->market_us(), playing_, generation_);
}

}  // namespace flowscope::ui
