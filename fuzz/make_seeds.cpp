// Writes the seed corpora of the harnesses from the real data in tests/data: small cuts, so that each seed runs in microseconds and mutations stay near real input.
//   make_seeds TEST_DATA_DIR OUT_DIR   → OUT_DIR/<harness>/<seed>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "model/exchange.hpp"
#include "record/frame_codec.hpp"
#include "record/recording_writer.hpp"

namespace fs = std::filesystem;
using namespace flowscope;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return s.str();
}

void write_file(const fs::path& path, std::string_view bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream s(text);
    for (std::string line; std::getline(s, line);) out.push_back(line);
    return out;
}

std::string head(const std::vector<std::string>& all, std::size_t from, std::size_t n) {
    std::string out;
    for (std::size_t i = from; i < from + n && i < all.size(); ++i) out += all[i] + '\n';
    return out;
}

std::string without_whitespace(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out.push_back(c);
    return out;
}

// A .zip holding one CSV entry, as Binance publishes them.
std::string zipped(const std::string& name, const std::string& csv, const fs::path& scratch) {
    fs::remove(scratch);
    int err = 0;
    zip_t* z = zip_open(scratch.c_str(), ZIP_CREATE | ZIP_EXCL, &err);
    if (!z) throw std::runtime_error("cannot create " + scratch.string());
    zip_source_t* src = zip_source_buffer(z, csv.data(), csv.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0 || zip_close(z) != 0)
        throw std::runtime_error("cannot write " + scratch.string());
    std::string bytes = read_file(scratch);
    fs::remove(scratch);
    return bytes;
}

struct Frame {
    std::int64_t time_us;
    Exchange exchange;
    std::string symbol, text;
};

std::string recording(const std::vector<Frame>& frames, std::uint32_t block_frames, const fs::path& scratch) {
    fs::remove(scratch);
    record::RecordingWriterOptions options;
    options.max_block_frames = block_frames;
    options.flush_interval_us = 0;
    options.created_time_us = 1'582'329'600'000'000;
    options.compact_on_close = false;
    {
        auto created = record::RecordingWriter::create(scratch.string(), Exchange::BinanceFutures, "BTCUSDT", options);
        if (!created) throw std::runtime_error(created.error());
        const auto& writer = *created;
        for (const Frame& f : frames) writer->append({f.time_us, f.exchange, f.symbol, f.text});
        if (!writer->close()) throw std::runtime_error(writer->error());
    }
    std::string bytes = read_file(scratch);
    fs::remove(scratch);
    return bytes;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc != 3) {
        std::fprintf(stderr, "usage: make_seeds TEST_DATA_DIR OUT_DIR\n");
        return 2;
    }
    const fs::path data = argv[1], out = argv[2];
    const fs::path scratch = out / "scratch.tmp";
    fs::create_directories(out);

    // Adapters: first byte picks the adapter (fuzz_adapters.cpp's order).
    const std::pair<const char*, char> examples[] = {
        {"binance-spot-aggTrade-combined.json", 0}, {"binance-spot-trade-combined.json", 1},
        {"binance-futures-aggTrade.json", 2},       {"binance-futures-trade.json", 3},
        {"bybit-v5-publicTrade.json", 4},           {"bybit-v5-publicTrade.json", 5},
        {"okx-v5-trades.json", 6},                  {"coinbase-advanced-market_trades.json", 7},
        {"kraken-v2-trade.json", 8}};
    for (const auto& [name, pick] : examples) {
        const std::string text = read_file(data / "ws/exchange-examples" / name);
        write_file(out / "adapters" / (std::to_string(int(pick)) + "-" + name), std::string(1, pick) + without_whitespace(text));
        write_file(out / "adapters" / (std::to_string(int(pick)) + "-pretty-" + name), std::string(1, pick) + text);
    }
    const auto agg = lines(read_file(data / "ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"));
    const auto trade = lines(read_file(data / "ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson"));
    for (std::size_t i = 0; i < 8; ++i) {
        write_file(out / "adapters" / ("agg-" + std::to_string(i)), std::string(1, '\2') + agg[i * 631]);
        write_file(out / "adapters" / ("trade-" + std::to_string(i)), std::string(1, '\3') + trade[i * 577]);
    }
    write_file(out / "adapters/ack", std::string(1, '\2') + R"({"result":null,"id":1})");
    write_file(out / "adapters/error", std::string(1, '\2') + R"({"code":2,"msg":"Invalid request"})");

    // REST answers: the first byte picks venue and parser as fuzz_rest_pages.cpp does (venue + 6 × kind).
    const std::pair<const char*, char> rest[] = {
        {"binance-futures-aggTrades.json", 0}, {"binance-spot-aggTrades.json", 1}, {"okx-history-trades.json", 2},
        {"bybit-recent-trade.json", 3},        {"coinbase-market-trades.json", 4}, {"kraken-trades.json", 5},
        {"binance-futures-error.json", 0},     {"binance-futures-klines.json", 6}, {"binance-spot-klines.json", 7}};
    for (const auto& [name, pick] : rest)
        write_file(out / "rest" / (std::to_string(int(pick)) + "-" + name), std::string(1, pick) + read_file(data / "rest" / name));
    write_file(out / "rest/checksum", std::string(1, '\x0c') +
                                          "3c8ba5e1d6ebaa2c6e2a6e7e0b7f5e1c9a43e1b8a1f1c2d3e4f5a6b7c8d9e0f1  BTCUSDT-aggTrades-2020-02-22.zip\n");
    write_file(out / "rest/control", std::string(1, '\x12') + R"({"flowscope":"backfill","first":26000500,"last":26000539})");

    // Trade files: cuts of the real hour in each layout, with and without header, plain and zipped.
    const char* const layouts[] = {"aggTrades", "trades", "tardis"};
    for (const char* layout : layouts) {
        const auto all = lines(read_file(data / ("binance-futures-BTCUSDT-2020-02-22T00." + std::string(layout) + ".csv")));
        const std::string with_header = head(all, 0, 12), without = head(all, 1, 12);
        write_file(out / "trade_file" / (std::string(layout) + ".csv"), with_header);
        write_file(out / "trade_file" / (std::string(layout) + "-noheader.csv"), without);
        write_file(out / "trade_file" / (std::string(layout) + ".zip"),
                   zipped(std::string("BTCUSDT-") + layout + "-2020-02-22.csv", without, scratch));
    }
    for (const auto& entry : fs::directory_iterator(data / "bad"))
        if (entry.path().extension() == ".csv")
            write_file(out / "trade_file" / ("bad-" + entry.path().filename().string()), read_file(entry.path()));

    // Recordings: small ones in several block sizes, one without its footer (a whole session per
    // input would cut the executions a hundredfold).
    std::vector<Frame> frames;
    const auto recv = lines(read_file(data / "ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.recv.csv"));
    for (std::size_t i = 0; i < 24; ++i) {
        const std::int64_t t = std::stoll(recv[1 + i].substr(recv[1 + i].find(',') + 1));
        frames.push_back({t, Exchange::BinanceFutures, "BTCUSDT", agg[i]});
        if (i % 3 == 0) frames.push_back({t + 5, Exchange::BinanceFutures, "BTCUSDT", trade[i]});
    }
    std::int64_t t = frames.back().time_us;
    for (const auto& [name, pick] : examples) {
        const Exchange exchange = pick < 2 ? Exchange::BinanceSpot : pick < 4 ? Exchange::BinanceFutures
                                  : pick < 6 ? Exchange::Bybit : pick == 6 ? Exchange::Okx
                                  : pick == 7 ? Exchange::Coinbase : Exchange::Kraken;
        frames.push_back({t += 1000, exchange, "X", without_whitespace(read_file(data / "ws/exchange-examples" / name))});
    }
    const std::vector<Frame> few(frames.begin(), frames.begin() + 4);
    write_file(out / "recording/few.fsrec", recording(few, 32, scratch));
    write_file(out / "recording/blocks-of-8.fsrec", recording(frames, 8, scratch));
    const std::string one_block = recording(frames, 1000, scratch);
    write_file(out / "recording/one-block.fsrec", one_block);
    const std::string small_blocks = recording(frames, 5, scratch);
    write_file(out / "recording/small-blocks.fsrec", small_blocks);
    const std::string index_magic("\xF5IDX", 4);
    write_file(out / "recording/no-footer.fsrec", small_blocks.substr(0, small_blocks.rfind(index_magic)));

    // Frame codec: block payloads as zstd would hand them over, after the frame count (2 bytes).
    for (const std::size_t n : {std::size_t{1}, std::size_t{6}, frames.size()}) {
        record::BlockEncoder encoder;
        for (std::size_t i = 0; i < n; ++i) encoder.add({frames[i].time_us, frames[i].exchange, frames[i].symbol, frames[i].text});
        const std::string count{static_cast<char>(n & 0xFF), static_cast<char>(n >> 8)};
        write_file(out / "frame_codec" / ("payload-" + std::to_string(n)), count + encoder.finish());
    }

    // Round trip: the recordings above, and frames as lines (stream byte, clock byte, text).
    fs::create_directories(out / "roundtrip");
    for (const auto& entry : fs::directory_iterator(out / "recording"))
        fs::copy_file(entry.path(), out / "roundtrip" / entry.path().filename(), fs::copy_options::overwrite_existing);
    std::string as_lines;
    for (std::size_t i = 0; i < 12; ++i) as_lines += std::string("\2\3") + agg[i] + '\n';
    write_file(out / "roundtrip/lines", as_lines);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "make_seeds: %s\n", e.what());
    return 1;
}
