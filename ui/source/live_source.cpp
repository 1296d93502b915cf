#include "source/live_source.hpp"

#include <QTimer>

#include "aggregate/bar_rollup.hpp"
#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "model/instrument.hpp"
#include "model/wall_clock.hpp"
#include "net/exchange_adapter.hpp"
#include "net/live_feed.hpp"
#include "source/live_recorder.hpp"

namespace flowscope::ui {

namespace {
// A live session keeps its trades for rebuilding; past this the oldest half goes.
constexpr std::size_t kMaxHistory = 8'000'000;
constexpr qint64 kRecordingReportMs = 500;  // the status bar's file size, twice a second at most
constexpr std::size_t kRecentTrades = 2000;  // time & sales after a rebuild
}  // namespace

LiveSource::LiveSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, QObject* parent)
    : ChartSource(parent), store_(std::move(store)), spec_(spec), multiplier_(bucket_multiplier), timer_(new QTimer(this)) {
    timer_->setInterval(kPollMs);
    connect(timer_, &QTimer::timeout, this, &LiveSource::on_tick);
}

LiveSource::~LiveSource() { stop(); }

QString LiveSource::open(const QString& exchange, const QString& symbol, const QString& endpoint,
                         const QString& record_folder) {
    const auto venue = exchange_from_name(exchange.toStdString());
    if (!venue) return QStringLiteral("unknown exchange \"%1\"").arg(exchange);
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
        if (!config.endpoint_override)
            return QStringLiteral("bad endpoint \"%1\" (expected ws://host:port/path or wss://…)").arg(endpoint);
    }
    live_ = std::make_unique<LiveFeed>(config);
    start_recording(record_folder);
    status_ = ConnectionStatus{};
    status_.state = ConnectionState::Connecting;
    status_.message = QStringLiteral("Connecting to %1 %2…").arg(exchange, symbol);
    rebuild();
    emit opened(info_);
    emit connection_changed(status_);
    live_->start();
    timer_->start();
    return {};
}

void LiveSource::set_chart(const BarSpec& spec, int bucket_multiplier) {
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    rebuild();
    emit opened(info_);
}

// The aggregation always holds every trade of the session (history_ may have let the oldest go).
void LiveSource::rebuild() {
    const Price reference = history_.empty() ? Price{} : history_.front().price;
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : default_bucket_multiplier(info_.tick, reference);
    const std::int64_t bucket = info_.tick.units * info_.bucket_multiplier;
    if (auto rolled = aggregation_.series().empty() ? std::nullopt : roll_up(aggregation_.series().front(), spec_, bucket)) {
        aggregation_.series().front() = std::move(*rolled);  // longer bars from the ones there are
    } else {
        aggregation_ = Aggregator{};
        aggregation_.set_include_non_aggressive(include_non_aggressive_);
        aggregation_.add_series(spec_, bucket);
        for (const Trade& t : history_) aggregation_.add(t);
    }
    const BarSeries& series = aggregation_.series().front();
    const std::size_t recent = std::min(history_.size(), kRecentTrades);
    store_->replace(series, info_.tick, info_.symbol.toStdString(), aggregation_.trades(),
                    std::span(history_).last(recent));
    store_->set_non_aggressive(aggregation_.non_aggressive_trades(), aggregation_.include_non_aggressive());
}

void LiveSource::set_recording(const QString& record_folder) {
    if (record_folder.isEmpty()) stop_recording();
    else if (!recorder_) start_recording(record_folder);
}

void LiveSource::start_recording(const QString& folder) {
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

void LiveSource::stop_recording() {
    if (!recorder_) return;
    recorder_->close();
    const RecordingStatus last = recorder_->status();
    recorder_.reset();
    // Off, but the last file and its final size stay visible.
    recording_reported_ = last;
    emit recording_changed(last);
}

void LiveSource::report_recording(bool force) {
    const RecordingStatus now = recorder_ ? recorder_->status() : RecordingStatus{};
    if (now == recording_reported_ && !force) return;
    const bool same_kind = now.on == recording_reported_.on && now.error == recording_reported_.error &&
                           now.path == recording_reported_.path;
    if (!force && same_kind && recording_report_clock_.isValid() && recording_report_clock_.elapsed() < kRecordingReportMs)
        return;
    recording_reported_ = now;
    recording_report_clock_.start();
    emit recording_changed(now);
}

void LiveSource::stop() {
    timer_->stop();
    if (live_) live_->stop();
    if (live_ && recorder_) {
        // What the feed queued before it stopped belongs in the recording too.
        FeedBatch rest;
        live_->drain(rest);
        recorder_->append(rest.frames);
    }
    stop_recording();
    live_.reset();
}

void LiveSource::on_tick() {
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
            reached_ = true;
            status_.state = ConnectionState::Connected;
            status_.message = QStringLiteral("Live: %1 %2").arg(info_.exchange, info_.symbol);
            break;
        case FeedEvent::Kind::Disconnected:
        case FeedEvent::Kind::Reconnecting:
            if (!reached_) {
                // Never connected: the network (or the exchange) cannot be reached. Say so and let
                // the UI fall back to the bundled session instead of retrying forever.
                const QString why = text.isEmpty() ? QStringLiteral("no connection") : text;
                const QString venue = QStringLiteral("%1 %2").arg(info_.exchange, info_.symbol);
                stop();
                emit failed(QStringLiteral("cannot reach %1 (%2)").arg(venue, why));
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
    if (status_changed) emit connection_changed(status_);
    if (batch.trades.empty()) return;
    if (history_.size() + batch.trades.size() > kMaxHistory)
        history_.erase(history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(history_.size() / 2));
    const bool first_trades = history_.empty();
    history_.insert(history_.end(), batch.trades.begin(), batch.trades.end());
    for (const Trade& t : batch.trades) aggregation_.add(t);
    if (first_trades && multiplier_ <= 0) {
        // The default bucket depends on the price, known only now.
        rebuild();
        emit opened(info_);
        return;
    }
    store_->publish(aggregation_.series().front(), batch.trades);
}

}  // namespace flowscope::ui
