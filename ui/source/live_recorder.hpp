#pragma once
// Records a live session's raw frames, as received, into the recordings folder: one file per UTC
// day (record::DailyRecorder). Lives in the source worker's thread, never the UI's. A write
// error is kept and reported in the status, never thrown or shown as a dialog; the chart goes on.
#include <QString>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/exchange.hpp"
#include "source/source_info.hpp"

namespace flowscope {
struct RawFrame;
namespace record {
class DailyRecorder;
}
}  // namespace flowscope

namespace flowscope::ui {

// <AppDataLocation>/recordings: where live sessions are recorded and where "open recording" starts.
QString recordings_folder();

class LiveRecorder {
public:
    // symbol in the exchange's own spelling (the adapter's normalize_symbol).
    LiveRecorder(const QString& folder, Exchange exchange, const std::string& symbol);
    ~LiveRecorder();
    LiveRecorder(const LiveRecorder&) = delete;
    LiveRecorder& operator=(const LiveRecorder&) = delete;

    // Returns how many of the frames, from the first, were taken before one could not be.
    std::size_t append(std::span<const RawFrame> frames);
    // Writes the open block once its oldest frame is a second old (the writer's flush interval).
    void flush_if_due(std::int64_t now_us);
    bool flush();  // the open block now (a chart about to be rebuilt from the files)
    void close();  // writes the index; the status keeps the final size
    RecordingStatus status() const;
    // Every file written, oldest first.
    const std::vector<std::string>& files() const;

private:
    void note_error();

    std::unique_ptr<record::DailyRecorder> recorder_;
    static constexpr std::int64_t kRetryUs = 1'000'000;
    QString last_path_;
    QString error_;
    std::int64_t retry_at_us_ = 0;
    std::uint64_t lost_ = 0;
    bool closed_ = false;
};

}  // namespace flowscope::ui
