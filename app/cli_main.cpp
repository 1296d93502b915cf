// flowscope-cli: the headless face of flowscope (bars, footprint, trades, live, record, info, convert, history, alerts).
#include <CLI/CLI.hpp>

#include "cli_commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"flowscope-cli: order-flow bars, footprints and recordings from the command line"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show every subcommand's options");
    app.footer(flowscope::cli::exit_codes_help());
    flowscope::cli::add_file_commands(app);
    flowscope::cli::add_net_commands(app);
    flowscope::cli::add_record_commands(app);
    flowscope::cli::add_history_commands(app);
    flowscope::cli::add_alert_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help prints and exits 0; any bad argument (a value of the wrong kind, a missing
        // option) is a usage error, exit code 2 as every command's --help says.
        const int printed = app.exit(e);
        return printed == 0 ? 0 : flowscope::cli::kExitUsage;
    }
    return flowscope::cli::exit_code();
}
