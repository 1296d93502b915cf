#pragma once
// Lives in the worker thread and owns the source of trades (a replayed file or a live feed;
// the replay half is in source_worker_replay.cpp).
// It feeds the shared ChartStore; the UI never waits for it. Every method is called through
// SourceController by queued invocation, and every answer is a queued signal carrying the
// generation of the request, so the UI can drop answers about a source it has already left.
#include <QElapsedTimer>
#include <QObject>
#include <memory>

#include "aggregate/bar_spec.hpp"
#include "model/trade.hpp"
#include "source/source_info.hpp"

class QTemporaryDir;
class QTimer;

namespace flowscope {
class LiveFeed;
namespace record {
class RecordingSession;
}
}  // namespace flowscope

namespace flowscope::ui {

class ChartStore;
class CheckpointPreparation;
class LiveRecorder;
class ReplayPlayback;

class SourceWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kReplayTickMs = 10;       // the replay clock ticks at 100 Hz
    static constexpr int kPreparationPollMs = 100;  // progress of the background checkpoint pass

    explicit SourceWorker(std::shared_ptr<ChartStore> store);
    ~SourceWorker() override;

    void open_replay(const QString& path, quint64 generation);
    // endpoint: a websocket URL instead of the exchange's own (empty: the exchange's). The raw
    // frames are recorded into record_folder (one file per UTC day); empty: not recorded.
    void open_live(const QString& exchange, const QString& symbol, const QString& endpoint,
                   const QString& record_folder, quint64 generation);
    // Starts (folder) or stops (empty) recording the live session that is open.
    void set_recording(const QString& record_folder);
    // bucket_multiplier 0 picks the default for the instrument.
    void set_chart(const BarSpec& spec, int bucket_multiplier);
    void play();
    void pause();
    void set_speed(double speed);  // ReplayPlayback::kMaxSpeed for max
    void step_bar();
    void step_back();
    void seek(qint64 market_us);
    void set_until(qint64 market_us);  // replay stops there; 0 for the file's end
    void close();

signals:
    void opened(const flowscope::ui::SourceInfo& info, quint64 generation);
    void failed(const QString& message, quint64 generation);
    void replay_progress(qint64 market_us, bool playing, quint64 generation);
    void replay_finished(quint64 generation);
    // The background pass that makes seeks short (0 … 100 %); at 100 the replay's engine has its
    // checkpoints, and `prepared` follows with the session's exact trade count and warnings.
    void preparation_progress(int percent, quint64 generation);
    void prepared(const flowscope::ui::SourceInfo& info, quint64 generation);
    void connection_changed(const flowscope::ui::ConnectionStatus& status, quint64 generation);
    void recording_changed(const flowscope::ui::RecordingStatus& status, quint64 generation);

private:
    void on_tick();
    void on_live_tick();
    void rebuild();
    // session: the one open_replay opened; null to open session_path_ again.
    bool rebuild_replay(std::unique_ptr<record::RecordingSession> session = nullptr);
    void skip_wall_time();
    void start_preparation();
    void on_preparation_tick();
    void publish_replay(const std::vector<Trade>& recent);
    void report_progress();
    void start_recording(const QString& folder);
    void stop_recording();
    void report_recording(bool force);

    std::shared_ptr<ChartStore> store_;
    QTimer* timer_;
    QElapsedTimer wall_;
    std::int64_t last_tick_us_ = 0;
    // Replay: the playing engine, the recording it plays (a trade file's conversion lives in
    // converted_ as long as the replay), and the background pass preparing its checkpoints.
    std::unique_ptr<ReplayPlayback> replay_;
    std::string session_path_;
    std::shared_ptr<QTemporaryDir> converted_;
    Price first_price_;
    std::unique_ptr<CheckpointPreparation> preparation_;
    QTimer* preparation_timer_;
    int preparation_percent_ = -1;
    std::vector<Trade> played_;  // scratch: the trades of one tick
    double speed_ = 1;           // the user's choice, kept across sources
    std::unique_ptr<LiveFeed> live_;
    std::unique_ptr<LiveRecorder> recorder_;
    RecordingStatus recording_reported_;
    QElapsedTimer recording_report_clock_;
    QTimer* live_timer_;
    std::vector<Trade> live_history_;  // every live trade so far, to rebuild on a chart change
    ConnectionStatus status_;
    bool live_reached_ = false;        // the feed connected at least once
    SourceInfo info_;
    BarSpec spec_ = BarSpec::time(60);
    int multiplier_ = 0;
    bool playing_ = false;
    std::int64_t until_us_ = 0;
    quint64 generation_ = 0;
};

}  // namespace flowscope::ui
