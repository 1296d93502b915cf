#include "chart/bar_time_ticker.hpp"

#include <array>
#include <cmath>

#include "chart/quantity_text.hpp"

namespace flowscope::ui {

double BarTimeTicker::getTickStep(const QCPRange& range) {
    // Whole bars only, in steps of 1, 2, 5, 10, 15, 30, 60 … bars.
    static constexpr std::array<double, 9> kSteps{1, 2, 5, 10, 15, 30, 60, 120, 240};
    const double wanted = range.size() / std::max(1, tickCount());
    for (double s : kSteps)
        if (s >= wanted) return s;
    return std::ceil(wanted / 240) * 240;
}

QString BarTimeTicker::getTickLabel(double tick, const QLocale&, QChar, int) {
    if (!bars_) return {};
    const auto index = static_cast<long long>(std::llround(tick));
    if (index < 0 || index >= static_cast<long long>(bars_->bars.size())) return {};
    const std::int64_t t = bars_->bars[static_cast<std::size_t>(index)].open_time_us;
    const bool seconds = bars_->spec.kind != BarKind::Time || bars_->spec.duration_us < 60'000'000;
    const bool days = bars_->spec.kind == BarKind::Time && bars_->spec.duration_us >= 86'400'000'000LL;
    if (days) return time_text(t, true).left(10);
    return seconds ? time_text(t) : time_text(t).left(5);
}

}  // namespace flowscope::ui
