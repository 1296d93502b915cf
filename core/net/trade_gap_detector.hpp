#pragma once
// Finds holes in a trade stream from its ids: for exchanges whose ids are consecutive per
// symbol (Binance aggTrade `a`, trade `t`), a jump from 41 to 45 means trades 42..44 were missed.
// The last id of each symbol survives reconnects, so a hole across a reconnect is found too.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "model/trade.hpp"

namespace flowscope {

struct TradeIdGap {
    std::uint64_t last_seen = 0, first_after = 0, missed = 0;
};

class TradeGapDetector {
public:
    // The hole before this trade, if any. Ids at or below the last one (repeats) are no hole.
    std::optional<TradeIdGap> observe(const Trade& trade);
    void clear() { last_id_.clear(); }

private:
    std::unordered_map<std::string, std::uint64_t> last_id_;
};

}  // namespace flowscope
