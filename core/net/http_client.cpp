// The blocking HTTP(S) GET (Boost.Beast, Asio, OpenSSL) and the REST metadata fetch built on it.
// A Beast TLS unit costs 30-60 s and 1-2 GB to compile, so every HTTP request of flowscope goes
// through this one file; live_feed.cpp keeps the websocket client.
//
// One HttpExchange per request, in the shape of Beast's async client examples: each async step is
// a named member that first checks its error and says which step failed. Steps are async even
// though the call blocks, because Beast's synchronous calls ignore every deadline; one timer
// bounds the whole exchange (resolve, connect, TLS, send, read).
#include "net/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "net/instrument_metadata.hpp"

namespace flowscope {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

// Response headers beyond this are not a REST answer (Beast's default is 8 KB; some CDNs send more).
constexpr std::uint32_t kHeaderLimit = 64 * 1024;

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

template <bool Tls>
using HttpStream = std::conditional_t<Tls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

template <bool Tls>
class HttpExchange {
public:
    HttpExchange(asio::io_context& ioc, ssl::context* tls_context, const HttpRequest& request)
        : ioc_(ioc), request_(request), resolver_(ioc), stream_(make_stream(ioc, tls_context)), deadline_(ioc) {}

    Result<HttpResponse> run() {
        const Endpoint& e = request_.endpoint;
        deadline_.expires_after(std::chrono::seconds(std::max(1, request_.timeout_s)));
        deadline_.async_wait([this](beast::error_code ec) { on_deadline(ec); });
        step_ = "resolve " + e.host;
        resolver_.async_resolve(e.host, e.port, [this](beast::error_code ec, tcp::resolver::results_type results) {
            on_resolve(ec, std::move(results));
        });
        ioc_.run();
        if (!error_.empty()) return Failure{error_};
        return std::move(response_);
    }

private:
    static HttpStream<Tls> make_stream(asio::io_context& ioc, ssl::context* tls_context) {
        if constexpr (Tls) return HttpStream<Tls>(ioc, *tls_context);
        else return HttpStream<Tls>(ioc);
    }
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    // The whole exchange ran out of time: every pending step is cancelled and reports it. (A
    // name lookup cannot be interrupted: Asio's resolver thread finishes getaddrinfo first, so a
    // hung DNS server holds the call up to the system resolver's own timeout.)
    void on_deadline(beast::error_code ec) {
        if (ec) return;  // cancelled: the exchange finished in time
        timed_out_ = true;
        resolver_.cancel();
        beast::error_code ignored;
        lowest().socket().close(ignored);
    }

    void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) return fail(ec);
        step_ = "connect to " + request_.endpoint.host + ":" + request_.endpoint.port;
        lowest().async_connect(results, [this](beast::error_code connect_ec, const tcp::endpoint&) { on_connect(connect_ec); });
    }

    void on_connect(beast::error_code ec) {
        if (ec) return fail(ec);
        if constexpr (Tls) {
            // SNI, then the certificate must name this host (or IP): verify_peer alone would
            // accept any valid certificate for any site.
            SSL* handle = stream_.native_handle();
            const std::string& host = request_.endpoint.host;
            if (is_ip_address(host)) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), host.c_str());
            } else if (!SSL_set_tlsext_host_name(handle, host.c_str()) || !SSL_set1_host(handle, host.c_str())) {
                step_ = "TLS setup for " + host;
                return fail(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
            }
            step_ = "TLS handshake with " + host;
            stream_.async_handshake(ssl::stream_base::client, [this](beast::error_code handshake_ec) { on_handshake(handshake_ec); });
        } else {
            send();
        }
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return fail(ec);
        send();
    }

    void send() {
        request_message_.method(http::verb::get);
        request_message_.target(request_.endpoint.target);
        request_message_.version(11);
        request_message_.set(http::field::host, host_header(request_.endpoint));
        request_message_.set(http::field::user_agent, std::string("flowscope/0.1 ") + BOOST_BEAST_VERSION_STRING);
        request_message_.set(http::field::accept, request_.accept);
        step_ = "send GET " + request_.endpoint.target;
        http::async_write(stream_, request_message_, [this](beast::error_code ec, std::size_t) { on_write(ec); });
    }

    void on_write(beast::error_code ec) {
        if (ec) return fail(ec);
        parser_.header_limit(kHeaderLimit);
        parser_.body_limit(request_.body_limit);
        step_ = "read the answer to GET " + request_.endpoint.target;
        http::async_read_header(stream_, buffer_, parser_, [this](beast::error_code read_ec, std::size_t) { on_read_header(read_ec); });
    }

    // The declared length is checked here too: Boost 1.74's parser does not always hold a
    // Content-Length to body_limit (chunked and read-to-close bodies it does).
    void on_read_header(beast::error_code ec) {
        if (ec == http::error::body_limit) return too_large();
        if (ec) return fail(ec);
        const auto declared = parser_.content_length();
        if (declared && *declared > request_.body_limit) return too_large();
        http::async_read(stream_, buffer_, parser_, [this](beast::error_code read_ec, std::size_t) { on_read(read_ec); });
    }

    void too_large() {
        error_ = step_ + ": the body is larger than " + std::to_string(request_.body_limit) + " bytes";
        finish();
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::body_limit) return too_large();
        if (ec) return fail(ec);
        const auto& message = parser_.get();
        response_.status = static_cast<int>(message.result_int());
        for (const auto& field : message)
            response_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        response_.body = std::move(parser_.get().body());
        // No TLS close_notify exchange: the whole answer is read (Content-Length or the last
        // chunk said so), and many servers cut the connection instead of answering it.
        finish();
    }

    void fail(beast::error_code ec) {
        error_ = timed_out_ ? step_ + ": timed out after " + std::to_string(std::max(1, request_.timeout_s)) + " s"
                            : step_ + ": " + ec.message();
        finish();
    }

    void finish() {
        deadline_.cancel();
        beast::error_code ignored;
        lowest().socket().close(ignored);
    }

    asio::io_context& ioc_;
    const HttpRequest& request_;
    tcp::resolver resolver_;
    HttpStream<Tls> stream_;
    asio::steady_timer deadline_;
    http::request<http::empty_body> request_message_;
    beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
    std::string step_;  // what is under way, for the message when it fails
    bool timed_out_ = false;
    std::string error_;
    HttpResponse response_;
};

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    const auto same = [name](const std::string& candidate) {
        return candidate.size() == name.size() &&
               std::equal(candidate.begin(), candidate.end(), name.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    };
    for (const auto& [key, value] : headers)
        if (same(key)) return value;
    return {};
}

Result<HttpResponse> http_get(const HttpRequest& request) {
    const Endpoint& e = request.endpoint;
    if (e.host.empty() || e.port.empty() || e.target.empty() || e.target.front() != '/')
        return Failure{"bad HTTP endpoint \"" + e.host + ":" + e.port + e.target + "\""};
    asio::io_context ioc;
    if (!e.tls) return HttpExchange<false>(ioc, nullptr, request).run();
    ssl::context tls_context{ssl::context::tls_client};
    beast::error_code ec;
    tls_context.set_default_verify_paths(ec);
    if (!ec && !request.extra_ca_file.empty()) tls_context.load_verify_file(request.extra_ca_file, ec);
    if (ec) return Failure{"CA store: " + ec.message()};
    tls_context.set_verify_mode(ssl::verify_peer);
    return HttpExchange<true>(ioc, &tls_context, request).run();
}


Result<Instrument> fetch_instrument(Exchange exchange, std::string_view symbol, const MetadataRequest& request) {
    HttpRequest get;
    get.endpoint = request.endpoint_override ? *request.endpoint_override : metadata_endpoint(exchange, symbol);
    if (get.endpoint.host.empty()) return Failure{"no metadata endpoint for this exchange"};
    get.timeout_s = request.timeout_s;
    get.body_limit = 64u << 20;  // Binance futures lists every symbol at once
    get.extra_ca_file = request.extra_ca_file;
    auto answer = http_get(get);
    if (!answer) return Failure{answer.error()};
    if (answer->status != 200) return Failure{"HTTP status " + std::to_string(answer->status)};
    if (answer->body.empty()) return Failure{"empty answer"};
    return parse_instrument_metadata(exchange, symbol, answer->body);
}

}  // namespace flowscope
