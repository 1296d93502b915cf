#include "source/source_worker.hpp"

#include "chart/chart_store.hpp"
#include "source/group_source.hpp"
#include "source/live_group_source.hpp"
#include "source/live_source.hpp"
#include "source/replay_source.hpp"
#include "source/source_request.hpp"

namespace flowscope::ui {

SourceWorker::SourceWorker(std::shared_ptr<ChartStore> store) : store_(std::move(store)) {}

SourceWorker::~SourceWorker() = default;

void SourceWorker::open_replay(const QString& path, quint64 generation) {
    if (const auto request = SourceRequest::from_key(path); request && request->live_group()) {
        open_live_group(request->members, request->member_endpoints, request->accept_quote_mix, generation);
        return;
    } else if (request && request->group()) {
        open_group(request->members, request->accept_quote_mix, generation);
        return;
    }
    close();
    generation_ = generation;
    replay_ = std::make_unique<ReplaySource>(store_, spec_, multiplier_, speed_);
    ReplaySource* r = replay_.get();
    const quint64 g = generation;
    connect(r, &ChartSource::opened, this, [this, g](const SourceInfo& info) { emit opened(info, g); });
    connect(r, &ChartSource::failed, this, [this, g](const QString& message) { emit failed(message, g); });
    connect(r, &ReplaySource::progress, this, [this, g](qint64 t, bool playing) { emit replay_progress(t, playing, g); });
    connect(r, &ReplaySource::finished, this, [this, g] { emit replay_finished(g); });
    connect(r, &ReplaySource::preparation_progress, this, [this, g](int percent) { emit preparation_progress(percent, g); });
    connect(r, &ReplaySource::prepared, this, [this, g](const SourceInfo& info) { emit prepared(info, g); });
    r->set_until(until_us_);
    r->set_include_non_aggressive(include_non_aggressive_);
    if (const QString why = r->open(path); !why.isEmpty()) {
        replay_.reset();
        emit failed(why, generation);
    }
}

void SourceWorker::open_group(const QStringList& members, bool accept_quote_mix, quint64 generation) {
    close();
    generation_ = generation;
    group_ = std::make_unique<GroupSource>(store_, spec_, multiplier_, speed_);
    GroupSource* r = group_.get();
    const quint64 g = generation;
    connect(r, &ChartSource::opened, this, [this, g](const SourceInfo& info) { emit opened(info, g); });
    connect(r, &ChartSource::failed, this, [this, g](const QString& message) { emit failed(message, g); });
    connect(r, &GroupSource::progress, this, [this, g](qint64 t, bool playing) { emit replay_progress(t, playing, g); });
    connect(r, &GroupSource::finished, this, [this, g] { emit replay_finished(g); });
    connect(r, &GroupSource::prepared, this, [this, g](const SourceInfo& info) { emit prepared(info, g); });
    r->set_until(until_us_);
    r->set_include_non_aggressive(include_non_aggressive_);
    if (const QString why = r->open(members, accept_quote_mix); !why.isEmpty()) {
        group_.reset();
        emit failed(why, generation);
    }
}

void SourceWorker::open_live_group(const QStringList& members, const QStringList& endpoints, bool accept_quote_mix,
                                   quint64 generation) {
    close();
    generation_ = generation;
    live_group_ = std::make_unique<LiveGroupSource>(store_, spec_, multiplier_, group_wait_us_);
    LiveGroupSource* l = live_group_.get();
    const quint64 g = generation;
    connect(l, &ChartSource::opened, this, [this, g](const SourceInfo& info) { emit opened(info, g); });
    connect(l, &ChartSource::failed, this, [this, g](const QString& message) { emit failed(message, g); });
    connect(l, &LiveGroupSource::connection_changed, this, [this, g](const ConnectionStatus& s) { emit connection_changed(s, g); });
    connect(l, &LiveGroupSource::recording_changed, this, [this, g](const RecordingStatus& s) { emit recording_changed(s, g); });
    l->set_include_non_aggressive(include_non_aggressive_);
    if (const QString why = l->open(members, endpoints, accept_quote_mix); !why.isEmpty()) {
        live_group_.reset();
        emit failed(why, generation);
    }
}

void SourceWorker::open_live(const QString& exchange, const QString& symbol, const QString& endpoint,
                             const QString& record_folder, quint64 generation, const QString& rest_endpoint,
                             const QString& archive_endpoint) {
    close();
    generation_ = generation;
    live_ = std::make_unique<LiveSource>(store_, spec_, multiplier_);
    LiveSource* l = live_.get();
    const quint64 g = generation;
    connect(l, &ChartSource::opened, this, [this, g](const SourceInfo& info) { emit opened(info, g); });
    connect(l, &ChartSource::failed, this, [this, g](const QString& message) { emit failed(message, g); });
    connect(l, &LiveSource::connection_changed, this, [this, g](const ConnectionStatus& s) { emit connection_changed(s, g); });
    connect(l, &LiveSource::recording_changed, this, [this, g](const RecordingStatus& s) { emit recording_changed(s, g); });
    l->set_include_non_aggressive(include_non_aggressive_);
    if (const QString why = l->open(exchange, symbol, endpoint, record_folder, rest_endpoint, archive_endpoint); !why.isEmpty()) {
        live_.reset();
        emit failed(why, generation);
    }
}

void SourceWorker::set_recording(const QString& record_folder, const QStringList& group_members) {
    if (live_) live_->set_recording(record_folder);
    if (live_group_) live_group_->set_recording(record_folder, group_members);
}

void SourceWorker::set_chart(const BarSpec& spec, int bucket_multiplier) {
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    if (replay_) replay_->set_chart(spec, bucket_multiplier);
    if (group_) group_->set_chart(spec, bucket_multiplier);
    if (live_) live_->set_chart(spec, bucket_multiplier);
    if (live_group_) live_group_->set_chart(spec, bucket_multiplier);
}

void SourceWorker::play() {
    if (replay_) replay_->play();
    if (group_) group_->play();
}

void SourceWorker::pause() {
    if (replay_) replay_->pause();
    if (group_) group_->pause();
}

void SourceWorker::set_speed(double speed) {
    speed_ = speed;
    if (replay_) replay_->set_speed(speed);
    if (group_) group_->set_speed(speed);
}

void SourceWorker::step_bar() {
    if (replay_) replay_->step_bar();
    if (group_) group_->step_bar();
}

void SourceWorker::step_back() {
    if (replay_) replay_->step_back();
    if (group_) group_->step_back();
}

void SourceWorker::seek(qint64 market_us) {
    if (replay_) replay_->seek(market_us);
    if (group_) group_->seek(market_us);
}

void SourceWorker::set_until(qint64 market_us) {
    until_us_ = market_us;
    if (replay_) replay_->set_until(market_us);
    if (group_) group_->set_until(market_us);
}

void SourceWorker::close() {
    // Disconnected first: a source going away says nothing more about its generation.
    if (replay_) replay_->disconnect(this);
    if (live_) live_->disconnect(this);
    if (group_) group_->disconnect(this);
    if (live_group_) live_group_->disconnect(this);
    replay_.reset();
    live_group_.reset();
    live_.reset();
    group_.reset();
    until_us_ = 0;
}

}  // namespace flowscope::ui
