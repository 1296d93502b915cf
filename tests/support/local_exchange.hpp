#pragma once
// A local test exchange: a Boost.Beast websocket server on 127.0.0.1 (ephemeral port, plain or
// TLS) that speaks one exchange's protocol well enough for the real client. It accepts that
// exchange's subscribe message and answers with the exchange's acknowledgement, answers its
// application pings, streams the given (real, captured) frames, sends websocket pings, and on
// command drops every connection, stalls, skips frames or sends any text (garbage). It can also
// shape the wire: messages fragmented and written in odd-sized pieces that split and merge them.
// A GET that is not a websocket upgrade is answered as REST (a canned body, or http_handler for
// REST pages and archive downloads: see local_rest.hpp), on the same port.
// Runs on its own thread; every public member is thread-safe. No Beast in this header.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/exchange.hpp"

namespace flowscope::testing {

// One HTTP answer of the local exchange.
struct HttpAnswer {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and Content-Length
    std::string body;
    std::string content_type = "application/json";
    // A download cut short: Content-Length promises the whole body, only this many of its bytes
    // are sent, then the connection is closed.
    std::optional<std::size_t> cut_after;
};

inline HttpAnswer http_answer(int status, std::string body, std::string content_type = "application/json") {
    HttpAnswer a;
    a.status = status;
    a.body = std::move(body);
    a.content_type = std::move(content_type);
    return a;
}

struct LocalExchangeOptions {
    Exchange exchange = Exchange::BinanceFutures;  // whose subscribe/ack/ping dialect to speak
    std::vector<std::string> frames;               // streamed in order once a client subscribes
    int frame_interval_us = 0;                     // 0: as fast as the socket takes them
    int ping_interval_ms = 0;                      // websocket pings to the client; 0: none
    bool tls = false;                              // serve tests/data/net/localhost.pem
    std::string http_body;                         // answer to a plain HTTP GET (REST metadata), 200 + JSON, then close
    // When set, answers every GET that is not a websocket upgrade instead of http_body (target:
    // path and query). Connections are kept alive as the client asks. It runs on a small pool of
    // threads beside the websocket sessions, so it may sleep (latency) without stalling a stream,
    // and it may be called for up to four requests at once.
    std::function<HttpAnswer(const std::string& target)> http_handler;
    // Frames made on demand instead of `frames` (long soaks: the stream is never held whole).
    // Called on the server's thread, in order of the shared cursor.
    std::function<std::string(std::size_t)> frame_at;
    std::size_t frame_count = 0;  // with frame_at
    // Up to this many stream frames go out back to back in one batch of writes.
    std::size_t frames_per_write = 1;
    // Wire shaping: when either is set, every message is framed by hand and written straight to
    // the transport (plain or TLS), so the client's websocket layer has to reassemble it; no
    // websocket pings then, since a ping written by Beast could land inside a hand-made frame.
    std::size_t fragment_bytes = 0;        // > 0: messages go out as fragments of at most this many bytes
    std::vector<std::size_t> write_sizes;  // the batch's bytes written in chunks of these sizes, cycled
};

class LocalExchange {
public:
    explicit LocalExchange(LocalExchangeOptions options);
    ~LocalExchange();
    LocalExchange(const LocalExchange&) = delete;
    LocalExchange& operator=(const LocalExchange&) = delete;

    unsigned short port() const;
    std::string url(const std::string& target = "/ws") const;  // ws://127.0.0.1:PORT/ws (wss:// with TLS)

    // Commands.
    void drop_connections();           // closes every TCP connection at once, no close frame
    void set_stalled(bool stalled);    // while stalled: connected, but not a byte is sent
    void skip_frames(std::size_t n);   // the next n frames are never sent (trades "lost")
    void send_text(std::string text);  // to every subscribed client, e.g. garbage or an error frame

    // Observations.
    int connections() const;               // accepted websocket connections so far
    int subscriptions() const;             // accepted subscribe messages so far
    std::size_t frames_sent() const;       // position in the frames (including skipped)
    int pongs_received() const;            // answers to our websocket pings
    std::vector<std::string> messages_received() const;  // every text message from clients
    std::vector<std::string> targets() const;            // the request target of each handshake

    // Polls pred every few ms until it holds or the time is up.
    static bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout);

    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace flowscope::testing
