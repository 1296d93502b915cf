#pragma once
// One websocket per market however many panes show it. The first LiveSource of a market (exchange,
// symbol, endpoint) starts its LiveFeed; every LiveSource of that market holds a subscription and
// drains its own copy of what the feed queued since its last drain, so two panes on one market
// (two timeframes, say) read one connection. A subscriber that joins later first gets the feed's
// connection state as it stands. The feed stops when its last subscription goes.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <map>

#include "net/live_feed.hpp"

namespace flowscope::ui {

class SharedFeed;

class FeedSubscription {
public:
    ~FeedSubscription();
    FeedSubscription(const FeedSubscription&) = delete;
    FeedSubscription& operator=(const FeedSubscription&) = delete;

    void drain(FeedBatch& out);
    std::uint64_t dropped_frames() const;
    // The feed stops when this is its only subscription (its queue then drains to the end);
    // otherwise the others go on reading it.
    void stop();
    // Subscriptions of the feed, this one included (tests, the status bar).
    std::size_t subscribers() const;

private:
    friend class SharedFeed;
    FeedSubscription(std::shared_ptr<SharedFeed> feed, std::uint64_t id) : feed_(std::move(feed)), id_(id) {}
    std::shared_ptr<SharedFeed> feed_;
    std::uint64_t id_;
};

class SharedFeed : public std::enable_shared_from_this<SharedFeed> {
public:
    // The app's feeds let the socket gather frames this long after a read that waited (LiveFeedConfig::
    // gather_ms): a window of several live panes wakes a few hundred times a second instead of once a
    // frame; receive times may be this much late.
    static constexpr int kGatherMs = 3;
    // The market's feed (started now if no subscription holds it), and a subscription to it.
    static std::unique_ptr<FeedSubscription> subscribe(const LiveFeedConfig& config, const std::string& market_key);
    ~SharedFeed();

private:
    friend class FeedSubscription;
    explicit SharedFeed(const LiveFeedConfig& config) : feed_(gathering(config)) {}
    static LiveFeedConfig gathering(LiveFeedConfig config) {
        config.gather_ms = kGatherMs;
        return config;
    }
    void drain(std::uint64_t id, FeedBatch& out);
    void unsubscribe(std::uint64_t id);
    void stop_if_alone(std::uint64_t id);

    mutable std::mutex mutex_;
    LiveFeed feed_;
    std::map<std::uint64_t, FeedBatch> pending_;  // per subscription, what it has not drained
    std::uint64_t next_id_ = 1;
    std::optional<FeedEvent> state_;  // the last connection event, for a subscriber joining later
    bool stopped_ = false;
};

}  // namespace flowscope::ui
