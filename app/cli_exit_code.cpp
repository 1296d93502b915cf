#include "cli_commands.hpp"

namespace flowscope::cli {
namespace {
int g_exit_code = 0;
}
int exit_code() { return g_exit_code; }
const char* exit_codes_help() {
    return "Exit codes: 0 done; 1 the input could not be read or held nothing useful (no trades); 2 a bad argument; "
           "3 (info) the recording has damaged blocks, read around them.";
}
void set_exit_code(int code) { g_exit_code = code; }
}  // namespace flowscope::cli
