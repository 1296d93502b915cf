#include "replay/replay_loading.hpp"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "io/tick_inference.hpp"
#include "io/trade_file.hpp"
#include "model/instrument.hpp"
#include "record/replayer.hpp"
#include "record/trade_file_conversion.hpp"

namespace flowscope::ui {

namespace {
// Trades read at open to know the instrument: the tick (the recorded prices tell the tick of
// their time; older sessions traded finer ticks) and the price the default bucket is sized for.
constexpr std::size_t kSampleTrades = 50'000;

QString text_of(const std::string& s) { return QString::fromStdString(s); }

// A trade file becomes a recording once, in a folder removed when the replay closes.
bool convert(const QString& path, LoadedReplay& out) {
    auto folder = std::make_shared<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/flowscope-replay-XXXXXX"));
    if (!folder->isValid()) {
        out.error = QStringLiteral("cannot make a temporary folder to convert %1: %2").arg(path, folder->errorString());
        return false;
    }
    TradeFileOptions options;
    options.symbol = symbol_in_file_name(path);
    const std::string recording = folder->filePath(QStringLiteral("converted.fsrec")).toStdString();
    const record::ConversionResult result = record::convert_trade_file(path.toStdString(), recording, options);
    if (!result.ok) {
        out.error = text_of(result.error);
        return false;
    }
    out.tick = result.file.tick;
    out.trades = result.file.trades;
    if (result.file.skipped > 0) {
        out.warnings << QStringLiteral("%1 bad lines skipped").arg(result.file.skipped);
        for (const TradeFileIssue& issue : result.file.issues) out.warnings << text_of(describe_issue(issue));
    }
    out.session_path = recording;
    out.converted = std::move(folder);
    return true;
}
}  // namespace

std::string symbol_in_file_name(const QString& path) {
    static const QRegularExpression symbol_in_name(
        QStringLiteral("(?:^|[-_.])([A-Z0-9]{2,}(?:USDT|USDC|BUSD|USD|BTC|ETH))(?:[-_.]|$)"));
    const auto m = symbol_in_name.match(QFileInfo(path).fileName());
    return m.hasMatch() ? m.captured(1).toStdString() : std::string();
}

QString exchange_display_name(Exchange exchange) {
    const std::string_view n = exchange_name(exchange);
    return QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
}

LoadedReplay open_replay_source(const QString& path) {
    LoadedReplay out;
    const bool recording = QFileInfo(path).isDir() || record::is_recording_file(path.toStdString());
    if (recording) out.session_path = path.toStdString();
    else if (!QFileInfo::exists(path)) out.error = QStringLiteral("cannot open %1: no such file or folder").arg(path);
    else if (!convert(path, out)) {
        if (out.error.isEmpty()) out.error = QStringLiteral("cannot read %1").arg(path);
    }
    if (!out.error.isEmpty()) return out;

    // One session samples the first trades, the other is what the replay plays.
    auto sampled = record::RecordingSession::open(out.session_path);
    auto opened = sampled ? record::RecordingSession::open(out.session_path) : std::move(sampled);
    if (!opened) {
        out.error = opened.error().empty() ? QStringLiteral("cannot read %1").arg(path) : text_of(opened.error());
        return out;
    }
    auto session = std::move(*opened);
    // The first trades, through the live parser like the replay itself.
    std::vector<Trade> sample;
    record::Replayer sampler(std::move(*sampled));
    sampler.advance_to(std::numeric_limits<std::int64_t>::max(), sample, kSampleTrades);
    if (sample.empty()) {
        // Say why when the reader knows: a recording cut by a crash loses its unfinished block.
        QStringList why;
        for (const auto& issue : session->issues()) why << text_of(issue.describe());
        out.error = QStringLiteral("%1 holds no trades").arg(path);
        if (!why.isEmpty()) out.error += QStringLiteral(": ") + why.join(QStringLiteral("; "));
        return out;
    }
    out.exchange = exchange_display_name(session->exchange());
    out.symbol = text_of(session->symbol());
    out.first_price = sample.front().price;
    if (recording) {
        out.tick = infer_tick(sample);
        if (out.tick.units <= 0)
            if (const auto instrument = builtin_instrument(session->exchange(), session->symbol())) out.tick = instrument->tick_size;
        for (const auto& issue : session->issues()) out.warnings << text_of(issue.describe());
    }
    out.start_us = session->start_time_us();
    out.end_us = session->end_time_us();
    out.frames = session->frame_count();
    out.session = std::move(session);
    out.ok = true;
    return out;
}

}  // namespace flowscope::ui
