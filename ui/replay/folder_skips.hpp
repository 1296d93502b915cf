#pragma once
// What a replay of a folder leaves out. A folder of daily recordings plays every .fsrec in it and
// nothing else; a trade file or anything else that sits beside them is skipped, and the user who
// dropped it there should hear so rather than wonder where its trades went.
#include <QString>
#include <QStringList>

namespace flowscope::ui {

// One line per file of `folder` that its replay does not play ("notes.txt skipped: not a
// recording"); empty when every file is a recording. Sub-folders are not looked into.
QStringList files_skipped_in_folder(const QString& folder);

}  // namespace flowscope::ui
