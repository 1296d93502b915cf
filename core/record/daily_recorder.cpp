#include "record/daily_recorder.hpp"

#include <chrono>
#include <filesystem>

#include "model/decimal.hpp"

namespace flowscope::record {

namespace {
constexpr std::int64_t kDayUs = 86'400'000'000;
}

std::string utc_date(std::int64_t time_us) {
    using namespace std::chrono;
    const sys_days day{days{floor_div(time_us, kDayUs)}};
    const year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string recording_file_name(Exchange exchange, std::string_view symbol, std::int64_t time_us) {
    std::string safe(symbol);
    for (char& c : safe) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) c = '_';
    }
    return std::string(exchange_name(exchange)) + "-" + safe + "-" + utc_date(time_us) + std::string(kFileExtension);
}

DailyRecorder::DailyRecorder(std::string dir, Exchange exchange, std::string symbol, RecordingWriterOptions options)
    : dir_(std::move(dir)), exchange_(exchange), symbol_(std::move(symbol)), options_(options) {}

DailyRecorder::~DailyRecorder() { close(); }

bool DailyRecorder::open_for(std::int64_t time_us) {
    if (writer_) {
        if (!writer_->close()) error_ = writer_->error();
        closed_bytes_ += writer_->bytes_written();
        writer_.reset();
    }
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    const std::string base = recording_file_name(exchange_, symbol_, time_us);
    const std::string stem = base.substr(0, base.size() - kFileExtension.size());
    std::string path = (std::filesystem::path(dir_) / base).string();
    for (int n = 1; std::filesystem::exists(path); ++n)
        path = (std::filesystem::path(dir_) / (stem + "." + std::to_string(n) + std::string(kFileExtension))).string();
    day_end_us_ = (floor_div(time_us, kDayUs) + 1) * kDayUs;
    auto created = RecordingWriter::create(path, exchange_, symbol_, options_);
    if (!created) {
        error_ = created.error();
        return false;
    }
    writer_ = std::move(*created);
    files_.push_back(path);
    return true;
}

bool DailyRecorder::append(std::int64_t receive_time_us, std::string_view text) {
    if (!writer_ || receive_time_us >= day_end_us_ || receive_time_us < day_end_us_ - kDayUs) {
        if (!open_for(receive_time_us)) return false;
    }
    if (!writer_->append(RecordedFrame{receive_time_us, exchange_, symbol_, text})) {
        error_ = writer_->error();
        return false;
    }
    ++frames_;
    return true;
}

bool DailyRecorder::flush_if_due(std::int64_t now_us) {
    if (!writer_) return true;
    if (!writer_->flush_if_due(now_us)) {
        error_ = writer_->error();
        return false;
    }
    return true;
}

bool DailyRecorder::flush() {
    if (!writer_) return true;
    if (!writer_->flush()) {
        error_ = writer_->error();
        return false;
    }
    return true;
}

bool DailyRecorder::close() {
    if (!writer_) return error_.empty();
    const bool ok = writer_->close();
    if (!ok) error_ = writer_->error();
    closed_bytes_ += writer_->bytes_written();
    writer_.reset();
    return ok;
}

const std::string& DailyRecorder::current_path() const {
    static const std::string none;
    return writer_ ? writer_->path() : none;
}

std::uint64_t DailyRecorder::bytes_written() const {
    return closed_bytes_ + (writer_ ? writer_->bytes_written() : 0);
}

}  // namespace flowscope::record
