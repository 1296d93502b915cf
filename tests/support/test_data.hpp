#pragma once
// The real data the tests and benchmarks run on (tests/data, sources in tests/data/README.md), and
// the small helpers every suite needs around it: data paths, a temp folder, whole-file reads.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "model/trade.hpp"

namespace flowscope::test {

// A fresh folder per test process under the system's temp folder: flowscope-<what>-<pid>.
std::string temp_dir(const std::string& what);

// Every field a replay must give back as it went in.
inline bool same_trade(const Trade& a, const Trade& b) {
    return a.exchange_time_us == b.exchange_time_us && a.receive_time_us == b.receive_time_us && a.price == b.price &&
           a.quantity == b.quantity && a.id.text == b.id.text && a.id.number == b.id.number && a.symbol == b.symbol &&
           a.exchange == b.exchange && a.aggressor == b.aggressor && a.print == b.print;
}

// For tests that check a failure's message: the value (empty on failure) and the message in `error`.
template <typename T>
std::unique_ptr<T> or_error(Result<std::unique_ptr<T>> result, std::string& error) {
    if (!result) {
        error = result.error();
        return nullptr;
    }
    return std::move(*result);
}
template <typename T>
std::optional<T> or_error(Result<T> result, std::string& error) {
    if (!result) {
        error = result.error();
        return std::nullopt;
    }
    return std::move(*result);
}
inline bool or_error(const Result<void>& result, std::string& error) {
    if (!result) error = result.error();
    return result.ok();
}

struct RealFrame {
    std::int64_t receive_time_us = 0;
    std::string text;
};

std::string read_text_file(const std::string& path);
std::vector<std::string> read_lines(const std::string& path);  // non-empty lines

std::string data_path(const std::string& relative);  // tests/data/<relative>
std::string ws_data(const std::string& name);        // tests/data/ws/<name>

// The real hour of Binance USD-M BTCUSDT aggTrade frames with their recorded receive times.
std::vector<RealFrame> real_aggtrade_frames();
// The same hour as `trade` frames; receive time taken from the frame's event time (ms).
std::vector<RealFrame> real_trade_frames();

}  // namespace flowscope::test
