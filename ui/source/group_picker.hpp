#pragma once
// Picks the files of a group of markets: one exchange's recording or trade file each, in the
// group's order (trades of one exchange time go to the file higher in the list first; drag to
// reorder). Opening checks them off the UI thread (check_group_files reads a trade file through)
// and, when they are one market but for their quote currencies (USD, USDT, USDC), asks whether
// to merge them anyway: the group's title then names the mix.
#include <QDialog>
#include <functional>
#include <optional>

#include "source/source_request.hpp"

class QDialogButtonBox;
class QLabel;
class QListWidget;
class QThread;

namespace flowscope::ui {

struct GroupCheck;

class GroupPicker : public QDialog {
    Q_OBJECT
public:
    explicit GroupPicker(const QString& folder, QWidget* parent = nullptr);
    ~GroupPicker() override;

    std::optional<SourceRequest> chosen() const { return chosen_; }
    void add_files(const QStringList& paths);
    QStringList files() const;
    QListWidget* list() const { return list_; }
    QLabel* status() const { return status_; }
    // Checks the files and chooses them (the dialog is accepted) or says why not.
    void open_group();
    // How the quote question is answered: a message box unless set (tests answer it themselves).
    std::function<bool(const QString& title)> ask_quote_mix;

signals:
    void check_done();

private:
    void on_checked(const GroupCheck& check, const QStringList& paths);
    void update_buttons();

    QString folder_;
    QListWidget* list_;
    QLabel* status_;
    QDialogButtonBox* buttons_;
    QThread* checking_ = nullptr;
    std::optional<SourceRequest> chosen_;
};

}  // namespace flowscope::ui
