#pragma once
// The column layouts of the trade files we read, how to recognise them from their first line,
// and how to turn one data row into a Trade.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "io/csv_fields.hpp"
#include "model/result.hpp"
#include "io/trade_file.hpp"

namespace flowscope {

struct TradeLayout {
    TradeFileFormat format = TradeFileFormat::BinanceAggTrades;
    std::size_t columns = 0;    // columns of every data row
    bool has_header = false;
    bool has_best_match = false;  // Binance spot files carry an is_best_match column
    // Column indices; -1 where the layout has no such column.
    int id = -1, price = -1, quantity = -1, time = -1;
    int is_buyer_maker = -1;  // Binance: true = the buyer was the maker, the aggressor sold
    int side = -1;            // Tardis: the taker side, "buy" or "sell"
    int local_time = -1, exchange = -1, symbol = -1;  // Tardis only
};

// Recognises the layout from the file's first line (a header row or the first data row).
// Fails, saying why for people, when it is none that flowscope reads.
Result<TradeLayout> detect_trade_layout(const CsvFields& first_line);

// Parses one data row. Fills time, receive time, price, quantity, id and aggressor; leaves
// symbol and exchange alone. Fails, saying which field is bad, for people.
Result<void> parse_trade_row(const TradeLayout& layout, const CsvFields& row, Trade& trade);

// Binance stamps ms, and µs in spot files since 2025: values past 1e14 are µs (1e14 ms is the
// year 5138, 1e14 µs is 1973).
constexpr std::int64_t binance_time_to_us(std::int64_t value) {
    return value >= 100'000'000'000'000 ? value : value * 1000;
}

}  // namespace flowscope
