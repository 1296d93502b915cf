target_sources(flowscope_core PRIVATE
  io/byte_source.cpp
  io/tardis_exchange.cpp
  io/tick_inference.cpp
  io/trade_file.cpp
  io/trade_layout.cpp
)
target_link_libraries(flowscope_core PRIVATE PkgConfig::LIBZIP)
