// `cmake --install` into a temporary prefix gives a working app: the installed `flowscope` finds
// the session installed beside it and replays it to a screenshot, the CLI runs, the desktop entry
// and icon are where a desktop looks for them; `cpack -G DEB` makes a package that declares its
// dependencies and holds the same files.
#include <QImage>
#include <QProcess>
#include <QtTest>

namespace {

struct Run {
    int exit_code = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args, const QString& dir = {}, int timeout_ms = 300000) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir::tempPath() + QStringLiteral("/flowscope-install-test-config"));
    env.remove(QStringLiteral("FLOWSCOPE_SESSION"));
    p.setProcessEnvironment(env);
    if (!dir.isEmpty()) p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        return {-1, {}, QStringLiteral("timed out: ") + program};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromLocal8Bit(p.readAllStandardOutput()),
            QString::fromLocal8Bit(p.readAllStandardError())};
}

}  // namespace

class TestInstall : public QObject {
    Q_OBJECT

private slots:
    void installed_app_replays_its_own_session() {
        QTemporaryDir prefix;
        const Run install = run(QStringLiteral(FLOWSCOPE_CMAKE_COMMAND),
                                {QStringLiteral("--install"), QStringLiteral(FLOWSCOPE_BINARY_DIR), QStringLiteral("--prefix"),
                                 prefix.path()});
        QVERIFY2(install.exit_code == 0, qPrintable(install.out + install.err));
        for (const char* file : {"bin/flowscope", "bin/flowscope-cli", "share/applications/flowscope.desktop",
                                 "share/icons/hicolor/scalable/apps/flowscope.svg",
                                 "share/flowscope/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec"})
            QVERIFY2(QFile::exists(prefix.filePath(QString::fromLatin1(file))), file);

        // Started from elsewhere, with no hint where its session is: it finds the installed one.
        QTemporaryDir work;
        const QString shot = work.filePath(QStringLiteral("installed.png"));
        const Run app = run(prefix.filePath(QStringLiteral("bin/flowscope")),
                            {QStringLiteral("--offline"), QStringLiteral("--screenshot"), shot}, work.path());
        QVERIFY2(app.exit_code == 0, qPrintable(app.err));
        QVERIFY2(app.out.contains(QStringLiteral("replay of ") + QDir(prefix.path()).canonicalPath() +
                                  QStringLiteral("/bin/../share/flowscope/sessions/")) ||
                     app.out.contains(QStringLiteral("replay of ") + prefix.path() + QStringLiteral("/share/flowscope/sessions/")),
                 qPrintable(app.out));
        const QImage image(shot);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);

        const Run cli = run(prefix.filePath(QStringLiteral("bin/flowscope-cli")),
                            {QStringLiteral("info"), prefix.filePath(QStringLiteral("share/flowscope/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec"))});
        QVERIFY2(cli.exit_code == 0, qPrintable(cli.err));
        QVERIFY2(cli.out.contains(QStringLiteral("BTCUSDT")), qPrintable(cli.out));

        QFile desktop(prefix.filePath(QStringLiteral("share/applications/flowscope.desktop")));
        QVERIFY(desktop.open(QIODevice::ReadOnly));
        const QString entry = QString::fromUtf8(desktop.readAll());
        QVERIFY(entry.contains(QStringLiteral("Exec=flowscope")));
        QVERIFY(entry.contains(QStringLiteral("Icon=flowscope")));
    }

    void debian_package_declares_its_dependencies() {
        if (QStandardPaths::findExecutable(QStringLiteral("dpkg-deb")).isEmpty()) QSKIP("not a Debian system");
        QTemporaryDir out;
        const Run pack = run(QStringLiteral(FLOWSCOPE_CPACK_COMMAND),
                             {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                              QStringLiteral(FLOWSCOPE_BINARY_DIR "/CPackConfig.cmake"), QStringLiteral("-B"), out.path()});
        QVERIFY2(pack.exit_code == 0, qPrintable(pack.out + pack.err));
        const QStringList debs = QDir(out.path()).entryList({QStringLiteral("*.deb")});
        QCOMPARE(debs.size(), 1);
        const QString deb = out.filePath(debs.first());
        const Run info = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--field"), deb, QStringLiteral("Depends")});
        QCOMPARE(info.exit_code, 0);
        for (const char* lib : {"libqt6widgets6", "libqcustomplot", "libzstd1", "libzip4", "libssl3"})
            QVERIFY2(info.out.contains(QString::fromLatin1(lib)), qPrintable(QStringLiteral("Depends: ") + info.out));
        const Run files = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--contents"), deb});
        QCOMPARE(files.exit_code, 0);
        for (const char* file : {"./usr/bin/flowscope", "./usr/bin/flowscope-cli", "./usr/share/applications/flowscope.desktop",
                                 "./usr/share/flowscope/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec"})
            QVERIFY2(files.out.contains(QString::fromLatin1(file)), file);
    }
};

QTEST_MAIN(TestInstall)
#include "test_install.moc"
