#pragma once
// Big-trade bubbles: every big print (a trade, or a same-instant same-side sweep, combined) worth
// at least the chart's threshold, as a circle at its VWAP and its time inside the bar, its area
// proportional to its quote value (a print worth the threshold has radius kMinRadius; growth stops
// at kMaxRadius, 18 times the threshold), in the buy or sell colour, its size written inside when
// it fits. A thin line through it spans the prices the sweep took.
//
// At most kMaxBubbles show, the largest in view, and the pane says so when there are more: a
// view of 200 hourly bars of a busy market holds thousands at a small threshold, a blanket no one
// reads, and drawing them all took 100 ms a paint. The choice is kept until the bars, the bars in
// view or the threshold change, with each one's radius and text; circles (colour, radius to ¼ px)
// and sizes (text on a 1 px halo of the other of black and white, so they read over whatever
// is under them) are pre-rendered once, and drawn after every circle: a paint costs a blit or two
// per bubble.
#include <QPixmap>
#include <map>
#include <tuple>

#include "aggregate/big_trades.hpp"
#include "chart/study_plottable.hpp"

namespace flowscope::ui {

class BubblesPlottable : public StudyPlottable {
    Q_OBJECT
public:
    using StudyPlottable::StudyPlottable;

    static constexpr double kMinRadius = 8;
    static constexpr double kMaxRadius = 34;
    static constexpr int kFillAlpha = 215;
    static constexpr std::size_t kMaxBubbles = 120;
    // Radius of a print worth `quote` with bubbles from `threshold` (both quote currency).
    static double radius_for(double quote, double threshold);

    // What the last paint drew (tests).
    struct Drawn {
        BigTrade trade;
        QPointF centre;
        double radius = 0;
        QString text;  // empty when the size did not fit inside
    };
    const std::vector<Drawn>& drawn() const { return drawn_; }
    std::size_t in_view() const { return in_view_; }  // prints over the threshold in the bars in view

protected:
    void draw(QCPPainter* painter) override;

private:
    const QPixmap& circle(Side side, double radius);
    const QPixmap& size_text(Side side, const QString& text);
    struct Chosen {
        BigTrade trade;
        double radius = 0;
        QString text;
    };

    struct Key {
        std::uint64_t stamp = 0;
        int first = 0, last = -1;
        std::int64_t threshold = 0;
        bool operator==(const Key&) const = default;
    };
    Key key_;
    std::vector<Chosen> chosen_;  // the largest in view, largest first
    std::size_t in_view_ = 0;
    std::vector<Drawn> drawn_;
    QString sprite_theme_;
    std::map<std::pair<int, int>, QPixmap> circles_;       // (side, radius in ¼ px)
    std::map<std::pair<int, QString>, QPixmap> texts_;     // (side, size written)
};

}  // namespace flowscope::ui
