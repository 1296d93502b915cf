#pragma once
// Trades straight from the numbers of a recorded Binance trade frame, without rebuilding its text.
//
// The frame codec (frame_codec.hpp) stores a frame as a template (its text with the plain numbers
// cut out) plus those numbers. When a template is a canonical Binance `aggTrade` / `trade` event
// in the exact spelling the live parser's single-pass scanner accepts (net/binance_fast_scan.hpp),
// the trade only depends on a few of its numbers, so replay can build it from them directly.
//
// The rule is "only when certain": binance_trade_template() accepts a template only if every
// frame made of it, with numbers that pass append_binance_trade()'s checks, is a frame the
// scanner accepts, and append_binance_trade() then makes exactly the scanner's trade. Anything
// else (another event, odd spelling, a digit in the symbol, a number out of the scanner's range)
// goes through the frame's text and the live parser, as before. test_record_fast_decode holds
// this to the live parser on every frame of the real capture and on edge cases.
#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "model/exchange.hpp"
#include "model/trade.hpp"

namespace flowscope::record {

// A template, cut at its numbers: literals[i] is the text before number i, literals.back() the
// text after the last one (so literals.size() == decimals.size() + 1); decimals[i] is how many
// fractional digits number i is printed with.
struct CutTemplate {
    std::span<const std::string_view> literals;
    std::span<const int> decimals;
};

// Where a canonical Binance trade event keeps what a Trade is made of.
struct BinanceTradeTemplate {
    std::uint16_t price_number = 0;  // positions among the template's numbers
    std::uint16_t quantity_number = 0;
    std::uint16_t id_number = 0;    // `a` of an aggTrade, `t` of a trade
    std::uint16_t time_number = 0;  // `T`, milliseconds
    std::int64_t price_scale = 1;   // 10^(8 - decimals): fixed-point units per stored unit
    std::int64_t quantity_scale = 1;
    std::int64_t price_limit = 0;   // stored values at or above these have > 10 integer digits
    std::int64_t quantity_limit = 0;
    Symbol symbol;
    Side aggressor = Side::Buy;
    Print print = Print::Aggression;  // from `X`, a string and so the same in every frame of the template
};

// The layout when the template is a canonical Binance trade event (see above), else nullopt.
std::optional<BinanceTradeTemplate> binance_trade_template(const CutTemplate& cut);

// Appends the trade of one frame of that template (numbers: the frame's numbers in template
// order) and returns true; returns false and appends nothing when a number is outside what the
// scanner reads as a plain trade (the caller then parses the frame's text).
inline bool append_binance_trade(const BinanceTradeTemplate& t, const std::int64_t* numbers, Exchange exchange,
                                 std::int64_t receive_time_us, std::vector<Trade>& out) {
    constexpr std::int64_t kMaxTradeTimeMs = 99'999'999'999'999;  // the scanner reads at most 14 digits
    const std::int64_t price = numbers[t.price_number];
    const std::int64_t quantity = numbers[t.quantity_number];
    const std::int64_t time_ms = numbers[t.time_number];
    if (price <= 0 || price >= t.price_limit || quantity <= 0 || quantity >= t.quantity_limit ||
        time_ms < 0 || time_ms > kMaxTradeTimeMs || numbers[t.id_number] < 0)
        return false;
    Trade& trade = out.emplace_back();
    trade.exchange_time_us = time_ms * 1000;
    trade.receive_time_us = receive_time_us;
    trade.price = Price{price * t.price_scale};
    trade.quantity = Quantity{quantity * t.quantity_scale};
    // TradeId::from_number's text and value, written in place (this runs for every replayed trade).
    const auto id = static_cast<std::uint64_t>(numbers[t.id_number]);
    char digits[20];
    trade.id.text.assign(std::string_view(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, id).ptr - digits)));
    trade.id.number = id;
    trade.symbol = t.symbol;
    trade.exchange = exchange;
    trade.aggressor = t.aggressor;
    trade.print = t.print;
    return true;
}

}  // namespace flowscope::record
