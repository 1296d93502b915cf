#pragma once
// Each area registers its own subcommands; main() only assembles them.
namespace CLI { class App; }

namespace flowscope::cli {

void add_file_commands(CLI::App& app);    // bars, footprint (cli_files.cpp)
void add_net_commands(CLI::App& app);     // trades, live (cli_net.cpp)
void add_record_commands(CLI::App& app);  // record, info, convert (cli_record.cpp)

// Subcommand callbacks store their result here; main returns it.
int exit_code();
void set_exit_code(int code);

}  // namespace flowscope::cli
