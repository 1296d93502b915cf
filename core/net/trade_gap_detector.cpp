#include "net/trade_gap_detector.hpp"

namespace flowscope {

std::optional<TradeIdGap> TradeGapDetector::observe(const Trade& trade) {
    if (!trade.id.number) return std::nullopt;
    const std::uint64_t id = *trade.id.number;
    auto [it, inserted] = last_id_.try_emplace(std::string(trade.symbol.view()), id);
    if (inserted) return std::nullopt;
    const std::uint64_t last = it->second;
    if (id <= last) return std::nullopt;
    it->second = id;
    if (id == last + 1) return std::nullopt;
    return TradeIdGap{last, id, id - last - 1};
}

}  // namespace flowscope
