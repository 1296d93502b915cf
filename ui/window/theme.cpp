#include "window/theme.hpp"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <algorithm>
#include <array>

namespace flowscope::ui {

Theme Theme::dark() {
    Theme t;
    t.name = "dark";
    t.background = QColor(0x13, 0x17, 0x22);
    t.panel = QColor(0x1b, 0x1f, 0x2b);
    t.text = QColor(0xd1, 0xd4, 0xdc);
    t.text_dim = QColor(0x78, 0x7b, 0x86);
    t.grid = QColor(0x23, 0x28, 0x35);
    t.axis = QColor(0x43, 0x48, 0x55);
    t.buy = QColor(0x26, 0xa6, 0x9a);
    t.sell = QColor(0xef, 0x53, 0x50);
    t.neutral_cell = QColor(0x3d, 0x5a, 0x8a);
    t.poc = QColor(0xf0, 0xb9, 0x0b);
    t.crosshair = QColor(0x9d, 0xa3, 0xb3);
    t.highlight = QColor(0xf0, 0xb9, 0x0b);
    t.heat_mid = QColor(0x4a, 0x4f, 0x5c);
    return t;
}

Theme Theme::light() {
    Theme t;
    t.name = "light";
    t.background = QColor(0xff, 0xff, 0xff);
    t.panel = QColor(0xf0, 0xf2, 0xf5);
    t.text = QColor(0x13, 0x17, 0x22);
    t.text_dim = QColor(0x78, 0x7b, 0x86);
    t.grid = QColor(0xe6, 0xe8, 0xec);
    t.axis = QColor(0xb2, 0xb5, 0xbe);
    t.buy = QColor(0x08, 0x99, 0x81);
    t.sell = QColor(0xe0, 0x3a, 0x3e);
    t.neutral_cell = QColor(0x6a, 0x8c, 0xc8);
    t.poc = QColor(0xb0, 0x78, 0x00);  // 3.8:1 on white: the value-area bracket reads beside the cells
    t.crosshair = QColor(0x60, 0x64, 0x70);
    t.highlight = QColor(0xc7, 0x8a, 0x00);
    t.heat_mid = QColor(0xc8, 0xcb, 0xd2);
    return t;
}

Theme Theme::by_name(const QString& name) { return name == "light" ? light() : dark(); }

QColor Theme::imbalance_colour(double imbalance) const {
    const double x = std::clamp(imbalance, -1.0, 1.0);
    const QColor& end = x >= 0 ? buy : sell;
    const double f = x >= 0 ? x : -x;
    auto mix = [f](int a, int b) { return static_cast<int>(a + (b - a) * f + 0.5); };
    return QColor(mix(heat_mid.red(), end.red()), mix(heat_mid.green(), end.green()),
                  mix(heat_mid.blue(), end.blue()));
}

void apply_theme(QApplication& app, const Theme& theme) {
    app.setStyle("Fusion");
    QPalette p;
    p.setColor(QPalette::Window, theme.panel);
    p.setColor(QPalette::WindowText, theme.text);
    p.setColor(QPalette::Base, theme.background);
    p.setColor(QPalette::AlternateBase, theme.panel);
    p.setColor(QPalette::Text, theme.text);
    p.setColor(QPalette::Button, theme.panel);
    p.setColor(QPalette::ButtonText, theme.text);
    p.setColor(QPalette::ToolTipBase, theme.panel);
    p.setColor(QPalette::ToolTipText, theme.text);
    p.setColor(QPalette::PlaceholderText, theme.text_dim);
    p.setColor(QPalette::Highlight, theme.neutral_cell);
    p.setColor(QPalette::HighlightedText, QColor(Qt::white));
    p.setColor(QPalette::Disabled, QPalette::Text, theme.text_dim);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, theme.text_dim);
    p.setColor(QPalette::Disabled, QPalette::WindowText, theme.text_dim);
    app.setPalette(p);
    // The style sheet only adds spacing and borders; colours come from the palette above.
    QFile sheet(QStringLiteral(":/style/%1.qss").arg(theme.name));
    if (sheet.open(QIODevice::ReadOnly)) app.setStyleSheet(QString::fromUtf8(sheet.readAll()));
}

}  // namespace flowscope::ui

namespace flowscope::ui {

QColor Theme::member_colour(std::size_t member) const {
    static constexpr std::array<QRgb, 5> on_dark{0xfff5a623, 0xffc084fc, 0xff2dd4bf, 0xfff472b6, 0xffe5e7eb};
    static constexpr std::array<QRgb, 5> on_light{0xffb45309, 0xff7e22ce, 0xff0f766e, 0xffbe185d, 0xff374151};
    const std::size_t i = member % on_dark.size();
    return QColor::fromRgb(name == QLatin1String("light") ? on_light[i] : on_dark[i]);
}

}  // namespace flowscope::ui
