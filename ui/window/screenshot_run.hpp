#pragma once
// `flowscope --screenshot OUT.png`: waits until the replay reaches its end (or --until), saves a
// PNG of the whole window and quits with 0; quits with 1 and a message if the source fails.
#include <QObject>
#include <QString>

namespace flowscope::ui {

class MainWindow;

class ScreenshotRun : public QObject {
    Q_OBJECT
public:
    // until_text: "" (the end), "HH:MM[:SS]" on the replay's first day, or "YYYY-MM-DDTHH:MM[:SS]" (UTC).
    ScreenshotRun(MainWindow* window, QString out_path, QString until_text, int timeout_s);

    // Parses --until against the replay's first trade time; nullopt-like −1 when unreadable.
    static qint64 parse_until(const QString& text, qint64 replay_start_us);

private:
    void finish();
    bool others_done() const;
    void fail(const QString& message);

    MainWindow* window_;
    QString out_path_;
    QString until_text_;
    QString source_path_;  // what the replay opened, said when the picture is saved
    bool done_ = false;
};

}  // namespace flowscope::ui
