#pragma once
// --alert on the command line: the options `alerts` and `live` share, the engine they ask for, and
// one printed line per alert.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alert/alert_engine.hpp"

namespace CLI { class App; }

namespace flowscope::cli {

struct AlertArgs {
    std::vector<std::string> alerts;  // --alert, repeated: large=10, level=9700,25, stacked=3,3, divergence=5
    std::string timeframe;            // bars the stacked and divergence alerts watch (empty: 1m)
    std::string bucket;               // footprint levels of the stacked alerts (empty: the tick)
};

// Adds --alert, --timeframe and --bucket to a command.
void add_alert_options(CLI::App* command, AlertArgs& args);

// The engine the arguments ask for, levels of `bucket` (or the tick when --bucket is not given).
// Says what is wrong on stderr and returns nothing for a bad argument (exit 2).
std::optional<AlertEngine> make_alert_engine(const AlertArgs& args, std::optional<Price> tick, bool include_non_aggressive);

// Alerts as they fire, one line each on stdout, flushed: "2020-02-22T00:12:09.248Z large buy 16 at 9686.85; trade 42378987".
class AlertLines {
public:
    explicit AlertLines(AlertEngine engine) : engine_(std::move(engine)) {}
    void add(std::span<const Trade> trades);
    // "19 alerts (large 19)" for the closing report.
    std::string summary() const;

private:
    AlertEngine engine_;
    std::vector<AlertEvent> fired_;
    std::map<std::string, std::uint64_t> counts_;
    std::uint64_t total_ = 0;
};

// "2020-02-22T00:12:09.248Z"
std::string alert_time_text(std::int64_t time_us);

}  // namespace flowscope::cli
