#include "window/alerts_sound.hpp"

#include <QSoundEffect>

namespace flowscope::ui {

AlertSound::AlertSound(QObject* parent) : QObject(parent), effect_(new QSoundEffect(this)) {
    effect_->setSource(QUrl(QStringLiteral("qrc:/sounds/alert.wav")));
    effect_->setVolume(0.8f);
}

void AlertSound::play() {
    ++plays_requested_;
    effect_->play();  // restarts a chime still playing
}

}  // namespace flowscope::ui
