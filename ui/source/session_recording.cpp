#include "source/session_recording.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <atomic>
#include <cerrno>
#include <csignal>

#include "net/live_feed.hpp"
#include "record/daily_recorder.hpp"
#include "record/recording_session.hpp"
#include "source/live_recorder.hpp"

namespace flowscope::ui {

namespace {

QString sessions_root() {
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty()) base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base + QStringLiteral("/live-sessions");
}

// Folders of sessions whose process is gone ("<pid>-<n>"): a crash left them.
void remove_orphans(const QString& root) {
    const qint64 self = QCoreApplication::applicationPid();
    for (const QString& name : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const qint64 pid = name.section('-', 0, 0).toLongLong(&ok);
        if (!ok || pid == self || pid <= 0) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) QDir(root + '/' + name).removeRecursively();
    }
}

}  // namespace

SessionRecording::SessionRecording(Exchange exchange, std::string symbol)
    : exchange_(exchange), symbol_(std::move(symbol)) {
    static std::atomic<int> counter{0};  // two sessions of one process never share a folder
    const QString root = sessions_root();
    remove_orphans(root);
    cache_folder_ = QStringLiteral("%1/%2-%3").arg(root).arg(QCoreApplication::applicationPid()).arg(counter.fetch_add(1));
    QDir(cache_folder_).removeRecursively();
}

SessionRecording::~SessionRecording() {
    if (user_) user_->close();
    user_.reset();
    cache_.reset();
    QDir(cache_folder_).removeRecursively();
}

void SessionRecording::start_user(const QString& folder) {
    stop_user();
    leave_cache();
    user_ = std::make_unique<LiveRecorder>(folder, exchange_, symbol_);
    user_takes_frames_ = true;
}

RecordingStatus SessionRecording::stop_user() {
    if (!user_) return {};
    user_->close();
    if (user_takes_frames_) earlier_files_.insert(earlier_files_.end(), user_->files().begin(), user_->files().end());
    user_takes_frames_ = false;
    const RecordingStatus last = user_->status();
    user_.reset();
    return last;
}

void SessionRecording::leave_user() {
    earlier_files_.insert(earlier_files_.end(), user_->files().begin(), user_->files().end());
    user_takes_frames_ = false;
}

void SessionRecording::leave_cache() {
    if (!cache_) return;
    cache_->close();
    earlier_files_.insert(earlier_files_.end(), cache_->files().begin(), cache_->files().end());
    cache_.reset();
}

void SessionRecording::append_to_cache(std::span<const RawFrame> frames) {
    if (frames.empty()) return;
    if (!cache_) {
        record::RecordingWriterOptions options;
        options.compact_on_close = false;  // deleted with the session: not worth rewriting
        cache_ = std::make_unique<record::DailyRecorder>(cache_folder_.toStdString(), exchange_, symbol_, options);
    }
    // A frame the cache cannot take is missing from the replay, which then refuses (LiveChart).
    for (const RawFrame& f : frames) cache_->append(f.receive_time_us, f.text);
}

void SessionRecording::append(std::span<const RawFrame> frames) {
    std::size_t taken = 0;
    if (user_ && user_takes_frames_) {
        // Frame by frame, so that the files are taken as they stood at the first failure: a file
        // the recorder opens when it retries later in the batch holds frames the cache has too.
        while (taken < frames.size() && user_->append(frames.subspan(taken, 1)) == 1) ++taken;
        if (taken < frames.size()) {
            leave_user();
            user_->append(frames.subspan(taken + 1));  // still recorded for the status bar
        }
    } else if (user_) {
        user_->append(frames);
    }
    append_to_cache(frames.subspan(taken));
}

void SessionRecording::flush_if_due(std::int64_t now_us) {
    if (user_) {
        user_->flush_if_due(now_us);
        if (user_takes_frames_ && !user_->status().error.isEmpty()) leave_user();
    }
    if (cache_) cache_->flush_if_due(now_us);
}

Result<std::unique_ptr<record::RecordingSession>> SessionRecording::open() {
    if (user_ && user_takes_frames_ && !user_->flush()) leave_user();
    if (cache_) cache_->flush();
    std::vector<std::string> files = earlier_files_;
    if (user_ && user_takes_frames_) files.insert(files.end(), user_->files().begin(), user_->files().end());
    if (cache_) files.insert(files.end(), cache_->files().begin(), cache_->files().end());
    return record::RecordingSession::open_files(files);
}

}  // namespace flowscope::ui
