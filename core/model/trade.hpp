#pragma once
// One executed trade, as every adapter and file reader produces it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/decimal.hpp"
#include "model/exchange.hpp"
#include "model/fixed_string.hpp"

namespace flowscope {

// The side that crossed the spread (the market order), not the maker.
enum class Side : std::uint8_t { Buy, Sell };

inline constexpr std::string_view side_name(Side s) { return s == Side::Buy ? "buy" : "sell"; }

// What made a print. Only Aggression is an order that crossed the spread; the others are printed
// by the exchange itself (insurance-fund takeovers of liquidations, auto-deleveraging) or were
// negotiated off the book (block trades), so their side says nothing about who hit the market and
// delta, CVD and the footprint leave them out unless asked to. Each adapter says what its exchange
// documents; a trade read from a file that carries no such mark is Aggression.
enum class Print : std::uint8_t { Aggression, InsuranceFund, Deleveraging, Block, Unmarked };

inline constexpr bool is_aggression(Print p) { return p == Print::Aggression; }
std::string_view print_name(Print p);  // "aggression", "insurance-fund", "adl", "block", "unmarked"

// Exchanges give ids as integers (Binance, Kraken) or strings (Bybit UUIDs, Coinbase, OKX).
// We keep the text as given and, when it is a plain integer, its value for gap detection.
struct TradeId {
    FixedString<39> text;
    std::optional<std::uint64_t> number;

    static TradeId from_number(std::uint64_t n);
    static TradeId from_text(std::string_view s);  // sets number when s is all digits
};

using Symbol = FixedString<23>;

struct Trade {
    std::int64_t exchange_time_us = 0;  // matching-engine time, µs since the Unix epoch (UTC)
    std::int64_t receive_time_us = 0;   // local receive time; 0 when unknown (public files)
    Price price;
    Quantity quantity;
    TradeId id;
    Symbol symbol;
    Exchange exchange = Exchange::Unknown;
    Side aggressor = Side::Buy;
    Print print = Print::Aggression;

    // Signed size: + for aggressive buys, − for aggressive sells.
    Quantity signed_quantity() const { return aggressor == Side::Buy ? quantity : Quantity{-quantity.units}; }
};

}  // namespace flowscope
