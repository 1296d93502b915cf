#include "record/recording_info.hpp"

#include <limits>

#include "record/replayer.hpp"

namespace flowscope::record {

RecordingInfo recording_info(const std::string& path, std::int64_t gap_threshold_us) {
    RecordingInfo info;
    auto session = RecordingSession::open(path, info.error);
    if (!session) return info;
    info.ok = true;
    info.files = session->files();
    info.exchange = session->exchange();
    info.symbol = session->symbol();
    info.bytes = session->size_bytes();

    // Gaps in receive time come from the frames themselves (a silent connection has no trades).
    std::int64_t previous = 0;
    RecordedFrame frame;
    bool first = true;
    while (session->next(frame)) {
        if (first) info.first_time_us = frame.receive_time_us;
        if (!first && frame.receive_time_us - previous > gap_threshold_us)
            info.gaps.push_back(RecordingGap{previous, frame.receive_time_us});
        info.last_time_us = std::max(info.last_time_us, frame.receive_time_us);
        previous = frame.receive_time_us;
        first = false;
    }
    session->seek(std::numeric_limits<std::int64_t>::min());

    Replayer replayer(std::move(session));
    std::vector<Trade> batch;
    std::optional<std::uint64_t> last_id;
    for (;;) {
        batch.clear();
        replayer.advance_to(std::numeric_limits<std::int64_t>::max(), batch, 65'536);
        if (batch.empty()) break;
        for (const Trade& t : batch) {
            if (!t.id.number) continue;
            if (last_id && *t.id.number > *last_id + 1) {
                ++info.id_gaps;
                info.missing_ids += *t.id.number - *last_id - 1;
            }
            if (!last_id || *t.id.number > *last_id) last_id = t.id.number;
        }
    }
    const ReplayStats& s = replayer.stats();
    info.frames = s.frames;
    info.trades = s.trades;
    info.ignored = s.ignored;
    info.malformed = s.malformed;
    info.exchange_errors = s.exchange_errors;
    info.issues = replayer.session().issues();
    for (const RecordingIssue& issue : info.issues) {
        if (issue.damage) ++info.damage_reports;
        else info.all_indexed = false;
    }
    return info;
}

}  // namespace flowscope::record
