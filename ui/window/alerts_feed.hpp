#pragma once
// Alerts on the worker thread: the chart store hands this every trade that moves the chart, in
// order, and every new chart; the alert engine (core/alert) runs here, never on the UI thread, and
// what fires waits in a short queue the UI takes when woken. The UI only sets the rules and takes.
//
// A live market opens with history (the last minutes' trades, repairs of holes): those trades go
// through the engine, so levels know their side and bars their stacks, but fire nothing. A trade
// more than kStaleUs behind the wall clock is history; in a replay every trade is "now".
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "alert/alert_engine.hpp"
#include "chart/chart_store.hpp"

namespace flowscope::ui {

class AlertsFeed : public TradeWatcher {
public:
    static constexpr std::int64_t kStaleUs = 60'000'000;
    static constexpr std::size_t kMaxWaiting = 10'000;  // alerts the UI has not taken; more are counted

    // UI thread. Rules already checked (check_alert_rule); the engine keeps what kept rules remember.
    void set_rules(std::vector<AlertRule> rules);
    // Prints that are not aggression count as the chart counts them (set before the chart opens).
    void set_include_non_aggressive(bool include);
    void set_live(bool live) { live_ = live; }
    // Another market is about to be watched: nothing fires until its chart comes (chart_replaced).
    void forget_chart() {
        std::lock_guard lock(engine_mutex_);
        engine_.reset();
    }
    // Called (on the worker thread, under the feed's lock) when alerts wait and none did before;
    // empty to stop. After set_wake({}) returns it is never called again.
    void set_wake(std::function<void()> wake);
    // Appends the alerts that fired since the last take, oldest first.
    void take(std::vector<AlertEvent>& into);
    std::uint64_t history_quieted() const { return history_quieted_; }  // alerts on history, not fired
    std::uint64_t dropped() const { return dropped_; }                  // alerts the UI never took

    // Worker thread (TradeWatcher).
    void chart_replaced(const BarSeries& series, std::int64_t reading_bucket_units) override;
    void trades_added(std::span<const Trade> trades) override;

private:
    std::mutex engine_mutex_;  // the engine and its rules: the worker, and the UI setting rules
    std::vector<AlertRule> rules_;
    bool include_non_aggressive_ = false;
    std::optional<AlertEngine> engine_;
    std::vector<AlertEvent> fired_;  // scratch, worker

    std::mutex waiting_mutex_;  // held only to move alerts in and out
    std::vector<AlertEvent> waiting_;
    std::function<void()> wake_;

    std::atomic<bool> live_{false};
    std::atomic<std::uint64_t> history_quieted_{0};
    std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace flowscope::ui
