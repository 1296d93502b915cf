#pragma once
// Frames flowscope writes into a recording itself, beside the exchange's: JSON objects whose first
// key is "flowscope" (no exchange sends one). Replay takes them out before any adapter sees the
// frame, and counts them apart from the exchange's acks and from malformed frames.
//
// The kinds (docs/recording-format.md, "Backfill frames"): `backfill` opens the repair of trade ids
// first … last (the repaired trades follow as ordinary exchange frames), `backfill-end` closes it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::record {

struct ControlFrame {
    enum class Kind : std::uint8_t { Backfill, BackfillEnd, Unknown };
    Kind kind = Kind::Unknown;
    std::uint64_t first = 0, last = 0;  // Backfill, BackfillEnd: the ids repaired (inclusive)
};

// Ours or not, by the first key alone: the test that runs on every text frame of a replay.
inline bool is_control_frame(std::string_view text) { return text.starts_with(R"({"flowscope":)"); }

// Nullopt when the frame is not ours; Kind::Unknown for ours of a kind this build does not know
// (a newer writer) or whose ids cannot be read.
std::optional<ControlFrame> parse_control_frame(std::string_view text);

// The frame text, as the recorder writes it: {"flowscope":"backfill","first":F,"last":L}.
std::string control_frame_text(const ControlFrame& frame);

}  // namespace flowscope::record
