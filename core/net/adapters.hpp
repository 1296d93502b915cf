#pragma once
// Constructors of every exchange adapter, each implemented in its own file.
#include <memory>

#include "net/exchange_adapter.hpp"

namespace flowscope {

enum class BinanceStream : std::uint8_t { AggTrade, Trade };
enum class BybitCategory : std::uint8_t { Spot, Linear };

std::unique_ptr<ExchangeAdapter> make_binance_spot_adapter(BinanceStream stream = BinanceStream::AggTrade);
std::unique_ptr<ExchangeAdapter> make_binance_futures_adapter(BinanceStream stream = BinanceStream::AggTrade);
std::unique_ptr<ExchangeAdapter> make_bybit_adapter(BybitCategory category = BybitCategory::Linear);
std::unique_ptr<ExchangeAdapter> make_okx_adapter();
std::unique_ptr<ExchangeAdapter> make_coinbase_adapter();
// Coinbase Advanced Trade's market_trades `side` names the maker (coinbase_adapter.cpp says how
// that is known); trade-file conversion writes the same convention.
inline constexpr bool kCoinbaseSideIsTaker = false;
std::unique_ptr<ExchangeAdapter> make_kraken_adapter();

}  // namespace flowscope
