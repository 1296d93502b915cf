#include "source/source_info.hpp"

#include <QFileInfo>

namespace flowscope::ui {

QString SourceInfo::title() const {
    switch (kind) {
    case SourceKind::None: return QStringLiteral("No source");
    case SourceKind::Live: return QStringLiteral("%1 · %2 · live").arg(symbol, exchange);
    case SourceKind::Replay:
        if (!group.isEmpty()) return QStringLiteral("%1 · group replay").arg(group);
        return QStringLiteral("%1 · %2 · replay").arg(symbol, exchange);
    }
    return {};
}

bool recording_report_due(const RecordingStatus& now, const RecordingStatus& last, const QElapsedTimer& last_at, bool force) {
    constexpr qint64 kEveryMs = 500;  // the status bar's file size, twice a second at most
    if (force) return true;
    if (now == last) return false;
    const bool same_kind = now.on == last.on && now.error == last.error && now.path == last.path;
    return !same_kind || !last_at.isValid() || last_at.elapsed() >= kEveryMs;
}

QString connection_state_name(ConnectionState state) {
    switch (state) {
    case ConnectionState::Idle: return QStringLiteral("Idle");
    case ConnectionState::Connecting: return QStringLiteral("Connecting");
    case ConnectionState::Connected: return QStringLiteral("Connected");
    case ConnectionState::Reconnecting: return QStringLiteral("Reconnecting");
    case ConnectionState::Stalled: return QStringLiteral("Stalled");
    case ConnectionState::Failed: return QStringLiteral("Offline");
    }
    return {};
}

}  // namespace flowscope::ui
