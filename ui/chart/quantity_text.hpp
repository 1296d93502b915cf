#pragma once
// Short numbers for cells (a few characters) and exact ones for tooltips.
#include <QString>
#include <cstdint>

#include "model/decimal.hpp"

namespace flowscope::ui {

// "0", "0.001", "0.13", "3.45", "12.3", "1234", "12.3k", "1.2M": fits a footprint cell, sign
// kept; a size that is not zero never reads "0" ("<0.001" below half a thousandth).
QString compact_number(double value);
// Exact decimal text of a price or quantity, no rounding ("0.132", "9682.19").
QString exact_text(Price price);
QString exact_text(Quantity quantity);
// "812 B", "12.4 kB", "1.24 MB", "3.10 GB" (powers of 1000, as file managers show them).
QString file_size_text(std::uint64_t bytes);
// "00:12:34" for a time in µs since the epoch (UTC); with_date adds "2020-02-22 ".
QString time_text(std::int64_t time_us, bool with_date = false, bool with_millis = false);

}  // namespace flowscope::ui
