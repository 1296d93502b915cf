# Network side: exchange adapters (simdjson On-Demand), the live websocket feed (Boost.Beast).
target_sources(flowscope_core PRIVATE
  net/binance_fast_scan.cpp
  net/binance_frame.cpp
  net/binance_adapter.cpp
  net/bybit_adapter.cpp
  net/coinbase_adapter.cpp
  net/exchange_adapter.cpp
  net/feed_queue.cpp
  net/instrument_metadata.cpp
  net/json_frame.cpp
  net/kraken_adapter.cpp
  net/live_feed.cpp
  net/okx_adapter.cpp
  net/reconnect_backoff.cpp
  net/trade_gap_detector.cpp
)
# Boost 1.74 Asio with GCC 12 needs <utility> before its own headers.
set_source_files_properties(net/live_feed.cpp PROPERTIES COMPILE_OPTIONS "-include;utility")
target_link_libraries(flowscope_core PUBLIC simdjson::simdjson Boost::boost OpenSSL::SSL OpenSSL::Crypto Threads::Threads
  nlohmann_json::nlohmann_json)
