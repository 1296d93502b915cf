# Desktop app tests (Qt Test, offscreen): panes rendered to images, the window driven like a user,
# and the real `flowscope` binary taking a screenshot of a replay.
flowscope_add_test(test_ui_logic SOURCES test_ui_logic.cpp LIBS flowscope_ui)
flowscope_add_test(test_ui_panes SOURCES test_ui_panes.cpp LIBS flowscope_ui)
flowscope_add_test(test_ui_paint SOURCES test_ui_paint.cpp LIBS flowscope_ui)
flowscope_add_test(test_ui_window SOURCES test_ui_window.cpp LIBS flowscope_ui)
flowscope_add_test(test_ui_export SOURCES test_ui_export.cpp LIBS flowscope_ui)
flowscope_add_test(test_ui_app SOURCES test_ui_app.cpp LIBS flowscope_ui)
target_compile_definitions(test_ui_app PRIVATE FLOWSCOPE_APP_PATH="$<TARGET_FILE:flowscope>")
add_dependencies(test_ui_app flowscope)
# Live sessions recorded by default, against the local test exchange (127.0.0.1, no internet).
flowscope_add_test(test_ui_recording SOURCES test_ui_recording.cpp local_exchange.cpp LIBS flowscope_ui)
set_source_files_properties(local_exchange.cpp PROPERTIES COMPILE_OPTIONS "-include;utility")
# The app's replay through ReplayEngine: bars equal to an Aggregator's on the real hour and the
# bundled session, seek, step, speeds, until, the background checkpoint pass, memory.
flowscope_add_test(test_ui_replay SOURCES test_ui_replay.cpp LIBS flowscope_ui)
