#include "support/cli_run.hpp"

#include <QProcess>

namespace flowscope::test {

CliRun run_cli(const QStringList& args, int timeout_ms) {
    QProcess p;
    p.start(QStringLiteral(FLOWSCOPE_CLI_PATH), args);
    CliRun r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace flowscope::test
