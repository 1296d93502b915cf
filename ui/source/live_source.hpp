#pragma once
// A live market as a chart source: the exchange's websocket feed (LiveFeed) drained every ~30 ms
// in batches, its frames recorded as received (SessionRecording: the user's recordings folder, or
// the session's cache folder while recording is off), its trades aggregated once
// (record::LiveChart) and the changed bars published to the ChartStore. A chart change is made
// from the bars there are or from that recording, never from trades held in memory.
#include <QElapsedTimer>
#include <memory>
#include <span>

#include "model/trade.hpp"
#include "source/chart_source.hpp"

class QTimer;

namespace flowscope {
class LiveFeed;
namespace record {
class LiveChart;
}
}  // namespace flowscope

namespace flowscope::ui {

class ChartStore;
class SessionRecording;

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
    // Every trade of the stream goes through here once, batch by batch, in stream order.
    void aggregate(std::span<const Trade> trades);
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
    std::unique_ptr<SessionRecording> recording_;  // every frame of the session, in files
    RecordingStatus recording_reported_;
    QElapsedTimer recording_report_clock_;
    QTimer* timer_;
    std::unique_ptr<record::LiveChart> chart_;
    ConnectionStatus status_;
    bool reached_ = false;              // the feed connected at least once
};

}  // namespace flowscope::ui
