#include "source/live_recorder.hpp"

#include <QStandardPaths>

#include <algorithm>

#include "net/live_feed.hpp"
#include "record/daily_recorder.hpp"

namespace flowscope::ui {

QString recordings_folder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recordings");
}

LiveRecorder::LiveRecorder(const QString& folder, Exchange exchange, const std::string& symbol)
    : recorder_(std::make_unique<record::DailyRecorder>(folder.toStdString(), exchange, symbol)) {}

LiveRecorder::~LiveRecorder() { close(); }

void LiveRecorder::note_error() {
    error_ = QString::fromStdString(recorder_->error());
    if (error_.isEmpty()) error_ = QStringLiteral("write failed");
}

std::size_t LiveRecorder::append(std::span<const RawFrame> frames) {
    if (closed_) return 0;
    std::size_t taken = frames.size();
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const RawFrame& f = frames[i];
        // After a failure, try again once a second rather than on every frame (a missing disk
        // would otherwise cost a failed open per frame); frames in between are counted as lost.
        if (!error_.isEmpty() && f.receive_time_us < retry_at_us_) {
            ++lost_;
            taken = std::min(taken, i);
            continue;
        }
        if (!recorder_->append(f.receive_time_us, f.text)) {
            note_error();
            retry_at_us_ = f.receive_time_us + kRetryUs;
            ++lost_;
            taken = std::min(taken, i);
            continue;
        }
        error_.clear();
        last_path_ = QString::fromStdString(recorder_->current_path());
    }
    return taken;
}

void LiveRecorder::flush_if_due(std::int64_t now_us) {
    if (!closed_ && !recorder_->flush_if_due(now_us)) note_error();
}

bool LiveRecorder::flush() {
    if (closed_) return true;
    if (recorder_->flush()) return true;
    note_error();
    return false;
}

const std::vector<std::string>& LiveRecorder::files() const { return recorder_->files(); }

void LiveRecorder::close() {
    if (closed_) return;
    closed_ = true;
    if (!recorder_->close()) note_error();
}

RecordingStatus LiveRecorder::status() const {
    RecordingStatus s;
    s.on = !closed_;
    s.path = last_path_;
    s.bytes = recorder_->bytes_written();
    s.frames = recorder_->frames_written();
    s.error = error_;
    s.lost_frames = lost_;
    return s;
}

}  // namespace flowscope::ui
