#include "source/source_request.hpp"

#include <QFileInfo>

namespace flowscope::ui {

QString SourceRequest::key() const {
    return live ? QStringLiteral("live:%1:%2").arg(exchange, symbol) : QStringLiteral("file:%1").arg(path);
}

QString SourceRequest::label() const {
    return live ? QStringLiteral("Live · %1 %2").arg(exchange, symbol)
                : QStringLiteral("Replay · %1").arg(QFileInfo(path).fileName());
}

std::optional<SourceRequest> SourceRequest::from_key(const QString& key) {
    if (key.startsWith(QStringLiteral("file:"))) {
        const QString path = key.mid(5);
        if (path.isEmpty()) return std::nullopt;
        return replay(path);
    }
    if (key.startsWith(QStringLiteral("live:"))) {
        const QStringList parts = key.mid(5).split(':');
        if (parts.size() != 2 || parts[0].isEmpty() || parts[1].isEmpty()) return std::nullopt;
        return live_market(parts[0], parts[1]);
    }
    return std::nullopt;
}

}  // namespace flowscope::ui
