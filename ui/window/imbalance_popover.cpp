#include "window/imbalance_popover.hpp"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "chart/quantity_text.hpp"

namespace flowscope::ui {

ImbalancePopover::ImbalancePopover(QWidget* parent)
    : QWidget(parent), ratio_(new QDoubleSpinBox), min_volume_(new QLineEdit), zeros_(new QCheckBox),
      stack_(new QSpinBox), zones_(new QCheckBox), note_(new QLabel) {
    setObjectName(QStringLiteral("imbalancePopover"));
    ratio_->setObjectName(QStringLiteral("imbalanceRatio"));
    ratio_->setRange(1.1, 20);
    ratio_->setSingleStep(0.5);
    ratio_->setDecimals(1);
    ratio_->setSuffix(QStringLiteral("×"));
    ratio_->setKeyboardTracking(false);
    ratio_->setToolTip(QStringLiteral("Diagonal imbalance: ask(P) > ratio × bid(P − 1) is a buy imbalance, "
                                      "bid(P) > ratio × ask(P + 1) a sell one"));
    min_volume_->setObjectName(QStringLiteral("imbalanceMinVolume"));
    // A plain decimal (the instrument's size units), read exactly.
    min_volume_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,12}(\\.\\d{0,8})?")), min_volume_));
    min_volume_->setToolTip(QStringLiteral("The imbalanced side must hold more than this volume (0: any)"));
    zeros_->setObjectName(QStringLiteral("imbalanceZeros"));
    zeros_->setText(QStringLiteral("Count a side against an empty one"));
    zeros_->setToolTip(QStringLiteral("A level bought with nothing sold one level below (or sold with nothing bought "
                                      "above) is an imbalance when it holds more than the minimum volume"));
    stack_->setObjectName(QStringLiteral("imbalanceStack"));
    stack_->setRange(2, 9);
    stack_->setToolTip(QStringLiteral("Consecutive imbalanced levels that make a stacked imbalance zone"));
    zones_->setObjectName(QStringLiteral("imbalanceZones"));
    zones_->setText(QStringLiteral("Shade stacked zones"));
    note_->setObjectName(QStringLiteral("imbalanceNote"));
    note_->setWordWrap(true);
    note_->setMaximumWidth(300);
    note_->setContentsMargins(0, 4, 0, 0);

    auto* form = new QFormLayout;
    form->addRow(QStringLiteral("Ratio"), ratio_);
    form->addRow(QStringLiteral("Minimum volume"), min_volume_);
    form->addRow(QString(), zeros_);
    form->addRow(QStringLiteral("Stack"), stack_);
    form->addRow(QString(), zones_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addLayout(form);
    layout->addWidget(note_);

    auto changed_now = [this] {
        if (!updating_) emit changed();
    };
    connect(ratio_, &QDoubleSpinBox::valueChanged, this, changed_now);
    connect(stack_, &QSpinBox::valueChanged, this, changed_now);
    connect(zeros_, &QCheckBox::toggled, this, changed_now);
    connect(zones_, &QCheckBox::toggled, this, changed_now);
    connect(min_volume_, &QLineEdit::editingFinished, this, changed_now);
    set_settings(ImbalanceSettings{}, true);
}

void ImbalancePopover::set_settings(const ImbalanceSettings& s, bool zones) {
    updating_ = true;
    ratio_->setValue(to_double(s.ratio));
    min_volume_->setText(exact_text(s.min_volume));
    zeros_->setChecked(s.zero_counts);
    stack_->setValue(s.stack);
    zones_->setChecked(zones);
    updating_ = false;
}

ImbalanceSettings ImbalancePopover::settings() const {
    ImbalanceSettings s;
    // The spin box shows one decimal: that decimal, exactly.
    s.ratio = parse_quantity(QString::number(ratio_->value(), 'f', ratio_->decimals()).toStdString()).value_or(s.ratio);
    s.min_volume = parse_quantity(min_volume_->text().toStdString()).value_or(Quantity{});
    s.zero_counts = zeros_->isChecked();
    s.stack = stack_->value();
    return s;
}

bool ImbalancePopover::zones() const { return zones_->isChecked(); }

void ImbalancePopover::set_note(const QString& text) { note_->setText(text); }

QString ImbalancePopover::summary() const {
    const ImbalanceSettings s = settings();
    QString text = exact_text(s.ratio) + QStringLiteral("×");
    if (!s.min_volume.is_zero()) text += QStringLiteral(" >") + exact_text(s.min_volume);
    return text;
}

}  // namespace flowscope::ui
