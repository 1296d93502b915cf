#pragma once
// The imbalance settings in one popover under a toolbar button: ratio, minimum volume, whether a
// side against an empty one counts (zeros), stack count, stacked zones on or off, and a line
// saying where the market's minimum volume comes from. Every value is an exact decimal.
#include <QWidget>

#include "aggregate/footprint_analysis.hpp"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace flowscope::ui {

class ImbalancePopover : public QWidget {
    Q_OBJECT
public:
    explicit ImbalancePopover(QWidget* parent = nullptr);

    // Shows these settings without emitting changed().
    void set_settings(const ImbalanceSettings& settings, bool zones);
    ImbalanceSettings settings() const;
    bool zones() const;
    void set_note(const QString& text);
    // "3× >5": the ratio and the minimum volume, for the toolbar button.
    QString summary() const;

    QCheckBox* zeros_box() const { return zeros_; }
    QLineEdit* min_volume_edit() const { return min_volume_; }
    QDoubleSpinBox* ratio_box() const { return ratio_; }
    QSpinBox* stack_box() const { return stack_; }
    QCheckBox* zones_box() const { return zones_; }
    QLabel* note_label() const { return note_; }

signals:
    void changed();

private:
    QDoubleSpinBox* ratio_;
    QLineEdit* min_volume_;
    QCheckBox* zeros_;
    QSpinBox* stack_;
    QCheckBox* zones_;
    QLabel* note_;
    bool updating_ = false;
};

}  // namespace flowscope::ui
