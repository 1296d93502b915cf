#pragma once
// A group of markets from files (group_files.hpp) as a chart source: the merged trades, held in
// memory, played in exchange time at the replay's speed into one Aggregator for the chart. Each
// bar's parts by exchange (ChartBars::member_bars) come, for time bars, from one Aggregator per
// member beside it (the same spec and bucket, bars matched by open time); tick and volume bars
// end where the whole stream fills them, so each member's part of a bar is aggregated from its
// trades between the bar's first trade and the next bar's (the open bar again at each publish). Play, pause, step and seek behave
// as a replay's; a seek back or another chart aggregates again from the first trade, which
// test_ui_group measures: the real hour as three exchanges (14,379 trades) 5–12 ms at 1 s bars,
// that hour laid end to end into a day on each (362,952 trades) 78–89 ms back an hour at 1 m bars
// and 62–79 ms for a 5 m chart; so about 0.25 µs a trade, a busy day of 3 M trades near 0.7 s.
#include <QElapsedTimer>
#include <memory>
#include <vector>

#include "source/chart_source.hpp"
#include "source/group_bars.hpp"
#include "source/group_files.hpp"

class QTimer;

namespace flowscope::ui {

class ChartStore;
struct MemberSeries;

class GroupSource : public ChartSource {
    Q_OBJECT
public:
    static constexpr int kTickMs = 10;  // the replay clock's 100 Hz
    // Time & sales after a seek or a new chart shows the trades of this much market time before it.
    static constexpr std::int64_t kRecentWindowUs = 120'000'000;

    GroupSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, double speed,
                QObject* parent = nullptr);
    ~GroupSource() override;

    // Reads and merges the members, publishes the first chart (opened follows); the reason when
    // it cannot (a file, or files that are not one market).
    QString open(const QStringList& members, bool accept_quote_mix);
    void set_chart(const BarSpec& spec, int bucket_multiplier) override;
    void play();
    void pause();
    void set_speed(double speed);  // record::kMaxSpeed for max
    void step_bar();
    void step_back();
    void seek(qint64 market_us);
    void set_until(qint64 market_us);  // replay stops there; 0 for the end
    void set_include_non_aggressive(bool include) { include_non_aggressive_ = include; }

    const GroupTrades& group() const { return group_; }
    const BarSeries& series() const { return bars_.series(); }
    // Time bars: member m's own series. Tick and volume bars: its parts of the chart's bars.
    const BarSeries& member_series(std::size_t m) const { return bars_.member_series(m); }
    const std::vector<Bar>& member_parts(std::size_t m) const { return bars_.member_parts(m); }
    std::int64_t market_us() const { return market_us_; }
    bool at_end() const { return next_ >= group_.trades.size() || (until_us_ > 0 && market_us_ >= until_us_); }

signals:
    void progress(qint64 market_us, bool playing);
    void finished();
    // Right after the first `opened`: every trade is read and counted at open, so the group is as
    // prepared as a replay whose background pass has ended (its count and warnings final).
    void prepared(const flowscope::ui::SourceInfo& info);

private:
    void on_tick();
    // A new chart (spec, bucket or a seek back): every aggregation again from the first trade.
    void restart_aggregation();
    // Plays the trades up to and including exchange time `last` (the until time caps it), at most
    // about max_trades (the rest of the last one's moment too); returns how many.
    std::size_t play_through(std::int64_t last, std::size_t max_trades);
    void play_one();
    void publish_new_chart();
    void publish_played();
    void skip_wall_time();
    void report_progress();
    void update_parts();  // tick and volume bars: the members' parts from the bar open at the last update on

    std::shared_ptr<ChartStore> store_;
    BarSpec spec_;
    int multiplier_ = 0;
    bool include_non_aggressive_ = false;
    double speed_ = 1;
    SourceInfo info_;
    GroupTrades group_;
    GroupBars bars_;  // the chart and each member's part of it
    std::int64_t bucket_units_ = 0;
    std::size_t next_ = 0;          // trades_[next_] is the next to play
    std::int64_t market_us_ = 0;    // every trade before it played, none after
    std::int64_t start_us_ = 0;
    std::int64_t end_us_ = 0;       // the latest trade's time
    std::int64_t until_us_ = 0;
    QTimer* timer_;
    QElapsedTimer wall_;
    std::int64_t last_tick_us_ = 0;
    std::vector<Trade> played_;  // scratch: the trades of one tick
    bool playing_ = false;
};

}  // namespace flowscope::ui
