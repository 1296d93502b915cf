#include "replay/replay_controls.hpp"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QStyle>

#include "window/media_icons.hpp"
#include "record/replay_playback.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

namespace {
// The slider works in seconds so a whole day fits an int comfortably.
constexpr qint64 kSliderUnitUs = 1'000'000;
// A mid grey reads on both the dark and the light theme.
const QColor kIconColour(0x9d, 0xa3, 0xb3);
}  // namespace

QStringList ReplayControls::speed_texts() {
    return {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("5"), QStringLiteral("10"),
            QStringLiteral("60"), QStringLiteral("600"), QStringLiteral("max")};
}

double ReplayControls::speed_value(const QString& text) {
    if (text == QStringLiteral("max")) return record::kMaxSpeed;
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok && v > 0 ? v : 1;
}

ReplayControls::ReplayControls(QWidget* parent)
    : QToolBar(QStringLiteral("Replay"), parent), speed_(new QComboBox), slider_(new QSlider(Qt::Horizontal)),
      time_(new QLabel), preparation_(new QLabel) {
    setObjectName(QStringLiteral("replayControls"));
    setMovable(false);
    addAction(media_icon(MediaGlyph::StepBack, kIconColour), QStringLiteral("Step back"), this, &ReplayControls::step_back)
        ->setToolTip(QStringLiteral("Step back one bar (←)"));
    play_ = addAction(media_icon(MediaGlyph::Play, kIconColour), QStringLiteral("Play"), this, &ReplayControls::play_toggled);
    play_->setToolTip(QStringLiteral("Play / pause (Space)"));
    addAction(media_icon(MediaGlyph::StepForward, kIconColour), QStringLiteral("Step"), this, &ReplayControls::step_forward)
        ->setToolTip(QStringLiteral("Step one bar (→)"));
    for (const QString& s : speed_texts()) speed_->addItem(s == QStringLiteral("max") ? s : s + QStringLiteral("×"), s);
    speed_->setToolTip(QStringLiteral("Replay speed"));
    addWidget(speed_);
    connect(speed_, &QComboBox::currentIndexChanged, this, [this] {
        emit speed_changed(speed_value(speed_text()), speed_text());
    });
    slider_->setObjectName(QStringLiteral("replaySlider"));
    slider_->setMinimumWidth(300);
    slider_->setTracking(false);
    slider_->setFocusPolicy(Qt::NoFocus);
    addWidget(slider_);
    // Programmatic moves are made with signals blocked, so this fires only for the user.
    connect(slider_, &QSlider::valueChanged, this,
            [this](int v) { emit seek_requested(start_us_ + qint64(v) * kSliderUnitUs); });
    time_->setObjectName(QStringLiteral("marketTime"));
    time_->setMinimumWidth(190);
    time_->setContentsMargins(10, 0, 6, 0);
    addWidget(time_);
    preparation_->setObjectName(QStringLiteral("seekPreparation"));
    preparation_->setToolTip(QStringLiteral("Preparing for fast seeks in the background; the replay plays meanwhile"));
    preparation_->setContentsMargins(6, 0, 6, 0);
    preparation_action_ = addWidget(preparation_);
    preparation_action_->setVisible(false);
}

void ReplayControls::set_preparation(int percent) {
    preparation_->setText(QStringLiteral("indexing %1%").arg(percent));
    preparation_action_->setVisible(percent < 100);
}

void ReplayControls::set_span(qint64 start_us, qint64 end_us) {
    start_us_ = start_us / kSliderUnitUs * kSliderUnitUs;  // slider steps land on whole seconds
    end_us_ = end_us;
    const QSignalBlocker block(slider_);
    slider_->setRange(0, static_cast<int>((end_us - start_us) / kSliderUnitUs + 1));
    slider_->setPageStep(60);
}

void ReplayControls::set_position(qint64 market_us, bool playing) {
    play_->setIcon(media_icon(playing ? MediaGlyph::Pause : MediaGlyph::Play, kIconColour));
    play_->setText(playing ? QStringLiteral("Pause") : QStringLiteral("Play"));
    time_->setText(time_text(market_us, true) + QStringLiteral(" UTC"));
    if (slider_->isSliderDown()) return;
    const QSignalBlocker block(slider_);
    slider_->setValue(static_cast<int>((market_us - start_us_) / kSliderUnitUs));
}

void ReplayControls::set_speed_text(const QString& text) {
    const int i = speed_->findData(text);
    speed_->setCurrentIndex(i >= 0 ? i : 0);
}

QString ReplayControls::speed_text() const { return speed_->currentData().toString(); }

}  // namespace flowscope::ui
