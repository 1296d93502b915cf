#include "source/replay_source.hpp"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "record/checkpoint_preparation.hpp"
#include "record/replay_playback.hpp"
#include "replay/folder_skips.hpp"
#include "replay/replay_loading.hpp"

namespace flowscope::ui {

namespace {
// A tick plays at most this many trades per call into the engine; at max speed a tick goes on
// calling for about kMaxSpeedBudgetNs, so a fast machine replays a 5 M-trade day in about a
// second while the worker still answers pause or seek within a tick, and the store's lock is
// held for a few milliseconds at most.
constexpr std::size_t kMaxBatch = 20'000;
constexpr qint64 kMaxSpeedBudgetNs = 8'000'000;
}  // namespace

ReplaySource::ReplaySource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, double speed,
                           QObject* parent)
    : ChartSource(parent),
      store_(std::move(store)),
      spec_(spec),
      multiplier_(bucket_multiplier),
      speed_(speed),
      timer_(new QTimer(this)),
      preparation_timer_(new QTimer(this)) {
    timer_->setInterval(kTickMs);
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &ReplaySource::on_tick);
    preparation_timer_->setInterval(kPreparationPollMs);
    connect(preparation_timer_, &QTimer::timeout, this, &ReplaySource::on_preparation_tick);
}

// The background pass is cancelled (and joined) before the engine it was preparing for goes.
ReplaySource::~ReplaySource() { preparation_.reset(); }

QString ReplaySource::open(const QString& path) {
    LoadedReplay source = open_replay_source(path);
    if (!source.ok) return source.error;
    info_ = SourceInfo{};
    info_.kind = SourceKind::Replay;
    info_.path = path;
    info_.exchange = source.exchange;
    info_.symbol = source.symbol;
    info_.tick = source.tick;
    info_.trades = source.trades;
    info_.frames = source.frames;
    info_.warnings = source.warnings;
    if (QFileInfo(path).isDir()) info_.warnings << files_skipped_in_folder(path);
    info_.start_us = source.start_us;
    info_.end_us = source.end_us;
    session_path_ = source.session_path;
    converted_ = source.converted;
    first_price_ = source.first_price;
    if (!rebuild(std::move(source.session))) return {};  // failed has been emitted
    emit opened(info_);
    report_progress();
    return {};
}

void ReplaySource::set_chart(const BarSpec& spec, int bucket_multiplier) {
    const bool same = spec == spec_ && bucket_multiplier == multiplier_;
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    // Rebuilding a replay means a new engine and a new checkpoint pass: not for nothing.
    if (!same && !rebuild()) return;
    emit opened(info_);
}

bool ReplaySource::rebuild(std::unique_ptr<record::RecordingSession> session) {
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : auto_base_multiplier(info_.tick, first_price_, spec_);
    info_.auto_bucket = multiplier_ <= 0;
    const std::int64_t bucket = info_.tick.units * info_.bucket_multiplier;
    // A new chart is a new engine (its aggregation and checkpoints hold the chart's series),
    // brought to the market time the replay is at.
    if (!session) {
        auto opened = record::RecordingSession::open(session_path_);
        if (!opened) {
            pause();
            preparation_.reset();
            replay_.reset();
            emit failed(QString::fromStdString(opened.error()));
            return false;
        }
        session = std::move(*opened);
    }
    preparation_.reset();  // a pass for the old chart is of no use
    auto engine = std::make_unique<record::ReplayEngine>(std::move(session), engine_options());
    std::vector<Trade> recent;
    if (replay_) {
        replay_->change_chart(std::move(engine), spec_, bucket, recent);
    } else {
        replay_ = std::make_unique<record::ReplayPlayback>(std::move(engine), spec_, bucket);
        replay_->set_speed(speed_);
        replay_->set_until(until_us_);
    }
    publish_new_chart(recent);
    start_preparation();
    skip_wall_time();
    return true;
}

record::ReplayEngineOptions ReplaySource::engine_options() const {
    record::ReplayEngineOptions options = record::app_engine_options();
    options.include_non_aggressive = include_non_aggressive_;
    return options;
}

void ReplaySource::skip_wall_time() {
    // The wall time spent rebuilding or seeking is not market time to play.
    if (wall_.isValid()) last_tick_us_ = wall_.nsecsElapsed() / 1000;
}

void ReplaySource::publish_new_chart(const std::vector<Trade>& recent) {
    store_->set_reading_bucket(info_.auto_bucket ? info_.tick.units * default_bucket_multiplier(info_.tick, first_price_) : 0);
    store_->replace(replay_->series(), info_.tick, info_.symbol.toStdString(), replay_->aggregator().trades(), recent);
    store_->set_non_aggressive(replay_->aggregator().non_aggressive_trades(), replay_->aggregator().include_non_aggressive());
}

void ReplaySource::start_preparation() {
    preparation_.reset();
    const auto& series = replay_->series();
    preparation_ = std::make_unique<record::CheckpointPreparation>(session_path_, series.spec(), series.bucket_units(),
                                                                   engine_options());
    // The first report comes with the first poll: a short pass is done before it and never shows.
    preparation_percent_ = -1;
    preparation_timer_->start();
}

void ReplaySource::on_preparation_tick() {
    if (!preparation_ || !replay_) {
        preparation_timer_->stop();
        return;
    }
    if (!preparation_->done()) {
        const int percent = std::min(99, static_cast<int>(preparation_->progress() * 100));
        if (percent != preparation_percent_) emit preparation_progress(preparation_percent_ = percent);
        return;
    }
    preparation_timer_->stop();
    record::PreparedEngine result = preparation_->take();
    preparation_.reset();
    if (!result.engine) {
        // Playback goes on without checkpoints prepared ahead: seeks back replay from the start.
        info_.warnings << QStringLiteral("Seeks stay slow: %1").arg(QString::fromStdString(result.error));
        emit preparation_progress(preparation_percent_ = 100);
        emit prepared(info_);
        return;
    }
    replay_->adopt(std::move(result.engine));
    // The same bars from another engine: every bar is copied, the view stays.
    store_->publish(replay_->series(), {}, true);
    skip_wall_time();
    info_.trades = result.stats.trades;
    if (result.stats.malformed > 0) {
        const QString malformed = QStringLiteral("%1 malformed frames skipped").arg(result.stats.malformed);
        if (!info_.warnings.contains(malformed)) info_.warnings << malformed;
    }
    for (const auto& issue : result.issues) {
        const QString text = QString::fromStdString(issue.describe());
        if (!info_.warnings.contains(text)) info_.warnings << text;
    }
    emit preparation_progress(preparation_percent_ = 100);
    emit prepared(info_);
}

void ReplaySource::play() {
    if (!replay_) return;
    if (replay_->finished()) seek(replay_->start_us());
    playing_ = true;
    wall_.start();
    last_tick_us_ = 0;
    timer_->start();
    report_progress();
}

void ReplaySource::pause() {
    playing_ = false;
    timer_->stop();
    report_progress();
}

void ReplaySource::set_speed(double speed) {
    speed_ = speed;
    if (replay_) replay_->set_speed(speed);
}

void ReplaySource::set_until(qint64 market_us) {
    until_us_ = market_us;
    if (replay_) replay_->set_until(market_us);
}

void ReplaySource::on_tick() {
    if (!replay_) return;
    const std::int64_t now = wall_.nsecsElapsed() / 1000;
    const std::int64_t elapsed = now - last_tick_us_;
    last_tick_us_ = now;
    played_.clear();
    QElapsedTimer budget;
    budget.start();
    do {
        replay_->advance(elapsed, played_, kMaxBatch);
    } while (speed_ == record::kMaxSpeed && !replay_->at_end() && budget.nsecsElapsed() < kMaxSpeedBudgetNs);
    store_->publish(replay_->series(), played_);
    if (replay_->at_end()) {
        pause();
        emit finished();
        return;
    }
    report_progress();
}

void ReplaySource::step_bar() {
    if (!replay_) return;
    if (playing_) pause();
    played_.clear();
    replay_->step_bar(played_);
    store_->publish(replay_->series(), played_);
    report_progress();
}

void ReplaySource::step_back() {
    if (!replay_) return;
    if (playing_) pause();
    seek(replay_->previous_bar_start());
}

void ReplaySource::seek(qint64 market_us) {
    if (!replay_) return;
    std::vector<Trade> recent;
    replay_->seek(market_us, recent);
    publish_new_chart(recent);
    skip_wall_time();
    report_progress();
}

void ReplaySource::report_progress() {
    if (replay_) emit progress(replay_->market_us(), playing_);
}

}  // namespace flowscope::ui
