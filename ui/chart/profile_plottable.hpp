#pragma once
// One volume profile drawn as a horizontal histogram over the footprint: one row per level at the
// bucket drawn, its length ∝ the level's volume, split into sells (bid, the sell colour, next to
// the profile's edge) and buys (ask, the buy colour); the value area stronger than the rest; POC,
// VAH and VAL as lines across the histogram with their prices.
//
// Where: the session's at the pane's right edge, the visible range's at its left edge, a fixed
// range's over its own bars (from the range's first bar to the right, outlined).
#include "aggregate/volume_profile.hpp"
#include "chart/study_plottable.hpp"

namespace flowscope::ui {

class ProfilePlottable : public StudyPlottable {
    Q_OBJECT
public:
    enum class Kind { Session, Visible, Fixed };
    ProfilePlottable(QCPAxis* key, QCPAxis* value, ChartStudies* studies, Kind kind);

    // The widest row, as a share of the pane's width (session and visible).
    static constexpr double kWidthShare = 0.16;
    static constexpr double kMaxWidthPixels = 240;

    // What the last paint drew (tests): the profile, each row's rectangle (sells and buys
    // together) by bucket, and the POC / VAH / VAL lines' y.
    struct Drawn {
        const VolumeProfile* profile = nullptr;
        std::vector<std::pair<std::int64_t, QRectF>> rows;
        double poc_y = 0, vah_y = 0, val_y = 0;
    };
    const Drawn& drawn() const { return drawn_; }
    Kind kind() const { return kind_; }

protected:
    void draw(QCPPainter* painter) override;

private:
    const VolumeProfile* profile_to_draw(int& first, int& last);

    Kind kind_;
    Drawn drawn_;
};

}  // namespace flowscope::ui
