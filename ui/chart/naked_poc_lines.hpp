#pragma once
// Naked POC lines: each bar's point of control drawn from the bar's right edge to the right until
// a later bar trades through it (aggregate/naked_poc.hpp), at the middle of its row. A line still
// naked runs to the pane's edge, solid, with its price; a line that was reached stops at the bar
// that reached it, faint and dashed. A POC the very next bar reached draws nothing.
#include "chart/study_plottable.hpp"

namespace flowscope::ui {

class NakedPocLines : public StudyPlottable {
    Q_OBJECT
public:
    using StudyPlottable::StudyPlottable;

    // What the last paint drew (tests): each line's bar, its y and its ends, and whether naked.
    struct Drawn {
        int bar = 0;
        std::int64_t bucket = 0;
        QLineF line;
        bool naked = false;
    };
    const std::vector<Drawn>& drawn() const { return drawn_; }

protected:
    void draw(QCPPainter* painter) override;

private:
    std::vector<Drawn> drawn_;
};

}  // namespace flowscope::ui
