#include "record/recording_info.hpp"

#include <limits>

#include "net/exchange_adapter.hpp"
#include "net/trade_gap_detector.hpp"
#include "record/replayer.hpp"

namespace flowscope::record {

Result<RecordingInfo> recording_info(const std::string& path, std::int64_t gap_threshold_us) {
    auto opened = RecordingSession::open(path);
    if (!opened) return Failure{opened.error()};
    auto session = std::move(*opened);
    RecordingInfo info;
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

    // Missed trades are found as the live feed finds them, and only where the exchange numbers
    // its trades consecutively (elsewhere ids skip by design); after the replay put repaired
    // trades (backfill frames) in their place, so a repaired hole is no gap.
    const auto adapter = make_adapter(info.exchange);
    const bool ids_are_sequential = adapter && adapter->trade_ids_are_sequential();
    TradeGapDetector gaps;
    Replayer replayer(std::move(session));
    std::vector<Trade> batch;
    for (;;) {
        batch.clear();
        replayer.advance_to(std::numeric_limits<std::int64_t>::max(), batch, 65'536);
        if (batch.empty()) break;
        if (!ids_are_sequential) continue;
        for (const Trade& t : batch) {
            if (const auto gap = gaps.observe(t)) {
                ++info.id_gaps;
                info.missing_ids += gap->missed;
            }
        }
    }
    const ReplayStats& s = replayer.stats();
    info.frames = s.frames;
    info.trades = s.trades;
    info.ignored = s.ignored;
    info.malformed = s.malformed;
    info.exchange_errors = s.exchange_errors;
    info.control = s.control;
    info.duplicates = s.duplicates;
    info.issues = replayer.session().issues();
    for (const RecordingIssue& issue : info.issues) {
        if (issue.damage) ++info.damage_reports;
        else info.all_indexed = false;
    }
    return info;
}

}  // namespace flowscope::record
