// The recording writer fed by what the reader read: the frames of a fuzzed recording (or, for
// input that is no recording, frames cut from its lines) are written to a new file in small
// blocks, with time flushes and compaction on close, and must read back identical: same count,
// times, streams and text, and no issue reported on the writer's own file. Inputs of even size
// have their checksums made right first, so that more of them hold frames.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "fix_checksums.hpp"
#include "fuzz_check.hpp"
#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {

struct Frame {
    std::int64_t receive_time_us;
    Exchange exchange;
    std::string symbol, text;
};

std::vector<Frame> frames_of_recording(std::string bytes, FileHeader& header) {
    std::vector<Frame> frames;
    auto opened = RecordingReader::from_bytes(std::move(bytes), "input.fsrec");
    if (!opened) return frames;
    const auto& reader = *opened;
    header = reader->header();
    FrameCursor cursor(*reader);
    RecordedFrame f;
    while (cursor.next(f)) frames.push_back({f.receive_time_us, f.exchange, std::string(f.symbol), std::string(f.text)});
    return frames;
}

// Each line is a frame: its first byte picks the stream, its second moves the clock (backwards
// too: a wall clock can step back), the rest is the text.
std::vector<Frame> frames_of_lines(std::string_view bytes) {
    static const char* const kSymbols[] = {"BTCUSDT", "ETH-USD", "", "XBT/USD"};
    std::vector<Frame> frames;
    std::int64_t time_us = 1'582'329'602'500'123;
    while (!bytes.empty()) {
        const std::size_t end = std::min(bytes.find('\n'), bytes.size());
        std::string_view line = bytes.substr(0, end);
        bytes.remove_prefix(std::min(end + 1, bytes.size()));
        if (line.size() < 2) continue;
        const auto pick = static_cast<unsigned char>(line[0]);
        time_us += static_cast<signed char>(line[1]) * 10'007;
        frames.push_back({time_us, static_cast<Exchange>(pick % 7), kSymbols[(pick / 7) % 4], std::string(line.substr(2))});
    }
    return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = fuzz::scratch_path("roundtrip.fsrec");
    std::string input(reinterpret_cast<const char*>(data), size);
    if (size % 2 == 0) fuzz::fix_checksums(input);
    FileHeader header;
    header.exchange = Exchange::BinanceFutures;
    header.symbol = "BTCUSDT";
    std::vector<Frame> frames = frames_of_recording(input, header);
    if (frames.empty()) frames = frames_of_lines(input);

    std::filesystem::remove(path);
    RecordingWriterOptions options;
    options.max_block_frames = 3 + static_cast<std::uint32_t>(size % 5);
    options.created_time_us = 1;
    {
        auto created = RecordingWriter::create(path, header.exchange, header.symbol, options);
        fuzz::check(created.ok(), "the writer refused a header the reader accepted: " + created.error());
        const auto& writer = *created;
        for (const Frame& f : frames)
            fuzz::check(writer->append(RecordedFrame{f.receive_time_us, f.exchange, f.symbol, f.text}),
                        "append failed: " + writer->error());
        fuzz::check(writer->close(), "close failed: " + writer->error());
    }

    auto opened = RecordingReader::open(path);
    fuzz::check(opened.ok(), "the writer's own file does not open: " + opened.error());
    const auto& reader = *opened;
    for (const RecordingIssue& issue : reader->issues()) fuzz::fail("the writer's own file has an issue: " + issue.describe());
    fuzz::check(reader->header().exchange == header.exchange && reader->header().symbol == header.symbol,
                "the file header does not read back");
    FrameCursor cursor(*reader);
    RecordedFrame f;
    std::size_t i = 0;
    for (; cursor.next(f); ++i) {
        fuzz::check(i < frames.size(), "more frames read back than written");
        const Frame& w = frames[i];
        fuzz::check(f.receive_time_us == w.receive_time_us && f.exchange == w.exchange && f.symbol == w.symbol &&
                        f.text == w.text,
                    "frame " + std::to_string(i) + " reads back different");
    }
    fuzz::check(i == frames.size(), "fewer frames read back than written");
    return 0;
}
