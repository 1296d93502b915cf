#pragma once
// GETs against one exchange's REST API within its rate budget: waits before a request until the
// budget allows it, reads the weight the exchange says was used, waits out 429/418 as told
// (Retry-After) and tries again, and turns the answers a person must hear about into plain words
// (451/403: the exchange refuses this location). Blocking: run it on a worker thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "history/rate_budget.hpp"
#include "net/http_client.hpp"

namespace flowscope::history {

struct RestClientOptions {
    std::string base_url;        // "https://fapi.binance.com"; a local or test exchange in tests
    std::string extra_ca_file;   // trust this CA too (tests)
    int timeout_s = 15;
    int attempts = 4;            // transport failures and 5xx are tried this often
    std::shared_ptr<RateBudget> budget;  // shared by every client of the exchange; null: none
    std::string used_weight_header;      // RestLimits::used_weight_header
    // Waits and time, replaceable so that tests and benches see exactly what was waited.
    std::function<std::int64_t()> now_us;
    std::function<void(std::int64_t us)> sleep_us;
    std::function<bool()> stopped;                        // true: give up waiting and fail
    std::function<void(const std::string&)> on_wait;      // "waiting 12 s: the exchange asked (429)"
};

class RestClient {
public:
    explicit RestClient(RestClientOptions options);
    // A 200 answer's body. Any other final answer is a failure saying what it means.
    Result<HttpResponse> get(const std::string& target, int weight);
    // The answer's status whatever it is (archives: 404 means not published yet).
    Result<HttpResponse> get_any(const std::string& target, int weight, std::size_t body_limit = 256u << 20);
    const RestClientOptions& options() const { return options_; }
    std::uint64_t requests() const { return requests_; }

private:
    bool wait(std::int64_t us);
    RestClientOptions options_;
    std::optional<Endpoint> base_;
    std::uint64_t requests_ = 0;
};

// For people: what an HTTP status from an exchange means ("the exchange refuses this location
// (HTTP 451)", …); empty for 200.
std::string describe_http_status(int status, const std::string& body);

}  // namespace flowscope::history
