// http_get against local servers only: every status is an answer with its headers and body
// (chunked, or read to the close), transport failures say which step failed, one deadline bounds
// the whole exchange (a server that accepts and never answers), https trusts the test CA and
// refuses without it, and URLs parse as documented.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "net/http_client.hpp"
#include "support/local_exchange.hpp"

using namespace flowscope;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

// A listening socket on 127.0.0.1 with an ephemeral port.
int listen_on_loopback(unsigned short& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0) return -1;
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}

// Answers every request with the same raw bytes and closes, so a test can send any status,
// framing or cut it likes; or, silent, accepts, reads and never says a word.
class RawHttpServer {
public:
    explicit RawHttpServer(std::string answer, bool silent = false) : answer_(std::move(answer)), silent_(silent) {
        listen_fd_ = listen_on_loopback(port_);
        thread_ = std::thread([this] { serve(); });
    }
    ~RawHttpServer() {
        stop_ = true;
        thread_.join();
        for (int fd : held_) ::close(fd);
        ::close(listen_fd_);
    }
    unsigned short port() const { return port_; }
    std::string url(const std::string& target) const { return "http://127.0.0.1:" + std::to_string(port_) + target; }
    std::string last_request() const {
        std::lock_guard lock(mutex_);
        return request_;
    }

private:
    void serve() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listen_fd_, nullptr, nullptr);
            if (fd < 0) continue;
            std::string request;
            char buf[4096];
            while (request.find("\r\n\r\n") == std::string::npos && !stop_) {
                pollfd c{fd, POLLIN, 0};
                if (::poll(&c, 1, 50) <= 0) continue;
                const ssize_t n = ::read(fd, buf, sizeof buf);
                if (n <= 0) break;
                request.append(buf, static_cast<std::size_t>(n));
            }
            {
                std::lock_guard lock(mutex_);
                request_ = request;
            }
            if (silent_) {
                held_.push_back(fd);  // connected, and not a byte back
                continue;
            }
            for (std::size_t sent = 0; sent < answer_.size();) {
                const ssize_t n = ::send(fd, answer_.data() + sent, answer_.size() - sent, MSG_NOSIGNAL);  // the client may be gone
                if (n <= 0) break;
                sent += static_cast<std::size_t>(n);
            }
            ::close(fd);
        }
    }

    std::string answer_;
    bool silent_;
    int listen_fd_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::vector<int> held_;
    mutable std::mutex mutex_;
    std::string request_;
    std::thread thread_;
};

HttpRequest request_for(const std::string& url, int timeout_s = 5) {
    HttpRequest r;
    r.endpoint = *parse_http_url(url);
    r.timeout_s = timeout_s;
    return r;
}

std::string ca_file() { return std::string(FLOWSCOPE_TEST_DATA_DIR) + "/net/test-ca.pem"; }

}  // namespace

class TestHttpClient : public QObject {
    Q_OBJECT

private slots:
    void every_status_is_an_answer_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("retry_after");
        QTest::addColumn<QString>("body");
        QTest::newRow("200") << 200 << "OK" << "" << R"([{"a":1}])";
        QTest::newRow("429 with Retry-After") << 429 << "Too Many Requests" << "7" << R"({"code":-1003,"msg":"Too much request weight used"})";
        QTest::newRow("418 banned") << 418 << "I'm a teapot" << "120" << R"({"code":-1003,"msg":"Way too much request weight used; IP banned"})";
        QTest::newRow("451 refused here") << 451 << "Unavailable For Legal Reasons" << "" << R"({"code":0,"msg":"Service unavailable from a restricted location"})";
        QTest::newRow("403") << 403 << "Forbidden" << "" << "";
        QTest::newRow("500") << 500 << "Internal Server Error" << "" << "oops";
    }
    void every_status_is_an_answer() {
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(QString, retry_after);
        QFETCH(QString, body);
        std::string raw = "HTTP/1.1 " + std::to_string(status) + " " + reason.toStdString() + "\r\n";
        raw += "Content-Type: application/json\r\nX-MBX-USED-WEIGHT-1M: 2400\r\n";
        if (!retry_after.isEmpty()) raw += "Retry-After: " + retry_after.toStdString() + "\r\n";
        raw += "Content-Length: " + std::to_string(body.toStdString().size()) + "\r\n\r\n" + body.toStdString();
        RawHttpServer server(raw);
        const auto answer = http_get(request_for(server.url("/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1000")));
        QVERIFY2(answer, answer.error().c_str());
        QCOMPARE(answer->status, status);
        QCOMPARE(answer->body, body.toStdString());
        QCOMPARE(answer->header("retry-after"), retry_after.toStdString());  // names compare without case
        QCOMPARE(answer->header("x-mbx-used-weight-1m"), std::string("2400"));
        QCOMPARE(answer->header("Content-Type"), std::string("application/json"));
        QCOMPARE(answer->header("X-Not-Sent"), std::string());
        // The request: the target as given, Host with the port, what we accept.
        const std::string sent = server.last_request();
        QVERIFY2(sent.starts_with("GET /fapi/v1/aggTrades?symbol=BTCUSDT&limit=1000 HTTP/1.1\r\n"), sent.c_str());
        QVERIFY2(sent.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos, sent.c_str());
        QVERIFY2(sent.find("Accept: application/json\r\n") != std::string::npos, sent.c_str());
    }

    void headers_keep_their_spelling() {
        RawHttpServer server("HTTP/1.1 200 OK\r\nX-One: 1\r\nx-two: 2\r\nX-One: again\r\nContent-Length: 0\r\n\r\n");
        const auto answer = http_get(request_for(server.url("/")));
        QVERIFY2(answer, answer.error().c_str());
        QCOMPARE(answer->headers.size(), std::size_t(4));
        // Names as spelled; fields of one name together, in their order.
        QCOMPARE(answer->headers[0], std::make_pair(std::string("X-One"), std::string("1")));
        QCOMPARE(answer->headers[1], std::make_pair(std::string("X-One"), std::string("again")));
        QCOMPARE(answer->headers[2], std::make_pair(std::string("x-two"), std::string("2")));
        QCOMPARE(answer->header("X-ONE"), std::string("1"));  // the first of that name
    }

    void chunked_bodies_are_joined() {
        RawHttpServer server(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
            "5\r\n[1,2,\r\n"
            "3\r\n3]\n\r\n"
            "0\r\n\r\n");
        const auto answer = http_get(request_for(server.url("/api/v3/aggTrades")));
        QVERIFY2(answer, answer.error().c_str());
        QCOMPARE(answer->body, std::string("[1,2,3]\n"));
    }

    void a_body_without_length_is_read_to_the_close() {
        RawHttpServer server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nthe whole body");
        const auto answer = http_get(request_for(server.url("/")));
        QVERIFY2(answer, answer.error().c_str());
        QCOMPARE(answer->body, std::string("the whole body"));
    }

    void a_body_cut_short_is_a_failure() {
        RawHttpServer server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{\"a\":1},");
        const auto answer = http_get(request_for(server.url("/cut")));
        QVERIFY(!answer);
        QVERIFY2(answer.error().find("read the answer to GET /cut") != std::string::npos, answer.error().c_str());
    }

    void a_body_over_the_limit_is_refused() {
        RawHttpServer server("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'x'));
        HttpRequest request = request_for(server.url("/big"));
        request.body_limit = 100;
        const auto answer = http_get(request);
        QVERIFY(!answer);
        QVERIFY2(answer.error().find("larger than 100 bytes") != std::string::npos, answer.error().c_str());
        RawHttpServer chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + std::string(1000, 'x') + "\r\n0\r\n\r\n");
        request.endpoint.port = std::to_string(chunked.port());
        const auto chunked_answer = http_get(request);
        QVERIFY(!chunked_answer);
        QVERIFY2(chunked_answer.error().find("larger than 100 bytes") != std::string::npos, chunked_answer.error().c_str());
        request.body_limit = 1000;
        RawHttpServer again("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'x'));
        request.endpoint.port = std::to_string(again.port());
        QVERIFY(http_get(request));
    }

    void a_server_that_never_answers_times_out() {
        RawHttpServer server("", /*silent=*/true);
        const auto started = std::chrono::steady_clock::now();
        const auto answer = http_get(request_for(server.url("/stalled"), 1));
        const auto took = std::chrono::steady_clock::now() - started;
        QVERIFY(!answer);
        QVERIFY2(answer.error().find("read the answer to GET /stalled: timed out after 1 s") != std::string::npos, answer.error().c_str());
        QVERIFY(took >= std::chrono::milliseconds(900));
        QVERIFY(took < std::chrono::seconds(3));
        QVERIFY(server.last_request().starts_with("GET /stalled HTTP/1.1"));
    }

    void a_closed_port_fails_at_connect() {
        unsigned short port = 0;
        ::close(listen_on_loopback(port));  // nobody listens there now
        const auto answer = http_get(request_for("http://127.0.0.1:" + std::to_string(port) + "/", 2));
        QVERIFY(!answer);
        QVERIFY2(answer.error().starts_with("connect to 127.0.0.1:" + std::to_string(port) + ": "), answer.error().c_str());
    }

    void the_local_exchange_over_http_and_https_data() {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("https with the test CA") << true;
    }
    void the_local_exchange_over_http_and_https() {
        QFETCH(bool, tls);
        LocalExchangeOptions o;
        o.tls = tls;
        o.http_body = R"({"serverTime":1582329600000})";
        LocalExchange server(o);
        const std::string url = std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(server.port()) + "/fapi/v1/time";
        HttpRequest request = request_for(url);
        if (tls) request.extra_ca_file = ca_file();
        const auto answer = http_get(request);
        QVERIFY2(answer, answer.error().c_str());
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->body, o.http_body);
        QCOMPARE(answer->header("content-type"), std::string("application/json"));
        QCOMPARE(server.targets().at(0), std::string("/fapi/v1/time"));
    }

    void https_without_the_test_ca_is_refused() {
        LocalExchangeOptions o;
        o.tls = true;
        o.http_body = "{}";
        LocalExchange server(o);
        const auto answer = http_get(request_for("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
        QVERIFY(!answer);
        QVERIFY2(answer.error().find("TLS handshake with 127.0.0.1") != std::string::npos, answer.error().c_str());
        QVERIFY2(answer.error().find("certificate") != std::string::npos, answer.error().c_str());
        HttpRequest missing = request_for("https://127.0.0.1:" + std::to_string(server.port()) + "/");
        missing.extra_ca_file = "/no/such/ca.pem";
        const auto no_ca = http_get(missing);
        QVERIFY(!no_ca);
        QVERIFY2(no_ca.error().starts_with("CA store: "), no_ca.error().c_str());
    }

    void urls_parse_as_documented_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("port");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("tls");
        QTest::newRow("https default port") << "https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT" << true << "fapi.binance.com" << "443" << "/fapi/v1/aggTrades?symbol=BTCUSDT" << true;
        QTest::newRow("http default port") << "http://data.example/x" << true << "data.example" << "80" << "/x" << false;
        QTest::newRow("port") << "http://127.0.0.1:8080/api/v3/klines" << true << "127.0.0.1" << "8080" << "/api/v3/klines" << false;
        QTest::newRow("no path") << "https://api.kraken.com" << true << "api.kraken.com" << "443" << "/" << true;
        QTest::newRow("query, no path") << "https://h?a=1" << true << "h" << "443" << "/?a=1" << true;
        QTest::newRow("fragment dropped") << "https://h/p#frag" << true << "h" << "443" << "/p" << true;
        QTest::newRow("websocket scheme") << "wss://fstream.binance.com/ws" << false << "" << "" << "" << false;
        QTest::newRow("bad port") << "http://h:port/" << false << "" << "" << "" << false;
        QTest::newRow("empty port") << "http://h:/" << false << "" << "" << "" << false;
        QTest::newRow("no host") << "https:///x" << false << "" << "" << "" << false;
        QTest::newRow("credentials") << "https://user:pw@h/" << false << "" << "" << "" << false;
    }
    void urls_parse_as_documented() {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        QFETCH(QString, host);
        QFETCH(QString, port);
        QFETCH(QString, target);
        QFETCH(bool, tls);
        const auto e = parse_http_url(url.toStdString());
        QCOMPARE(bool(e), ok);
        if (!e) return;
        QCOMPARE(QString::fromStdString(e->host), host);
        QCOMPARE(QString::fromStdString(e->port), port);
        QCOMPARE(QString::fromStdString(e->target), target);
        QCOMPARE(e->tls, tls);
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
