# Network side: exchange adapters (simdjson On-Demand), the live websocket feed (Boost.Beast).
target_sources(flowscope_core PRIVATE
  net/binance_frame.cpp
  net/binance_futures_adapter.cpp
  net/binance_spot_adapter.cpp
  net/bybit_adapter.cpp
  net/coinbase_adapter.cpp
  net/exchange_adapter.cpp
  net/json_frame.cpp
  net/kraken_adapter.cpp
  net/okx_adapter.cpp
)
target_link_libraries(flowscope_core PUBLIC simdjson::simdjson)
