#include "testsupport.h"

#include "cli/cli.h"

#include <QDir>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTextStream>
#include <QtTest>

namespace KilnTest {

QString dataPath(const QString &relative)
{
    const QString root = qEnvironmentVariable("KILN_SOURCE_DIR");
    if (root.isEmpty())
        qFatal("KILN_SOURCE_DIR is not set; run the tests through ctest");
    return QDir(root).filePath(QStringLiteral("tests/data/") + relative);
}

QString binaryPath(const QString &relative)
{
    const QString root = qEnvironmentVariable("KILN_BINARY_DIR");
    if (root.isEmpty())
        qFatal("KILN_BINARY_DIR is not set; run the tests through ctest");
    return QDir(root).filePath(relative);
}

void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
}

int freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const int port = server.serverPort();
    server.close();
    return port;
}

QString shellQuote(const QString &text)
{
    QString out = text;
    out.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

void startWatchdog(const QString &dir, const QString &cleanup)
{
    using namespace Qt::StringLiterals;
    const QString script = u"d=%1; while kill -0 %2 2>/dev/null && [ -d \"$d\" ]; do sleep 1; done; "
                           "if [ -d \"$d\" ]; then %3 rm -rf --one-file-system \"$d\" 2>/dev/null || "
                           "{ chmod -R u+rwX \"$d\"; rm -rf --one-file-system \"$d\"; }; fi"_s.arg(
                               shellQuote(dir), QString::number(QCoreApplication::applicationPid()),
                               cleanup.isEmpty() ? QString() : cleanup + u";"_s);
    QProcess watchdog;
    watchdog.setProgram(u"/bin/sh"_s);
    watchdog.setArguments({u"-c"_s, script});
    watchdog.setStandardInputFile(QProcess::nullDevice());
    watchdog.setStandardOutputFile(QProcess::nullDevice());
    watchdog.setStandardErrorFile(QProcess::nullDevice());
    watchdog.startDetached();
}

KilnctlRun runKilnctl(const QStringList &arguments, QString input)
{
    KilnctlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    QTextStream in(&input);
    run.code = Kiln::Cli::run(QStringList{QStringLiteral("kilnctl")} + arguments, {out, err, &in});
    out.flush();
    err.flush();
    return run;
}

} // namespace KilnTest
