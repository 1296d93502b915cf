#pragma once
// Bars from the exchange's klines, for the part of a chart that trades do not reach yet (today's
// hours before the REST budget's footprint detail begins). Only klines that carry the aggressive
// buy volume (Binance's taker buy base volume) give exact totals: volume, buy and sell volume,
// delta and CVD, next to open/high/low/close and the exchange's trade count. A kline has no
// footprint and no running-delta extremes: such bars are Bar::totals_only.
#include <cstdint>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"
#include "history/rest_client.hpp"
#include "history/rest_trades.hpp"

namespace flowscope::history {

// The longest interval the exchange serves that divides the bar duration; 0 when none does (or
// the exchange's klines lack the buy volume).
std::int64_t kline_interval_for(Exchange exchange, std::int64_t bar_duration_us);

// Bars of bar_duration_us (a multiple of the klines' interval, UTC-aligned) with CVD running on
// from cvd_before. Klines must be oldest first; an empty kline makes no bar.
std::vector<Bar> bars_from_klines(std::span<const Kline> klines, std::int64_t bar_duration_us, Quantity cvd_before = {});

// Every kline of [from_us, to_us), oldest first, in as many pages as it takes.
Result<std::vector<Kline>> fetch_klines(RestClient& client, Exchange exchange, const std::string& symbol,
                                        std::int64_t interval_us, std::int64_t from_us, std::int64_t to_us);

}  // namespace flowscope::history
