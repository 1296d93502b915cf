#include "source/group_picker.hpp"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

#include "source/group_files.hpp"

namespace flowscope::ui {

GroupPicker::GroupPicker(const QString& folder, QWidget* parent)
    : QDialog(parent), folder_(folder), list_(new QListWidget), status_(new QLabel),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel)) {
    setWindowTitle(QStringLiteral("Open a group of markets"));
    auto* intro = new QLabel(QStringLiteral("One market traded on several exchanges: one recording or trade file per exchange. "
                                            "Trades of the same time go to the file higher in the list first (drag to reorder)."));
    intro->setWordWrap(true);
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* add = new QPushButton(QStringLiteral("Add files…"));
    auto* remove = new QPushButton(QStringLiteral("Remove"));
    connect(add, &QPushButton::clicked, this, [this] {
        add_files(QFileDialog::getOpenFileNames(this, QStringLiteral("Files of one market, one per exchange"), folder_,
                                                QStringLiteral("Trade files (*.fsrec *.csv *.zip);;All files (*)")));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        qDeleteAll(list_->selectedItems());
        update_buttons();
    });
    connect(buttons_, &QDialogButtonBox::accepted, this, &GroupPicker::open_group);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(list_);
    layout->addLayout(row);
    layout->addWidget(status_);
    layout->addWidget(buttons_);
    update_buttons();
    resize(520, 320);
}

GroupPicker::~GroupPicker() {
    // A check still reading: it finishes before its result's owner goes.
    if (checking_) {
        checking_->disconnect(this);
        checking_->wait();
        delete checking_;
    }
}

void GroupPicker::add_files(const QStringList& paths) {
    const QStringList have = files();
    for (const QString& path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (have.contains(absolute)) continue;
        auto* item = new QListWidgetItem(QFileInfo(path).fileName(), list_);
        item->setData(Qt::UserRole, absolute);
        item->setToolTip(absolute);
    }
    status_->clear();
    update_buttons();
}

QStringList GroupPicker::files() const {
    QStringList paths;
    for (int i = 0; i < list_->count(); ++i) paths << list_->item(i)->data(Qt::UserRole).toString();
    return paths;
}

void GroupPicker::update_buttons() {
    buttons_->button(QDialogButtonBox::Open)->setEnabled(list_->count() >= 2 && !checking_);
}

void GroupPicker::open_group() {
    if (checking_ || list_->count() < 2) return;
    const QStringList paths = files();
    status_->setText(QStringLiteral("Checking the files' markets…"));
    auto result = std::make_shared<GroupCheck>();
    checking_ = QThread::create([paths, result] { *result = check_group_files(paths); });
    connect(checking_, &QThread::finished, this, [this, paths, result] {
        checking_->deleteLater();
        checking_ = nullptr;
        update_buttons();
        on_checked(*result, paths);
        emit check_done();
    });
    checking_->start();
    update_buttons();
}

void GroupPicker::on_checked(const GroupCheck& check, const QStringList& paths) {
    if (!check.error.isEmpty()) {
        status_->setText(check.error);
        return;
    }
    if (check.quote_mix) {
        const QString question =
            QStringLiteral("These markets quote in different currencies, whose prices differ by the stablecoins' rates. "
                           "Merge them anyway as\n\n%1?")
                .arg(check.title);
        const bool accepted = ask_quote_mix ? ask_quote_mix(check.title)
                                            : QMessageBox::question(this, QStringLiteral("Mixed quote currencies"), question) ==
                                                  QMessageBox::Yes;
        if (!accepted) {
            status_->setText(QStringLiteral("Not merged: the quote currencies differ (%1).").arg(check.title));
            return;
        }
    }
    chosen_ = SourceRequest::group_of(paths, check.quote_mix);
    accept();
}

}  // namespace flowscope::ui
