#include "source/source_request.hpp"

#include <QFileInfo>

namespace flowscope::ui {

namespace {
const QString kGroupPrefix = QStringLiteral("group:");
const QString kQuoteMixField = QStringLiteral("*quote-mix");
const QString kLivePrefix = QStringLiteral("live:");

// "live:EX:SYM" with both parts.
bool is_live_member(const QString& member) {
    const QStringList parts = member.split(':');
    return parts.size() == 3 && parts[0] == QStringLiteral("live") && !parts[1].isEmpty() && !parts[2].isEmpty();
}

// The group's fields: its members (a live member's endpoint after "@" when with_endpoints), the
// quote-mix flag.
QString group_key(const SourceRequest& r, bool with_endpoints);

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

namespace {
QString group_key(const SourceRequest& r, bool with_endpoints) {
    QStringList fields;
    for (qsizetype i = 0; i < r.members.size(); ++i) {
        QString field = r.members[i];
        if (with_endpoints && i < r.member_endpoints.size() && !r.member_endpoints[i].isEmpty())
            field += '@' + r.member_endpoints[i];
        fields << escaped(field);
    }
    if (r.accept_quote_mix) fields << kQuoteMixField;
    return kGroupPrefix + fields.join('|');
}
}  // namespace

SourceRequest SourceRequest::group_of(const QStringList& members, bool accept_quote_mix) {
    SourceRequest request{false, {}, {}, {}, {}, {}, {}, members, accept_quote_mix, {}};
    request.path = request.key();
    return request;
}

SourceRequest SourceRequest::live_group_of(const QStringList& markets, const QStringList& endpoints, bool accept_quote_mix) {
    QStringList members;
    for (const QString& m : markets) members << kLivePrefix + m;
    SourceRequest request = group_of(members, accept_quote_mix);
    request.member_endpoints = endpoints;
    request.path = group_key(request, true);
    return request;
}

QString SourceRequest::key() const {
    if (group()) return group_key(*this, false);
    return live ? QStringLiteral("live:%1:%2").arg(exchange, symbol) : QStringLiteral("file:%1").arg(path);
}

QString SourceRequest::label() const {
    if (live_group()) {
        QStringList names;
        for (const QString& m : members) names << m.mid(kLivePrefix.size()).replace(':', ' ');
        return QStringLiteral("Live group ×%1 · %2%3")
            .arg(members.size())
            .arg(names.join(QStringLiteral(" + ")), accept_quote_mix ? QStringLiteral(" · mixed quotes") : QString());
    }
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
        QStringList members, endpoints;
        for (const QString& f : fields) {
            if (f.isEmpty() || f.startsWith('*')) return std::nullopt;  // an empty member, or a flag not known
            QString member = unescaped(f);
            QString endpoint;
            if (member.startsWith(kLivePrefix)) {
                const qsizetype at = member.indexOf('@');
                if (at >= 0) {
                    endpoint = member.mid(at + 1);
                    member.truncate(at);
                }
                if (!is_live_member(member)) return std::nullopt;
            }
            members << member;
            endpoints << endpoint;
        }
        if (members.size() < 2) return std::nullopt;
        // A group is live or of files, not both.
        const bool live = members.front().startsWith(kLivePrefix);
        for (const QString& m : members)
            if (m.startsWith(kLivePrefix) != live) return std::nullopt;
        SourceRequest request = group_of(members, mix);
        if (live && endpoints.join(QString()).size() > 0) {
            request.member_endpoints = endpoints;
            request.path = group_key(request, true);
        }
        return request;
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
