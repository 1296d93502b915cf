#include "source/source_controller.hpp"

#include <QThread>

#include "chart/chart_store.hpp"
#include "source/source_worker.hpp"

namespace flowscope::ui {

SourceController::SourceController(QObject* parent)
    : QObject(parent), store_(std::make_shared<ChartStore>()), thread_(new QThread(this)) {
    qRegisterMetaType<SourceInfo>();
    qRegisterMetaType<ConnectionStatus>();
    qRegisterMetaType<RecordingStatus>();
    thread_->setObjectName(QStringLiteral("flowscope-source"));
    auto* worker = new SourceWorker(store_);
    worker->moveToThread(thread_);
    worker_ = worker;
    connect(thread_, &QThread::finished, worker, &QObject::deleteLater);

    // Answers about an older source (an earlier generation) are dropped.
    connect(worker, &SourceWorker::opened, this, [this](const SourceInfo& info, quint64 g) {
        if (g != generation_) return;
        info_ = info;
        emit opened(info);
    });
    connect(worker, &SourceWorker::failed, this, [this](const QString& message, quint64 g) {
        if (g == generation_) emit failed(message);
    });
    connect(worker, &SourceWorker::replay_progress, this, [this](qint64 t, bool playing, quint64 g) {
        if (g != generation_) return;
        market_us_ = t;
        playing_ = playing;
        emit replay_progress(t, playing);
    });
    connect(worker, &SourceWorker::replay_finished, this, [this](quint64 g) {
        if (g != generation_) return;
        playing_ = false;
        emit replay_finished();
    });
    connect(worker, &SourceWorker::preparation_progress, this, [this](int percent, quint64 g) {
        if (g == generation_) emit preparation_progress(percent);
    });
    connect(worker, &SourceWorker::prepared, this, [this](const SourceInfo& info, quint64 g) {
        if (g != generation_) return;
        info_ = info;
        emit replay_prepared(info);
    });
    connect(worker, &SourceWorker::connection_changed, this, [this](const ConnectionStatus& s, quint64 g) {
        if (g != generation_) return;
        connection_ = s;
        emit connection_changed(s);
    });
    connect(worker, &SourceWorker::recording_changed, this, [this](const RecordingStatus& s, quint64 g) {
        if (g != generation_) return;
        recording_ = s;
        emit recording_changed(s);
    });
    thread_->start();
}

SourceController::~SourceController() {
    post([](SourceWorker* w) { w->close(); });
    thread_->quit();
    thread_->wait();
}

template <typename F> void SourceController::post(F&& call) {
    if (!worker_) return;
    SourceWorker* w = worker_.data();
    QMetaObject::invokeMethod(w, [w, call = std::forward<F>(call)]() { call(w); }, Qt::QueuedConnection);
}

void SourceController::open_replay(const QString& path) {
    const quint64 g = ++generation_;
    playing_ = false;
    recording_ = RecordingStatus{};
    connection_ = ConnectionStatus{};
    post([path, g](SourceWorker* w) { w->open_replay(path, g); });
}

void SourceController::open_live(const QString& exchange, const QString& symbol, const QString& endpoint,
                                 const QString& record_folder, const QString& rest_endpoint,
                                 const QString& archive_endpoint) {
    const quint64 g = ++generation_;
    playing_ = false;
    recording_ = RecordingStatus{};
    connection_ = ConnectionStatus{};
    post([exchange, symbol, endpoint, record_folder, rest_endpoint, archive_endpoint, g](SourceWorker* w) {
        w->open_live(exchange, symbol, endpoint, record_folder, g, rest_endpoint, archive_endpoint);
    });
}

void SourceController::set_recording(const QString& record_folder, const QStringList& group_members) {
    post([record_folder, group_members](SourceWorker* w) { w->set_recording(record_folder, group_members); });
}

void SourceController::set_chart(const BarSpec& spec, int bucket_multiplier) {
    post([spec, bucket_multiplier](SourceWorker* w) { w->set_chart(spec, bucket_multiplier); });
}

void SourceController::play() {
    playing_ = true;
    post([](SourceWorker* w) { w->play(); });
}

void SourceController::pause() {
    playing_ = false;
    post([](SourceWorker* w) { w->pause(); });
}

void SourceController::toggle_play() { playing_ ? pause() : play(); }

void SourceController::set_speed(double speed) {
    post([speed](SourceWorker* w) { w->set_speed(speed); });
}

void SourceController::step_bar() {
    playing_ = false;
    post([](SourceWorker* w) { w->step_bar(); });
}

void SourceController::step_back() {
    playing_ = false;
    post([](SourceWorker* w) { w->step_back(); });
}

void SourceController::seek(qint64 market_us) {
    post([market_us](SourceWorker* w) { w->seek(market_us); });
}

void SourceController::set_include_non_aggressive(bool include) {
    post([include](SourceWorker* w) { w->set_include_non_aggressive(include); });
}

void SourceController::set_group_wait_ms(int ms) {
    post([us = std::int64_t{ms} * 1000](SourceWorker* w) { w->set_group_wait_us(us); });
}

void SourceController::set_until(qint64 market_us) {
    post([market_us](SourceWorker* w) { w->set_until(market_us); });
}

}  // namespace flowscope::ui
