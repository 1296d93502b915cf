#pragma once
// A recording (or a converted trade file) as a chart source: played through record::ReplayPlayback
// in market time on a 100 Hz timer, its checkpoints prepared by a second engine in the background
// (record::CheckpointPreparation), its bars published to the ChartStore. The engine aggregates each
// trade once; the store gets copies of the bars that changed.
#include <QElapsedTimer>
#include <memory>
#include <string>
#include <vector>

#include "model/trade.hpp"
#include "source/chart_source.hpp"

class QTemporaryDir;
class QTimer;

namespace flowscope::record {
class CheckpointPreparation;
class RecordingSession;
class ReplayPlayback;
struct ReplayEngineOptions;
}  // namespace flowscope::record

namespace flowscope::ui {

class ChartStore;

class ReplaySource : public ChartSource {
    Q_OBJECT
public:
    static constexpr int kTickMs = 10;              // the replay clock ticks at 100 Hz
    static constexpr int kPreparationPollMs = 100;  // progress of the background checkpoint pass

    ReplaySource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, double speed,
                 QObject* parent = nullptr);
    ~ReplaySource() override;

    // Opens path and publishes its first chart (opened follows); the reason when it cannot.
    QString open(const QString& path);
    void set_chart(const BarSpec& spec, int bucket_multiplier) override;
    void play();
    void pause();
    void set_speed(double speed);  // record::kMaxSpeed for max
    void step_bar();
    void step_back();
    void seek(qint64 market_us);
    void set_until(qint64 market_us);  // replay stops there; 0 for the file's end
    // Puts prints that are not aggression into the bars (off: they are counted and left out).
    // Takes effect from open() on.
    void set_include_non_aggressive(bool include) { include_non_aggressive_ = include; }

signals:
    void progress(qint64 market_us, bool playing);
    void finished();
    // The background pass that makes seeks short (0 … 100 %); at 100 the replay's engine has its
    // checkpoints, and `prepared` follows with the session's exact trade count and warnings.
    void preparation_progress(int percent);
    void prepared(const flowscope::ui::SourceInfo& info);

private:
    void on_tick();
    // session: the one open() opened; null to open session_path_ again.
    bool rebuild(std::unique_ptr<record::RecordingSession> session = nullptr);
    record::ReplayEngineOptions engine_options() const;
    void skip_wall_time();
    void start_preparation();
    void on_preparation_tick();
    void publish_new_chart(const std::vector<Trade>& recent);
    void report_progress();

    std::shared_ptr<ChartStore> store_;
    BarSpec spec_;
    int multiplier_ = 0;
    bool include_non_aggressive_ = false;  // the user's switch; set before open
    double speed_ = 1;
    SourceInfo info_;
    QTimer* timer_;
    QElapsedTimer wall_;
    std::int64_t last_tick_us_ = 0;
    // The playing engine, the recording it plays (a trade file's conversion lives in converted_
    // as long as the replay), and the background pass preparing its checkpoints.
    std::unique_ptr<record::ReplayPlayback> replay_;
    std::string session_path_;
    std::shared_ptr<QTemporaryDir> converted_;
    Price first_price_;
    std::unique_ptr<record::CheckpointPreparation> preparation_;
    QTimer* preparation_timer_;
    int preparation_percent_ = -1;
    std::vector<Trade> played_;  // scratch: the trades of one tick
    bool playing_ = false;
    std::int64_t until_us_ = 0;
};

}  // namespace flowscope::ui
