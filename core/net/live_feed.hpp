#pragma once
// A live trade feed from one exchange: a websocket client on its own thread that connects,
// subscribes, keeps the connection alive the way the exchange wants, reconnects with backoff,
// parses every frame with the exchange's adapter, and queues frames, trades and connection
// events for the consumer (UI, recorder, CLI). No Beast types here: the client lives in
// live_feed.cpp.
//
// Queue policy (when the consumer is too slow): DROP NEWEST. A full queue refuses new frames
// (and their trades); dropped_frames() counts them, and when the queue has room again a Gap
// event says how many frames and trades were lost, with the trade ids on both sides of the hole.
// What the consumer already holds stays a contiguous, ordered prefix. Events are never dropped.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/trade.hpp"
#include "net/exchange_adapter.hpp"

namespace flowscope {

struct FeedEvent {
    enum class Kind { Connecting, Connected, Subscribed, Disconnected, Reconnecting, Gap, ExchangeError, Stalled };
    Kind kind;
    std::int64_t time_us;
    std::string message;
    int attempt = 0;
    int delay_ms = 0;
    std::uint64_t gap_from = 0, gap_to = 0, missed = 0;  // Gap: last id seen, first id after, trades missed when ids tell
};

std::string_view feed_event_name(FeedEvent::Kind kind);  // "connected", "gap", ...

struct RawFrame {
    std::int64_t receive_time_us;
    std::string text;
};

struct FeedBatch {
    std::vector<RawFrame> frames;
    std::vector<Trade> trades;
    std::vector<FeedEvent> events;
    bool empty() const { return frames.empty() && trades.empty() && events.empty(); }
    void clear() { frames.clear(); trades.clear(); events.clear(); }
};

struct LiveFeedConfig {
    Exchange exchange = Exchange::Unknown;
    std::vector<std::string> symbols;  // as the user typed them; the adapter spells them
    std::optional<Endpoint> endpoint_override;
    std::string extra_ca_file;  // trust this CA in addition to the system store (tests)
    std::size_t queue_capacity = 1 << 16;  // frames
    int silence_timeout_s = 30;
    int connect_timeout_s = 10;
    int backoff_initial_ms = 500;
    int backoff_max_ms = 30000;
    int max_session_hours = 23;  // reconnect before Binance's forced 24 h disconnect
    // After a read that waited for the network, the socket gathers frames this long before the next
    // read: a few wakeups a second instead of one a frame (a busy feed costs a third of the CPU),
    // for at most this much added delay and receive-time error, and frames that arrive in the last
    // gather before a stop are not read. 0 (the CLI) reads every frame as it comes; the app, with
    // many feeds in one process, gathers (ui/source/shared_feed.hpp).
    int gather_ms = 0;
    // Extensions: an adapter other than make_adapter(exchange) (e.g. Bybit spot), and a session
    // age in seconds that overrides max_session_hours when > 0 (tests).
    std::shared_ptr<ExchangeAdapter> adapter;
    int max_session_s = 0;
};

struct LiveFeedCounters {
    std::uint64_t frames = 0, trades = 0, unknown = 0, malformed = 0, exchange_errors = 0, reconnects = 0,
                  dropped_frames = 0, gaps = 0;
};

class LiveFeed {
public:
    explicit LiveFeed(LiveFeedConfig config);
    ~LiveFeed();  // stops
    LiveFeed(const LiveFeed&) = delete;
    LiveFeed& operator=(const LiveFeed&) = delete;

    void start();  // starts the network thread; returns at once
    void stop();   // closes the connection and joins the thread; safe to call twice

    // Never blocks the network thread for longer than a move; appends whatever is queued to out.
    void drain(FeedBatch& out);
    std::uint64_t dropped_frames() const;
    LiveFeedCounters counters() const;
    const LiveFeedConfig& config() const;

    struct Impl;  // the network side, defined in live_feed.cpp

private:
    std::unique_ptr<Impl> impl_;
};

// "wss://host[:port]/path?query" or "ws://…" → Endpoint (default ports 443 and 80).
std::optional<Endpoint> parse_endpoint_url(std::string_view url);

}  // namespace flowscope
