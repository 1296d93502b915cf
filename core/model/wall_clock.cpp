#include "model/wall_clock.hpp"

#include <chrono>

namespace flowscope {

std::int64_t wall_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace flowscope
