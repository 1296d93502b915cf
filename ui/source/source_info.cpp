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
