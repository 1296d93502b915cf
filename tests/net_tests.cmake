# Network side: adapters on real frames; the live client against the local test exchange.
flowscope_add_test(test_net_adapters SOURCES test_net_adapters.cpp LIBS flowscope_core)
