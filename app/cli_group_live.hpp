#pragma once
// flowscope-cli live --group: one market traded on several exchanges, live. One feed per member,
// their trades merged in exchange-time order with a bounded wait for the slowest
// (group/group_merger.hpp), aggregated into one series of bars printed as each closes, in the
// `bars` CSV (cli_bar_csv.hpp); or alert lines with --alert. Each member is accounted for on
// stderr: when it drops out and comes back, and at the end (and every minute) its trades, how long
// they take to arrive, how late it was and how often the group stopped waiting for it. A member sized in contracts (OKX swaps) has its contract
// value from --contract-value, else from the exchange's instrument metadata, else built in.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "cli_alerts.hpp"

namespace flowscope::cli {

struct GroupLiveArgs {
    std::vector<std::string> members;          // --group EXCHANGE:SYMBOL, in the group's order
    std::vector<std::string> endpoints;        // --endpoint EXCHANGE=URL or EXCHANGE:SYMBOL=URL (a local exchange)
    std::vector<std::string> rest_endpoints;   // --rest-endpoint, the same way: where instrument metadata is asked
    std::string ca_file;
    bool accept_quote_mix = false;
    std::vector<std::string> contract_values;  // SYMBOL=VALUE
    int wait_ms = 300;
    double duration_s = 0;     // 0: until interrupted
    std::uint64_t max_trades = 0;  // 0: no limit
    AlertArgs alerts;          // --timeframe and --bucket set the bars too
    std::string record_dir;    // --record: each member's raw frames in its own daily files there
};

// Runs until `interrupted`, --duration or --trades; sets the exit code (2: a bad group).
void run_group_live(const GroupLiveArgs& args, const std::atomic<bool>& interrupted);

}  // namespace flowscope::cli
