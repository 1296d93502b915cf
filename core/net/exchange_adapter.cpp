#include "net/exchange_adapter.hpp"

#include "net/adapters.hpp"

namespace flowscope {

std::unique_ptr<ExchangeAdapter> make_adapter(Exchange exchange) {
    switch (exchange) {
        case Exchange::BinanceSpot: return make_binance_spot_adapter();
        case Exchange::BinanceFutures: return make_binance_futures_adapter();
        case Exchange::Bybit: return make_bybit_adapter();
        case Exchange::Okx: return make_okx_adapter();
        case Exchange::Coinbase: return make_coinbase_adapter();
        case Exchange::Kraken: return make_kraken_adapter();
        case Exchange::Unknown: break;
    }
    return nullptr;
}

}  // namespace flowscope
