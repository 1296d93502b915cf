flowscope_add_bench(bench_net SOURCES bench_net.cpp LIBS flowscope_core)
