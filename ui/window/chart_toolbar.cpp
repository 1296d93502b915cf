#include "window/chart_toolbar.hpp"

#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QWidgetAction>
#include <cmath>

#include "chart/bucket_choice.hpp"
#include "chart/quantity_text.hpp"
#include "window/imbalance_popover.hpp"
#include "window/media_icons.hpp"

namespace flowscope::ui {

namespace {
QLabel* caption(const QString& text) {
    auto* label = new QLabel(text);
    label->setObjectName(QStringLiteral("toolbarCaption"));
    label->setContentsMargins(10, 0, 4, 0);
    return label;
}
}  // namespace

QStringList ChartToolbar::timeframe_texts() {
    QStringList texts;
    for (std::string_view tf : kStandardTimeframes) texts << QString::fromLatin1(tf.data(), static_cast<qsizetype>(tf.size()));
    texts << QStringLiteral("100t") << QStringLiteral("500t") << QStringLiteral("1000t") << QStringLiteral("10v")
          << QStringLiteral("50v") << QStringLiteral("250v");
    return texts;
}

ChartToolbar::ChartToolbar(QWidget* parent)
    : QToolBar(QStringLiteral("Chart"), parent),
      source_(new QToolButton),
      timeframe_(new QComboBox),
      bucket_(new QComboBox),
      mode_(new QComboBox),
      shading_(new QComboBox),
      imbalance_button_(new QToolButton),
      imbalance_(new ImbalancePopover),
      record_(nullptr) {
    setObjectName(QStringLiteral("chartToolbar"));
    setMovable(false);
    source_->setText(QStringLiteral("Source…"));
    source_->setToolTip(QStringLiteral("Pick a live market or open a recording / Binance file"));
    source_->setObjectName(QStringLiteral("sourceButton"));
    source_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addWidget(source_);
    connect(source_, &QToolButton::clicked, this, &ChartToolbar::source_requested);

    // Everything fits at 1280 px: the timeframe and the cell modes say what they are without a
    // caption, the imbalance settings sit behind one button, switches set once and left behind
    // another, pictures and tables behind a third; at 1024 px the settings overflow first.
    for (const QString& t : timeframe_texts()) {
        QString label = t;
        if (t.endsWith('t')) label = t.chopped(1) + QStringLiteral(" trades");
        if (t.endsWith('v')) label = t.chopped(1) + QStringLiteral(" volume");
        timeframe_->addItem(label, t);
    }
    timeframe_->setToolTip(QStringLiteral("Timeframe, or bars of N trades / N volume"));
    addWidget(timeframe_);
    connect(timeframe_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) emit timeframe_changed(timeframe());
    });

    addWidget(caption(QStringLiteral("Bucket")));
    bucket_->setToolTip(QStringLiteral("Footprint price bucket: Auto keeps rows tall enough for numbers at any zoom; "
                                       "a fixed bucket (tick × multiplier) keeps its rows and the price scrolls"));
    bucket_->setMinimumContentsLength(12);
    addWidget(bucket_);
    connect(bucket_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) emit bucket_changed(bucket_multiplier());
    });

    for (FootprintMode m : kFootprintModes) mode_->addItem(footprint_mode_name(m), footprint_mode_key(m));
    mode_->setToolTip(QStringLiteral("What each footprint cell shows"));
    addWidget(mode_);
    shading_->addItem(QStringLiteral("Volume shade"));
    shading_->addItem(QStringLiteral("Delta shade"));
    shading_->setToolTip(QStringLiteral("Cells shaded by their volume, or by their delta (buy minus sell)"));
    addWidget(shading_);

    // The popover opens under the button like a menu; the button draws its own "▾" as the source
    // button does (a menu indicator would cover the text under the toolbar's style sheet).
    imbalance_button_->setObjectName(QStringLiteral("imbalanceButton"));
    imbalance_button_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    imbalance_menu_ = new QMenu(imbalance_button_);
    auto* imbalance_action = new QWidgetAction(imbalance_menu_);
    imbalance_action->setDefaultWidget(imbalance_);
    imbalance_menu_->addAction(imbalance_action);
    connect(imbalance_button_, &QToolButton::clicked, this, &ChartToolbar::show_imbalance_popover);
    addWidget(imbalance_button_);

    auto emit_options = [this] {
        update_imbalance_button();
        if (!updating_) emit options_changed(options());
    };
    connect(mode_, &QComboBox::currentIndexChanged, this, emit_options);
    connect(shading_, &QComboBox::currentIndexChanged, this, emit_options);
    connect(imbalance_, &ImbalancePopover::changed, this, emit_options);

    auto* spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    spacer_ = addWidget(spacer);
    // Pictures and tables behind one button.
    auto* export_menu = new QMenu(this);
    const std::pair<const char*, const char*> pictures[] = {{"Picture of the window (PNG)…", ""},
                                                            {"Picture of the footprint pane…", "footprint"},
                                                            {"Picture of the bar statistics…", "stats"},
                                                            {"Picture of the CVD pane…", "cvd"},
                                                            {"Picture of the imbalance heat bars…", "heat"}};
    for (const auto& [label, target] : pictures) {
        const QString name = QString::fromLatin1(target);
        export_menu->addAction(QString::fromUtf8(label), this, [this, name] { emit export_png_requested(name); });
    }
    export_menu->addSeparator();
    QAction* csv = export_menu->addAction(QStringLiteral("Visible bars and their cells (CSV)…"), this,
                                          &ChartToolbar::export_csv_requested);
    csv->setObjectName(QStringLiteral("csvAction"));
    auto* exports = new QToolButton;
    exports->setObjectName(QStringLiteral("exportButton"));
    exports->setText(QStringLiteral("Export  ▾"));
    exports->setToolTip(QStringLiteral("Save a PNG of the window or of one pane, or the visible bars as CSV"));
    connect(exports, &QToolButton::clicked, this,
            [exports, export_menu] { export_menu->popup(exports->mapToGlobal(QPoint(0, exports->height()))); });
    addWidget(exports);
    // Switches set once and left: in one menu, checked ones ticked (the status bar says what they do).
    auto* settings_menu = new QMenu(this);
    record_ = settings_menu->addAction(QStringLiteral("Record live sessions"));
    record_->setObjectName(QStringLiteral("recordLiveAction"));
    record_->setCheckable(true);
    record_->setToolTip(QStringLiteral("Record live sessions: every frame received, one file per UTC day in the "
                                       "recordings folder (Source… → Open recording starts there)"));
    connect(record_, &QAction::toggled, this, [this](bool on) {
        if (!updating_) emit recording_toggled(on);
    });
    non_aggressive_ = settings_menu->addAction(QStringLiteral("Include prints that are not aggression"));
    non_aggressive_->setObjectName(QStringLiteral("nonAggressiveAction"));
    non_aggressive_->setCheckable(true);
    non_aggressive_->setToolTip(QStringLiteral(
        "Count insurance-fund, ADL and block-trade prints in delta, CVD and the footprint. Off: they are left "
        "out (their side says nothing about who hit the market), counted in the status bar and marked in time & sales"));
    connect(non_aggressive_, &QAction::toggled, this, [this](bool on) {
        if (!updating_) emit non_aggressive_toggled(on);
    });
    settings_menu->addSeparator();
    QAction* theme = settings_menu->addAction(QStringLiteral("Dark / light theme"), this, &ChartToolbar::theme_toggled);
    theme->setObjectName(QStringLiteral("themeAction"));
    settings_menu->setToolTipsVisible(true);
    auto* settings = new QToolButton;
    settings->setObjectName(QStringLiteral("settingsButton"));
    settings->setText(QStringLiteral("Settings  ▾"));
    settings->setToolTip(QStringLiteral("Recording of live sessions, prints that are not aggression, theme"));
    connect(settings, &QToolButton::clicked, this,
            [settings, settings_menu] { settings_menu->popup(settings->mapToGlobal(QPoint(0, settings->height()))); });
    addWidget(settings);
    set_options(options_);
}

void ChartToolbar::set_timeframe(const QString& text) {
    updating_ = true;
    const int i = timeframe_->findData(text);
    if (i >= 0) timeframe_->setCurrentIndex(i);
    updating_ = false;
}

QString ChartToolbar::timeframe() const { return timeframe_->currentData().toString(); }

namespace {
// A bucket as the list shows it: the tick's decimals, two fewer from tick × 100 on (0.01 → "1.00").
QString bucket_text(Price tick, std::int64_t multiple, bool all_decimals = false) {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(to_double(tick)) - 1e-9)));
    return QString::number(to_double(tick) * static_cast<double>(multiple), 'f',
                           multiple >= 100 && !all_decimals ? std::max(0, decimals - 2) : decimals);
}
}  // namespace

void ChartToolbar::set_buckets(Price tick, int multiplier) {
    updating_ = true;
    if (tick != tick_) auto_bucket_ = Price{};
    tick_ = tick;
    bucket_->clear();
    bucket_->addItem(QStringLiteral("Auto"), 0);
    for (int m : kBucketMultipliers) bucket_->addItem(QStringLiteral("%1  (tick × %2)").arg(bucket_text(tick, m)).arg(m), m);
    const int i = bucket_->findData(multiplier);
    bucket_->setCurrentIndex(i >= 0 ? i : 0);
    updating_ = false;
    if (auto_bucket_.units > 0) show_auto_bucket(auto_bucket_);
}

void ChartToolbar::show_auto_bucket(Price bucket) {
    auto_bucket_ = bucket;
    if (bucket_->count() == 0 || tick_.units <= 0 || bucket.units <= 0) return;
    const std::int64_t multiple = bucket.units / tick_.units;
    bucket_->setItemText(0, bucket.units % tick_.units == 0 ? QStringLiteral("Auto (%1)").arg(bucket_text(tick_, multiple, true))
                                                            : QStringLiteral("Auto (%1)").arg(exact_text(bucket)));
}

void ChartToolbar::set_recording_checked(bool on) {
    updating_ = true;
    record_->setChecked(on);
    updating_ = false;
}

void ChartToolbar::set_non_aggressive_checked(bool on) {
    updating_ = true;
    non_aggressive_->setChecked(on);
    updating_ = false;
}

int ChartToolbar::bucket_multiplier() const { return bucket_->currentData().toInt(); }

void ChartToolbar::set_options(const FootprintOptions& options) {
    updating_ = true;
    options_ = options;
    mode_->setCurrentIndex(mode_->findData(footprint_mode_key(options.mode)));
    shading_->setCurrentIndex(options.shading == CellShading::Delta ? 1 : 0);
    imbalance_->set_settings(options.imbalance, options.show_stacked_zones);
    update_imbalance_button();
    updating_ = false;
}

FootprintOptions ChartToolbar::options() const {
    FootprintOptions o = options_;
    o.mode = footprint_mode_from_key(mode_->currentData().toString());
    o.shading = shading_->currentIndex() == 1 ? CellShading::Delta : CellShading::Volume;
    o.imbalance = imbalance_->settings();
    o.show_stacked_zones = imbalance_->zones();
    return o;
}

void ChartToolbar::set_imbalance(const ImbalanceSettings& settings, const QString& note) {
    FootprintOptions o = options();
    o.imbalance = settings;
    set_options(o);
    imbalance_->set_note(note);
}

void ChartToolbar::update_imbalance_button() {
    const ImbalanceSettings s = imbalance_->settings();
    imbalance_button_->setText(QStringLiteral("Imbalance ") + imbalance_->summary() + QStringLiteral("  ▾"));
    imbalance_button_->setToolTip(
        QStringLiteral("Diagonal imbalances: ratio %1×, the imbalanced side above %2, a side against an empty one %3, "
                       "stacks of %4 levels. Click to change.")
            .arg(exact_text(s.ratio), exact_text(s.min_volume),
                 s.zero_counts ? QStringLiteral("counts") : QStringLiteral("does not count"))
            .arg(s.stack));
}

void ChartToolbar::insert_chart_widget(QWidget* widget) { insertWidget(spacer_, widget); }

void ChartToolbar::changeEvent(QEvent* event) {
    QToolBar::changeEvent(event);
    if (event->type() != QEvent::PaletteChange && event->type() != QEvent::StyleChange) return;
    // The overflow arrow in the theme's text colour, so that what is behind it is found.
    if (auto* more = findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button")))
        more->setIcon(overflow_icon(palette().color(QPalette::ButtonText)));
}

void ChartToolbar::show_imbalance_popover() {
    imbalance_menu_->popup(imbalance_button_->mapToGlobal(QPoint(0, imbalance_button_->height())));
}

void ChartToolbar::set_source_title(const QString& title) {
    // A long title (a replayed file's name) is cut in the middle; the tooltip keeps it whole.
    source_->setToolTip(title + QStringLiteral("\nPick a live market or open a recording / Binance file"));
    source_->setText(source_->fontMetrics().elidedText(title, Qt::ElideMiddle, kSourceTitleWidth) + QStringLiteral("  ▾"));
}

}  // namespace flowscope::ui
