flowscope_add_test(test_trade_files SOURCES test_trade_files.cpp LIBS flowscope_core PkgConfig::LIBZIP)
