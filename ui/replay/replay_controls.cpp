#include "replay/replay_controls.hpp"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>

#include "window/media_icons.hpp"
#include "record/replay_playback.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

namespace {
// The slider works in seconds so a whole day fits an int comfortably.
constexpr qint64 kSliderUnitUs = 1'000'000;
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
      time_(new QLabel), preparation_(new QLabel), preview_timer_(new QTimer(this)) {
    setObjectName(QStringLiteral("replayControls"));
    setMovable(false);
    step_back_ = addAction(QStringLiteral("Step back"), this, &ReplayControls::step_back);
    step_back_->setToolTip(QStringLiteral("Step back one bar (←)"));
    play_ = addAction(QStringLiteral("Play"), this, &ReplayControls::play_toggled);
    play_->setToolTip(QStringLiteral("Play / pause (Space)"));
    step_forward_ = addAction(QStringLiteral("Step"), this, &ReplayControls::step_forward);
    step_forward_->setToolTip(QStringLiteral("Step one bar (→)"));
    update_icons();
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
    // Programmatic moves are made with signals blocked, so these fire only for the user: moves
    // while the handle is held (previews), and the value where it is let go.
    connect(slider_, &QSlider::sliderMoved, this, &ReplayControls::preview);
    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        preview_timer_->stop();
        preview_pending_ = false;
        emit seek_requested(start_us_ + qint64(v) * kSliderUnitUs);
    });
    preview_timer_->setSingleShot(true);
    preview_timer_->setInterval(kPreviewIntervalMs);
    connect(preview_timer_, &QTimer::timeout, this, [this] {
        if (!preview_pending_ || !slider_->isSliderDown()) return;
        preview_pending_ = false;
        preview_timer_->start();
        emit seek_requested(start_us_ + qint64(slider_->sliderPosition()) * kSliderUnitUs);
    });
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

void ReplayControls::preview(int value) {
    const qint64 at = start_us_ + qint64(value) * kSliderUnitUs;
    time_->setText(time_text(at, true) + QStringLiteral(" UTC"));
    // The first move seeks at once; later ones at most every kPreviewIntervalMs, the last one kept.
    if (preview_timer_->isActive()) {
        preview_pending_ = true;
        return;
    }
    preview_timer_->start();
    emit seek_requested(at);
}

void ReplayControls::update_icons() {
    const QColor colour = palette().color(QPalette::ButtonText);
    step_back_->setIcon(media_icon(MediaGlyph::StepBack, colour));
    step_forward_->setIcon(media_icon(MediaGlyph::StepForward, colour));
    play_->setIcon(media_icon(playing_ ? MediaGlyph::Pause : MediaGlyph::Play, colour));
}

void ReplayControls::changeEvent(QEvent* event) {
    QToolBar::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) update_icons();
}

void ReplayControls::set_position(qint64 market_us, bool playing) {
    if (playing != playing_) {
        playing_ = playing;
        update_icons();
    }
    play_->setText(playing ? QStringLiteral("Pause") : QStringLiteral("Play"));
    if (slider_->isSliderDown()) return;  // the handle's time shows while it is held
    time_->setText(time_text(market_us, true) + QStringLiteral(" UTC"));
    const QSignalBlocker block(slider_);
    slider_->setValue(static_cast<int>((market_us - start_us_) / kSliderUnitUs));
}

void ReplayControls::set_speed_text(const QString& text) {
    const int i = speed_->findData(text);
    speed_->setCurrentIndex(i >= 0 ? i : 0);
}

QString ReplayControls::speed_text() const { return speed_->currentData().toString(); }

}  // namespace flowscope::ui
