#include "replay/folder_skips.hpp"

#include <QDir>
#include <QFileInfo>

#include "record/recording_format.hpp"
#include "record/recording_session.hpp"

namespace flowscope::ui {

QStringList files_skipped_in_folder(const QString& folder) {
    QStringList skipped;
    const QString extension = QString::fromStdString(std::string(record::kFileExtension));
    for (const QFileInfo& file : QDir(folder).entryInfoList(QDir::Files | QDir::Hidden, QDir::Name)) {
        const std::string path = file.absoluteFilePath().toStdString();
        if (file.fileName().endsWith(extension)) {
            // Played, or the whole folder refused with the reason: never skipped in silence.
            continue;
        }
        const bool recording = record::is_recording_file(path);
        skipped << QStringLiteral("%1 skipped: %2").arg(
            file.fileName(), recording ? QStringLiteral("a recording without the %1 ending").arg(extension)
                                       : QStringLiteral("not a recording (a trade file replays when opened on its own)"));
    }
    return skipped;
}

}  // namespace flowscope::ui
