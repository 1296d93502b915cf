#pragma once
// A group of live markets (one market on several exchanges, group/market_group.hpp) as a chart
// source: each member's websocket (SharedFeed: shared with any pane showing that market alone)
// drained every ~30 ms into a GroupMerger, which releases the trades in exchange-time order once
// every member has reached their time, waiting at most max_wait_us for the slowest
// (group/group_merger.hpp); OKX contract sizes are counted in the base asset at the built-in
// contract values (group/contract_value.hpp: no metadata is fetched here). The released trades are
// aggregated as GroupSource does (group_bars.hpp: the chart, each member's part of every bar).
//
// The merged trades are held in memory (144 bytes a trade: a liquid day of 3 M trades 430 MB), so
// a chart change aggregates them again from the first. Each member is recorded on its own, as
// received (LiveRecorder: one file per member and UTC day in the recordings folder), unless a pane
// of its own records it already (set_recording names the members this source records); the
// recordings open again as a group of files. The connection status names every member's state and the
// merge's latency; a member that drops out, or falls behind until the wait runs out, is said there,
// and while it is out (or was never reached) the bars the group fills are marked short of its
// share (ChartStore::add_gap, one missing trade a bar: how many it missed is not known; every bar
// of 1 m or longer, one a minute of shorter ones).
#include <QElapsedTimer>
#include <QStringList>
#include <limits>
#include <memory>
#include <vector>

#include "group/group_merger.hpp"
#include "chart/chart_store.hpp"
#include "net/live_feed.hpp"
#include "source/chart_source.hpp"
#include "source/group_bars.hpp"

class QTimer;

namespace flowscope::ui {

class FeedSubscription;
class LiveRecorder;

class LiveGroupSource : public ChartSource {
    Q_OBJECT
public:
    static constexpr int kPollMs = 30;  // batches of ~30 ms, never one signal per trade
    static constexpr std::int64_t kRecentWindowUs = 120'000'000;  // time & sales after a chart change

    LiveGroupSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier,
                    std::int64_t max_wait_us = kDefaultGroupWaitUs, QObject* parent = nullptr);
    ~LiveGroupSource() override;

    // members: "live:EXCHANGE:SYMBOL" (SourceRequest's live group), endpoints: each member's
    // websocket URL (empty or missing: the exchange's own). Publishes an empty chart (opened
    // follows) and connects every member; the reason when it cannot (a market not known, markets
    // that are not one, a bad endpoint).
    QString open(const QStringList& members, const QStringList& endpoints, bool accept_quote_mix);
    void set_chart(const BarSpec& spec, int bucket_multiplier) override;
    void set_include_non_aggressive(bool include) { include_non_aggressive_ = include; }
    // Records the named members ("live:EXCHANGE:SYMBOL", as open() took them) into folder, from
    // their next frames on; the others stop. An empty folder stops every member's recording.
    void set_recording(const QString& folder, const QStringList& members);

    const MarketGroup& group() const { return group_; }
    const MergeLatency& latency() const { return merger_->latency(); }
    const std::vector<Trade>& merged_trades() const { return trades_; }
    const BarSeries& series() const { return bars_.series(); }
    const ConnectionStatus& status() const { return status_; }

signals:
    void connection_changed(const flowscope::ui::ConnectionStatus& status);
    // The members' recordings as one: on while any records, sizes summed, each file in path.
    void recording_changed(const flowscope::ui::RecordingStatus& status);

private:
    enum class MemberState { Connecting, Connected, Out };
    struct Member {
        QString name;  // "okx BTC-USDT-SWAP"
        QString request;  // "live:okx:BTC-USDT-SWAP", as open() took it
        Exchange exchange = Exchange::Unknown;
        std::string symbol;  // the exchange's own spelling
        std::unique_ptr<LiveRecorder> recorder;  // while this source records the member
        std::unique_ptr<FeedSubscription> feed;
        MemberState state = MemberState::Connecting;
        bool ever_connected = false;
        QString reason;                  // Out: the feed's last word
        bool behind = false;             // the wait ran out while it was behind, and it has sent nothing since
        std::uint64_t waits_seen = 0;
        std::int64_t out_since_us = 0;   // Out: the group's newest exchange time when it went
        std::int64_t marked_bar_us = std::numeric_limits<std::int64_t>::min();  // the last bar marked short of it
        std::int64_t marked_at_us = std::numeric_limits<std::int64_t>::min() / 2;  // the group's newest time then
        std::uint64_t gaps = 0, missed = 0;
    };
    void on_tick();
    void take_event(Member& m, const FeedEvent& e);
    void restart_aggregation();
    void publish_new_chart();
    void mark_missing_shares();
    void report_status(bool force);
    void report_recording(bool force);
    void stop();

    std::shared_ptr<ChartStore> store_;
    BarSpec spec_;
    int multiplier_ = 0;
    std::int64_t max_wait_us_;
    bool include_non_aggressive_ = false;
    SourceInfo info_;
    MarketGroup group_;
    std::unique_ptr<GroupMerger> merger_;
    std::vector<Member> members_;
    std::vector<Trade> trades_;         // merged, as released; sizes in the base asset
    std::vector<std::uint8_t> member_;  // member_[i]: the feed trades_[i] came from
    GroupBars bars_;
    std::int64_t bucket_units_ = 0;
    std::vector<Trade> played_;  // scratch: the trades of one tick
    QTimer* timer_;
    QElapsedTimer clock_;        // the merger's receive clock
    QElapsedTimer status_clock_;
    ConnectionStatus status_;
    RecordingStatus recording_reported_;
    QElapsedTimer recording_report_clock_;
    FeedBatch batch_;
};

}  // namespace flowscope::ui
