#include "source/shared_feed.hpp"

namespace flowscope::ui {

namespace {

std::mutex registry_mutex;
std::map<std::string, std::weak_ptr<SharedFeed>>& registry() {
    static std::map<std::string, std::weak_ptr<SharedFeed>> feeds;
    return feeds;
}

bool is_state(FeedEvent::Kind kind) {
    using K = FeedEvent::Kind;
    return kind == K::Connecting || kind == K::Connected || kind == K::Subscribed || kind == K::Disconnected ||
           kind == K::Reconnecting || kind == K::Stalled;
}

void append(FeedBatch& to, const FeedBatch& from) {
    to.frames.insert(to.frames.end(), from.frames.begin(), from.frames.end());
    to.trades.insert(to.trades.end(), from.trades.begin(), from.trades.end());
    to.events.insert(to.events.end(), from.events.begin(), from.events.end());
}

}  // namespace

std::unique_ptr<FeedSubscription> SharedFeed::subscribe(const LiveFeedConfig& config, const std::string& market_key) {
    std::lock_guard registry_lock(registry_mutex);
    std::shared_ptr<SharedFeed> feed = registry()[market_key].lock();
    const bool fresh = !feed || feed->stopped_;
    if (fresh) {
        feed.reset(new SharedFeed(config));
        registry()[market_key] = feed;
    }
    std::uint64_t id = 0;
    {
        std::lock_guard lock(feed->mutex_);
        id = feed->next_id_++;
        FeedBatch& mine = feed->pending_[id];
        if (feed->state_) mine.events.push_back(*feed->state_);
    }
    if (fresh) feed->feed_.start();
    return std::unique_ptr<FeedSubscription>(new FeedSubscription(feed, id));
}

SharedFeed::~SharedFeed() { feed_.stop(); }

void SharedFeed::drain(std::uint64_t id, FeedBatch& out) {
    std::lock_guard lock(mutex_);
    FeedBatch fresh;
    feed_.drain(fresh);
    for (const FeedEvent& e : fresh.events)
        if (is_state(e.kind)) state_ = e;
    if (!fresh.empty()) {
        for (auto& [other, pending] : pending_)
            if (other != id) append(pending, fresh);
    }
    FeedBatch& mine = pending_[id];
    if (mine.empty()) {
        append(out, fresh);
    } else {
        append(out, mine);
        append(out, fresh);
        mine.clear();
    }
}

void SharedFeed::unsubscribe(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    pending_.erase(id);
}

void SharedFeed::stop_if_alone(std::uint64_t id) {
    {
        std::lock_guard lock(mutex_);
        if (pending_.size() != 1 || !pending_.count(id)) return;
        stopped_ = true;  // a subscriber from now on starts a feed of its own
    }
    feed_.stop();
}

FeedSubscription::~FeedSubscription() { feed_->unsubscribe(id_); }
void FeedSubscription::drain(FeedBatch& out) { feed_->drain(id_, out); }
std::uint64_t FeedSubscription::dropped_frames() const { return feed_->feed_.dropped_frames(); }
void FeedSubscription::stop() { feed_->stop_if_alone(id_); }
std::size_t FeedSubscription::subscribers() const {
    std::lock_guard lock(feed_->mutex_);
    return feed_->pending_.size();
}

}  // namespace flowscope::ui
