#include "window/alerts_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "window/alerts_controller.hpp"
#include "window/alerts_notifier.hpp"

namespace flowscope::ui {

namespace {

struct KindChoice {
    const char* label;
    const char* key;          // the rule's word
    const char* placeholder;  // what the value field asks for
};
constexpr KindChoice kKinds[] = {
    {"Large trade", "large", "size, e.g. 10"},
    {"Price level", "level", "price[,re-arm], e.g. 9700 or 9700,25"},
    {"Stacked imbalance", "stacked", "ratio,stack (empty: the chart's)"},
    {"CVD divergence", "divergence", "bars, e.g. 5"},
};

QString text_of(Price p) { return QString::fromStdString(format_price(p)); }
QString text_of(Quantity q) { return QString::fromStdString(format_quantity(q)); }

}  // namespace

QString alert_rule_label(const AlertRule& rule) {
    if (const auto* large = std::get_if<LargeTradeAlert>(&rule))
        return QStringLiteral("Large trade or sweep \u2265 %1").arg(text_of(large->size));
    if (const auto* level = std::get_if<PriceLevelAlert>(&rule))
        return level->rearm.units == 0
                   ? QStringLiteral("Price reaches %1 (once)").arg(text_of(level->level))
                   : QStringLiteral("Price reaches %1 (again after %2 away)").arg(text_of(level->level), text_of(level->rearm));
    if (const auto* stacked = std::get_if<StackedImbalanceAlert>(&rule)) {
        const ImbalanceSettings& s = stacked->settings;
        QString label = QStringLiteral("Stacked imbalance: %1 levels at %2\u00d7").arg(s.stack).arg(text_of(s.ratio));
        if (!s.min_volume.is_zero()) label += QStringLiteral(", > %1").arg(text_of(s.min_volume));
        if (s.zero_counts) label += QStringLiteral(", zeros count");
        return label;
    }
    return QStringLiteral("CVD divergence over %1 bars").arg(std::get<CvdDivergenceAlert>(rule).bars);
}

AlertsPanel::AlertsPanel(AlertsController* alerts, QWidget* parent)
    : QWidget(parent),
      alerts_(alerts),
      kind_(new QComboBox),
      value_(new QLineEdit),
      error_(new QLabel),
      rules_(new QListWidget),
      sound_(new QCheckBox(QStringLiteral("Sound"))),
      notify_(new QCheckBox(QStringLiteral("Desktop notification"))),
      channel_(new QLabel),
      log_(new QListWidget) {
    setObjectName(QStringLiteral("alertsPanel"));
    kind_->setObjectName(QStringLiteral("alertKind"));
    value_->setObjectName(QStringLiteral("alertValue"));
    error_->setObjectName(QStringLiteral("alertError"));
    rules_->setObjectName(QStringLiteral("alertRules"));
    sound_->setObjectName(QStringLiteral("alertSound"));
    notify_->setObjectName(QStringLiteral("alertNotify"));
    log_->setObjectName(QStringLiteral("alertLog"));
    for (const KindChoice& k : kKinds) kind_->addItem(QString::fromUtf8(k.label), QString::fromLatin1(k.key));
    value_->setClearButtonEnabled(true);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #e0533d;"));
    error_->hide();
    channel_->setWordWrap(true);
    // An alert's line is read whole: wrapped, never cut.
    log_->setWordWrap(true);
    log_->setTextElideMode(Qt::ElideNone);
    log_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    log_->setSpacing(3);
    auto* add = new QPushButton(QStringLiteral("Add"));
    add->setObjectName(QStringLiteral("addAlert"));
    auto* remove = new QPushButton(QStringLiteral("Remove"));
    remove->setObjectName(QStringLiteral("removeAlert"));
    auto* clear = new QPushButton(QStringLiteral("Clear log"));
    clear->setObjectName(QStringLiteral("clearAlertLog"));

    auto* entry = new QHBoxLayout;
    entry->addWidget(kind_);
    entry->addWidget(value_, 1);
    entry->addWidget(add);
    auto* switches = new QHBoxLayout;
    switches->addWidget(sound_);
    switches->addWidget(notify_);
    switches->addStretch(1);
    switches->addWidget(remove);
    auto* log_head = new QHBoxLayout;
    log_head->addWidget(new QLabel(QStringLiteral("Fired (UTC, newest first)")), 1);
    log_head->addWidget(clear);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(entry);
    layout->addWidget(error_);
    layout->addWidget(rules_, 1);
    layout->addLayout(switches);
    layout->addWidget(channel_);
    layout->addLayout(log_head);
    layout->addWidget(log_, 2);

    sound_->setChecked(alerts_->sound_on());
    notify_->setChecked(alerts_->notifications_on());
    show_placeholder();
    show_alerts();
    add_log_lines([&] {
        QStringList oldest_first;
        for (const QString& line : alerts_->log()) oldest_first.prepend(line);
        return oldest_first;
    }());

    connect(kind_, &QComboBox::currentIndexChanged, this, &AlertsPanel::show_placeholder);
    connect(add, &QPushButton::clicked, this, &AlertsPanel::add_from_fields);
    connect(value_, &QLineEdit::returnPressed, this, &AlertsPanel::add_from_fields);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (const int row = rules_->currentRow(); row >= 0) alerts_->remove(row);
    });
    connect(rules_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        alerts_->set_enabled(rules_->row(item), item->checkState() == Qt::Checked);
    });
    connect(sound_, &QCheckBox::toggled, alerts_, &AlertsController::set_sound_on);
    connect(notify_, &QCheckBox::toggled, alerts_, &AlertsController::set_notifications_on);
    connect(clear, &QPushButton::clicked, this, [this] {
        alerts_->clear_log();
        log_->clear();
    });
    connect(alerts_, &AlertsController::alerts_changed, this, &AlertsPanel::show_alerts);
    connect(alerts_, &AlertsController::fired, this, &AlertsPanel::add_log_lines);
    connect(alerts_->notifier(), &AlertNotifier::shown, this, [this] { channel_->setText(alerts_->notifier()->channel_text()); });
}

void AlertsPanel::show_placeholder() {
    value_->setPlaceholderText(QString::fromUtf8(kKinds[std::max(0, kind_->currentIndex())].placeholder));
}

void AlertsPanel::add_from_fields() {
    const QString key = kind_->currentData().toString();
    const QString value = value_->text().trimmed();
    const QString why = alerts_->add(value.isEmpty() ? key : key + QLatin1Char('=') + value);
    error_->setText(why);
    error_->setVisible(!why.isEmpty());
    if (why.isEmpty()) value_->clear();
}

void AlertsPanel::show_alerts() {
    const QSignalBlocker quiet(rules_);  // rebuilding is not the user ticking boxes
    const int row = rules_->currentRow();
    rules_->clear();
    for (const AlertEntry& a : alerts_->alerts()) {
        auto* item = new QListWidgetItem(alert_rule_label(a.rule) + (a.enabled ? QString() : QStringLiteral(" (off)")), rules_);
        item->setToolTip(QString::fromStdString(alert_rule_text(a.rule)));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(a.enabled ? Qt::Checked : Qt::Unchecked);
    }
    rules_->setCurrentRow(std::min(row, rules_->count() - 1));
}

void AlertsPanel::add_log_lines(const QStringList& lines) {
    for (const QString& line : lines) log_->insertItem(0, line);
    while (log_->count() > AlertsController::kMaxLogLines) delete log_->takeItem(log_->count() - 1);
    if (!lines.isEmpty() && alerts_->notifications_on()) channel_->setText(alerts_->notifier()->channel_text());
}

}  // namespace flowscope::ui
