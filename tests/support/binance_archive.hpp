#pragma once
// Binance public-data daily aggTrades archives (data.binance.vision), built in memory: the CSV in
// Binance's layout, the ZIP around it, and the .CHECKSUM file next to it.
//   USD-M  header `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`,
//          time in ms, booleans `true`/`false`.
//   spot   no header, an 8th column is_best_match, booleans `True`/`False`, time in ms before
//          2025-01-01 and in µs from then on (Binance changed spot files to µs on that day).
// core/io/trade_layout.cpp reads both.
#include <cstdint>
#include <string>
#include <string_view>

#include "support/real_history.hpp"

namespace flowscope::testing {

struct ArchiveStyle {
    bool spot = false;
    int price_decimals = 2;     // as the symbol's REST answers print them
    int quantity_decimals = 3;
};

// "SYM-aggTrades-YYYY-MM-DD" for the UTC day starting at day_start_us.
std::string archive_base_name(std::string_view symbol, std::int64_t day_start_us);

void append_csv_header(std::string& csv, const ArchiveStyle& style);  // nothing for spot
void append_csv_row(std::string& csv, const AggTrade& t, const ArchiveStyle& style);

// A ZIP (deflated) holding one file.
std::string zip_one_file(const std::string& name, const std::string& content);

// "<sha256 hex>  <file name>\n", as Binance's .CHECKSUM files read (sha256sum's format).
std::string checksum_file(std::string_view bytes, std::string_view file_name);
std::string sha256_hex(std::string_view bytes);

}  // namespace flowscope::testing
