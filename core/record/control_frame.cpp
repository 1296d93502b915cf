#include "record/control_frame.hpp"

#include <charconv>

namespace flowscope::record {

namespace {

constexpr std::string_view kBackfill = "backfill";
constexpr std::string_view kBackfillEnd = "backfill-end";

// The text after `"key":` (spaces skipped), or empty when the key is absent.
std::string_view value_of(std::string_view text, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\"";
    std::size_t at = text.find(quoted);
    if (at == std::string_view::npos) return {};
    at += quoted.size();
    while (at < text.size() && (text[at] == ' ' || text[at] == ':')) ++at;
    return text.substr(at);
}

std::optional<std::uint64_t> number_of(std::string_view text, std::string_view key) {
    const std::string_view v = value_of(text, key);
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end == v.data()) return std::nullopt;
    return n;
}

}  // namespace

std::optional<ControlFrame> parse_control_frame(std::string_view text) {
    if (!is_control_frame(text)) return std::nullopt;
    ControlFrame frame;
    const std::string_view kind = value_of(text, "flowscope");
    const auto kind_is = [&](std::string_view name) {
        return kind.size() > name.size() + 1 && kind[0] == '"' && kind.substr(1, name.size()) == name &&
               kind[name.size() + 1] == '"';
    };
    const bool backfill = kind_is(kBackfill), end = kind_is(kBackfillEnd);
    if (!backfill && !end) return frame;
    const auto first = number_of(text, "first");
    const auto last = number_of(text, "last");
    if (!first || !last || *last < *first) return frame;
    frame.kind = backfill ? ControlFrame::Kind::Backfill : ControlFrame::Kind::BackfillEnd;
    frame.first = *first;
    frame.last = *last;
    return frame;
}

std::string control_frame_text(const ControlFrame& frame) {
    const std::string_view kind = frame.kind == ControlFrame::Kind::Backfill      ? kBackfill
                                  : frame.kind == ControlFrame::Kind::BackfillEnd ? kBackfillEnd
                                                                                   : std::string_view("unknown");
    return R"({"flowscope":")" + std::string(kind) + R"(","first":)" + std::to_string(frame.first) + R"(,"last":)" +
           std::to_string(frame.last) + "}";
}

}  // namespace flowscope::record
