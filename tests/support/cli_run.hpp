#pragma once
// Runs the real flowscope-cli of this build, as a user would, and keeps what it said.
#include <QString>
#include <QStringList>

namespace flowscope::test {

struct CliRun {
    int exit_code = -1;  // -1: it crashed, or was killed after the time allowed
    QString out, err;
};

CliRun run_cli(const QStringList& args, int timeout_ms = 120'000);

}  // namespace flowscope::test
