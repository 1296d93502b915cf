#include "io/trade_layout.hpp"

#include <array>

namespace flowscope {

namespace {

bool parse_u64(std::string_view text, std::uint64_t& value) {
    if (text.empty() || text.size() > 19) return false;  // 19 digits always fit in uint64
    std::uint64_t v = 0;
    for (char c : text) {
        const unsigned digit = static_cast<unsigned char>(c) - static_cast<unsigned>('0');
        if (digit > 9) return false;
        v = v * 10 + digit;
    }
    value = v;
    return true;
}

std::optional<bool> parse_bool(std::string_view text) {
    // Spot files write True/False, USD-M files true/false.
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    return std::nullopt;
}

std::optional<Side> parse_side(std::string_view text) {
    if (text == "buy" || text == "Buy" || text == "BUY") return Side::Buy;
    if (text == "sell" || text == "Sell" || text == "SELL") return Side::Sell;
    return std::nullopt;
}

bool is_u64(std::string_view text) {
    std::uint64_t unused = 0;
    return parse_u64(text, unused);
}

int column_of(const CsvFields& header, std::string_view name) {
    const std::size_t n = std::min(header.count, CsvFields::kMaxFields);
    for (std::size_t i = 0; i < n; ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kMaxShown = 40;  // a garbage line should not flood the terminal
    std::string s = "'";
    s.append(text.substr(0, kMaxShown));
    if (text.size() > kMaxShown) s += "...";
    s += "'";
    return s;
}

TradeLayout binance_agg_trades(std::size_t columns, bool header) {
    TradeLayout l;
    l.format = TradeFileFormat::BinanceAggTrades;
    l.columns = columns;
    l.has_header = header;
    l.has_best_match = columns == 8;
    l.id = 0, l.price = 1, l.quantity = 2, l.time = 5, l.is_buyer_maker = 6;
    return l;
}

TradeLayout binance_trades(std::size_t columns, bool header) {
    TradeLayout l;
    l.format = TradeFileFormat::BinanceTrades;
    l.columns = columns;
    l.has_header = header;
    l.has_best_match = columns == 7;
    l.id = 0, l.price = 1, l.quantity = 2, l.time = 4, l.is_buyer_maker = 5;
    return l;
}

TradeLayout tardis_trades(bool header) {
    TradeLayout l;
    l.format = TradeFileFormat::Tardis;
    l.columns = 8;
    l.has_header = header;
    l.exchange = 0, l.symbol = 1, l.time = 2, l.local_time = 3, l.id = 4, l.side = 5, l.price = 6, l.quantity = 7;
    return l;
}

// A header names its columns: take their positions from it, so column order does not matter.
Result<TradeLayout> layout_from_header(const CsvFields& h) {
    TradeLayout l;
    l.columns = h.count;
    l.has_header = true;
    l.has_best_match = column_of(h, "is_best_match") >= 0;
    if (column_of(h, "side") >= 0 && column_of(h, "amount") >= 0) {
        l = tardis_trades(true);
        l.exchange = column_of(h, "exchange"), l.symbol = column_of(h, "symbol");
        l.time = column_of(h, "timestamp"), l.local_time = column_of(h, "local_timestamp");
        l.id = column_of(h, "id"), l.side = column_of(h, "side");
        l.price = column_of(h, "price"), l.quantity = column_of(h, "amount");
        l.columns = h.count;
        if (l.time < 0 || l.price < 0) {
            return Failure{"a Tardis header needs timestamp, side, price and amount columns"};
        }
        return l;
    }
    if (column_of(h, "agg_trade_id") >= 0) {
        l.format = TradeFileFormat::BinanceAggTrades;
        l.id = column_of(h, "agg_trade_id"), l.quantity = column_of(h, "quantity");
        l.time = column_of(h, "transact_time");
    } else if (column_of(h, "quote_qty") >= 0 || column_of(h, "qty") >= 0) {
        l.format = TradeFileFormat::BinanceTrades;
        l.id = column_of(h, "id"), l.quantity = column_of(h, "qty"), l.time = column_of(h, "time");
    } else {
        return Failure{"unknown header; expected a Binance aggTrades or trades header or a Tardis trades header"};
    }
    l.price = column_of(h, "price");
    l.is_buyer_maker = column_of(h, "is_buyer_maker");
    if (l.id < 0 || l.price < 0 || l.quantity < 0 || l.time < 0 || l.is_buyer_maker < 0) {
        return Failure{"the Binance header lacks one of its id, price, quantity, time or is_buyer_maker columns"};
    }
    return l;
}

}  // namespace

Result<TradeLayout> detect_trade_layout(const CsvFields& f) {
    const std::size_t n = f.count;
    const auto field_is_bool = [&](std::size_t i) { return i < n && parse_bool(f[i]).has_value(); };
    // A Tardis row without its header starts with the exchange's name, like a header does.
    if (n == 8 && parse_side(f[5]) && is_u64(f[2])) return tardis_trades(false);
    if (n > 0 && !f[0].empty() && !(f[0][0] >= '0' && f[0][0] <= '9')) return layout_from_header(f);
    // Binance rows without header, told apart by where the booleans and the time sit:
    //   aggTrades: id,price,qty,first_id,last_id,time,is_buyer_maker[,is_best_match]
    //   trades:    id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]
    if (n == 6 && field_is_bool(5)) return binance_trades(6, false);
    if (n == 7 && field_is_bool(5) && field_is_bool(6)) return binance_trades(7, false);
    if (n == 7 && field_is_bool(6) && is_u64(f[3]) && is_u64(f[4])) return binance_agg_trades(7, false);
    if (n == 8 && field_is_bool(6) && field_is_bool(7)) return binance_agg_trades(8, false);
    return Failure{"the first line (" + std::to_string(n) +
                   " columns) is neither a header nor a Binance aggTrades/trades or Tardis trades row"};
}

Result<void> parse_trade_row(const TradeLayout& l, const CsvFields& row, Trade& trade) {
    if (row.count != l.columns) {
        return Failure{"expected " + std::to_string(l.columns) + " columns, found " + std::to_string(row.count)};
    }
    const auto col = [&](int i) { return row[static_cast<std::size_t>(i)]; };
    const auto price = parse_price(col(l.price));
    if (!price || price->units <= 0) {
        return Failure{"bad price " + quoted(col(l.price))};
    }
    const auto quantity = parse_quantity(col(l.quantity));
    if (!quantity) {
        return Failure{"bad quantity " + quoted(col(l.quantity))};
    }
    std::uint64_t time = 0;
    if (!parse_u64(col(l.time), time) || time > static_cast<std::uint64_t>(INT64_MAX / 1000)) {
        return Failure{"bad time " + quoted(col(l.time))};
    }
    trade.price = *price;
    trade.quantity = *quantity;
    if (l.format == TradeFileFormat::Tardis) {
        const auto side = parse_side(col(l.side));
        if (!side) {
            return Failure{"bad side " + quoted(col(l.side)) + " (expected buy or sell)"};
        }
        trade.aggressor = *side;
        trade.exchange_time_us = static_cast<std::int64_t>(time);
        std::uint64_t local = 0;
        if (l.local_time >= 0 && !col(l.local_time).empty() && !parse_u64(col(l.local_time), local)) {
            return Failure{"bad local_timestamp " + quoted(col(l.local_time))};
        }
        trade.receive_time_us = static_cast<std::int64_t>(local);
        trade.id = l.id >= 0 ? TradeId::from_text(col(l.id)) : TradeId{};
        return {};
    }
    const auto maker = parse_bool(col(l.is_buyer_maker));
    if (!maker) {
        return Failure{"bad is_buyer_maker " + quoted(col(l.is_buyer_maker)) + " (expected true or false)"};
    }
    std::uint64_t id = 0;
    if (!parse_u64(col(l.id), id)) {
        return Failure{"bad trade id " + quoted(col(l.id))};
    }
    // The buyer made the market, so the seller crossed the spread.
    trade.aggressor = *maker ? Side::Sell : Side::Buy;
    trade.exchange_time_us = binance_time_to_us(static_cast<std::int64_t>(time));
    trade.receive_time_us = 0;
    trade.id.text.assign(col(l.id));
    trade.id.number = id;
    return {};
}

std::string_view trade_file_format_name(TradeFileFormat format) {
    switch (format) {
        case TradeFileFormat::BinanceAggTrades: return "binance-aggTrades";
        case TradeFileFormat::BinanceTrades: return "binance-trades";
        case TradeFileFormat::Tardis: return "tardis-trades";
    }
    return "unknown";
}

}  // namespace flowscope
