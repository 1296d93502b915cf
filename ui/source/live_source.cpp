#include "source/live_source.hpp"

#include <QTimer>

#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "model/instrument.hpp"
#include "model/wall_clock.hpp"
#include "net/exchange_adapter.hpp"
#include "net/live_feed.hpp"
#include "record/live_chart.hpp"
#include "record/recording_session.hpp"
#include "source/live_recorder.hpp"
#include "source/session_recording.hpp"

namespace flowscope::ui {

namespace {
constexpr qint64 kRecordingReportMs = 500;  // the status bar's file size, twice a second at most
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
    recording_ = std::make_unique<SessionRecording>(*venue, make_adapter(*venue)->normalize_symbol(symbol.toStdString()));
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

void LiveSource::rebuild() {
    const Price reference = chart_ && chart_->first_price() ? *chart_->first_price() : Price{};
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : default_bucket_multiplier(info_.tick, reference);
    const std::int64_t bucket = info_.tick.units * info_.bucket_multiplier;
    if (!chart_) {
        chart_ = std::make_unique<record::LiveChart>(spec_, bucket, info_.tick, include_non_aggressive_);
    } else if (auto changed = chart_->change(spec_, bucket, [this] { return recording_->open(); }); !changed) {
        // The chart stays as it was, and the status bar says why: never bars short of trades.
        spec_ = chart_->series().spec();
        if (info_.tick.units > 0) info_.bucket_multiplier = static_cast<int>(chart_->series().bucket_units() / info_.tick.units);
        status_.message = QStringLiteral("The chart cannot change: %1").arg(QString::fromStdString(changed.error()));
        emit connection_changed(status_);
    }
    const std::vector<Trade> recent = chart_->recent_trades();
    store_->replace(chart_->series(), info_.tick, info_.symbol.toStdString(), chart_->aggregation().trades(), recent);
    store_->set_non_aggressive(chart_->aggregation().non_aggressive_trades(), chart_->aggregation().include_non_aggressive());
}

void LiveSource::set_recording(const QString& record_folder) {
    if (record_folder.isEmpty()) stop_recording();
    else if (recording_ && !recording_->user()) start_recording(record_folder);
}

void LiveSource::start_recording(const QString& folder) {
    if (recording_) recording_->stop_user();
    recording_reported_ = RecordingStatus{};
    if (!folder.isEmpty() && recording_) recording_->start_user(folder);
    report_recording(true);
}

void LiveSource::stop_recording() {
    if (!recording_ || !recording_->user()) return;
    // Off, but the last file and its final size stay visible.
    const RecordingStatus last = recording_->stop_user();
    recording_reported_ = last;
    emit recording_changed(last);
}

void LiveSource::report_recording(bool force) {
    const RecordingStatus now = recording_ && recording_->user() ? recording_->user()->status() : RecordingStatus{};
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
    if (live_ && recording_) {
        // What the feed queued before it stopped belongs in the recording too.
        FeedBatch rest;
        live_->drain(rest);
        recording_->append(rest.frames);
    }
    stop_recording();
    live_.reset();
}

void LiveSource::on_tick() {
    if (!live_) return;
    FeedBatch batch;
    live_->drain(batch);
    recording_->append(batch.frames);
    recording_->flush_if_due(wall_now_us());
    report_recording(false);
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
    aggregate(batch.trades);
}

void LiveSource::aggregate(std::span<const Trade> trades) {
    if (trades.empty()) return;
    const bool first_trades = !chart_->first_price();
    chart_->add(trades);
    if (first_trades && multiplier_ <= 0) {
        // The default bucket depends on the price, known only now.
        rebuild();
        emit opened(info_);
        return;
    }
    store_->publish(chart_->series(), trades);
}

}  // namespace flowscope::ui
