#pragma once
// The layouts a trader saves by name, in one human-readable, versioned JSON file: layouts.json in
// the config folder beside flowscope.conf (the window's last layout is kept with the window's
// state in settings). A file that cannot be read is never overwritten: it is moved aside and the
// message says where.
#include <QString>
#include <QStringList>
#include <map>
#include <optional>

#include "window/pane_layout.hpp"

namespace flowscope::ui {

class LayoutLibrary {
public:
    // path: empty for layouts.json in the config folder.
    explicit LayoutLibrary(QString path = {});
    const QString& path() const { return path_; }

    // Reads the file; empty when it was read or is not there yet, else what was wrong with it
    // (the file then moved aside to path.unreadable).
    QString load();
    QStringList names() const;  // sorted
    std::optional<PaneLayout> named(const QString& name) const;

    // Each writes the whole file at once (QSaveFile); the error, empty on success.
    QString save_named(const QString& name, const PaneLayout& layout);
    QString remove(const QString& name);

    static constexpr int kVersion = 1;

private:
    QString write();

    QString path_;
    std::map<QString, PaneLayout> named_;
};

}  // namespace flowscope::ui
