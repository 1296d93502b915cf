#include "chart/chart_context_menu.hpp"

#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <cmath>

#include "chart/footprint_pane.hpp"
#include "chart/quantity_text.hpp"
#include "window/app_settings.hpp"
#include "window/chart_export.hpp"

namespace flowscope::ui {

ChartContextMenu::ChartContextMenu(FootprintPane* pane) : QObject(pane), pane_(pane) {
    setObjectName(QStringLiteral("chartContextMenu"));
    pane->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(pane, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu* menu = menu_at(pos);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(pane_->mapToGlobal(pos));
    });
}

ChartContextMenu::Target ChartContextMenu::target_at(QPoint pos) const {
    Target t;
    const ChartBars& chart = pane_->display_bars();
    if (!pane_->axisRect()->rect().contains(pos) || chart.bucket_units <= 0) return t;
    t.bar = pane_->bar_at_pixel(pos.x());
    // The pixel's price only picks the row; the row's price is exact.
    const double price = pane_->value_axis()->pixelToCoord(pos.y());
    const auto bucket = static_cast<std::int64_t>(std::floor(price / chart.bucket_price()));
    t.price = Price{bucket * chart.bucket_units};
    return t;
}

QMenu* ChartContextMenu::menu_at(QPoint pos) {
    const Target t = target_at(pos);
    const ChartBars& chart = pane_->display_bars();
    const bool has_cells = t.bar >= 0 && !chart.bars[static_cast<std::size_t>(t.bar)].footprint.empty();
    const QString price = t.price ? exact_text(*t.price) : QString();
    auto* menu = new QMenu(pane_);
    menu->setObjectName(QStringLiteral("chartMenu"));
    QAction* copy = menu->addAction(t.price ? QStringLiteral("Copy price %1").arg(price) : QStringLiteral("Copy price"));
    copy->setObjectName(QStringLiteral("copyPrice"));
    copy->setEnabled(t.price.has_value());
    QAction* alert = menu->addAction(t.price ? QStringLiteral("Alert at %1").arg(price) : QStringLiteral("Alert here"));
    alert->setObjectName(QStringLiteral("alertHere"));
    alert->setEnabled(t.price.has_value());
    menu->addSeparator();
    const QString when = t.bar >= 0 ? time_text(chart.bars[static_cast<std::size_t>(t.bar)].open_time_us) : QString();
    QAction* profile = menu->addAction(t.bar >= 0 ? QStringLiteral("Fixed-range profile from the %1 bar").arg(when)
                                                  : QStringLiteral("Fixed-range profile from this bar"));
    profile->setObjectName(QStringLiteral("fixedRangeHere"));
    profile->setEnabled(t.bar >= 0);
    QAction* save = menu->addAction(t.bar >= 0 ? QStringLiteral("Export the %1 bar's footprint…").arg(when)
                                               : QStringLiteral("Export this bar's footprint…"));
    save->setObjectName(QStringLiteral("exportBar"));
    save->setEnabled(has_cells);
    if (t.bar >= 0 && !has_cells) save->setToolTip(QStringLiteral("This bar has totals only, no levels"));
    if (t.price) {
        const Price p = *t.price;
        connect(copy, &QAction::triggered, this, [this, p] {
            QGuiApplication::clipboard()->setText(exact_text(p));
            emit message(QStringLiteral("Copied %1").arg(exact_text(p)));
        });
        connect(alert, &QAction::triggered, this, [this, p] { emit alert_at_price(p); });
    }
    const int bar = t.bar;
    connect(profile, &QAction::triggered, this, [this, bar] { emit fixed_range_from_bar(bar); });
    connect(save, &QAction::triggered, this, [this, bar] { export_bar(bar); });
    return menu;
}

void ChartContextMenu::export_bar(int bar) {
    const ChartBars& chart = pane_->display_bars();
    if (bar < 0 || bar >= static_cast<int>(chart.bars.size())) return;
    AppSettings settings;
    const QString stem = export_file_stem(QString::fromStdString(chart.symbol), QString::fromStdString(chart.spec.name()),
                                          chart.bars[static_cast<std::size_t>(bar)].open_time_us);
    const QString suggested = QDir(export_folder(settings.export_folder(), false)).filePath(stem + QStringLiteral("_footprint.csv"));
    const QString path = QFileDialog::getSaveFileName(pane_, QStringLiteral("Save this bar's footprint as CSV"), suggested,
                                                      QStringLiteral("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    settings.set_export_folder(QFileInfo(path).absolutePath());
    export_bar_to(bar, path);
}

QString ChartContextMenu::export_bar_to(int bar, const QString& path) {
    const QString error = save_bar_csv(pane_->display_bars(), bar, path);
    emit message(error.isEmpty() ? QStringLiteral("Saved the bar's footprint to %1").arg(path)
                                 : QStringLiteral("Footprint not saved: ") + error);
    return error;
}

}  // namespace flowscope::ui
