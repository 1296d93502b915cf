#include "replay_loading.hpp"

#include <QFileInfo>
#include <QRegularExpression>

#include "io/tick_inference.hpp"
#include "io/trade_file.hpp"
#include "model/instrument.hpp"
#include "record/recording_session.hpp"
#include "record/recording_trades.hpp"

namespace flowscope::ui {

namespace {
QString name_of(Exchange e) {
    const std::string_view n = exchange_name(e);
    return QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
}

LoadedTrades load_recording(const QString& path) {
    LoadedTrades out;
    const auto result = record::read_recording_trades(
        path.toStdString(), [&out](std::span<const Trade> b) { out.trades.insert(out.trades.end(), b.begin(), b.end()); });
    if (!result.ok) {
        out.error = QString::fromStdString(result.error);
        return out;
    }
    out.exchange = name_of(result.exchange);
    out.symbol = QString::fromStdString(result.symbol);
    // The recorded prices tell the tick of their time (older sessions traded finer ticks).
    out.tick = out.trades.empty() ? Price{} : infer_tick(out.trades);
    if (out.tick.units <= 0)
        if (const auto instrument = builtin_instrument(result.exchange, result.symbol)) out.tick = instrument->tick_size;
    if (result.malformed > 0) out.warnings << QStringLiteral("%1 malformed frames skipped").arg(result.malformed);
    for (const auto& issue : result.issues) out.warnings << QString::fromStdString(issue.describe());
    out.ok = true;
    return out;
}

LoadedTrades load_trade_file(const QString& path) {
    LoadedTrades out;
    TradeFileOptions options;
    // Names like binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv carry the symbol.
    static const QRegularExpression symbol_in_name(
        QStringLiteral("(?:^|[-_.])([A-Z0-9]{2,}(?:USDT|USDC|BUSD|USD|BTC|ETH))(?:[-_.]|$)"));
    if (const auto m = symbol_in_name.match(QFileInfo(path).fileName()); m.hasMatch()) options.symbol = m.captured(1).toStdString();
    const TradeFileResult result = read_trade_file(
        path.toStdString(), options, [](const TradeFileResult&) {},
        [&out](std::span<const Trade> b) { out.trades.insert(out.trades.end(), b.begin(), b.end()); });
    if (!result.ok) {
        out.error = QString::fromStdString(result.error);
        return out;
    }
    out.exchange = name_of(result.exchange);
    out.symbol = QString::fromStdString(result.symbol);
    out.tick = result.tick;
    if (result.skipped > 0) {
        out.warnings << QStringLiteral("%1 bad lines skipped").arg(result.skipped);
        for (const TradeFileIssue& issue : result.issues) out.warnings << QString::fromStdString(describe_issue(issue));
    }
    out.ok = true;
    return out;
}
}  // namespace

LoadedTrades load_replay_trades(const QString& path) {
    const QFileInfo info(path);
    LoadedTrades out = info.isDir() || record::is_recording_file(path.toStdString()) ? load_recording(path)
                                                                                      : load_trade_file(path);
    if (out.ok && out.trades.empty()) {
        out.ok = false;
        out.error = QStringLiteral("%1 holds no trades").arg(path);
    }
    if (!out.ok && out.error.isEmpty()) out.error = QStringLiteral("cannot read %1").arg(path);
    return out;
}

}  // namespace flowscope::ui
