#include "source/live_source.hpp"

#include <QDir>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>

#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "aggregate/aggregator.hpp"
#include "history/kline_bars.hpp"
#include "history/trade_sequencer.hpp"
#include "model/instrument.hpp"
#include "model/wall_clock.hpp"
#include "net/exchange_adapter.hpp"
#include "net/live_feed.hpp"
#include "record/daily_recorder.hpp"
#include "record/frame_synthesis.hpp"
#include "record/live_chart.hpp"
#include "record/recording_session.hpp"
#include "source/live_recorder.hpp"
#include "source/session_recording.hpp"

namespace flowscope::ui {

namespace {
constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kKlineSpanMinUs = 24 * 60 * kMinuteUs;  // 1m: the last day, one page of klines
constexpr std::int64_t kKlineSpanMaxUs = 3 * 24 * 60 * kMinuteUs;

// Fetched history and repairs are kept where the next launch reads them first.
std::string history_store_folder() {
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty()) base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString folder = base + QStringLiteral("/history");
    QDir().mkpath(folder);
    return folder.toStdString();
}

// `{"flowscope":"backfill","first":F,"last":L}` and its end (docs/recording-format.md).
std::string backfill_marker(const char* kind, const history::IdHole& hole) {
    return std::string("{\"flowscope\":\"") + kind + "\",\"first\":" + std::to_string(hole.first) +
           ",\"last\":" + std::to_string(hole.last) + "}";
}
}  // namespace

LiveSource::LiveSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, QObject* parent)
    : ChartSource(parent), store_(std::move(store)), spec_(spec), multiplier_(bucket_multiplier), timer_(new QTimer(this)) {
    timer_->setInterval(kPollMs);
    connect(timer_, &QTimer::timeout, this, &LiveSource::on_tick);
}

LiveSource::~LiveSource() { stop(); }

QString LiveSource::open(const QString& exchange, const QString& symbol, const QString& endpoint,
                         const QString& record_folder, const QString& rest_endpoint, const QString& archive_endpoint) {
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
    exchange_ = *venue;
    exchange_symbol_ = make_adapter(*venue)->normalize_symbol(symbol.toStdString());

    // History: from the exchange's own REST, or from the one given beside a test websocket.
    history_on_ = endpoint.isEmpty() || !rest_endpoint.isEmpty();
    history::LiveSpliceOptions splice;
    splice.history.exchange = *venue;
    splice.history.symbol = exchange_symbol_;
    splice.history.rest_url = rest_endpoint.toStdString();
    splice.history.archive_url = !archive_endpoint.isEmpty() ? archive_endpoint.toStdString()
                                 : rest_endpoint.isEmpty()   ? std::string()
                                                             : std::string("none");
    if (history_on_) {
        splice.history.store_dir = history_store_folder();
        if (!record_folder.isEmpty()) splice.history.read_dirs = {record_folder.toStdString()};
        splice.backfill_us = kCellHistoryUs;
        // The first bar of cells whole: from a boundary of the chart's bars (15 min at most).
        if (spec_.kind == BarKind::Time) splice.align_us = std::min<std::int64_t>(spec_.duration_us, 15 * kMinuteUs);
    }
    splice.repair = history_on_;
    {
        // One budget for everything this market asks of the exchange (history, repairs, klines).
        const history::RestLimits limits = history::rest_limits(*venue);
        history::RateBudgetOptions budget;
        budget.weight_per_minute = limits.weight_per_minute > 0 ? limits.weight_per_minute : limits.requests_per_second * 60;
        splice.history.budget = std::make_shared<history::RateBudget>(budget);
    }
    history_request_ = splice.history;
    splice_ = std::make_unique<history::LiveSplice>(splice);
    history_written_ = !history_on_;
    frames_waiting_.clear();
    history_frames_.clear();
    history_frame_ends_.clear();
    klines_.clear();
    klines_requested_ = false;
    gaps_.clear();
    open_markers_.clear();

    live_ = SharedFeed::subscribe(config, (exchange + QLatin1Char(':') + QString::fromStdString(exchange_symbol_) + QLatin1Char('@') + endpoint).toStdString());
    recording_ = std::make_unique<SessionRecording>(*venue, exchange_symbol_);
    start_recording(record_folder);
    status_ = ConnectionStatus{};
    status_.state = ConnectionState::Connecting;
    status_.message = QStringLiteral("Connecting to %1 %2…").arg(exchange, symbol);
    rebuild();
    emit opened(info_);
    emit connection_changed(status_);
    timer_->start();
    return {};
}

// Once the first live trade says where the history's trades begin: the klines before that.
void LiveSource::fetch_klines() {
    const std::int64_t cells_from = splice_ ? splice_->history_from_us() : 0;
    klines_requested_ = cells_from != 0;
    if (!history_on_ || cells_from == 0 || !history::has_taker_klines(exchange_) || spec_.kind != BarKind::Time ||
        spec_.duration_us < kMinuteUs || klines_future_.valid())
        return;
    const std::int64_t span = std::max(kKlineSpanMinUs, std::min(kKlineSpanMaxUs, spec_.duration_us * kKlineBars));
    const std::int64_t to = cells_from / kMinuteUs * kMinuteUs;
    const std::int64_t from = (cells_from - span) / kMinuteUs * kMinuteUs;
    if (!klines_.empty() && klines_.front().open_time_us <= from) return;  // what there is reaches back far enough
    history::HistoryRequest request = history_request_;
    stopping_ = false;
    klines_future_ = std::async(std::launch::async, [this, request, from, to] {
        history::HistoryCallbacks callbacks;
        callbacks.stopped = [this] { return stopping_.load(); };
        history::RestClient client = history::make_rest_client(request, callbacks);
        return history::fetch_klines(client, request.exchange, request.symbol, kMinuteUs, from, to);
    });
}

// Bar totals before the cells: the klines up to where the cells begin (the history's trades, or
// the chunks fetched further back since).
void LiveSource::apply_klines() {
    if (klines_.empty() || !splice_ || spec_.kind != BarKind::Time || spec_.duration_us < kMinuteUs) return;
    const std::int64_t cells_from = splice_->history_from_us();
    if (cells_from == 0) return;  // not known before the first live trade
    const std::int64_t begin = cells_begin_us_ != 0 ? cells_begin_us_ : cells_from;
    std::vector<history::Kline> before;
    for (const history::Kline& k : klines_)
        if (k.open_time_us + k.duration_us <= begin) before.push_back(k);
    std::vector<Bar> prefix = history::bars_from_klines(before, spec_.duration_us);
    if (!prefix.empty() && !earlier_bars_.empty() && prefix.back().open_time_us == earlier_bars_.front().open_time_us) {
        // A bar whose cells begin inside it: totals of both parts, the cells of the later one.
        Bar& shared = earlier_bars_.front();
        const Bar& part = prefix.back();
        Bar merged = shared;
        merged.open = part.open;
        merged.first_trade_time_us = part.first_trade_time_us;
        merged.high = std::max(part.high, shared.high);
        merged.low = std::min(part.low, shared.low);
        merged.volume += part.volume;
        merged.buy_volume += part.buy_volume;
        merged.sell_volume += part.sell_volume;
        merged.trades += part.trades;
        merged.notional = 0;
        merged.cells_from_us = shared.first_trade_time_us;
        prefix.back() = merged;
        prefix.insert(prefix.end(), earlier_bars_.begin() + 1, earlier_bars_.end());
    } else {
        prefix.insert(prefix.end(), earlier_bars_.begin(), earlier_bars_.end());
    }
    store_->set_prefix(std::move(prefix));
}

std::int64_t LiveSource::deepen_chunk_us() const {
    // Whole bars of the chart, and 15 minutes at least (one to a few hundred pages on a busy market).
    return std::max<std::int64_t>(spec_.duration_us, 15 * kMinuteUs);
}

void LiveSource::deepen_cells() {
    if (!history_on_ || !history_written_ || deepen_future_.valid() || klines_.empty() || spec_.kind != BarKind::Time ||
        spec_.duration_us < kMinuteUs)
        return;
    const std::int64_t begin = cells_begin_us_ != 0 ? cells_begin_us_ : splice_->history_from_us();
    if (begin == 0 || begin <= klines_.front().open_time_us) return;  // as far back as the totals go
    const std::int64_t chunk = deepen_chunk_us();
    std::int64_t from = (begin - 1) / chunk * chunk;
    from = std::max(from, klines_.front().open_time_us / spec_.duration_us * spec_.duration_us);
    deepen_from_us_ = from;
    history::HistoryRequest request = history_request_;
    request.from_us = from;
    request.to_us = begin;
    stopping_ = false;
    deepen_future_ = std::async(std::launch::async, [this, request]() -> Result<std::vector<Trade>> {
        history::HistoryCallbacks callbacks;
        callbacks.stopped = [this] { return stopping_.load(); };
        std::vector<Trade> trades;
        callbacks.on_trades = [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); };
        auto outcome = history::fetch_history(request, callbacks);
        if (!outcome) return Failure{outcome.error()};
        return trades;
    });
}

void LiveSource::take_deepened() {
    if (!deepen_future_.valid() || deepen_future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    auto trades = deepen_future_.get();
    if (!trades) {
        status_.message = QStringLiteral("History: earlier cells could not be fetched: %1").arg(QString::fromStdString(trades.error()));
        emit connection_changed(status_);
        klines_.clear();  // no further chunks this session
        return;
    }
    // The chunk's bars, with the CVD of the totals before them (the klines are exact).
    history::TradeSequencer order(history::SequencerOptions{true});
    std::vector<Trade> sequenced;
    order.push(*trades, sequenced);
    order.give_up_all(sequenced);
    Aggregator chunk;
    chunk.set_include_non_aggressive(include_non_aggressive_);
    BarSeries& series = chunk.add_series(spec_, chart_->series().bucket_units());
    for (const Trade& t : sequenced) chunk.add(t);
    Quantity cvd_before;
    for (const history::Kline& k : klines_)
        if (k.open_time_us < deepen_from_us_) cvd_before += k.buy_volume - (k.volume - k.buy_volume);
    std::vector<Bar> bars(series.bars().begin(), series.bars().end());
    for (Bar& b : bars) b.cvd += cvd_before;
    earlier_bars_.insert(earlier_bars_.begin(), bars.begin(), bars.end());
    cells_begin_us_ = deepen_from_us_;
    apply_klines();
}

void LiveSource::set_chart(const BarSpec& spec, int bucket_multiplier) {
    const bool longer = spec.kind == BarKind::Time && spec_.kind == BarKind::Time && spec.duration_us > spec_.duration_us;
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    rebuild();
    // Longer bars want totals further back.
    if (longer) fetch_klines();
    emit opened(info_);
}

void LiveSource::rebuild() {
    // Cells fetched further back are bars of the chart that was: fetched again (from the local store).
    if (deepen_future_.valid()) {
        stopping_ = true;
        deepen_future_.wait();
        deepen_future_ = {};
        stopping_ = false;
    }
    earlier_bars_.clear();
    cells_begin_us_ = 0;
    const Price reference = chart_ && chart_->first_price() ? *chart_->first_price() : Price{};
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : auto_base_multiplier(info_.tick, reference, spec_);
    info_.auto_bucket = multiplier_ <= 0;
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
    store_->set_reading_bucket(info_.auto_bucket ? info_.tick.units * default_bucket_multiplier(info_.tick, reference) : 0);
    store_->replace(chart_->series(), info_.tick, info_.symbol.toStdString(), chart_->aggregation().trades(), recent);
    store_->set_non_aggressive(chart_->aggregation().non_aggressive_trades(), chart_->aggregation().include_non_aggressive());
    for (const ChartStore::Gap& gap : gaps_) store_->add_gap(gap);
    apply_klines();
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
    if (!recording_report_due(now, recording_reported_, recording_report_clock_, force)) return;
    recording_reported_ = now;
    recording_report_clock_.start();
    emit recording_changed(now);
}

void LiveSource::stop() {
    timer_->stop();
    stopping_ = true;
    if (klines_future_.valid()) klines_future_.wait();
    if (deepen_future_.valid()) deepen_future_.wait();
    if (live_) live_->stop();
    if (live_ && recording_) {
        // What the feed queued before it stopped belongs in the recording too.
        FeedBatch rest;
        live_->drain(rest);
        frames_waiting_.insert(frames_waiting_.end(), rest.frames.begin(), rest.frames.end());
        recording_->append(frames_waiting_);
        frames_waiting_.clear();
    }
    splice_.reset();
    stop_recording();
    live_.reset();
}

void LiveSource::on_tick() {
    if (!live_) return;
    FeedBatch batch;
    live_->drain(batch);
    if (klines_future_.valid() && klines_future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        auto klines = klines_future_.get();
        if (klines) {
            klines_ = std::move(*klines);
            apply_klines();
        } else {
            status_.message = QStringLiteral("Bar totals before the history could not be fetched: %1").arg(QString::fromStdString(klines.error()));
            emit connection_changed(status_);
        }
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
            if (splice_) splice_->connection_lost();
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
    splice_->push_live(batch.trades);
    if (!klines_requested_) fetch_klines();
    take_deepened();
    deepen_cells();
    take_spliced(batch.frames);
    recording_->flush_if_due(wall_now_us());
    report_recording(false);
}

void LiveSource::take_spliced(std::span<const RawFrame> frames) {
    ready_.clear();
    fetched_.clear();
    splice_events_.clear();
    const bool history_was_done = splice_->history_done();
    splice_->take(ready_, splice_events_, &fetched_);
    const std::int64_t now = wall_now_us();
    bool status_changed = false;
    std::vector<RawFrame> markers_before, backfill;  // written before / after the batch's own frames
    if (!history_written_) {
        // History trades become frames that go first into the recording.
        record::FrameStyle style;
        style.exchange = exchange_;
        style.aggregated = exchange_ == Exchange::BinanceFutures || exchange_ == Exchange::BinanceSpot;
        style.price_decimals = style.quantity_decimals = 0;
        std::string frame;
        for (const Trade& t : fetched_) {
            frame.clear();
            if (!record::append_exchange_frame(frame, t, style)) continue;
            history_frames_ += frame;
            history_frame_ends_.push_back(static_cast<std::int64_t>(history_frames_.size()));
        }
        fetched_.clear();
        frames_waiting_.insert(frames_waiting_.end(), frames.begin(), frames.end());
    }
    for (const history::SpliceEvent& e : splice_events_) {
        const QString text = QString::fromStdString(e.message);
        switch (e.kind) {
            case history::SpliceEvent::Kind::Progress:
            case history::SpliceEvent::Kind::Note:
                status_.message = QStringLiteral("History: ") + text;
                status_changed = true;
                break;
            case history::SpliceEvent::Kind::HistoryDone:
            case history::SpliceEvent::Kind::HistoryFailed:
                status_.message = e.kind == history::SpliceEvent::Kind::HistoryDone
                                      ? QStringLiteral("Live: %1 %2 (%3 trades of history before the stream)")
                                            .arg(info_.exchange, info_.symbol)
                                            .arg(e.trades)
                                      : QStringLiteral("History: ") + text;
                status_changed = true;
                break;
            case history::SpliceEvent::Kind::RepairStarted:
                markers_before.push_back({now, backfill_marker("backfill", e.hole)});
                open_markers_.push_back(e.hole);
                status_.message = QStringLiteral("Gap: ") + text;
                status_changed = true;
                break;
            case history::SpliceEvent::Kind::Repaired:
            case history::SpliceEvent::Kind::GivenUp:
                if (e.kind == history::SpliceEvent::Kind::Repaired) {
                    status_.repaired_trades += e.trades;
                } else {
                    status_.unrepaired_trades += e.hole.count();
                    gaps_.push_back({e.hole.after_time_us, e.hole.before_time_us, e.hole.count()});
                    store_->add_gap(gaps_.back());
                }
                status_.message = QStringLiteral("Gap: ") + text;
                status_changed = true;
                break;
            case history::SpliceEvent::Kind::LateRepair:
                status_.repaired_trades += e.trades;
                status_.message = QStringLiteral("Gap: ") + text;
                status_changed = true;
                break;
        }
    }
    if (!history_written_ && splice_->history_done()) {
        // History first, then the live frames that waited for it.
        std::vector<RawFrame> history_frames;
        history_frames.reserve(history_frame_ends_.size());
        const std::int64_t at = frames_waiting_.empty() ? now : frames_waiting_.front().receive_time_us;
        std::int64_t begin = 0;
        for (std::int64_t end : history_frame_ends_) {
            history_frames.push_back({at, history_frames_.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin))});
            begin = end;
        }
        recording_->append(history_frames);
        recording_->append(markers_before);  // a hole between the history and the stream
        recording_->append(frames_waiting_);
        frames_waiting_.clear();
        frames_waiting_.shrink_to_fit();
        history_frames_.clear();
        history_frames_.shrink_to_fit();
        history_frame_ends_.clear();
        history_written_ = true;
        apply_klines();
    } else if (history_written_ && history_was_done) {
        // Repairs: the marker before the frames whose trades wait for it, the fetched trades as
        // backfill frames, then the end marker (docs/recording-format.md, Backfill frames).
        recording_->append(markers_before);
        recording_->append(frames);
        write_backfill(fetched_);
        // Each repair that was announced ends, whether it filled its hole or not.
        for (const history::SpliceEvent& e : splice_events_) {
            if (e.kind != history::SpliceEvent::Kind::Repaired && e.kind != history::SpliceEvent::Kind::GivenUp) continue;
            const auto open = std::find_if(open_markers_.begin(), open_markers_.end(), [&](const history::IdHole& h) {
                return h.first <= e.hole.last && e.hole.first <= h.last;
            });
            if (open == open_markers_.end()) continue;
            const RawFrame end{now, backfill_marker("backfill-end", *open)};
            recording_->append(std::span<const RawFrame>(&end, 1));
            open_markers_.erase(open);
        }
    }
    if (status_changed) emit connection_changed(status_);
    aggregate(ready_);
}

void LiveSource::write_backfill(std::span<const Trade> trades) {
    if (trades.empty()) return;
    record::FrameStyle style;
    style.exchange = exchange_;
    style.aggregated = exchange_ == Exchange::BinanceFutures || exchange_ == Exchange::BinanceSpot;
    style.price_decimals = style.quantity_decimals = 0;
    const std::int64_t now = wall_now_us();
    std::vector<RawFrame> frames;
    frames.reserve(trades.size());
    for (const Trade& t : trades) {
        RawFrame f{now, {}};
        if (record::append_exchange_frame(f.text, t, style)) frames.push_back(std::move(f));
    }
    recording_->append(frames);
}

void LiveSource::aggregate(std::span<const Trade> trades) {
    if (trades.empty()) return;
    const bool first_trades = !chart_->first_price();
    chart_->add(trades);
    if (first_trades && multiplier_ <= 0) {
        // Auto's base bucket depends on the price, known only now.
        rebuild();
        emit opened(info_);
        return;
    }
    store_->publish(chart_->series(), trades);
}

}  // namespace flowscope::ui
