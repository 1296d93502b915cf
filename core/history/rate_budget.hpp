#pragma once
// The share of an exchange's REST limit flowscope allows itself (default half), kept per minute
// from the weight each request costs and, where the exchange reports it, the weight it says was
// used (Binance X-MBX-USED-WEIGHT-1M, which counts every client on this IP). A 429 or 418 stops
// every request until its Retry-After has passed. Thread-safe; time is passed in (tests, benches).
#include <cstdint>
#include <mutex>
#include <string>

#include "history/rest_trades.hpp"

namespace flowscope::history {

struct RateBudgetOptions {
    int weight_per_minute = 0;  // the exchange's limit (rest_limits().weight_per_minute, or requests/s × 60)
    double share = 0.5;         // never spend more than this share of it
};

class RateBudget {
public:
    explicit RateBudget(RateBudgetOptions options);
    // µs to wait from now_us before a request of this weight may go (0: now). Does not spend.
    std::int64_t wait_us(int weight, std::int64_t now_us) const;
    // Spends the weight of a request sent at now_us.
    void spend(int weight, std::int64_t now_us);
    // After the answer: the used weight the exchange reported (-1: none), and its status with its
    // Retry-After header (seconds; empty when absent). 429/418 without Retry-After wait 60 s.
    void observe(int status, int reported_used_weight, const std::string& retry_after, std::int64_t now_us);
    // Until when every request waits because the exchange said so (0: not waiting).
    std::int64_t blocked_until_us() const;
    int allowed_per_minute() const;

private:
    mutable std::mutex mutex_;
    RateBudgetOptions options_;
    std::int64_t minute_start_us_ = 0;
    int spent_ = 0;
    std::int64_t blocked_until_us_ = 0;
};

}  // namespace flowscope::history
