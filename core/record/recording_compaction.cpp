#include "record/recording_compaction.hpp"

#include <filesystem>

#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"

namespace flowscope::record {

Result<void> compact_recording(const std::string& path) {
    auto opened = RecordingReader::open(path);
    if (!opened) return Failure{opened.error()};
    const auto& reader = *opened;
    if (!reader->issues().empty()) return Failure{"the recording has reported problems; left as it is"};
    const std::string tmp = path + ".compacting";
    std::filesystem::remove(tmp);
    RecordingWriterOptions options;
    options.flush_interval_us = 0;
    options.created_time_us = reader->header().created_time_us;
    options.compact_on_close = false;
    auto created = RecordingWriter::create(tmp, reader->header().exchange, reader->header().symbol, options);
    if (!created) return Failure{created.error()};
    const auto& writer = *created;
    std::string why_not;
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
        return Failure{why_not};
    }
    return {};
}

}  // namespace flowscope::record
