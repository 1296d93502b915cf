#pragma once
// A blocking HTTP(S) GET for REST pages, archives and instrument metadata (Boost.Beast + OpenSSL,
// in http_client.cpp alone). Any answer the server gives, 4xx/5xx included, is a response: the
// caller decides what 429, 418 or 451 mean. Only transport failures (resolve, connect, TLS,
// timeout, a body cut short) are failures. Call it off the UI thread.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/result.hpp"
#include "net/exchange_adapter.hpp"

namespace flowscope {

struct HttpRequest {
    Endpoint endpoint;                // host, port, target (path + query), tls
    int timeout_s = 15;               // the whole exchange: connect, send, read
    std::size_t body_limit = 256u << 20;  // a daily archive is tens of MB
    std::string extra_ca_file;        // trust this CA too (tests)
    std::string accept = "application/json";
};

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // as received (fields of one name kept together)
    std::string body;
    // The first header of that name, compared without case; empty when absent.
    std::string header(std::string_view name) const;
};

Result<HttpResponse> http_get(const HttpRequest& request);

// "https://host[:port]/path?query" or "http://…" → Endpoint (default ports 443 and 80); the
// target is "/" when the URL has no path.
std::optional<Endpoint> parse_http_url(std::string_view url);

}  // namespace flowscope
