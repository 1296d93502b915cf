#pragma once
// The UI thread's handle on the source worker: starts the worker thread, forwards requests by
// queued invocation, and re-emits only the answers that belong to the current source.
#include <QObject>
#include <QStringList>
#include <QPointer>
#include <memory>

#include "aggregate/bar_spec.hpp"
#include "source/source_info.hpp"

class QThread;

namespace flowscope::ui {

class ChartStore;
class SourceWorker;

class SourceController : public QObject {
    Q_OBJECT
public:
    explicit SourceController(QObject* parent = nullptr);
    ~SourceController() override;

    std::shared_ptr<ChartStore> store() const { return store_; }
    const SourceInfo& info() const { return info_; }
    bool playing() const { return playing_; }
    qint64 market_time_us() const { return market_us_; }

    void open_replay(const QString& path);
    // endpoint: empty for the exchange's own; record_folder: empty to not record; rest_endpoint,
    // archive_endpoint: the exchange's REST API and archives elsewhere (LiveSource::open).
    void open_live(const QString& exchange, const QString& symbol, const QString& endpoint = {},
                   const QString& record_folder = {}, const QString& rest_endpoint = {},
                   const QString& archive_endpoint = {});
    // Empty stops recording the live session; a live group records the members named ("live:EX:SYM").
    void set_recording(const QString& record_folder, const QStringList& group_members = {});
    const RecordingStatus& recording() const { return recording_; }
    const ConnectionStatus& connection() const { return connection_; }  // as last reported
    void set_chart(const BarSpec& spec, int bucket_multiplier);
    void play();
    void pause();
    void toggle_play();
    void set_speed(double speed);
    void step_bar();
    void step_back();
    void seek(qint64 market_us);
    void set_until(qint64 market_us);
    // Prints that are not aggression (insurance fund, ADL, block trades) in delta, CVD and the
    // footprint, for the sources opened after this call.
    void set_include_non_aggressive(bool include);
    // The longest a live group waits for its slowest member (300 ms unless set), for the groups
    // opened after this call.
    void set_group_wait_ms(int ms);

signals:
    void opened(const flowscope::ui::SourceInfo& info);
    void failed(const QString& message);
    void replay_progress(qint64 market_us, bool playing);
    void replay_finished();
    // The background pass that makes seeks short: 0 … 100 %; then `replay_prepared` with the
    // session's exact trade count and everything found damaged on the way.
    void preparation_progress(int percent);
    void replay_prepared(const flowscope::ui::SourceInfo& info);
    void connection_changed(const flowscope::ui::ConnectionStatus& status);
    void recording_changed(const flowscope::ui::RecordingStatus& status);

private:
    template <typename F> void post(F&& call);

    std::shared_ptr<ChartStore> store_;
    QThread* thread_;
    QPointer<SourceWorker> worker_;
    quint64 generation_ = 0;
    SourceInfo info_;
    RecordingStatus recording_;
    ConnectionStatus connection_;
    bool playing_ = false;
    qint64 market_us_ = 0;
};

}  // namespace flowscope::ui
