#pragma once
// Price buckets offered for the footprint, as multiples of the instrument's tick, and a sensible
// default: the smallest bucket of at least ~0.004 % of the price (about 0.5 USD on BTC at 10k),
// which gives a readable 10–40 levels per minute bar on liquid markets.
#include <array>

#include "model/decimal.hpp"

namespace flowscope::ui {

inline constexpr std::array<int, 10> kBucketMultipliers{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000};

int default_bucket_multiplier(Price tick, Price reference_price);

}  // namespace flowscope::ui
