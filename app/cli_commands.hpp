#pragma once
// Each area registers its own subcommands; main() only assembles them.
#include <cstdint>
#include <string>

namespace CLI { class App; }

namespace flowscope::cli {

void add_file_commands(CLI::App& app);    // bars, footprint (cli_files.cpp)
void add_net_commands(CLI::App& app);     // trades, live (cli_net.cpp)
void add_record_commands(CLI::App& app);  // record, info, convert (cli_record.cpp)
void add_history_commands(CLI::App& app); // history (cli_history.cpp)
void add_alert_commands(CLI::App& app);   // alerts (cli_alerts.cpp)

// Exit codes, the same for every command; exit_codes_help() lists them in each command's --help.
inline constexpr int kExitFatal = 1;    // the input could not be read, or held nothing useful (no trades)
inline constexpr int kExitUsage = 2;    // a bad argument (including a bucket too fine to draw)
inline constexpr int kExitDamaged = 3;  // info: the recording reads, but parts of it are damaged
const char* exit_codes_help();

// Prints that are not aggression: the --include-non-aggressive help text, and the closing note
// (empty when there were none).
extern const char* const kIncludeNonAggressiveHelp;
std::string non_aggressive_note(std::uint64_t prints, bool included);

// Subcommand callbacks store their result here; main returns it.
int exit_code();
void set_exit_code(int code);

}  // namespace flowscope::cli
