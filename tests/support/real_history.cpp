#include "support/real_history.hpp"

#include <stdexcept>
#include <string_view>

#include "model/decimal.hpp"
#include "support/test_data.hpp"

namespace flowscope::testing {

namespace {

// The text of a frame's field: "key":value or "key":"value" (the frames are flat objects).
std::string_view field(std::string_view frame, std::string_view key) {
    const std::string needle = "\"" + std::string(key) + "\":";
    const auto at = frame.find(needle);
    if (at == std::string_view::npos) throw std::runtime_error("frame without " + std::string(key));
    std::size_t begin = at + needle.size();
    std::size_t end = frame.find_first_of(",}", begin);
    if (frame[begin] == '"') {
        ++begin;
        end = frame.find('"', begin);
    }
    return frame.substr(begin, end - begin);
}

std::int64_t integer(std::string_view frame, std::string_view key) { return std::stoll(std::string(field(frame, key))); }

// The frame with an integer field moved by delta.
void shift_field(std::string& frame, std::string_view key, std::int64_t delta) {
    const std::string needle = "\"" + std::string(key) + "\":";
    const auto begin = frame.find(needle) + needle.size();
    const auto end = frame.find_first_of(",}", begin);
    frame.replace(begin, end - begin, std::to_string(std::stoll(frame.substr(begin, end - begin)) + delta));
}

AggTrade parse(std::string_view frame, std::int64_t receive_us, Exchange exchange) {
    AggTrade t;
    t.trade.exchange_time_us = integer(frame, "T") * 1000;
    t.trade.receive_time_us = receive_us;
    t.trade.price = *parse_price(field(frame, "p"));
    t.trade.quantity = *parse_quantity(field(frame, "q"));
    t.trade.id = TradeId::from_number(static_cast<std::uint64_t>(integer(frame, "a")));
    t.trade.symbol = Symbol(field(frame, "s"));
    t.trade.exchange = exchange;
    t.trade.aggressor = field(frame, "m") == "true" ? Side::Sell : Side::Buy;  // the buyer made: a seller took
    t.first_id = static_cast<std::uint64_t>(integer(frame, "f"));
    t.last_id = static_cast<std::uint64_t>(integer(frame, "l"));
    return t;
}

}  // namespace

std::vector<AggTrade> real_hour_aggtrades(Exchange exchange) {
    std::vector<AggTrade> hour;
    for (const auto& f : test::real_aggtrade_frames()) hour.push_back(parse(f.text, f.receive_time_us, exchange));
    return hour;
}

RealHistory::RealHistory(std::int64_t first_hour_us, std::size_t hours, Exchange exchange, int copies_per_hour)
    : first_hour_us_(first_hour_us), hours_(hours), copies_per_hour_(copies_per_hour) {
    if (first_hour_us % kHourUs != 0) throw std::invalid_argument("RealHistory starts at a whole hour");
    if (copies_per_hour < 1 || kHourUs % copies_per_hour != 0) throw std::invalid_argument("copies_per_hour must divide an hour");
    for (const auto& f : test::real_aggtrade_frames()) {
        hour_.push_back(parse(f.text, f.receive_time_us, exchange));
        frames_.push_back(f.text);
        receive_us_.push_back(f.receive_time_us);
    }
    agg_span_ = static_cast<std::int64_t>(*hour_.back().trade.id.number - *hour_.front().trade.id.number + 1);
    trade_span_ = static_cast<std::int64_t>(hour_.back().last_id - hour_.front().first_id + 1);
}

std::int64_t RealHistory::copy_of(std::size_t i) const {
    return (first_hour_us_ - kRealHourStartUs) / kHourUs * copies_per_hour_ + static_cast<std::int64_t>(i / hour_.size());
}

std::int64_t RealHistory::scaled(std::int64_t real_us, std::int64_t copy) const {
    const std::int64_t span = kHourUs / copies_per_hour_;
    return kRealHourStartUs + copy * span + floor_div(real_us - kRealHourStartUs, copies_per_hour_);
}

AggTrade RealHistory::at(std::size_t i) const {
    const std::int64_t copy = copy_of(i);
    AggTrade t = hour_[i % hour_.size()];
    t.trade.exchange_time_us = scaled(t.trade.exchange_time_us, copy);
    t.trade.receive_time_us = scaled(t.trade.receive_time_us, copy);
    t.trade.id = TradeId::from_number(static_cast<std::uint64_t>(static_cast<std::int64_t>(*t.trade.id.number) + copy * agg_span_));
    t.first_id = static_cast<std::uint64_t>(static_cast<std::int64_t>(t.first_id) + copy * trade_span_);
    t.last_id = static_cast<std::uint64_t>(static_cast<std::int64_t>(t.last_id) + copy * trade_span_);
    return t;
}

std::vector<AggTrade> RealHistory::all() const {
    std::vector<AggTrade> trades;
    trades.reserve(size());
    for (std::size_t i = 0; i < size(); ++i) trades.push_back(at(i));
    return trades;
}

std::string RealHistory::frame(std::size_t i) const {
    const std::int64_t copy = copy_of(i);
    std::string text = frames_[i % hour_.size()];
    const auto move_ms = [&](std::string_view key) {
        const std::int64_t ms = integer(text, key);
        shift_field(text, key, floor_div(scaled(ms * 1000, copy), 1000) - ms);
    };
    move_ms("E");
    shift_field(text, "a", copy * agg_span_);
    shift_field(text, "f", copy * trade_span_);
    shift_field(text, "l", copy * trade_span_);
    move_ms("T");
    return text;
}

std::int64_t RealHistory::receive_time_us(std::size_t i) const { return scaled(receive_us_[i % hour_.size()], copy_of(i)); }

}  // namespace flowscope::testing
