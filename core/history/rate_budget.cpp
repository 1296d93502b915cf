// Fixed windows aligned to the UTC minute, because that is how Binance counts the weight it
// reports in X-MBX-USED-WEIGHT-1M: a sliding window of our own would disagree with the
// exchange's count at every minute boundary.
#include "history/rate_budget.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/decimal.hpp"

namespace flowscope::history {

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kDefaultRetryAfterUs = 60'000'000;  // a 429/418 that does not say how long

std::int64_t minute_start(std::int64_t now_us) { return floor_div(now_us, kMinuteUs) * kMinuteUs; }

// Retry-After as delay-seconds (what Binance sends); anything else waits the default.
std::int64_t retry_after_us(const std::string& text) {
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seconds < 0 || seconds > 7 * 24 * 3600)
        return kDefaultRetryAfterUs;
    return seconds * 1'000'000;
}

}  // namespace

RateBudget::RateBudget(RateBudgetOptions options) : options_(options) {}

int RateBudget::allowed_per_minute() const {
    // The epsilon keeps 2400 × 0.3 at 720 though the double product is 719.999….
    return std::max(0, static_cast<int>(std::floor(options_.weight_per_minute * options_.share + 1e-9)));
}

std::int64_t RateBudget::wait_us(int weight, std::int64_t now_us) const {
    std::lock_guard lock(mutex_);
    if (blocked_until_us_ > now_us) return blocked_until_us_ - now_us;
    const std::int64_t minute = minute_start(now_us);
    const int spent = minute_start_us_ == minute ? spent_ : 0;
    // A request heavier than the whole share still goes, alone, in a fresh minute.
    if (spent == 0 || spent + weight <= allowed_per_minute()) return 0;
    return minute + kMinuteUs - now_us;
}

void RateBudget::spend(int weight, std::int64_t now_us) {
    std::lock_guard lock(mutex_);
    const std::int64_t minute = minute_start(now_us);
    if (minute != minute_start_us_) {
        minute_start_us_ = minute;
        spent_ = 0;
    }
    spent_ += std::max(0, weight);
}

void RateBudget::observe(int status, int reported_used_weight, const std::string& retry_after, std::int64_t now_us) {
    std::lock_guard lock(mutex_);
    const std::int64_t minute = minute_start(now_us);
    if (minute != minute_start_us_) {
        minute_start_us_ = minute;
        spent_ = 0;
    }
    // The exchange counts every client on this IP: never believe less than it says.
    if (reported_used_weight >= 0) spent_ = std::max(spent_, reported_used_weight);
    if (status == 429 || status == 418) blocked_until_us_ = std::max(blocked_until_us_, now_us + retry_after_us(retry_after));
}

std::int64_t RateBudget::blocked_until_us() const {
    std::lock_guard lock(mutex_);
    return blocked_until_us_;
}

}  // namespace flowscope::history
