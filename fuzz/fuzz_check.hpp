#pragma once
// What the harnesses share: a check that stops the run with a message libFuzzer records as a
// finding, a full description of a trade for comparing two parsers, and a scratch file per
// process for the readers that take a path.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::abort();
}

inline void check(bool ok, const std::string& what) {
    if (!ok) fail(what);
}

// Every field, so that two parsers agree only when they make the identical trade.
inline std::string describe(const Trade& t) {
    return std::string(exchange_name(t.exchange)) + ' ' + std::string(t.symbol.view()) + " id=" +
           std::string(t.id.text.view()) + '/' + (t.id.number ? std::to_string(*t.id.number) : "none") +
           " T=" + std::to_string(t.exchange_time_us) + " recv=" + std::to_string(t.receive_time_us) +
           " p=" + format_price(t.price) + " q=" + format_quantity(t.quantity) + ' ' +
           std::string(side_name(t.aggressor)) + ' ' + std::string(print_name(t.print));
}

// A path in the temp folder owned by this process (the readers under test take paths); the
// file is replaced on every input.
inline std::string scratch_path(std::string_view name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/flowscope-fuzz-" + std::to_string(::getpid()) + "-" +
           std::string(name);
}

inline void write_file(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) fail("cannot write the scratch file " + path);
}

}  // namespace flowscope::fuzz
