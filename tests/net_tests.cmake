# Network side: adapters on real frames; the live client against the local test exchange.
flowscope_add_test(test_net_adapters SOURCES test_net_adapters.cpp LIBS flowscope_core)
flowscope_add_test(test_net_live_feed SOURCES test_net_live_feed.cpp local_exchange.cpp LIBS flowscope_core)
set_source_files_properties(local_exchange.cpp PROPERTIES COMPILE_OPTIONS "-include;utility")
flowscope_add_test(test_net_cli SOURCES test_net_cli.cpp local_exchange.cpp LIBS flowscope_core)
add_dependencies(test_net_cli flowscope-cli)
flowscope_add_test(test_net_metadata SOURCES test_net_metadata.cpp local_exchange.cpp LIBS flowscope_core)
# The Binance fast scanner held to the simdjson path on real, truncated and corrupted frames.
flowscope_add_test(test_net_binance_fast SOURCES test_net_binance_fast.cpp LIBS flowscope_core)
