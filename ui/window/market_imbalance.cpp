#include "window/market_imbalance.hpp"

#include <QLocale>
#include <algorithm>

#include "chart/quantity_text.hpp"
#include "window/app_settings.hpp"

namespace flowscope::ui {

Quantity size_percentile_99(std::vector<Quantity> sizes) {
    if (sizes.empty()) return {};
    // Nearest rank: the smallest size that at least 99 % of the sizes do not exceed.
    const std::size_t rank = (sizes.size() * 99 + 99) / 100;  // ⌈0.99 n⌉, 1-based
    const auto at = sizes.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(sizes.begin(), at, sizes.end());
    return *at;
}

Quantity nearest_round_step(Quantity size) {
    if (size.units <= 0) return {};
    // Steps 1, 2, 5 × 10^k in 1e-8 units, from 1e-8 up: the two around `size`.
    int128 low = 1;
    int128 high = 1;
    for (int128 decade = 1;; decade *= 10) {
        for (int m : {1, 2, 5}) {
            const int128 step = decade * m;
            if (step <= size.units) low = step;
            if (step >= size.units) {
                high = step;
                // Nearer on a log scale: size² against low × high (the geometric middle).
                return Quantity{size.units * size.units < low * high ? low : high};
            }
        }
    }
}

ImbalanceSettings MarketImbalance::base() const {
    ImbalanceSettings s = settings_.footprint_options().imbalance;
    s.zero_counts = false;
    s.min_volume = {};
    return s;
}

ImbalanceSettings MarketImbalance::open(const QString& exchange, const QString& symbol) {
    exchange_ = exchange;
    symbol_ = symbol;
    sizes_.clear();
    if (const auto saved = settings_.imbalance(exchange, symbol)) {
        measuring_ = false;
        note_ = settings_.imbalance_note(exchange, symbol);
        return *saved;
    }
    measuring_ = true;
    note_ = QStringLiteral("The minimum volume is measured on %1's first %2 prints; until then a side against an "
                           "empty one does not count.")
                .arg(symbol, QLocale(QLocale::English).toString(qulonglong{kMeasuredPrints}));
    return base();
}

std::optional<ImbalanceSettings> MarketImbalance::observe(std::span<const Trade> trades) {
    if (!measuring_) return std::nullopt;
    for (const Trade& t : trades) {
        if (is_aggression(t.print)) sizes_.push_back(t.quantity);
        if (sizes_.size() == kMeasuredPrints) break;
    }
    if (sizes_.size() < kMeasuredPrints) return std::nullopt;
    measuring_ = false;
    const Quantity p99 = size_percentile_99(std::move(sizes_));
    sizes_ = {};
    ImbalanceSettings s = base();
    s.zero_counts = true;
    s.min_volume = nearest_round_step(p99);
    note_ = QStringLiteral("Default minimum volume for %1: %2, as 99 % of its first %3 prints are at most %4 "
                           "(rounded to a 1-2-5 step).")
                .arg(symbol_, exact_text(s.min_volume), QLocale(QLocale::English).toString(qulonglong{kMeasuredPrints}),
                     exact_text(p99));
    settings_.set_imbalance(exchange_, symbol_, s, note_);
    return s;
}

void MarketImbalance::save(const ImbalanceSettings& s) {
    if (exchange_.isEmpty()) return;
    if (measuring_) {
        // The user's choice wins over a measurement still under way.
        measuring_ = false;
        sizes_ = {};
        note_ = QStringLiteral("Set by you before %1's minimum volume was measured.").arg(symbol_);
    }
    settings_.set_imbalance(exchange_, symbol_, s, note_);
}

}  // namespace flowscope::ui
