// The local test exchange (see local_exchange.hpp): Beast server sessions, one per client, all
// on one thread; only an http_handler runs elsewhere, on a small pool, so that a slow answer
// (simulated latency) holds up its own connection and no other. The stream of frames has one cursor shared by every connection, so a client
// that reconnects continues where the last one stopped (minus skipped frames).
#include "support/local_exchange.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

namespace flowscope::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// The exchange's acknowledgement of a subscribe message, or empty when it is not one.
std::string ack_for(Exchange exchange, std::string_view message) {
    switch (exchange) {
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures:
            if (contains(message, R"("method":"SUBSCRIBE")")) return R"({"result":null,"id":1})";
            return {};
        case Exchange::Bybit:
            if (contains(message, R"("op":"subscribe")"))
                return R"({"success":true,"ret_msg":"","conn_id":"local-1","req_id":"","op":"subscribe"})";
            return {};
        case Exchange::Okx:
            if (contains(message, R"("op":"subscribe")"))
                return R"({"event":"subscribe","arg":{"channel":"trades","instId":"BTC-USDT"},"connId":"local1"})";
            return {};
        case Exchange::Coinbase:
            if (contains(message, R"("channel":"market_trades")"))
                return R"({"channel":"subscriptions","client_id":"","timestamp":"2026-04-07T14:30:00.000000Z","sequence_num":0,"events":[{"subscriptions":{"market_trades":["BTC-USD"]}}]})";
            return {};
        case Exchange::Kraken:
            if (contains(message, R"("method":"subscribe")"))
                return R"({"method":"subscribe","result":{"channel":"trade","snapshot":false,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"})";
            return {};
        case Exchange::Unknown: break;
    }
    return {};
}

// The exchange's answer to its application ping, or empty.
std::string pong_for(Exchange exchange, std::string_view message) {
    if (exchange == Exchange::Okx && message == "ping") return "pong";
    if (exchange == Exchange::Bybit && contains(message, R"("op":"ping")"))
        return R"({"success":true,"ret_msg":"pong","conn_id":"local-1","req_id":"","op":"ping"})";
    if (exchange == Exchange::Kraken && contains(message, R"("method":"ping")"))
        return R"({"method":"pong","time_in":"2023-09-24T14:10:23.799685Z","time_out":"2023-09-24T14:10:23.799703Z"})";
    return {};
}

// One server-to-client text message as unmasked websocket frames (RFC 6455 section 5.2): a first
// frame, then continuations of at most `fragment` payload bytes each (0: a single frame).
void append_websocket_message(std::string& out, std::string_view payload, std::size_t fragment) {
    bool first = true;
    do {
        const std::size_t n = fragment > 0 ? std::min(fragment, payload.size()) : payload.size();
        const bool fin = n == payload.size();
        out.push_back(static_cast<char>((fin ? 0x80 : 0x00) | (first ? 0x01 : 0x00)));
        if (n < 126) {
            out.push_back(static_cast<char>(n));
        } else if (n <= 0xFFFF) {
            out.push_back(static_cast<char>(126));
            for (int shift = 8; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
        } else {
            out.push_back(static_cast<char>(127));
            for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((std::uint64_t{n} >> shift) & 0xFF));
        }
        out.append(payload.substr(0, n));
        payload.remove_prefix(n);
        first = false;
    } while (!payload.empty());
}

class ServerSessionBase {
public:
    virtual ~ServerSessionBase() = default;
    virtual void start() = 0;
    virtual void drop() = 0;
    virtual void push(std::string text) = 0;     // queue a text frame (unless stalled)
    virtual void resume_streaming() = 0;
};

}  // namespace

struct LocalExchange::State {
    LocalExchangeOptions options;
    asio::io_context ioc;
    asio::thread_pool http_pool{4};  // runs options.http_handler
    ssl::context ssl_ctx{ssl::context::tls_server};
    tcp::acceptor acceptor{ioc};
    std::thread thread;
    std::vector<std::weak_ptr<ServerSessionBase>> sessions;  // io thread only

    std::atomic<int> connections{0}, subscriptions{0}, pongs{0};
    std::atomic<std::size_t> cursor{0};  // next frame to send; shared by every connection
    std::atomic<bool> stalled{false};
    std::atomic<bool> finished{false};  // the io thread has returned
    mutable std::mutex mutex;
    std::vector<std::string> received, targets;

    void accept();
    bool shapes_wire() const { return options.fragment_bytes > 0 || !options.write_sizes.empty(); }
    std::size_t frame_count() const { return options.frame_at ? options.frame_count : options.frames.size(); }
    std::string frame(std::size_t i) const { return options.frame_at ? options.frame_at(i) : options.frames[i]; }
    template <class F>
    void for_each_session(F f) {
        for (auto& w : sessions)
            if (auto s = w.lock()) f(*s);
    }
};

namespace {

template <bool Tls>
class ServerSession : public ServerSessionBase, public std::enable_shared_from_this<ServerSession<Tls>> {
    using Stream = std::conditional_t<Tls, websocket::stream<beast::ssl_stream<beast::tcp_stream>>, websocket::stream<beast::tcp_stream>>;

public:
    ServerSession(LocalExchange::State& server, tcp::socket socket)
        : server_(server), ws_(make(server, std::move(socket))), stream_timer_(server.ioc), ping_timer_(server.ioc) {}

    void start() override {
        if constexpr (Tls) {
            ws_.next_layer().async_handshake(ssl::stream_base::server,
                                             beast::bind_front_handler(&ServerSession::on_tls, this->shared_from_this()));
        } else {
            read_request();
        }
    }

    void drop() override {
        closed_ = true;
        beast::error_code ignored;
        stream_timer_.cancel();
        ping_timer_.cancel();
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    void push(std::string text) override {
        if (closed_ || server_.stalled) return;
        outbox_.push_back(std::move(text));
        if (outbox_.size() == 1) do_write();
    }

    void resume_streaming() override {
        if (streaming_ && outbox_.empty()) send_next_frame();
    }

private:
    static Stream make(LocalExchange::State& server, tcp::socket socket) {
        if constexpr (Tls) return Stream(std::move(socket), server.ssl_ctx);
        else return Stream(std::move(socket));
    }

    void on_tls(beast::error_code ec) {
        if (ec) return;  // e.g. the client refused our certificate: exactly what a test may expect
        read_request();
    }

    void read_request() {
        http::async_read(ws_.next_layer(), http_buffer_, request_,
                         beast::bind_front_handler(&ServerSession::on_request, this->shared_from_this()));
    }

    void on_request(beast::error_code ec, std::size_t) {
        if (ec) return;  // end_of_stream too: the client closed a kept-alive connection
        {
            std::lock_guard lock(server_.mutex);
            server_.targets.emplace_back(request_.target());
        }
        if (!websocket::is_upgrade(request_)) return answer_http();
        ws_.async_accept(request_, beast::bind_front_handler(&ServerSession::on_accept, this->shared_from_this()));
    }

    // A REST request: http_handler's answer, or else the canned body and close.
    void answer_http() {
        if (server_.options.http_handler) return answer_by_handler();
        auto response = std::make_shared<http::response<http::string_body>>(http::status::ok, request_.version());
        response->set(http::field::content_type, "application/json");
        response->body() = server_.options.http_body;
        response->keep_alive(false);
        response->prepare_payload();
        http::async_write(ws_.next_layer(), *response, [self = this->shared_from_this(), response](beast::error_code, std::size_t) { self->drop(); });
    }

    // The handler runs on the pool; its answer is written back on the io thread. The work guard
    // keeps the io thread running until the answer is back, so shutdown waits for it.
    void answer_by_handler() {
        const bool get = request_.method() == http::verb::get;
        asio::post(server_.http_pool, [self = this->shared_from_this(), get, target = std::string(request_.target()),
                                       work = asio::make_work_guard(server_.ioc)] {
            HttpAnswer answer;
            if (!get) {
                answer.status = 405;
                answer.body = R"({"code":-1,"msg":"method not allowed"})";
            } else {
                try {
                    answer = self->server_.options.http_handler(target);
                } catch (const std::exception& e) {  // a test's handler bug shows as a 500, not a dead server
                    answer = http_answer(500, e.what(), "text/plain");
                }
            }
            asio::post(self->server_.ioc, [self, answer = std::move(answer)]() mutable { self->write_answer(std::move(answer)); });
        });
    }

    // Kept alive as the client asks: the next request is read from the same connection.
    void write_answer(HttpAnswer answer) {
        if (closed_) return;
        auto response = std::make_shared<http::response<http::string_body>>();
        response->version(request_.version());
        response->result(static_cast<unsigned>(answer.status));
        response->set(http::field::content_type, answer.content_type);
        for (const auto& [name, value] : answer.headers) response->set(name, value);
        response->body() = std::move(answer.body);
        response->keep_alive(request_.keep_alive());
        response->prepare_payload();
        if (answer.cut_after) return write_cut(*response, *answer.cut_after);
        http::async_write(ws_.next_layer(), *response, [self = this->shared_from_this(), response](beast::error_code ec, std::size_t) {
            if (ec || !response->keep_alive()) return self->drop();
            self->request_ = {};
            self->read_request();
        });
    }

    // The response's bytes up to cut_after bytes of its body, then the connection closes.
    void write_cut(const http::response<http::string_body>& response, std::size_t cut_after) {
        std::ostringstream text;
        text << response;
        auto wire = std::make_shared<std::string>(text.str());
        wire->resize(wire->size() - (response.body().size() - std::min(cut_after, response.body().size())));
        asio::async_write(ws_.next_layer(), asio::buffer(*wire),
                          [self = this->shared_from_this(), wire](beast::error_code, std::size_t) { self->drop(); });
    }

    void on_accept(beast::error_code ec) {
        if (ec) return;
        ++server_.connections;
        ws_.text(true);
        if (server_.shapes_wire()) {
            beast::error_code ignored;  // odd write sizes should reach the client as odd segments
            beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ignored);
        }
        ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::pong) ++server_.pongs;
        });
        arm_ping();
        do_read();
    }

    void arm_ping() {
        if (server_.options.ping_interval_ms <= 0 || server_.shapes_wire()) return;
        ping_timer_.expires_after(std::chrono::milliseconds(server_.options.ping_interval_ms));
        ping_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (ec || self->closed_) return;
            if (!self->server_.stalled)
                self->ws_.async_ping({}, [self](beast::error_code ping_ec) {
                    if (!ping_ec) self->arm_ping();
                });
            else
                self->arm_ping();
        });
    }

    void do_read() { ws_.async_read(read_buffer_, beast::bind_front_handler(&ServerSession::on_read, this->shared_from_this())); }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return drop();
        const std::string message = beast::buffers_to_string(read_buffer_.data());
        read_buffer_.consume(read_buffer_.size());
        {
            std::lock_guard lock(server_.mutex);
            server_.received.push_back(message);
        }
        if (const std::string ack = ack_for(server_.options.exchange, message); !ack.empty()) {
            ++server_.subscriptions;
            push(ack);
            if (!streaming_) {
                streaming_ = true;
                if (outbox_.empty()) send_next_frame();
            }
        } else if (const std::string pong = pong_for(server_.options.exchange, message); !pong.empty()) {
            push(pong);
        }
        do_read();
    }

    void do_write() {
        if (server_.shapes_wire()) return write_shaped();
        ws_.async_write(asio::buffer(outbox_.front()), beast::bind_front_handler(&ServerSession::on_write, this->shared_from_this()));
    }

    // Everything in the outbox, framed by hand, written in the configured odd-sized pieces: a
    // piece may end inside a frame header, inside a payload, or span several messages.
    void write_shaped() {
        wire_.clear();
        wire_pos_ = 0;
        wire_messages_ = outbox_.size();
        for (const std::string& m : outbox_) append_websocket_message(wire_, m, server_.options.fragment_bytes);
        write_piece();
    }
    void write_piece() {
        std::size_t n = wire_.size() - wire_pos_;
        const auto& sizes = server_.options.write_sizes;
        if (!sizes.empty()) n = std::min(n, std::max<std::size_t>(1, sizes[piece_++ % sizes.size()]));
        asio::async_write(ws_.next_layer(), asio::buffer(wire_.data() + wire_pos_, n),
                          beast::bind_front_handler(&ServerSession::on_piece, this->shared_from_this()));
    }
    void on_piece(beast::error_code ec, std::size_t n) {
        if (ec) return drop();
        wire_pos_ += n;
        if (wire_pos_ < wire_.size()) return write_piece();
        outbox_.erase(outbox_.begin(), outbox_.begin() + static_cast<std::ptrdiff_t>(wire_messages_));
        if (!outbox_.empty()) return write_shaped();
        if (streaming_) schedule_next_frame();
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return drop();
        outbox_.pop_front();
        if (!outbox_.empty()) return do_write();
        if (streaming_) schedule_next_frame();
    }

    void schedule_next_frame() {
        if (server_.options.frame_interval_us <= 0) return send_next_frame();
        stream_timer_.expires_after(std::chrono::microseconds(server_.options.frame_interval_us));
        stream_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (!ec) self->send_next_frame();
        });
    }

    void send_next_frame() {
        if (closed_ || server_.stalled || !outbox_.empty()) return;
        const std::size_t batch = std::max<std::size_t>(1, server_.options.frames_per_write);
        for (std::size_t k = 0; k < batch; ++k) {
            const std::size_t i = server_.cursor.fetch_add(1);
            if (i >= server_.frame_count()) {
                server_.cursor = server_.frame_count();
                break;  // all sent
            }
            outbox_.push_back(server_.frame(i));
        }
        if (!outbox_.empty()) do_write();
    }

    LocalExchange::State& server_;
    Stream ws_;
    beast::flat_buffer http_buffer_, read_buffer_;
    http::request<http::string_body> request_;
    asio::steady_timer stream_timer_, ping_timer_;
    std::deque<std::string> outbox_;
    std::string wire_;  // the shaped bytes being written, and how far
    std::size_t wire_pos_ = 0, wire_messages_ = 0, piece_ = 0;
    bool streaming_ = false;
    bool closed_ = false;
};

}  // namespace

void LocalExchange::State::accept() {
    // `this`, not a shared_ptr: a handler owning the State that owns the io_context would be a cycle.
    acceptor.async_accept([self = this](beast::error_code ec, tcp::socket socket) {
        if (ec) return;  // the acceptor was closed
        std::shared_ptr<ServerSessionBase> session;
        if (self->options.tls) session = std::make_shared<ServerSession<true>>(*self, std::move(socket));
        else session = std::make_shared<ServerSession<false>>(*self, std::move(socket));
        std::erase_if(self->sessions, [](const auto& w) { return w.expired(); });  // REST clients connect per request
        self->sessions.push_back(session);
        session->start();
        self->accept();
    });
}

LocalExchange::LocalExchange(LocalExchangeOptions options) : state_(std::make_shared<State>()) {
    State& s = *state_;
    s.options = std::move(options);
    if (s.options.tls) {
        const std::string dir = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/net/";
        s.ssl_ctx.use_certificate_chain_file(dir + "localhost.pem");
        s.ssl_ctx.use_private_key_file(dir + "localhost.key", ssl::context::pem);
    }
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
    s.accept();
    s.thread = std::thread([&s] {
        s.ioc.run();
        s.finished = true;
    });
}

LocalExchange::~LocalExchange() {
    // Close everything and let the io thread run out of work, so that every handler (and the
    // session it owns) is released; stop it outright only if that does not happen in time.
    State& s = *state_;
    asio::post(s.ioc, [&s] {
        beast::error_code ignored;
        s.acceptor.close(ignored);
        s.for_each_session([](ServerSessionBase& session) { session.drop(); });
    });
    if (!wait_until([&s] { return s.finished.load(); }, std::chrono::seconds(5))) s.ioc.stop();
    s.thread.join();
    s.http_pool.join();
}

unsigned short LocalExchange::port() const { return state_->acceptor.local_endpoint().port(); }

std::string LocalExchange::url(const std::string& target) const {
    return std::string(state_->options.tls ? "wss://" : "ws://") + "127.0.0.1:" + std::to_string(port()) + target;
}

void LocalExchange::drop_connections() {
    auto s = state_;
    asio::post(s->ioc, [s] { s->for_each_session([](ServerSessionBase& session) { session.drop(); }); });
}

void LocalExchange::set_stalled(bool stalled) {
    auto s = state_;
    s->stalled = stalled;
    if (!stalled) asio::post(s->ioc, [s] { s->for_each_session([](ServerSessionBase& session) { session.resume_streaming(); }); });
}

void LocalExchange::skip_frames(std::size_t n) { state_->cursor += n; }

void LocalExchange::send_text(std::string text) {
    auto s = state_;
    asio::post(s->ioc, [s, text = std::move(text)] { s->for_each_session([&](ServerSessionBase& session) { session.push(text); }); });
}

int LocalExchange::connections() const { return state_->connections; }
int LocalExchange::subscriptions() const { return state_->subscriptions; }
std::size_t LocalExchange::frames_sent() const { return std::min(state_->cursor.load(), state_->frame_count()); }
int LocalExchange::pongs_received() const { return state_->pongs; }

std::vector<std::string> LocalExchange::messages_received() const {
    std::lock_guard lock(state_->mutex);
    return state_->received;
}

std::vector<std::string> LocalExchange::targets() const {
    std::lock_guard lock(state_->mutex);
    return state_->targets;
}

bool LocalExchange::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace flowscope::testing
