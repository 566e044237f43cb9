// kiln-worker: composition root only. The REST API lives in backend/remote/server.
#include "workerdaemon.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kiln-worker"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KILN_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Kiln"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    Kiln::WorkerDaemon daemon(out, err);
    int code = daemon.start(QCoreApplication::arguments());
    out.flush();
    err.flush();
    if (code == Kiln::WorkerDaemon::Continue)
        code = QCoreApplication::exec();
    out.flush();
    err.flush();
    return code;
}
