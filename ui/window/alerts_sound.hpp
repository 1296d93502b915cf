#pragma once
// The sound an alert makes: a short chime (resources/sounds/alert.wav, made by
// scripts/make_alert_sound.py), decoded once and played through the default audio output. A burst
// of alerts plays it once.
#include <QObject>

class QSoundEffect;

namespace flowscope::ui {

class AlertSound : public QObject {
    Q_OBJECT
public:
    explicit AlertSound(QObject* parent = nullptr);

    void play();
    // How many times play() asked for the sound, and the effect that plays it (its status says
    // whether the sound loaded; with no audio device it plays to nowhere).
    int plays_requested() const { return plays_requested_; }
    QSoundEffect* effect() const { return effect_; }

private:
    QSoundEffect* effect_;
    int plays_requested_ = 0;
};

}  // namespace flowscope::ui
