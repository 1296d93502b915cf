#include "net/reconnect_backoff.hpp"

#include <algorithm>

namespace flowscope {

ReconnectBackoff::ReconnectBackoff(int initial_ms, int max_ms, std::uint64_t seed)
    : initial_ms_(std::max(1, initial_ms)), max_ms_(std::max(std::max(1, initial_ms), max_ms)), random_(seed) {}

int ReconnectBackoff::next_delay_ms() {
    std::int64_t ceiling = initial_ms_;
    for (int i = 0; i < attempts_ && ceiling < max_ms_; ++i) ceiling *= 2;
    ceiling = std::min<std::int64_t>(ceiling, max_ms_);
    ++attempts_;
    std::uniform_int_distribution<std::int64_t> jitter(ceiling / 2, ceiling);
    return static_cast<int>(jitter(random_));
}

}  // namespace flowscope
