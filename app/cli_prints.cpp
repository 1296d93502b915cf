// What the commands say about prints that are not aggression (model/trade.hpp, Print).
#include <string>

#include "cli_commands.hpp"

namespace flowscope::cli {

const char* const kIncludeNonAggressiveHelp =
    "Count prints that are not aggression (Binance USD-M insurance-fund, ADL and NA trades, Bybit block trades) "
    "in delta, CVD and the footprint; by default they are left out and counted";

std::string non_aggressive_note(std::uint64_t prints, bool included) {
    if (prints == 0) return {};
    const std::string what = std::to_string(prints) + (prints == 1 ? " print" : " prints") +
                             " that are not aggression (insurance fund, ADL, block trades)";
    if (included) return what + " included, as --include-non-aggressive asks";
    return what + " left out of delta, CVD and the footprint; --include-non-aggressive counts them";
}

}  // namespace flowscope::cli
