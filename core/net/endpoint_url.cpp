// ws://, wss://, http:// and https:// URLs → Endpoint, one way for the websocket client and the
// HTTP client (declared in live_feed.hpp and http_client.hpp). Kept out of the Beast units.
#include <optional>
#include <string>
#include <string_view>

#include "net/http_client.hpp"
#include "net/live_feed.hpp"

namespace flowscope {

namespace {

std::optional<Endpoint> parse_url(std::string_view url, std::string_view plain_scheme, std::string_view tls_scheme) {
    Endpoint e;
    if (url.starts_with(tls_scheme)) {
        e.tls = true;
        url.remove_prefix(tls_scheme.size());
    } else if (url.starts_with(plain_scheme)) {
        e.tls = false;
        url.remove_prefix(plain_scheme.size());
    } else {
        return std::nullopt;
    }
    const std::size_t path = url.find_first_of("/?#");
    std::string_view authority = url.substr(0, path);
    std::string_view rest = path == std::string_view::npos ? std::string_view{} : url.substr(path);
    rest = rest.substr(0, rest.find('#'));  // a fragment never goes to the server
    e.target = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        e.port = std::string(authority.substr(colon + 1));
        authority = authority.substr(0, colon);
        if (e.port.empty() || e.port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    } else {
        e.port = e.tls ? "443" : "80";
    }
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
    e.host = std::string(authority);
    return e;
}

}  // namespace

std::optional<Endpoint> parse_endpoint_url(std::string_view url) { return parse_url(url, "ws://", "wss://"); }

std::optional<Endpoint> parse_http_url(std::string_view url) { return parse_url(url, "http://", "https://"); }

}  // namespace flowscope
