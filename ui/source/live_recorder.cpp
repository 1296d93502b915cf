#include "source/live_recorder.hpp"

#include <QStandardPaths>

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

void LiveRecorder::append(std::span<const RawFrame> frames) {
    if (closed_) return;
    for (const RawFrame& f : frames) {
        // After a failure, try again once a second rather than on every frame (a missing disk
        // would otherwise cost a failed open per frame); frames in between are counted as lost.
        if (!error_.isEmpty() && f.receive_time_us < retry_at_us_) {
            ++lost_;
            continue;
        }
        if (!recorder_->append(f.receive_time_us, f.text)) {
            note_error();
            retry_at_us_ = f.receive_time_us + kRetryUs;
            ++lost_;
            continue;
        }
        error_.clear();
        last_path_ = QString::fromStdString(recorder_->current_path());
    }
}

void LiveRecorder::flush_if_due(std::int64_t now_us) {
    if (!closed_ && !recorder_->flush_if_due(now_us)) note_error();
}

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
