#include "chart/footprint_options.hpp"

namespace flowscope::ui {

QString footprint_mode_name(FootprintMode mode) {
    switch (mode) {
    case FootprintMode::BidAsk: return QStringLiteral("Bid × Ask");
    case FootprintMode::Delta: return QStringLiteral("Delta");
    case FootprintMode::Volume: return QStringLiteral("Volume");
    case FootprintMode::Profile: return QStringLiteral("Profile");
    }
    return {};
}

QString footprint_mode_key(FootprintMode mode) {
    switch (mode) {
    case FootprintMode::BidAsk: return QStringLiteral("bidask");
    case FootprintMode::Delta: return QStringLiteral("delta");
    case FootprintMode::Volume: return QStringLiteral("volume");
    case FootprintMode::Profile: return QStringLiteral("profile");
    }
    return {};
}

FootprintMode footprint_mode_from_key(const QString& key) {
    for (FootprintMode m : kFootprintModes)
        if (footprint_mode_key(m) == key) return m;
    return FootprintMode::BidAsk;
}

QString ratio_label(double ratio) { return QString::number(ratio, 'f', 1) + QStringLiteral("×"); }

}  // namespace flowscope::ui
