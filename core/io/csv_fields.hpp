#pragma once
// Splits one line of an unquoted CSV (every trade file layout we read) into fields, in place:
// the fields are views into the line, so splitting never allocates.
#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace flowscope {

struct CsvFields {
    static constexpr std::size_t kMaxFields = 12;  // more than any layout has; extra fields are only counted
    std::array<std::string_view, kMaxFields> field{};
    std::size_t count = 0;  // the line's real column count, even past kMaxFields

    std::string_view operator[](std::size_t i) const { return field[i]; }
};

inline void split_csv_line(std::string_view line, CsvFields& out) {
    out.count = 0;
    const char* p = line.data();
    const char* const end = p + line.size();
    for (;;) {
        const void* comma = std::memchr(p, ',', static_cast<std::size_t>(end - p));
        const char* field_end = comma != nullptr ? static_cast<const char*>(comma) : end;
        if (out.count < CsvFields::kMaxFields)
            out.field[out.count] = {p, static_cast<std::size_t>(field_end - p)};
        ++out.count;
        if (comma == nullptr) return;
        p = field_end + 1;
    }
}

}  // namespace flowscope
