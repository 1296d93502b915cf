#pragma once
// How the footprint is drawn: what each cell says, how it is shaded, and what counts as an imbalance.
#include <array>
#include <QString>

#include "aggregate/footprint_analysis.hpp"

namespace flowscope::ui {

enum class FootprintMode { BidAsk, Delta, Volume, Profile };
enum class CellShading { Volume, Delta };

inline constexpr std::array<FootprintMode, 4> kFootprintModes{
    FootprintMode::BidAsk, FootprintMode::Delta, FootprintMode::Volume, FootprintMode::Profile};

QString footprint_mode_name(FootprintMode mode);  // "Bid × Ask", "Delta", "Volume", "Profile"
QString footprint_mode_key(FootprintMode mode);   // stable settings key: "bidask" ...
FootprintMode footprint_mode_from_key(const QString& key);

struct FootprintOptions {
    FootprintMode mode = FootprintMode::BidAsk;
    CellShading shading = CellShading::Volume;
    ImbalanceSettings imbalance;
    bool show_stacked_zones = true;
};

// "3.0×" for a ratio of 3.
QString ratio_label(double ratio);

}  // namespace flowscope::ui
