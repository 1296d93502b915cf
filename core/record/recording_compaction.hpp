#pragma once
// Rewrites a recording into full blocks. A quiet stream recorded live is flushed every second,
// so its blocks hold a frame or two and their headers cost more than the frames; once the file is
// closed, nothing needs the small blocks any more. The rewrite goes to a temporary file that
// replaces the original only when it holds exactly the same frames, so a crash or an error
// leaves the original as it was. Damaged recordings are left untouched.
#include <string>

#include "model/result.hpp"

namespace flowscope::record {

// Succeeds when the file was rewritten; fails with the reason it was left alone (which is not a
// failure of the recording).
Result<void> compact_recording(const std::string& path);

}  // namespace flowscope::record
