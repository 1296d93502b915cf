#pragma once
// A live market as a chart source: the exchange's websocket feed (LiveFeed) drained every ~30 ms
// in batches, its frames recorded as received (SessionRecording: the user's recordings folder, or
// the session's cache folder while recording is off), its trades aggregated once
// (record::LiveChart) and the changed bars published to the ChartStore. A chart change is made
// from the bars there are or from that recording, never from trades held in memory.
#include <QElapsedTimer>
#include <atomic>
#include <future>
#include <memory>
#include <span>

#include "history/live_splice.hpp"
#include "model/trade.hpp"
#include "net/live_feed.hpp"
#include "chart/chart_store.hpp"
#include "source/chart_source.hpp"
#include "source/shared_feed.hpp"

class QTimer;

namespace flowscope {
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
    // rest_endpoint / archive_endpoint: the exchange's REST API and daily archives elsewhere (a
    // local or test exchange). History and repairs go to the exchange's own REST unless a
    // websocket endpoint is given without a REST one (a test exchange: nothing is fetched then).
    // Publishes an empty chart (opened follows) and connects; the reason when it cannot start.
    QString open(const QString& exchange, const QString& symbol, const QString& endpoint, const QString& record_folder,
                 const QString& rest_endpoint = {}, const QString& archive_endpoint = {});
    // How much trade history a live chart opens with (its cells); bar totals before it come from
    // the exchange's klines where they carry the aggressive volume.
    static constexpr std::int64_t kCellHistoryUs = 10 * 60'000'000LL;
    static constexpr int kKlineBars = 300;  // bars of totals before the cells: 24 h at least, 3 days at most
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
    // The splice's news: status bar, and what the recording must hold besides the raw frames.
    void take_spliced(std::span<const RawFrame> frames);
    void fetch_klines();
    void apply_klines();
    // Cells further back, a chunk at a time at the rate budget's pace, replacing bar totals.
    void deepen_cells();
    void take_deepened();
    std::int64_t deepen_chunk_us() const;
    void write_backfill(std::span<const Trade> trades);
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
    std::unique_ptr<FeedSubscription> live_;  // the market's one websocket, shared with other panes on it
    std::unique_ptr<SessionRecording> recording_;  // every frame of the session, in files
    RecordingStatus recording_reported_;
    QElapsedTimer recording_report_clock_;
    QTimer* timer_;
    std::unique_ptr<record::LiveChart> chart_;
    // History and repairs (core/history/live_splice.hpp): trades go from the feed through it to
    // the chart, in the exchange's sequence, never twice.
    std::unique_ptr<history::LiveSplice> splice_;
    bool history_on_ = false;
    Exchange exchange_ = Exchange::Unknown;
    std::string exchange_symbol_;
    // Until the history is in, the raw frames wait: the recording holds history first, then the
    // live frames, so that a replay of it builds the chart the way the live source did.
    std::vector<RawFrame> frames_waiting_;
    std::string history_frames_;            // synthesized frames of the history, '\n'-joined
    std::vector<std::int64_t> history_frame_ends_;
    bool history_written_ = false;
    // Bar totals from klines (1m), fetched beside the history, shown before the cells begin.
    std::future<Result<std::vector<history::Kline>>> klines_future_;
    std::vector<history::Kline> klines_;
    std::vector<ChartStore::Gap> gaps_;
    // Bars with cells before the history's start, fetched in the background (oldest first), and
    // where they begin; the fetch of the next chunk back.
    std::vector<Bar> earlier_bars_;
    std::int64_t cells_begin_us_ = 0;
    std::future<Result<std::vector<Trade>>> deepen_future_;
    std::int64_t deepen_from_us_ = 0;
    std::vector<history::IdHole> open_markers_;  // repairs announced in the recording, not yet ended  // holes the exchange did not serve, marked on every chart
    bool klines_requested_ = false;
    std::atomic<bool> stopping_{false};
    history::HistoryRequest history_request_;
    std::vector<Trade> ready_, fetched_;
    std::vector<history::SpliceEvent> splice_events_;
    ConnectionStatus status_;
    bool reached_ = false;              // the feed connected at least once
};

}  // namespace flowscope::ui
