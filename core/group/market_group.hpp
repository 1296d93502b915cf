#pragma once
// One market traded on several exchanges, seen as one: BTC perpetuals on Binance, Bybit and OKX,
// or BTC spot on Binance, Coinbase and Kraken. Its feeds share one base asset (every size is
// counted in it, contracts converted) and one price bucket; a group never mixes quote currencies
// (USD, USDT, USDC) silently: their prices differ by the stablecoin's rate, so a mix is refused
// unless the caller accepts it, and an accepted mix is named in the group's title.
//
// The feed order is the group's order: it breaks ties between trades of the same exchange time
// (group_merge.hpp) and numbers the feeds for whoever splits a bar by exchange.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "group/contract_value.hpp"
#include "group/market_assets.hpp"
#include "model/decimal.hpp"
#include "model/exchange.hpp"
#include "model/result.hpp"

namespace flowscope {

// What the caller asks for: one exchange's market, and its ctVal when the metadata was read (or
// the user gave it: ct_val_origin says so).
struct GroupMarket {
    Exchange exchange = Exchange::Unknown;
    std::string symbol;
    std::optional<Quantity> metadata_ct_val;
    std::string ct_val_origin = "the exchange's instrument metadata";
};

struct GroupFeed {
    Exchange exchange = Exchange::Unknown;
    std::string symbol;
    MarketAssets assets;
    ContractValue size;  // base asset per traded unit
    std::string name() const;  // "okx BTC-USDT-SWAP"
};

struct MarketGroup {
    std::vector<GroupFeed> feeds;
    std::string base;                 // "BTC"
    std::vector<std::string> quotes;  // in feed order, each once: {"USDT"}, or {"USDT", "USD"} when a mix was accepted
    bool quote_mix() const { return quotes.size() > 1; }
    // "BTC/USDT · binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP";
    // an accepted mix: "BTC/USDT+USD (mixed quotes) · …".
    std::string title() const;
};

// Refuses, saying why: no market, a symbol whose assets cannot be read, a market twice, two base
// assets, an inverse contract, a contract without a known value, or quote currencies mixed
// without accept_quote_mix.
Result<MarketGroup> make_market_group(std::span<const GroupMarket> markets, bool accept_quote_mix);

}  // namespace flowscope
