#include "model/trade.hpp"

#include <charconv>

namespace flowscope {

TradeId TradeId::from_number(std::uint64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    TradeId id;
    id.text.assign(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    id.number = n;
    return id;
}

TradeId TradeId::from_text(std::string_view s) {
    TradeId id;
    id.text.assign(s);
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && ptr == s.data() + s.size()) id.number = n;
    return id;
}

std::string_view print_name(Print p) {
    switch (p) {
        case Print::Aggression: return "aggression";
        case Print::InsuranceFund: return "insurance-fund";
        case Print::Deleveraging: return "adl";
        case Print::Block: return "block";
        case Print::Unmarked: return "unmarked";
    }
    return "unmarked";
}

}  // namespace flowscope
