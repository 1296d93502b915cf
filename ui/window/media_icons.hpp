#pragma once
// Play, pause and step icons drawn as vectors in the theme's text colour (the style's own media
// icons are dark and vanish on the dark theme), sharp at any device pixel ratio.
#include <QColor>
#include <QIcon>

namespace flowscope::ui {

enum class MediaGlyph { Play, Pause, StepForward, StepBack };

QIcon media_icon(MediaGlyph glyph, const QColor& colour);
// The toolbar's overflow chevron (»), drawn the same way: the style's own is dark on the dark theme.
QIcon overflow_icon(const QColor& colour);

}  // namespace flowscope::ui
