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
