// Placeholder until this area's subcommands land; registers nothing.
#include "cli_commands.hpp"
namespace flowscope::cli {
void add_file_commands(CLI::App&) {}
}
