#pragma once
// Where the real session shipped with flowscope lives, for replay when the network is unreachable.
#include <QString>

namespace flowscope::ui {

// First existing of: FLOWSCOPE_SESSION env var, <app dir>/../share/flowscope/sessions/* (an
// installed app), the source tree's resources/sessions/* (a build run in place). Empty when none exists.
QString bundled_session_path();

}  // namespace flowscope::ui
