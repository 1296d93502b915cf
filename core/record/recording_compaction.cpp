#include "record/recording_compaction.hpp"

#include <filesystem>

#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"

namespace flowscope::record {

bool compact_recording(const std::string& path, std::string& why_not) {
    auto reader = RecordingReader::open(path, why_not);
    if (!reader) return false;
    if (!reader->issues().empty()) {
        why_not = "the recording has reported problems; left as it is";
        return false;
    }
    const std::string tmp = path + ".compacting";
    std::filesystem::remove(tmp);
    RecordingWriterOptions options;
    options.flush_interval_us = 0;
    options.created_time_us = reader->header().created_time_us;
    options.compact_on_close = false;
    auto writer = RecordingWriter::create(tmp, reader->header().exchange, reader->header().symbol, options, why_not);
    if (!writer) return false;
    FrameCursor cursor(*reader);
    RecordedFrame frame;
    bool ok = true;
    while (ok && cursor.next(frame)) ok = writer->append(frame);
    ok = writer->close() && ok;
    if (ok && reader->damaged_blocks() > 0) {
        ok = false;
        why_not = "the recording has damaged blocks (reported problems); left as it is";
    } else if (ok && writer->frames_written() != reader->frame_count()) {
        ok = false;
        why_not = "the rewrite does not hold the same frames";
    } else if (!ok) {
        why_not = writer->error();
    }
    std::error_code ec;
    if (ok) std::filesystem::rename(tmp, path, ec);
    if (!ok || ec) {
        if (ec) why_not = "cannot replace " + path + ": " + ec.message();
        std::filesystem::remove(tmp);
        return false;
    }
    return true;
}

}  // namespace flowscope::record
