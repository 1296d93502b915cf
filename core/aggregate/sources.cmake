target_sources(flowscope_core PRIVATE
  aggregate/aggregator.cpp
  aggregate/bar.cpp
  aggregate/bar_series.cpp
  aggregate/bar_spec.cpp
  aggregate/footprint.cpp
  aggregate/footprint_analysis.cpp
)
