#!/usr/bin/env python3
"""Writes resources/sounds/alert.wav, the sound an alert plays in the app.

Two short rising tones (A5 then E6), 16-bit mono PCM at 22,050 Hz, 0.32 s, each with a soft attack
and a decay so that neither clicks; loud enough to be heard over music, short enough not to annoy
when alerts come in bursts. Standard library only (wave, math, struct), so the file can be made
again on any machine: python3 scripts/make_alert_sound.py
"""
import math
import struct
import wave
from pathlib import Path

RATE = 22_050
TONES = [(880.0, 0.14), (1318.5, 0.18)]  # (Hz, seconds)
PEAK = 0.6 * 32767
ATTACK_S = 0.006


def tone(frequency, seconds):
    n = int(RATE * seconds)
    for i in range(n):
        t = i / RATE
        attack = min(1.0, t / ATTACK_S)
        decay = math.exp(-4.0 * t / seconds)
        # A little of the octave above makes it a chime rather than a beep.
        s = math.sin(2 * math.pi * frequency * t) + 0.25 * math.sin(4 * math.pi * frequency * t)
        yield int(PEAK / 1.25 * attack * decay * s)


def main():
    out = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "alert.wav"
    out.parent.mkdir(parents=True, exist_ok=True)
    samples = [s for f, d in TONES for s in tone(f, d)]
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(samples), *samples))
    print(f"{out}: {len(samples)} samples, {len(samples) / RATE:.2f} s")


if __name__ == "__main__":
    main()
