#pragma once
// The wall clock, for receive times, file creation times and flush deadlines: microseconds since
// the Unix epoch (system clock, UTC). Intervals are measured with a steady clock instead.
#include <cstdint>

namespace flowscope {

std::int64_t wall_now_us();

}  // namespace flowscope
