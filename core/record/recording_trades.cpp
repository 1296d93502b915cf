#include "record/recording_trades.hpp"

#include <limits>

#include "record/replayer.hpp"

namespace flowscope::record {

RecordingTradesResult read_recording_trades(const std::string& path,
                                            const std::function<void(std::span<const Trade>)>& on_trades,
                                            std::size_t batch_trades) {
    RecordingTradesResult result;
    auto session = RecordingSession::open(path, result.error);
    if (!session) return result;
    result.ok = true;
    result.exchange = session->exchange();
    result.symbol = session->symbol();
    Replayer replayer(std::move(session));
    std::vector<Trade> batch;
    batch.reserve(batch_trades);
    for (;;) {
        batch.clear();
        replayer.advance_to(std::numeric_limits<std::int64_t>::max(), batch, batch_trades);
        if (batch.empty()) break;
        on_trades(batch);
    }
    const ReplayStats& s = replayer.stats();
    result.frames = s.frames;
    result.trades = s.trades;
    result.ignored = s.ignored;
    result.malformed = s.malformed;
    result.exchange_errors = s.exchange_errors;
    result.issues = replayer.session().issues();
    return result;
}

}  // namespace flowscope::record
