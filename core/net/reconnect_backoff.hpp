#pragma once
// Delays between reconnect attempts: exponential from `initial` up to `max`, each drawn at
// random in [d/2, d] ("equal jitter") so that many clients cut off together do not return in
// lock-step. reset() after a connection that worked.
#include <cstdint>
#include <random>

namespace flowscope {

class ReconnectBackoff {
public:
    ReconnectBackoff(int initial_ms, int max_ms, std::uint64_t seed = std::random_device{}());
    int next_delay_ms();  // advances the attempt count
    int attempts() const { return attempts_; }
    void reset() { attempts_ = 0; }

private:
    int initial_ms_, max_ms_;
    int attempts_ = 0;
    std::mt19937_64 random_;
};

}  // namespace flowscope
