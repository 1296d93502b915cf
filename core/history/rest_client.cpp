#include "history/rest_client.hpp"

#include <algorithm>
#include <charconv>
#include <thread>

#include "model/wall_clock.hpp"

namespace flowscope::history {

namespace {

int parse_int(const std::string& text, int fallback) {
    int value = fallback;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    return r.ec == std::errc() ? value : fallback;
}

std::string excerpt(const std::string& body) {
    std::string s = body.substr(0, 200);
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

}  // namespace

std::string describe_http_status(int status, const std::string& body) {
    switch (status) {
        case 200: return {};
        case 451:
        case 403:
            return "the exchange refuses requests from this location (HTTP " + std::to_string(status) + ")";
        case 429: return "the exchange's rate limit was reached (HTTP 429)";
        case 418: return "the exchange banned this address for a while for exceeding its rate limit (HTTP 418)";
        case 404: return "not found (HTTP 404)";
        default:
            return "HTTP " + std::to_string(status) + (body.empty() ? "" : ": " + excerpt(body));
    }
}

RestClient::RestClient(RestClientOptions options) : options_(std::move(options)) {
    if (!options_.now_us) options_.now_us = wall_now_us;
    if (!options_.sleep_us)
        options_.sleep_us = [](std::int64_t us) { std::this_thread::sleep_for(std::chrono::microseconds(us)); };
    base_ = parse_http_url(options_.base_url);
}

bool RestClient::wait(std::int64_t us) {
    // In slices, so that a stop is heard within a tenth of a second.
    while (us > 0) {
        if (options_.stopped && options_.stopped()) return false;
        const std::int64_t slice = std::min<std::int64_t>(us, 100'000);
        options_.sleep_us(slice);
        us -= slice;
    }
    return !(options_.stopped && options_.stopped());
}

Result<HttpResponse> RestClient::get(const std::string& target, int weight) {
    auto answer = get_any(target, weight);
    if (!answer) return answer;
    if (answer->status != 200) return Failure{describe_http_status(answer->status, answer->body)};
    return answer;
}

Result<HttpResponse> RestClient::get_any(const std::string& target, int weight, std::size_t body_limit) {
    if (!base_) return Failure{"not an http(s) URL: " + options_.base_url};
    std::string last_error;
    int transport_failures = 0;
    for (int round = 0; round < 64; ++round) {
        RateBudget* budget = options_.budget.get();
        if (budget) {
            const std::int64_t pause = budget->wait_us(weight, options_.now_us());
            if (pause > 0) {
                if (budget->blocked_until_us() > options_.now_us() && options_.on_wait)
                    options_.on_wait("waiting " + std::to_string((pause + 999'999) / 1'000'000) +
                                     " s as the exchange asked (rate limit)");
                if (!wait(pause)) return Failure{"stopped"};
            }
            budget->spend(weight, options_.now_us());
        }
        HttpRequest request;
        request.endpoint = *base_;
        // The base may carry a path prefix (a test exchange under /binance): targets are appended.
        std::string prefix = base_->target == "/" ? std::string() : base_->target;
        if (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
        request.endpoint.target = prefix + target;
        request.timeout_s = options_.timeout_s;
        request.extra_ca_file = options_.extra_ca_file;
        request.body_limit = body_limit;
        ++requests_;
        auto answer = http_get(request);
        if (!answer) {
            last_error = answer.error();
            if (++transport_failures >= options_.attempts) return Failure{last_error};
            if (!wait(std::int64_t{500'000} << std::min(transport_failures, 5))) return Failure{"stopped"};
            continue;
        }
        const int status = answer->status;
        if (budget) {
            int used = -1;
            if (!options_.used_weight_header.empty()) used = parse_int(answer->header(options_.used_weight_header), -1);
            budget->observe(status, used, answer->header("Retry-After"), options_.now_us());
        }
        if (status == 429 || status == 418) {
            const int seconds = parse_int(answer->header("Retry-After"), 60);
            if (options_.on_wait)
                options_.on_wait("waiting " + std::to_string(seconds) + " s as the exchange asked (HTTP " +
                                 std::to_string(status) + ")");
            if (!budget && !wait(std::int64_t{seconds} * 1'000'000)) return Failure{"stopped"};
            continue;
        }
        if (status >= 500) {
            last_error = describe_http_status(status, answer->body);
            if (++transport_failures >= options_.attempts) return Failure{last_error};
            if (!wait(std::int64_t{500'000} << std::min(transport_failures, 5))) return Failure{"stopped"};
            continue;
        }
        return answer;
    }
    return Failure{"gave up after 64 rounds of waiting for the exchange's rate limit"};
}

}  // namespace flowscope::history
