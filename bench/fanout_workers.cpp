// The workers of bench/fanout_status: N real kiln-worker REST servers (the
// kiln-worker's own WorkerServer) on N loopback ports over one worker catalogue and
// one BakeService, in one process, plus M hung listeners (they accept and never
// answer).
//
//   fanout_workers --data-dir DIR [--ports 200] [--hung 20]
//
// Prints one line "token <bearer>" (an admin token of the catalogue, made as
// `kiln-worker token create` makes it: on stdout only), one "port <p>" per server,
// one "hung <p>" per hung listener, then "ready". Runs until SIGTERM or stdin closes.

#include "bake/bakecontent.h"
#include "bake/bakeservice.h"
#include "remote/workerapi.h"
#include "store/catalogue.h"
#include "store/workertokenrepository.h"
#include "workerserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdio>
#include <memory>
#include <vector>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {u"data-dir"_s, u"The workers' data directory (catalogue, content)."_s, u"dir"_s},
        {u"ports"_s, u"WorkerServers to start, one per port."_s, u"n"_s, u"200"_s},
        {u"hung"_s, u"Listeners that accept and never answer."_s, u"n"_s, u"0"_s},
    });
    parser.process(app);
    const QString dataDir = parser.value(u"data-dir"_s);
    const int ports = parser.value(u"ports"_s).toInt();
    const int hung = parser.value(u"hung"_s).toInt();
    if (dataDir.isEmpty() || ports < 0 || hung < 0) {
        std::fputs("fanout_workers: give --data-dir, --ports and --hung\n", stderr);
        return 2;
    }
    QDir().mkpath(dataDir);
    auto opened = Catalogue::openSqlite(QDir(dataDir).absoluteFilePath(u"catalogue.sqlite"_s));
    if (!opened) {
        std::fprintf(stderr, "fanout_workers: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    const std::unique_ptr<Catalogue> catalogue = std::move(opened).value();
    auto token = WorkerTokenRepository(*catalogue).create(WorkerScope::Admin, u"bench"_s);
    if (!token) {
        std::fprintf(stderr, "fanout_workers: %s\n", qPrintable(token.error().message));
        return 1;
    }

    // As kiln-worker serve composes it: the catalogue's bake options, bakes only.
    BakeOptions options = BakeOptions::fromSettings(*catalogue);
    options.runBakes = true;
    options.runBuildJobs = false;
    CredentialResolver noCredentials = [](const QString &ref) {
        QPromise<Result<Credential, QString>> promise;
        promise.start();
        promise.addResult(Result<Credential, QString>(u"no stored credential %1"_s.arg(ref)));
        promise.finish();
        return promise.future();
    };
    BakeService bakes(*catalogue, options, noCredentials);
    const BakeDirectories directories = BakeDirectories::fromSettings(*catalogue).resolved(*catalogue);

    say("token " + token.value().bearer);
    std::vector<std::unique_ptr<WorkerServer>> servers;
    for (int i = 0; i < ports; ++i) {
        servers.push_back(std::make_unique<WorkerServer>(*catalogue, bakes, directories));
        WorkerServerOptions serverOptions;
        serverOptions.insecureHttp = true;
        auto port = servers.back()->start(serverOptions);
        if (!port) {
            std::fprintf(stderr, "fanout_workers: %s\n", qPrintable(port.error()));
            return 1;
        }
        say("port " + QByteArray::number(port.value()));
    }
    std::vector<std::unique_ptr<QTcpServer>> listeners;
    for (int i = 0; i < hung; ++i) {
        auto listener = std::make_unique<QTcpServer>();
        QTcpServer *raw = listener.get();
        QObject::connect(raw, &QTcpServer::newConnection, raw, [raw] {
            while (QTcpSocket *socket = raw->nextPendingConnection()) {
                // Reads the request and never answers.
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        if (!raw->listen(QHostAddress::LocalHost, 0)) {
            std::fprintf(stderr, "fanout_workers: %s\n", qPrintable(raw->errorString()));
            return 1;
        }
        say("hung " + QByteArray::number(raw->serverPort()));
        listeners.push_back(std::move(listener));
    }
    bakes.start();
    say("ready");

    // Stops when the bench closes our stdin (or dies).
    QSocketNotifier input(0, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&input] {
        char buffer[256];
        if (std::fread(buffer, 1, 1, stdin) == 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    const int code = app.exec();
    servers.clear();
    bakes.stop();
    return code;
}
