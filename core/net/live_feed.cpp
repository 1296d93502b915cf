// The live websocket client (Boost.Beast, Asio, OpenSSL). A Beast TLS unit costs 30-60 s and
// 1-2 GB to compile: HTTP GETs live in http_client.cpp, the only other one.
//
// One FeedSession per connection, in the style of Beast's example/websocket/client/async-ssl:
// each async step is a named member that first checks its error and reports which step failed.
// Everything runs on the feed's single network thread, so the session needs no strand; the
// consumer only touches the FeedQueue (mutex) and the atomic counters.
#include "net/live_feed.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <deque>
#include <thread>

#include "net/feed_queue.hpp"
#include "net/reconnect_backoff.hpp"
#include "net/trade_gap_detector.hpp"
#include "model/wall_clock.hpp"

namespace flowscope {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxOutbox = 64;  // subscribe messages and pings; never near this


// The Host header omits the scheme's default port, as browsers do.
std::string host_header(const Endpoint& e) {
    const bool default_port = (e.tls && e.port == "443") || (!e.tls && e.port == "80");
    return default_port ? e.host : e.host + ":" + e.port;
}

bool is_ip_address(const std::string& host) {
    boost::system::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace

std::string_view feed_event_name(FeedEvent::Kind kind) {
    switch (kind) {
        case FeedEvent::Kind::Connecting: return "connecting";
        case FeedEvent::Kind::Connected: return "connected";
        case FeedEvent::Kind::Subscribed: return "subscribed";
        case FeedEvent::Kind::Disconnected: return "disconnected";
        case FeedEvent::Kind::Reconnecting: return "reconnecting";
        case FeedEvent::Kind::Gap: return "gap";
        case FeedEvent::Kind::ExchangeError: return "exchange-error";
        case FeedEvent::Kind::Stalled: return "stalled";
    }
    return "?";
}


// ---------------------------------------------------------------------------------------------

class SessionBase {
public:
    virtual ~SessionBase() = default;
    virtual void run() = 0;
    virtual void close() = 0;  // for stop(): quietly, no event, no reconnect
};

struct LiveFeed::Impl {
    explicit Impl(LiveFeedConfig c);

    void start_session();
    void on_session_ended(bool planned);
    void event(FeedEvent::Kind kind, std::string message, int attempt = 0, int delay_ms = 0) {
        queue.push_event(FeedEvent{kind, wall_now_us(), std::move(message), attempt, delay_ms});
    }
    // Parses and queues one frame; returns true when it proved the subscription (ack or trades).
    bool on_frame(std::string&& text, std::int64_t receive_time_us);

    LiveFeedConfig config;
    std::shared_ptr<ExchangeAdapter> adapter;
    std::vector<std::string> symbols;  // in the exchange's spelling
    Endpoint endpoint;
    FeedQueue queue;
    TradeGapDetector gaps;
    ReconnectBackoff backoff;
    std::vector<Trade> scratch;
    bool stopping = false;            // network thread only
    bool blind_gap_pending = false;   // a reconnect happened after trades; ids cannot tell what was lost
    std::int64_t disconnected_at_us = 0;
    bool had_trades = false;
    std::string setup_error;  // e.g. an unreadable CA file: nothing to retry

    std::atomic<std::uint64_t> frames{0}, trades{0}, unknown{0}, malformed{0}, exchange_errors{0}, reconnects{0}, gap_count{0};

    ssl::context ssl_ctx{ssl::context::tls_client};
    // Declared after everything the handlers use, so that it is destroyed (with the pending
    // handlers and their sessions) before those members.
    asio::io_context ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    asio::steady_timer reconnect_timer{ioc};
    std::shared_ptr<SessionBase> session;
    std::thread thread;
};

namespace {

template <bool Tls>
using WsStream = std::conditional_t<Tls, websocket::stream<beast::ssl_stream<beast::tcp_stream>>,
                                    websocket::stream<beast::tcp_stream>>;

template <bool Tls>
class FeedSession : public SessionBase, public std::enable_shared_from_this<FeedSession<Tls>> {
public:
    explicit FeedSession(LiveFeed::Impl& feed)
        : feed_(feed),
          resolver_(feed.ioc),
          ws_(make_stream(feed)),
          silence_timer_(feed.ioc),
          ping_timer_(feed.ioc),
          age_timer_(feed.ioc),
          gather_timer_(feed.ioc) {}

    void run() override {
        const Endpoint& e = feed_.endpoint;
        resolver_.async_resolve(e.host, e.port, beast::bind_front_handler(&FeedSession::on_resolve, this->shared_from_this()));
    }

    void close() override {
        ended_ = true;
        shut_down();
    }

private:
    static WsStream<Tls> make_stream(LiveFeed::Impl& feed) {
        if constexpr (Tls) return WsStream<Tls>(feed.ioc.get_executor(), feed.ssl_ctx);
        else return WsStream<Tls>(feed.ioc.get_executor());
    }
    auto& lowest() { return beast::get_lowest_layer(ws_); }
    std::chrono::seconds connect_timeout() const { return std::chrono::seconds(std::max(1, feed_.config.connect_timeout_s)); }

    void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) return fail("resolve " + feed_.endpoint.host, ec);
        lowest().expires_after(connect_timeout());
        lowest().async_connect(results, beast::bind_front_handler(&FeedSession::on_connect, this->shared_from_this()));
    }

    void on_connect(beast::error_code ec, tcp::resolver::results_type::endpoint_type) {
        if (ec) return fail("connect to " + feed_.endpoint.host + ":" + feed_.endpoint.port, ec);
        if constexpr (Tls) {
            // SNI, then the certificate must name this host (or IP): verify_peer alone would
            // accept any valid certificate for any site.
            SSL* handle = ws_.next_layer().native_handle();
            const std::string& host = feed_.endpoint.host;
            if (is_ip_address(host)) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), host.c_str());
            } else {
                if (!SSL_set_tlsext_host_name(handle, host.c_str()))
                    return fail("TLS SNI", beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
                SSL_set1_host(handle, host.c_str());
            }
            lowest().expires_after(connect_timeout());
            ws_.next_layer().async_handshake(ssl::stream_base::client,
                                             beast::bind_front_handler(&FeedSession::on_ssl_handshake, this->shared_from_this()));
        } else {
            start_websocket_handshake();
        }
    }

    void on_ssl_handshake(beast::error_code ec) {
        if (ec) {
            std::string step = "TLS handshake with " + feed_.endpoint.host;
            if constexpr (Tls) {
                const long verify = SSL_get_verify_result(ws_.next_layer().native_handle());
                if (verify != X509_V_OK)
                    step += " (certificate rejected: " + std::string(X509_verify_cert_error_string(verify)) + ")";
            }
            return fail(step, ec);
        }
        start_websocket_handshake();
    }

    void start_websocket_handshake() {
        // The websocket layer has its own timeouts from here on.
        lowest().expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = connect_timeout();
        timeouts.idle_timeout = websocket::stream_base::none();  // silence is watched by our own timer
        timeouts.keep_alive_pings = false;
        ws_.set_option(timeouts);
        ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(http::field::user_agent, std::string("flowscope/0.1 ") + BOOST_BEAST_VERSION_STRING);
        }));
        // Pings and pongs prove the connection alive too; Beast answers pings by itself.
        ws_.control_callback([this](websocket::frame_type, beast::string_view) { last_activity_ = std::chrono::steady_clock::now(); });
        ws_.async_handshake(host_header(feed_.endpoint), feed_.endpoint.target,
                            beast::bind_front_handler(&FeedSession::on_handshake, this->shared_from_this()));
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return fail("websocket handshake", ec);
        feed_.event(FeedEvent::Kind::Connected, "connected to " + host_header(feed_.endpoint) + feed_.endpoint.target);
        ws_.text(true);
        last_activity_ = std::chrono::steady_clock::now();
        const auto messages = feed_.adapter->subscribe_messages(feed_.symbols);
        for (const auto& m : messages) send(m);
        if (messages.empty()) mark_subscribed();  // the URL subscribed
        arm_silence_timer();
        arm_ping_timer();
        const int age_s = feed_.config.max_session_s > 0 ? feed_.config.max_session_s : feed_.config.max_session_hours * 3600;
        if (age_s > 0) {
            age_timer_.expires_after(std::chrono::seconds(age_s));
            age_timer_.async_wait(beast::bind_front_handler(&FeedSession::on_session_age, this->shared_from_this()));
        }
        do_read();
    }

    void do_read() {
        read_started_ = std::chrono::steady_clock::now();
        ws_.async_read(buffer_, beast::bind_front_handler(&FeedSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return fail("read", ec);
        if (ended_) return;
        const std::int64_t receive_time_us = wall_now_us();
        last_activity_ = std::chrono::steady_clock::now();
        std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        if (feed_.on_frame(std::move(text), receive_time_us)) mark_subscribed();
        // A read that waited for the network, with nothing more arrived since, means frames come
        // one by one, each a wakeup of this thread: let the socket gather a few milliseconds of them
        // instead, then read them in one go. A stream faster than this thread never waits.
        const auto gather = std::chrono::milliseconds(feed_.config.gather_ms);
        if (gather.count() > 0 && last_activity_ - read_started_ > kWaitedForNetwork && nothing_arrived()) {
            gather_timer_.expires_after(gather);
            gather_timer_.async_wait(beast::bind_front_handler(&FeedSession::on_gathered, this->shared_from_this()));
            return;
        }
        do_read();
    }
    bool nothing_arrived() {
        beast::error_code ec;
        return lowest().socket().available(ec) == 0 && !ec;
    }
    void on_gathered(beast::error_code ec) {
        if (ec || ended_) return;
        do_read();
    }
    // Longer than a buffered frame takes to come back through the executor, shorter than a round trip.
    static constexpr auto kWaitedForNetwork = std::chrono::microseconds(50);

    void mark_subscribed() {
        if (subscribed_) return;
        subscribed_ = true;
        feed_.backoff.reset();  // this connection worked: the next failure starts from the initial delay
        std::string names;
        for (const auto& s : feed_.symbols) names += (names.empty() ? "" : ",") + s;
        feed_.event(FeedEvent::Kind::Subscribed, "subscribed to " + names);
    }

    // One write in flight at a time, behind a small queue.
    void send(std::string message) {
        if (ended_ || outbox_.size() >= kMaxOutbox) return;
        outbox_.push_back(std::move(message));
        if (outbox_.size() == 1) do_write();
    }
    void do_write() {
        ws_.async_write(asio::buffer(outbox_.front()), beast::bind_front_handler(&FeedSession::on_write, this->shared_from_this()));
    }
    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return fail("write", ec);
        outbox_.pop_front();
        if (!outbox_.empty()) do_write();
    }

    void arm_silence_timer() {
        silence_timer_.expires_at(last_activity_ + std::chrono::seconds(std::max(1, feed_.config.silence_timeout_s)));
        silence_timer_.async_wait(beast::bind_front_handler(&FeedSession::on_silence_timer, this->shared_from_this()));
    }
    void on_silence_timer(beast::error_code ec) {
        if (ec || ended_) return;
        const auto silent_for = std::chrono::steady_clock::now() - last_activity_;
        if (silent_for < std::chrono::seconds(std::max(1, feed_.config.silence_timeout_s))) return arm_silence_timer();
        const std::string why = "no data for " + std::to_string(feed_.config.silence_timeout_s) + " s";
        feed_.event(FeedEvent::Kind::Stalled, why);
        end("stalled: " + why, false);
    }

    void arm_ping_timer() {
        const int interval = feed_.adapter->application_ping_interval_s();
        if (interval <= 0) return;
        ping_timer_.expires_after(std::chrono::seconds(interval));
        ping_timer_.async_wait(beast::bind_front_handler(&FeedSession::on_ping_timer, this->shared_from_this()));
    }
    void on_ping_timer(beast::error_code ec) {
        if (ec || ended_) return;
        send(feed_.adapter->application_ping());
        arm_ping_timer();
    }

    void on_session_age(beast::error_code ec) {
        if (ec || ended_) return;
        end("planned reconnect: session age limit reached (the exchange closes connections after 24 h)", true);
    }

    void fail(const std::string& step, beast::error_code ec) {
        if (ended_) return;
        std::string why = step + ": " + ec.message();
        // Harmless ends: the exchange closed the websocket properly, or cut TCP without a TLS
        // close_notify (which servers routinely do); both are disconnections, not failures.
        if (ec == websocket::error::closed) {
            const auto& reason = ws_.reason();
            why = "closed by the exchange (code " + std::to_string(reason.code) + (reason.reason.empty() ? "" : ": " + std::string(reason.reason.data(), reason.reason.size())) + ")";
        } else if (ec == ssl::error::stream_truncated) {
            why = step + ": connection closed by the exchange";
        } else if (ec == beast::error::timeout) {
            why = step + ": timed out";
        }
        end(why, false);
    }

    void end(const std::string& why, bool planned) {
        if (ended_) return;
        ended_ = true;
        shut_down();
        if (feed_.stopping) return;
        feed_.event(FeedEvent::Kind::Disconnected, why);
        // Hand over asynchronously: the feed drops its reference to this session.
        asio::post(feed_.ioc, [&feed = feed_, planned] { feed.on_session_ended(planned); });
    }

    void shut_down() {
        beast::error_code ignored;
        resolver_.cancel();
        silence_timer_.cancel();
        ping_timer_.cancel();
        age_timer_.cancel();
        gather_timer_.cancel();
        lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().socket().close(ignored);
    }

    LiveFeed::Impl& feed_;
    tcp::resolver resolver_;
    WsStream<Tls> ws_;
    beast::flat_buffer buffer_;
    asio::steady_timer silence_timer_, ping_timer_, age_timer_, gather_timer_;
    std::deque<std::string> outbox_;
    std::chrono::steady_clock::time_point last_activity_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point read_started_ = last_activity_;
    bool ended_ = false;
    bool subscribed_ = false;
};

}  // namespace

LiveFeed::Impl::Impl(LiveFeedConfig c)
    : config(std::move(c)),
      adapter(config.adapter ? config.adapter : std::shared_ptr<ExchangeAdapter>(make_adapter(config.exchange))),
      queue(config.queue_capacity),
      backoff(config.backoff_initial_ms, config.backoff_max_ms) {
    if (!adapter) {
        setup_error = "no adapter for exchange '" + std::string(exchange_name(config.exchange)) + "'";
        return;
    }
    for (const auto& s : config.symbols) symbols.push_back(adapter->normalize_symbol(s));
    endpoint = config.endpoint_override ? *config.endpoint_override : adapter->endpoint(symbols);
    // Certificates are always verified: against the system store, plus the extra CA if given.
    boost::system::error_code ec;
    ssl_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    ssl_ctx.set_default_verify_paths(ec);
    if (ec) setup_error = "cannot load the system CA store: " + ec.message();
    if (!config.extra_ca_file.empty()) {
        ssl_ctx.load_verify_file(config.extra_ca_file, ec);
        if (ec) setup_error = "cannot load CA file '" + config.extra_ca_file + "': " + ec.message();
    }
    ssl_ctx.set_verify_mode(ssl::verify_peer);
}

void LiveFeed::Impl::start_session() {
    if (stopping) return;
    if (!setup_error.empty()) {
        event(FeedEvent::Kind::Disconnected, setup_error + " (not retrying)");
        return;
    }
    event(FeedEvent::Kind::Connecting,
          "connecting to " + std::string(endpoint.tls ? "wss://" : "ws://") + host_header(endpoint) + endpoint.target,
          backoff.attempts() + 1);
    if (endpoint.tls) session = std::make_shared<FeedSession<true>>(*this);
    else session = std::make_shared<FeedSession<false>>(*this);
    session->run();
}

void LiveFeed::Impl::on_session_ended(bool planned) {
    session.reset();
    if (stopping) return;
    ++reconnects;
    if (had_trades) {
        blind_gap_pending = true;
        disconnected_at_us = wall_now_us();
    }
    const int delay_ms = planned ? 0 : backoff.next_delay_ms();
    event(FeedEvent::Kind::Reconnecting, "reconnecting in " + std::to_string(delay_ms) + " ms", backoff.attempts(), delay_ms);
    reconnect_timer.expires_after(std::chrono::milliseconds(delay_ms));
    reconnect_timer.async_wait([this](beast::error_code ec) {
        if (!ec) start_session();
    });
}

bool LiveFeed::Impl::on_frame(std::string&& text, std::int64_t receive_time_us) {
    ++frames;
    scratch.clear();
    const FrameResult result = adapter->parse(text, receive_time_us, scratch);
    bool proves_subscription = false;
    switch (result.kind) {
        case FrameKind::Trades: {
            trades += scratch.size();
            proves_subscription = true;
            if (scratch.empty()) break;
            had_trades = true;
            bool id_gap_seen = false;
            for (const Trade& t : scratch) {
                const auto gap = gaps.observe(t);
                if (!gap || !adapter->trade_ids_are_sequential()) continue;
                id_gap_seen = true;
                ++gap_count;
                FeedEvent e{FeedEvent::Kind::Gap, receive_time_us,
                            std::string(t.symbol.view()) + ": " + std::to_string(gap->missed) + " trades missed (ids " +
                                std::to_string(gap->last_seen + 1) + ".." + std::to_string(gap->first_after - 1) + ")"};
                e.gap_from = gap->last_seen;
                e.gap_to = gap->first_after;
                e.missed = gap->missed;
                queue.push_event(std::move(e));
            }
            if (blind_gap_pending) {
                blind_gap_pending = false;
                // Ids that are sequential already told (or showed that nothing was lost).
                if (!adapter->trade_ids_are_sequential() && !id_gap_seen) {
                    ++gap_count;
                    queue.push_event(FeedEvent{FeedEvent::Kind::Gap, receive_time_us,
                                               "reconnected after " + std::to_string((receive_time_us - disconnected_at_us) / 1000) +
                                                   " ms: trades in between may be missing (this exchange's ids do not tell how many)"});
                }
            }
            break;
        }
        case FrameKind::Ack: proves_subscription = true; break;
        case FrameKind::Heartbeat: break;
        case FrameKind::Unknown: ++unknown; break;
        case FrameKind::Malformed: ++malformed; break;
        case FrameKind::Error:
            ++exchange_errors;
            event(FeedEvent::Kind::ExchangeError, result.message);
            break;
    }
    queue.push_frame(RawFrame{receive_time_us, std::move(text)}, scratch, receive_time_us);
    return proves_subscription;
}

LiveFeed::LiveFeed(LiveFeedConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

LiveFeed::~LiveFeed() { stop(); }

void LiveFeed::start() {
    Impl& f = *impl_;
    if (f.thread.joinable()) return;
    f.work.emplace(f.ioc.get_executor());
    asio::post(f.ioc, [&f] { f.start_session(); });
    f.thread = std::thread([&f] {
        for (;;) {
            try {
                f.ioc.run();
                return;
            } catch (const std::exception& e) {  // a bug, not a network condition: report and go on
                f.event(FeedEvent::Kind::ExchangeError, std::string("internal error on the network thread: ") + e.what());
            }
        }
    });
}

void LiveFeed::stop() {
    Impl& f = *impl_;
    if (!f.thread.joinable()) return;
    asio::post(f.ioc, [&f] {
        f.stopping = true;
        f.reconnect_timer.cancel();
        if (f.session) f.session->close();
        f.session.reset();
        f.work.reset();
        f.ioc.stop();
    });
    f.thread.join();
}

void LiveFeed::drain(FeedBatch& out) { impl_->queue.drain(out); }

std::uint64_t LiveFeed::dropped_frames() const { return impl_->queue.dropped_frames(); }

LiveFeedCounters LiveFeed::counters() const {
    const Impl& f = *impl_;
    return {f.frames.load(), f.trades.load(), f.unknown.load(), f.malformed.load(), f.exchange_errors.load(),
            f.reconnects.load(), f.queue.dropped_frames(), f.gap_count.load()};
}

const LiveFeedConfig& LiveFeed::config() const { return impl_->config; }

}  // namespace flowscope
