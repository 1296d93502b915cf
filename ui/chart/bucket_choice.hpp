#pragma once
// Price buckets for the footprint, as multiples of the instrument's tick.
//
// Fixed buckets: the toolbar offers kBucketMultipliers; the chart's bars are aggregated at the one
// picked. The default, where a fixed bucket is wanted without a choice, is the smallest of at least
// ~0.004 % of the price (about 0.5 USD on BTC at 10k: 10–40 levels per minute bar on liquid markets).
//
// Auto: rows must stay tall enough to hold numbers whatever the zoom and the window size, so the
// bucket drawn follows the zoom. The bars are aggregated once at a fine *base* bucket and the
// footprint draws a copy re-bucketed at a coarser *display* bucket (ui/chart/display_bars): tick ×
// 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500 … Every display bucket Auto may pick is a whole
// multiple of the base, so merging base cells gives exactly the cells the display bucket would
// aggregate: the base is one of 1, 5, 25, 50, 250, 500, 2500 … (not 2, 10, 100 …: 25 is not a
// multiple of 10).
//
// The base is the finest Auto base not coarser than the fixed default's threshold (price × 4e-5,
// BTC at 9,682 with a 0.01 tick: 0.25 where the default is 0.50), grown with the square root of
// the bar's duration past a minute (a bar's range grows roughly so). Finer costs memory where it
// is multiplied: the replay engine keeps copies of the series at a grid of times, and a day of 1m
// bars of 2 M trades (test_ui_replay's day) grew the process by 17 MB more at 0.25 than at 0.50,
// by 50 MB at 0.05 and by 69 MB at the tick (376 MB in all); bench_ui's 5.16 M-trade day ends at
// 349–357 MB at 0.50, 364–374 MB at 0.25 and 392–399 MB at the tick, replayed in the same time
// within the noise. The tick's levels are read only zoomed far in on the price.
#include <array>
#include <cstdint>
#include <vector>

#include "aggregate/bar_spec.hpp"
#include "model/decimal.hpp"

namespace flowscope::ui {

inline constexpr std::array<int, 10> kBucketMultipliers{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000};

int default_bucket_multiplier(Price tick, Price reference_price);

// The display buckets Auto steps through, in ticks, finest first: 1, 2, 5, 10, 25, 50, 100, 250 …
// up to a limit that keeps any price's bucket index far inside int64.
const std::vector<std::int64_t>& auto_display_multipliers();
// Whether every display multiplier from m up is a whole multiple of m (m can be Auto's base).
bool is_auto_base(std::int64_t m);
// The base bucket (in ticks) the bars are aggregated at when the bucket is Auto.
int auto_base_multiplier(Price tick, Price reference_price, const BarSpec& spec);

// Row heights, in pixels: numbers are drawn from kMinRowPixels up; Auto aims at kReadableRowPixels
// and goes finer only when the finer bucket's rows reach kFinerRowPixels, so that zooming across a
// threshold does not make the bucket flicker.
inline constexpr double kMinRowPixels = 11;
inline constexpr double kReadableRowPixels = 13;
inline constexpr double kFinerRowPixels = 17;

// The display bucket (in ticks, a multiple of base) for rows of pixels_per_tick × bucket pixels:
// current stays while its rows hold numbers and no finer bucket's rows are comfortably tall;
// otherwise the finest whose rows reach kReadableRowPixels (the coarsest there is if none does).
// current 0: no bucket chosen yet.
std::int64_t auto_display_multiplier(std::int64_t base, double pixels_per_tick, std::int64_t current);

}  // namespace flowscope::ui
