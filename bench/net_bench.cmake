flowscope_add_bench(bench_net SOURCES bench_net.cpp ${CMAKE_SOURCE_DIR}/tests/local_exchange.cpp LIBS flowscope_core)
target_include_directories(bench_net PRIVATE ${CMAKE_SOURCE_DIR}/tests)
set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/local_exchange.cpp TARGET_DIRECTORY bench_net PROPERTIES COMPILE_OPTIONS "-include;utility")
