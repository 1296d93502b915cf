#pragma once
// An HTTP request target as the local exchange's REST side reads it: the path and the query's
// parameters, percent-decoded.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::testing {

struct RestRequest {
    std::string path;
    std::map<std::string, std::string, std::less<>> params;

    static RestRequest parse(std::string_view target);
    const std::string* param(std::string_view name) const;  // nullptr when absent
};

// A whole decimal integer (no sign, space or suffix), else nothing.
std::optional<std::int64_t> to_integer(std::string_view text);

}  // namespace flowscope::testing
