#pragma once
// A live market as a chart source: the exchange's websocket feed (LiveFeed) drained every ~30 ms
// in batches, its frames recorded as received (LiveRecorder), its trades aggregated once into the
// chart's series here and the changed bars published to the ChartStore. A chart change rebuilds
// from the trades of the session so far.
#include <QElapsedTimer>
#include <memory>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "model/trade.hpp"
#include "source/chart_source.hpp"

class QTimer;

namespace flowscope {
class LiveFeed;
}

namespace flowscope::ui {

class ChartStore;
class LiveRecorder;

class LiveSource : public ChartSource {
    Q_OBJECT
public:
    static constexpr int kPollMs = 30;  // batches of ~30 ms, never one signal per trade

    LiveSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, QObject* parent = nullptr);
    ~LiveSource() override;

    // endpoint: a websocket URL instead of the exchange's own (empty: the exchange's). The raw
    // frames are recorded into record_folder (one file per UTC day); empty: not recorded.
    // Publishes an empty chart (opened follows) and connects; the reason when it cannot start.
    QString open(const QString& exchange, const QString& symbol, const QString& endpoint, const QString& record_folder);
    void set_chart(const BarSpec& spec, int bucket_multiplier) override;
    // Starts (folder) or stops (empty) recording.
    void set_recording(const QString& record_folder);
    // Puts prints that are not aggression into the bars (off: they are counted and left out).
    // Takes effect from open() on.
    void set_include_non_aggressive(bool include) { include_non_aggressive_ = include; }

signals:
    void connection_changed(const flowscope::ui::ConnectionStatus& status);
    void recording_changed(const flowscope::ui::RecordingStatus& status);

private:
    void on_tick();
    void stop();
    void rebuild();
    void start_recording(const QString& folder);
    void stop_recording();
    void report_recording(bool force);

    std::shared_ptr<ChartStore> store_;
    BarSpec spec_;
    int multiplier_ = 0;
    bool include_non_aggressive_ = false;  // the user's switch; set before open
    SourceInfo info_;
    std::unique_ptr<LiveFeed> live_;
    std::unique_ptr<LiveRecorder> recorder_;
    RecordingStatus recording_reported_;
    QElapsedTimer recording_report_clock_;
    QTimer* timer_;
    Aggregator aggregation_;            // the chart's one series
    std::vector<Trade> history_;        // every live trade so far, to rebuild on a chart change
    ConnectionStatus status_;
    bool reached_ = false;              // the feed connected at least once
};

}  // namespace flowscope::ui
