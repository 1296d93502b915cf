#include "bundled_session.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace flowscope::ui {

QString bundled_session_path() {
    const QString from_env = qEnvironmentVariable("FLOWSCOPE_SESSION");
    if (!from_env.isEmpty() && QFileInfo::exists(from_env)) return from_env;
    const QStringList folders{QCoreApplication::applicationDirPath() + QStringLiteral("/../share/flowscope/sessions"),
                              QStringLiteral(FLOWSCOPE_RESOURCES_DIR "/sessions")};
    for (const QString& folder : folders) {
        const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files, QDir::Name);
        for (const QFileInfo& f : files)
            if (!f.fileName().startsWith('.') && !f.fileName().endsWith(QStringLiteral(".md"))) return f.absoluteFilePath();
    }
    const QString hour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
    return QFileInfo::exists(hour) ? hour : QString();
}

}  // namespace flowscope::ui
