#pragma once
// Where the real session shipped with flowscope lives, for replay when the network is unreachable.
#include <QString>

namespace flowscope::ui {

// First existing of: FLOWSCOPE_SESSION env var, <app dir>/../share/flowscope/sessions/*,
// the source tree's resources/sessions/*, then the real hour in tests/data. Empty when none exists.
QString bundled_session_path();

}  // namespace flowscope::ui
