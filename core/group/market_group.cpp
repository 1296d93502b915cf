#include "group/market_group.hpp"

#include <algorithm>

namespace flowscope {

std::string GroupFeed::name() const { return std::string(exchange_name(exchange)) + " " + symbol; }

std::string MarketGroup::title() const {
    std::string text = base + "/";
    for (std::size_t i = 0; i < quotes.size(); ++i) text += (i ? "+" : "") + quotes[i];
    if (quote_mix()) text += " (mixed quotes)";
    text += " \xC2\xB7 ";  // middle dot
    for (std::size_t i = 0; i < feeds.size(); ++i) text += (i ? " + " : "") + feeds[i].name();
    return text;
}

Result<MarketGroup> make_market_group(std::span<const GroupMarket> markets, bool accept_quote_mix) {
    if (markets.empty()) return Failure{"a group needs at least one market"};
    MarketGroup group;
    for (const GroupMarket& market : markets) {
        GroupFeed feed;
        feed.exchange = market.exchange;
        feed.symbol = market.symbol;
        const std::string name = feed.name();
        const auto assets = market_assets(market.exchange, market.symbol);
        if (!assets) return Failure{name + ": cannot tell its base asset and quote currency from the symbol"};
        feed.assets = *assets;
        for (const GroupFeed& other : group.feeds)
            if (other.exchange == feed.exchange && other.symbol == feed.symbol)
                return Failure{name + " is in the group twice: its trades would be counted twice"};
        if (!group.feeds.empty() && feed.assets.base != group.base)
            return Failure{"a group is one market: " + group.feeds.front().name() + " trades " + group.base + ", " + name +
                           " trades " + feed.assets.base};
        auto size = contract_value(feed.exchange, feed.symbol, feed.assets, market.metadata_ct_val, market.ct_val_origin);
        if (!size) return Failure{size.error()};
        feed.size = std::move(*size);
        if (group.feeds.empty()) group.base = feed.assets.base;
        if (std::find(group.quotes.begin(), group.quotes.end(), feed.assets.quote) == group.quotes.end()) {
            if (!group.quotes.empty() && !accept_quote_mix) {
                const auto first = std::find_if(group.feeds.begin(), group.feeds.end(),
                                                [&](const GroupFeed& f) { return f.assets.quote == group.quotes.front(); });
                return Failure{"quote currencies differ: " + first->name() + " is priced in " + group.quotes.front() + ", " +
                               name + " in " + feed.assets.quote + "; their prices differ by the " + group.quotes.front() +
                               "/" + feed.assets.quote + " rate, so a group mixes them only when asked to"};
            }
            group.quotes.push_back(feed.assets.quote);
        }
        group.feeds.push_back(std::move(feed));
    }
    return group;
}

}  // namespace flowscope
