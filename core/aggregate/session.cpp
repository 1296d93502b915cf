#include "aggregate/session.hpp"

namespace flowscope {

std::int64_t session_start(std::int64_t time_us, const SessionSpec& spec) {
    return floor_div(time_us - spec.start_of_day_us, kDayUs) * kDayUs + spec.start_of_day_us;
}

std::vector<SessionBars> sessions_of(std::span<const Bar> bars, const SessionSpec& spec) {
    std::vector<SessionBars> out;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const std::int64_t start = session_start(bars[i].open_time_us, spec);
        if (out.empty() || out.back().start_us != start) out.push_back({start, static_cast<int>(i), static_cast<int>(i)});
        out.back().last = static_cast<int>(i);
    }
    return out;
}

}  // namespace flowscope
