# The desktop app `flowscope` (included from app/CMakeLists.txt).
add_executable(flowscope main.cpp)
target_link_libraries(flowscope PRIVATE flowscope_ui flowscope_warnings)
