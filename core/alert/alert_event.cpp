#include "alert/alert_event.hpp"

namespace flowscope {

std::string_view alert_kind_name(AlertKind kind) {
    switch (kind) {
        case AlertKind::LargeTrade: return "large";
        case AlertKind::StackedImbalance: return "stacked";
        case AlertKind::PriceLevel: return "level";
        case AlertKind::CvdDivergence: return "divergence";
    }
    return "alert";
}

std::string describe_trade_ids(std::span<const TradeId> ids) {
    if (ids.empty()) return "no trade";
    if (ids.size() == 1) return "trade " + std::string(ids.front().text.view());
    bool consecutive = true;
    for (std::size_t i = 1; i < ids.size() && consecutive; ++i)
        consecutive = ids[i].number && ids[i - 1].number && *ids[i].number == *ids[i - 1].number + 1;
    if (consecutive)
        return "trades " + std::string(ids.front().text.view()) + "\u2013" + std::string(ids.back().text.view());
    // A long sweep of unrelated ids stays one readable line: the first ones, the count, the last.
    constexpr std::size_t kListed = 3;
    std::string text = "trades ";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids.size() > 2 * kListed && i == kListed) {
            text += "… (" + std::to_string(ids.size()) + "), ";
            i = ids.size() - 1;
        }
        text += ids[i].text.view();
        if (i + 1 < ids.size()) text += ", ";
    }
    return text;
}

}  // namespace flowscope
