#include "group/market_assets.hpp"

#include <array>
#include <vector>

namespace flowscope {

namespace {

// Longest first, so FDUSD wins over USD and USDT over USD.
constexpr std::array<std::string_view, 11> kGluedQuotes{"FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "TRY",
                                                        "BTC", "ETH", "BNB"};

std::string canonical_asset(std::string_view asset) {
    if (asset == "XBT") return "BTC";  // Kraken
    if (asset == "XDG") return "DOGE";
    return std::string(asset);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

std::optional<MarketAssets> glued(std::string_view symbol) {
    symbol = symbol.substr(0, symbol.find('_'));  // Binance dated futures: BTCUSDT_250328
    for (std::string_view quote : kGluedQuotes)
        if (symbol.size() > quote.size() && symbol.ends_with(quote))
            return MarketAssets{canonical_asset(symbol.substr(0, symbol.size() - quote.size())), std::string(quote), SizeUnit::Base};
    return std::nullopt;
}

std::optional<MarketAssets> separated(std::string_view symbol, char separator) {
    const std::vector<std::string_view> parts = split(symbol, separator);
    if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) return std::nullopt;
    MarketAssets assets{canonical_asset(parts[0]), canonical_asset(parts[1]), SizeUnit::Base};
    if (parts.size() > 2)  // OKX: BTC-USDT-SWAP, BTC-USDT-250328 are contracts; BTC-USD-SWAP is inverse
        assets.size_unit = assets.quote == "USD" ? SizeUnit::InverseContracts : SizeUnit::Contracts;
    return assets;
}

}  // namespace

std::optional<MarketAssets> market_assets(Exchange exchange, std::string_view symbol) {
    switch (exchange) {
        case Exchange::Okx: return separated(symbol, '-');
        case Exchange::Coinbase: return separated(symbol, '-');
        case Exchange::Kraken: return separated(symbol, '/');
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures:
        case Exchange::Bybit: return glued(symbol);
        case Exchange::Unknown: break;
    }
    if (symbol.find('-') != std::string_view::npos) return separated(symbol, '-');
    if (symbol.find('/') != std::string_view::npos) return separated(symbol, '/');
    return glued(symbol);
}

}  // namespace flowscope
