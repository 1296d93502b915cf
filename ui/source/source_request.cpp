#include "source/source_request.hpp"

#include <QFileInfo>

namespace flowscope::ui {

namespace {
const QString kGroupPrefix = QStringLiteral("group:");
const QString kQuoteMixField = QStringLiteral("*quote-mix");

// A member as a field of the group key: the separator, the escape and a leading flag mark escaped.
QString escaped(const QString& path) {
    QString text = path;
    text.replace('%', QStringLiteral("%25")).replace('|', QStringLiteral("%7C"));
    if (text.startsWith('*')) text.replace(0, 1, QStringLiteral("%2A"));
    return text;
}

QString unescaped(const QString& field) {
    QString text;
    text.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] == '%' && i + 2 < field.size()) {
            bool ok = false;
            const int code = field.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                text += QChar(code);
                i += 2;
                continue;
            }
        }
        text += field[i];
    }
    return text;
}
}  // namespace

SourceRequest SourceRequest::group_of(const QStringList& members, bool accept_quote_mix) {
    SourceRequest request{false, {}, {}, {}, {}, {}, {}, members, accept_quote_mix};
    request.path = request.key();
    return request;
}

QString SourceRequest::key() const {
    if (group()) {
        QStringList fields;
        for (const QString& m : members) fields << escaped(m);
        if (accept_quote_mix) fields << kQuoteMixField;
        return kGroupPrefix + fields.join('|');
    }
    return live ? QStringLiteral("live:%1:%2").arg(exchange, symbol) : QStringLiteral("file:%1").arg(path);
}

QString SourceRequest::label() const {
    if (group()) {
        QStringList names;
        for (const QString& m : members) names << QFileInfo(m).fileName();
        return QStringLiteral("Group ×%1 · %2%3")
            .arg(members.size())
            .arg(names.join(QStringLiteral(" + ")), accept_quote_mix ? QStringLiteral(" · mixed quotes") : QString());
    }
    return live ? QStringLiteral("Live · %1 %2").arg(exchange, symbol)
                : QStringLiteral("Replay · %1").arg(QFileInfo(path).fileName());
}

std::optional<SourceRequest> SourceRequest::from_key(const QString& key) {
    if (key.startsWith(kGroupPrefix)) {
        QStringList fields = key.mid(kGroupPrefix.size()).split('|');
        const bool mix = !fields.isEmpty() && fields.back() == kQuoteMixField;
        if (mix) fields.removeLast();
        QStringList members;
        for (const QString& f : fields) {
            if (f.isEmpty() || f.startsWith('*')) return std::nullopt;  // an empty member, or a flag not known
            members << unescaped(f);
        }
        if (members.size() < 2) return std::nullopt;
        return group_of(members, mix);
    }
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
