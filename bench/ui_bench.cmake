# Desktop app figures: footprint repaint time at 1920×1080 and memory after a replayed day.
flowscope_add_bench(bench_ui SOURCES bench_ui.cpp LIBS flowscope_ui)
