#include "cli_bar_csv.hpp"

#include "aggregate/footprint_analysis.hpp"

namespace flowscope::cli {

namespace {

// (buy − sell) / (buy + sell) with 6 decimals, rounded half away from zero, exactly.
std::string imbalance_text(const Bar& bar) {
    const int128 den = bar.buy_volume.units + bar.sell_volume.units;
    const int128 num = bar.buy_volume.units - bar.sell_volume.units;
    int128 scaled = 0;
    if (den != 0) scaled = ((num < 0 ? -num : num) * 1'000'000 + den / 2) / den;
    std::string digits = std::to_string(static_cast<long long>(scaled));
    if (digits.size() < 7) digits.insert(0, 7 - digits.size(), '0');
    digits.insert(digits.size() - 6, 1, '.');
    return (num < 0 && scaled != 0 ? "-" : "") + digits;
}

}  // namespace

std::int64_t open_time_ms(const Bar& bar) { return floor_div(bar.open_time_us, 1000); }

void append_bar_row(std::string& out, const Bar& bar, std::int64_t bucket_units) {
    const ValueArea va = value_area(bar.footprint).value_or(ValueArea{});
    const auto edge = [&](std::int64_t b) { return static_cast<int128>(b) * bucket_units; };
    const auto units = [&](int128 u) {
        append_units(out, u);
        out += ',';
    };
    out += std::to_string(open_time_ms(bar));
    out += ',';
    units(bar.open.units);
    units(bar.high.units);
    units(bar.low.units);
    units(bar.close.units);
    units(bar.volume.units);
    units(bar.buy_volume.units);
    units(bar.sell_volume.units);
    units(bar.delta().units);
    units(bar.cvd.units);
    out += std::to_string(bar.trades);
    out += ',';
    units(edge(va.poc));
    units(edge(va.high));
    units(edge(va.low));
    units(bar.vwap().units);
    out += imbalance_text(bar);
}

}  // namespace flowscope::cli
