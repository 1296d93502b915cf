target_sources(flowscope_core PRIVATE
  model/decimal.cpp
  model/exchange.cpp
  model/instrument.cpp
  model/trade.cpp
)
