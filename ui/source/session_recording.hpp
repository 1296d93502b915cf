#pragma once
// Every frame of a live session, in files, so that a chart change can replay them
// (record::LiveChart) instead of the session's trades being held in memory. Frames go into the
// user's recording (LiveRecorder, the recordings folder) while it is on and writing, and
// otherwise into a folder of the session's own under the cache folder
// (<CacheLocation>/live-sessions/<pid>-<n>, the app's data folder when there is no cache
// location). That folder is deleted when the session closes; one left behind by a process that
// died is deleted by the next session that starts.
//
// The files follow each other in the order the frames were written (the user's, the cache's,
// the user's again after the switch goes back on …); open() plays them as one recording.
// A user recording that fails goes on being retried for the status bar, but the session's frames
// go to the cache from the failure on. Lives in the source worker's thread.
#include <QString>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/exchange.hpp"
#include "model/result.hpp"
#include "source/source_info.hpp"

namespace flowscope {
struct RawFrame;
namespace record {
class DailyRecorder;
class RecordingSession;
}  // namespace record
}  // namespace flowscope

namespace flowscope::ui {

class LiveRecorder;

class SessionRecording {
public:
    // symbol in the exchange's own spelling (the adapter's normalize_symbol).
    SessionRecording(Exchange exchange, std::string symbol);
    ~SessionRecording();  // closes every file and deletes the session's cache folder
    SessionRecording(const SessionRecording&) = delete;
    SessionRecording& operator=(const SessionRecording&) = delete;

    // The user's recording into folder, from the next frame on.
    void start_user(const QString& folder);
    // Stops it; its last status (off, with the last file and its final size).
    RecordingStatus stop_user();
    const LiveRecorder* user() const { return user_.get(); }

    void append(std::span<const RawFrame> frames);
    void flush_if_due(std::int64_t now_us);
    // Writes what is pending and opens every file of the session as one recording, in order.
    Result<std::unique_ptr<record::RecordingSession>> open();

    const QString& cache_folder() const { return cache_folder_; }

private:
    void leave_user();   // the user's recording failed: the session's frames go to the cache
    void leave_cache();  // the user's recording takes the frames from here on
    void append_to_cache(std::span<const RawFrame> frames);

    Exchange exchange_;
    std::string symbol_;
    QString cache_folder_;
    std::unique_ptr<LiveRecorder> user_;
    bool user_takes_frames_ = false;  // user_ is where the session's frames go
    std::unique_ptr<record::DailyRecorder> cache_;
    std::vector<std::string> earlier_files_;  // of the destinations left, in order
};

}  // namespace flowscope::ui
