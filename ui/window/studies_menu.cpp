#include "window/studies_menu.hpp"

#include <QActionGroup>
#include <QMenu>
#include <QToolBar>

#include "chart/chart_context_menu.hpp"
#include "chart/chart_studies.hpp"
#include "chart/order_flow_view.hpp"
#include "window/app_settings.hpp"

namespace flowscope::ui {

StudiesMenu::StudiesMenu(QWidget* parent) : QToolButton(parent) {
    setObjectName(QStringLiteral("studiesButton"));
    setText(QStringLiteral("Studies  ▾"));
    setToolTip(QStringLiteral("Volume profiles, POC lines, big trades, CVD candles"));
    // Opened under the button like the toolbar's other menus, which draw their own "▾".
    auto* menu = new QMenu(this);
    connect(this, &QToolButton::clicked, this, [this, menu] { menu->popup(mapToGlobal(QPoint(0, height()))); });
    add_check(menu, QStringLiteral("session_profile"), QStringLiteral("Session volume profile"));
    add_check(menu, QStringLiteral("visible_profile"), QStringLiteral("Visible range profile"));
    add_check(menu, QStringLiteral("fixed_profile"), QStringLiteral("Fixed range profile (Alt+drag over bars)"));
    QAction* clear = menu->addAction(QStringLiteral("Clear fixed range"));
    actions_[QStringLiteral("clear_fixed")] = clear;
    connect(clear, &QAction::triggered, this, &StudiesMenu::clear_fixed_range_requested);
    menu->addSeparator();
    add_check(menu, QStringLiteral("naked_pocs"), QStringLiteral("Naked POC lines"));
    add_check(menu, QStringLiteral("developing_poc"), QStringLiteral("Developing POC"));
    menu->addSeparator();
    add_check(menu, QStringLiteral("big_trades"), QStringLiteral("Big trade bubbles"));
    QMenu* from = menu->addMenu(QStringLiteral("Big trades worth at least"));
    auto* thresholds = new QActionGroup(this);
    for (std::int64_t quote : kBigTradeThresholds) {
        QAction* a = from->addAction(quote_threshold_text(quote) + (quote == kBigPrintFloorQuote ? QStringLiteral(" (the smallest kept)") : QString()));
        a->setCheckable(true);
        a->setData(qlonglong{quote});
        thresholds->addAction(a);
        actions_[QStringLiteral("threshold/%1").arg(quote)] = a;
        connect(a, &QAction::triggered, this, &StudiesMenu::read_actions);
    }
    menu->addSeparator();
    add_check(menu, QStringLiteral("cvd_candles"), QStringLiteral("CVD candles"));
    add_check(menu, QStringLiteral("cvd_session_reset"), QStringLiteral("CVD from each session's start"));
    add_check(menu, QStringLiteral("delta_rows"), QStringLiteral("Max/min delta and delta change rows"));
    add_check(menu, QStringLiteral("exchange_split"), QStringLiteral("Cells split by exchange (groups)"));
    QMenu* sessions = menu->addMenu(QStringLiteral("Session starts at"));
    auto* starts = new QActionGroup(this);
    for (int minutes : kSessionStartMinutes) {
        QAction* a = sessions->addAction(session_start_name(SessionSpec{std::int64_t{minutes} * 60'000'000}));
        a->setCheckable(true);
        a->setData(minutes);
        starts->addAction(a);
        actions_[QStringLiteral("session/%1").arg(minutes)] = a;
        connect(a, &QAction::triggered, this, &StudiesMenu::read_actions);
    }
    set_options(options_);
}

QAction* StudiesMenu::add_check(QMenu* menu, const QString& key, const QString& text) {
    QAction* a = menu->addAction(text);
    a->setCheckable(true);
    actions_[key] = a;
    connect(a, &QAction::toggled, this, &StudiesMenu::read_actions);
    return a;
}

QAction* StudiesMenu::action(const QString& key) const {
    const auto it = actions_.find(key);
    return it == actions_.end() ? nullptr : it->second;
}

void StudiesMenu::set_options(const StudyOptions& o) {
    syncing_ = true;
    options_ = o;
    action(QStringLiteral("session_profile"))->setChecked(o.session_profile);
    action(QStringLiteral("visible_profile"))->setChecked(o.visible_profile);
    action(QStringLiteral("fixed_profile"))->setChecked(o.fixed_profile);
    action(QStringLiteral("naked_pocs"))->setChecked(o.naked_pocs);
    action(QStringLiteral("developing_poc"))->setChecked(o.developing_poc);
    action(QStringLiteral("big_trades"))->setChecked(o.big_trades);
    action(QStringLiteral("cvd_candles"))->setChecked(o.cvd_candles);
    action(QStringLiteral("cvd_session_reset"))->setChecked(o.cvd_session_reset);
    action(QStringLiteral("delta_rows"))->setChecked(o.delta_rows);
    action(QStringLiteral("exchange_split"))->setChecked(o.exchange_split);
    // The nearest threshold and session start the menu offers are checked.
    for (std::int64_t quote : kBigTradeThresholds)
        action(QStringLiteral("threshold/%1").arg(quote))->setChecked(quote == o.big_trade_quote);
    for (int minutes : kSessionStartMinutes)
        action(QStringLiteral("session/%1").arg(minutes))->setChecked(std::int64_t{minutes} * 60'000'000 == o.session.start_of_day_us);
    syncing_ = false;
}

void StudiesMenu::read_actions() {
    if (syncing_) return;
    StudyOptions o = options_;
    o.session_profile = action(QStringLiteral("session_profile"))->isChecked();
    o.visible_profile = action(QStringLiteral("visible_profile"))->isChecked();
    o.fixed_profile = action(QStringLiteral("fixed_profile"))->isChecked();
    o.naked_pocs = action(QStringLiteral("naked_pocs"))->isChecked();
    o.developing_poc = action(QStringLiteral("developing_poc"))->isChecked();
    o.big_trades = action(QStringLiteral("big_trades"))->isChecked();
    o.cvd_candles = action(QStringLiteral("cvd_candles"))->isChecked();
    o.cvd_session_reset = action(QStringLiteral("cvd_session_reset"))->isChecked();
    o.delta_rows = action(QStringLiteral("delta_rows"))->isChecked();
    o.exchange_split = action(QStringLiteral("exchange_split"))->isChecked();
    for (std::int64_t quote : kBigTradeThresholds)
        if (action(QStringLiteral("threshold/%1").arg(quote))->isChecked()) o.big_trade_quote = quote;
    for (int minutes : kSessionStartMinutes)
        if (action(QStringLiteral("session/%1").arg(minutes))->isChecked()) o.session.start_of_day_us = std::int64_t{minutes} * 60'000'000;
    if (o == options_) return;
    options_ = o;
    emit options_changed(o);
}

StudiesMenu* install_studies_menu(QToolBar* toolbar, OrderFlowView* view, ChartContextMenu* chart_menu) {
    ChartStudies* studies = ChartStudies::of(view);
    auto* button = new StudiesMenu(toolbar);
    toolbar->addWidget(button);
    if (!studies) return button;
    const StudyOptions saved = AppSettings().studies();
    studies->set_options(saved);
    button->set_options(studies->options());
    QObject::connect(button, &StudiesMenu::options_changed, studies, &ChartStudies::set_options);
    QObject::connect(button, &StudiesMenu::clear_fixed_range_requested, studies, &ChartStudies::clear_fixed_range);
    // The studies may change their own options too (Alt+drag turns the fixed profile on).
    QObject::connect(studies, &ChartStudies::options_changed, button, [button](const StudyOptions& o) {
        button->set_options(o);
        AppSettings().set_studies(o);
    });
    if (chart_menu) QObject::connect(chart_menu, &ChartContextMenu::fixed_range_from_bar, studies, &ChartStudies::start_fixed_range);
    return button;
}

}  // namespace flowscope::ui
