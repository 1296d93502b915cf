#include "record/recording_session.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "record/trade_file_conversion.hpp"

namespace flowscope::record {

namespace fs = std::filesystem;

bool is_recording_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<char, kFileMagic.size()> magic{};
    return in.read(magic.data(), magic.size()) && magic == kFileMagic;
}

namespace {
// A trade file becomes a recording in the temp folder, mapped and then unlinked at once: the
// mapping keeps it readable, and nothing is left behind whatever happens next.
Result<std::unique_ptr<RecordingReader>> open_converted(const std::string& path) {
    static std::atomic<unsigned> counter{0};  // two sessions of one process never share a name
    const fs::path tmp = fs::temp_directory_path() / ("flowscope-replay-" + std::to_string(::getpid()) + "-" +
                                                      std::to_string(counter.fetch_add(1)) + ".fsrec");
    fs::remove(tmp);
    const ConversionResult converted = convert_trade_file(path, tmp.string());
    if (!converted.ok) return Failure{converted.error};
    auto reader = RecordingReader::open(tmp.string());
    fs::remove(tmp);
    return reader;
}
}  // namespace

Result<std::unique_ptr<RecordingSession>> RecordingSession::open(const std::string& path) {
    std::unique_ptr<RecordingSession> session(new RecordingSession());
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<std::string> paths;
        for (const auto& entry : fs::directory_iterator(path, ec))
            if (entry.is_regular_file() && entry.path().extension() == kFileExtension) paths.push_back(entry.path().string());
        std::sort(paths.begin(), paths.end());
        if (paths.empty()) return Failure{path + " holds no " + std::string(kFileExtension) + " recording"};
        for (const std::string& p : paths) {
            auto reader = RecordingReader::open(p);
            if (!reader) return Failure{reader.error()};
            if (auto added = session->add(std::move(*reader)); !added) return Failure{added.error()};
        }
    } else if (is_recording_file(path)) {
        auto reader = RecordingReader::open(path);
        if (!reader) return Failure{reader.error()};
        if (auto added = session->add(std::move(*reader)); !added) return Failure{added.error()};
    } else if (fs::is_regular_file(path, ec)) {
        auto reader = open_converted(path);
        if (!reader) return Failure{reader.error()};
        if (auto added = session->add(std::move(*reader)); !added) return Failure{added.error()};
        session->files_.back() = path;
    } else {
        return Failure{"cannot open " + path + ": no such file or folder"};
    }
    // Files play in the order of their first frame (a restarted recorder's ".1" file follows).
    std::vector<std::size_t> order(session->readers_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return session->readers_[a]->min_time_us() < session->readers_[b]->min_time_us();
    });
    RecordingSession sorted;
    for (std::size_t i : order) {
        sorted.readers_.push_back(std::move(session->readers_[i]));
        sorted.files_.push_back(session->files_[i]);
    }
    session->readers_ = std::move(sorted.readers_);
    session->files_ = std::move(sorted.files_);
    for (auto& r : session->readers_) session->cursors_.push_back(std::make_unique<FrameCursor>(*r));
    return session;
}

Result<std::unique_ptr<RecordingSession>> RecordingSession::open_files(const std::vector<std::string>& paths) {
    std::unique_ptr<RecordingSession> session(new RecordingSession());
    for (const std::string& p : paths) {
        auto reader = RecordingReader::open(p);
        if (!reader) return Failure{reader.error()};
        if ((*reader)->frame_count() == 0) continue;
        if (auto added = session->add(std::move(*reader)); !added) return Failure{added.error()};
    }
    if (session->readers_.empty()) return Failure{"no frame recorded yet"};
    for (auto& r : session->readers_) session->cursors_.push_back(std::make_unique<FrameCursor>(*r));
    return session;
}

Result<void> RecordingSession::add(std::unique_ptr<RecordingReader> reader) {
    const FileHeader& h = reader->header();
    if (readers_.empty()) {
        exchange_ = h.exchange;
        symbol_ = h.symbol;
    } else if (h.exchange != exchange_ || h.symbol != symbol_) {
        return Failure{reader->path() + " records " + std::string(exchange_name(h.exchange)) + " " + h.symbol + ", but " +
                       files_.front() + " records " + std::string(exchange_name(exchange_)) + " " + symbol_ +
                       ": a session plays one stream"};
    }
    files_.push_back(reader->path());
    readers_.push_back(std::move(reader));
    return {};
}

bool RecordingSession::next(RecordedFrame& frame) {
    while (current_ < cursors_.size()) {
        if (cursors_[current_]->next(frame)) return true;
        ++current_;
    }
    return false;
}

NextFrame RecordingSession::next_decoded(RecordedFrame& frame, std::vector<Trade>& trades) {
    while (current_ < cursors_.size()) {
        const NextFrame got = cursors_[current_]->next_decoded(frame, trades);
        if (got != NextFrame::End) return got;
        ++current_;
    }
    return NextFrame::End;
}

void RecordingSession::seek(std::int64_t time_us) {
    current_ = 0;
    while (current_ + 1 < readers_.size() && readers_[current_]->max_time_us() < time_us) ++current_;
    cursors_[current_]->seek(time_us);
    for (std::size_t i = current_ + 1; i < cursors_.size(); ++i) cursors_[i]->rewind();
}

std::int64_t RecordingSession::start_time_us() const { return readers_.front()->min_time_us(); }
std::int64_t RecordingSession::end_time_us() const { return readers_.back()->max_time_us(); }

std::uint64_t RecordingSession::frame_count() const {
    std::uint64_t n = 0;
    for (const auto& r : readers_) n += r->frame_count();
    return n;
}

std::uint64_t RecordingSession::size_bytes() const {
    std::uint64_t n = 0;
    for (const auto& r : readers_) n += r->file_size();
    return n;
}

std::vector<RecordingIssue> RecordingSession::issues() const {
    std::vector<RecordingIssue> all;
    for (const auto& r : readers_) all.insert(all.end(), r->issues().begin(), r->issues().end());
    return all;
}

}  // namespace flowscope::record
