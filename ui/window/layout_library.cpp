#include "window/layout_library.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSettings>

namespace flowscope::ui {

namespace {

QString config_folder() {
    // Where QSettings keeps flowscope.conf, so that every file of the user's setup sits together.
    const QSettings settings(QStringLiteral("flowscope"), QStringLiteral("flowscope"));
    return QFileInfo(settings.fileName()).absolutePath();
}

}  // namespace

LayoutLibrary::LayoutLibrary(QString path)
    : path_(path.isEmpty() ? QDir(config_folder()).filePath(QStringLiteral("layouts.json")) : std::move(path)) {}

QString LayoutLibrary::load() {
    named_.clear();
    QFile file(path_);
    if (!file.exists()) return {};
    QString error;
    if (!file.open(QIODevice::ReadOnly)) return QStringLiteral("%1 cannot be read: %2").arg(path_, file.errorString());
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    file.close();
    const QJsonObject top = doc.object();
    if (parse.error != QJsonParseError::NoError) {
        error = QStringLiteral("not JSON at byte %1 (%2)").arg(parse.offset).arg(parse.errorString());
    } else if (!doc.isObject() || !top.value("version").isDouble()) {
        error = QStringLiteral("no version: not a flowscope layouts file");
    } else if (top.value("version").toInt() > kVersion) {
        error = QStringLiteral("version %1 is newer than this flowscope reads (%2)").arg(top.value("version").toInt()).arg(kVersion);
    } else {
        const QJsonObject named = top.value("layouts").toObject();
        for (auto it = named.begin(); it != named.end() && error.isEmpty(); ++it) {
            auto layout = layout_from_json(it.value().toObject());
            if (layout) named_.emplace(it.key(), std::move(*layout));
            else error = QStringLiteral("layouts.%1: %2").arg(it.key(), QString::fromStdString(layout.error()));
        }
    }
    if (error.isEmpty()) return {};
    named_.clear();
    // Kept for the user to mend or to read back: the next save starts a new file.
    const QString aside = path_ + QStringLiteral(".unreadable");
    QFile::remove(aside);
    const bool moved = QFile::rename(path_, aside);
    return QStringLiteral("Layouts not read from %1: %2. %3")
        .arg(path_, error, moved ? QStringLiteral("It was kept as %1.").arg(aside) : QStringLiteral("It was left in place."));
}

QStringList LayoutLibrary::names() const {
    QStringList out;
    for (const auto& [name, layout] : named_) out.append(name);
    return out;
}

std::optional<PaneLayout> LayoutLibrary::named(const QString& name) const {
    const auto it = named_.find(name);
    return it == named_.end() ? std::nullopt : std::optional(it->second);
}

QString LayoutLibrary::save_named(const QString& name, const PaneLayout& layout) {
    if (name.trimmed().isEmpty()) return QStringLiteral("a layout needs a name");
    named_[name.trimmed()] = layout;
    return write();
}

QString LayoutLibrary::remove(const QString& name) {
    if (named_.erase(name) == 0) return QStringLiteral("there is no layout called %1").arg(name);
    return write();
}

QString LayoutLibrary::write() {
    QJsonObject top{{"version", kVersion}};
    QJsonObject named;
    for (const auto& [name, layout] : named_) named[name] = layout_to_json(layout);
    top["layouts"] = named;
    QDir().mkpath(QFileInfo(path_).absolutePath());
    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly)) return QStringLiteral("%1 cannot be written: %2").arg(path_, file.errorString());
    file.write(QJsonDocument(top).toJson(QJsonDocument::Indented));
    if (!file.commit()) return QStringLiteral("%1 not saved: %2").arg(path_, file.errorString());
    return {};
}

}  // namespace flowscope::ui
