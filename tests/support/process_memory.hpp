#pragma once
// Resident memory of this process, for the memory checks of tests and benchmarks (Linux only).
#include <fstream>
#include <string>

namespace flowscope::test {

// VmRSS from /proc/self/status in MB; -1 where that file does not exist.
inline double resident_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // "VmRSS:   123456 kB"
    return -1;
}

}  // namespace flowscope::test
