#include "record/recording_trades.hpp"

#include <algorithm>
#include <limits>

#include "record/replayer.hpp"

namespace flowscope::record {

Result<RecordingTrades> read_recording_trades(const std::string& path,
                                              const std::function<void(std::span<const Trade>)>& on_trades,
                                              std::size_t batch_trades) {
    auto opened = RecordingSession::open(path);
    if (!opened) return Failure{opened.error()};
    auto session = std::move(*opened);
    RecordingTrades result;
    result.exchange = session->exchange();
    result.symbol = session->symbol();
    Replayer replayer(std::move(session));
    // Decoded and parsed on a second thread while on_trades works on this one (Replayer::play_to);
    // gathered here into batches of the size the caller asked for.
    batch_trades = std::max<std::size_t>(1, batch_trades);
    std::vector<Trade> batch;
    batch.reserve(batch_trades);
    replayer.play_to(std::numeric_limits<std::int64_t>::max(), [&](std::span<const Trade> trades) {
        while (!trades.empty()) {
            const std::size_t take = std::min(trades.size(), batch_trades - batch.size());
            batch.insert(batch.end(), trades.begin(), trades.begin() + static_cast<std::ptrdiff_t>(take));
            trades = trades.subspan(take);
            if (batch.size() == batch_trades) {
                on_trades(batch);
                batch.clear();
            }
        }
    });
    if (!batch.empty()) on_trades(batch);
    const ReplayStats& s = replayer.stats();
    result.frames = s.frames;
    result.trades = s.trades;
    result.ignored = s.ignored;
    result.malformed = s.malformed;
    result.exchange_errors = s.exchange_errors;
    result.control = s.control;
    result.duplicates = s.duplicates;
    result.issues = replayer.session().issues();
    return result;
}

}  // namespace flowscope::record
