#pragma once
// Developing POC: the session profile's point of control after each bar, as a step line through
// the bars (level across each bar's slot, a step where it moves, none across a session's start).
#include "chart/study_plottable.hpp"

namespace flowscope::ui {

class DevelopingPocLine : public StudyPlottable {
    Q_OBJECT
public:
    using StudyPlottable::StudyPlottable;

    // The level drawn across each visible bar's slot by the last paint (tests).
    struct Step {
        int bar = 0;
        std::int64_t bucket = 0;
        double y = 0;
    };
    const std::vector<Step>& drawn() const { return drawn_; }
    static QColor colour(const Theme& theme);

protected:
    void draw(QCPPainter* painter) override;

private:
    std::vector<Step> drawn_;
};

}  // namespace flowscope::ui
