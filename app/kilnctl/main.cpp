// kilnctl: composition root only. The commands live in backend/cli.
#include "cli/cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kilnctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KILN_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Kiln"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    const int code = Kiln::Cli::run(QCoreApplication::arguments(), {out, err, &in});
    out.flush();
    err.flush();
    return code;
}
