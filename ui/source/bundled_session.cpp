#include "source/bundled_session.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace flowscope::ui {

QString bundled_session_path() {
    const QString from_env = qEnvironmentVariable("FLOWSCOPE_SESSION");
    if (!from_env.isEmpty() && QFileInfo::exists(from_env)) return from_env;
    const QStringList folders{QCoreApplication::applicationDirPath() + QStringLiteral("/../share/flowscope/sessions"),
                              QStringLiteral(FLOWSCOPE_SOURCE_SESSIONS_DIR)};
    for (const QString& folder : folders) {
        const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files, QDir::Name);
        for (const QFileInfo& f : files)
            if (!f.fileName().startsWith('.') && !f.fileName().endsWith(QStringLiteral(".md"))) return f.absoluteFilePath();
    }
    return {};
}

}  // namespace flowscope::ui
