#include "support/test_data.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace flowscope::test {

std::string temp_dir(const std::string& what) {
    const auto dir = std::filesystem::temp_directory_path() / ("flowscope-" + what + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> read_lines(const std::string& path) {
    std::vector<std::string> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string data_path(const std::string& relative) { return std::string(FLOWSCOPE_TEST_DATA_DIR) + "/" + relative; }
std::string ws_data(const std::string& name) { return data_path("ws/" + name); }

std::vector<RealFrame> real_aggtrade_frames() {
    const auto lines = read_lines(ws_data("binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"));
    const auto recv = read_lines(ws_data("binance-futures-btcusdt-aggTrade-2020-02-22T00.recv.csv"));
    std::vector<RealFrame> frames;
    for (std::size_t i = 0; i < lines.size() && i + 1 < recv.size(); ++i) {
        const std::string& row = recv[i + 1];  // "line,receive_time_us" after the header
        frames.push_back(RealFrame{std::stoll(row.substr(row.find(',') + 1)), lines[i]});
    }
    return frames;
}

std::vector<RealFrame> real_trade_frames() {
    std::vector<RealFrame> frames;
    for (const std::string& line : read_lines(ws_data("binance-futures-btcusdt-trade-2020-02-22T00.ndjson"))) {
        const auto at = line.find("\"E\":") + 4;
        frames.push_back(RealFrame{std::stoll(line.substr(at, line.find(',', at) - at)) * 1000, line});
    }
    return frames;
}

}  // namespace flowscope::test
