#pragma once
// The alerts panel: set an alert (kind and value, as on the command line), turn each on or off,
// remove it; switch the sound and desktop notifications; and the log of what fired, newest first.
// A view of AlertsController, which keeps everything.
#include <QWidget>

#include "alert/alert_rule.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace flowscope::ui {

class AlertsController;

class AlertsPanel : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPanel(AlertsController* alerts, QWidget* parent = nullptr);

private:
    void add_from_fields();
    void show_alerts();
    void show_placeholder();
    void add_log_lines(const QStringList& lines);

    AlertsController* alerts_;
    QComboBox* kind_;
    QLineEdit* value_;
    QLabel* error_;
    QListWidget* rules_;
    QCheckBox* sound_;
    QCheckBox* notify_;
    QLabel* channel_;
    QListWidget* log_;
};

// "Large trade ≥ 10", "Price crosses 9700 (once)", … for the list of alerts.
QString alert_rule_label(const AlertRule& rule);

}  // namespace flowscope::ui
