#include "workerdaemon.h"

#include "bake/bakecontent.h"
#include "bake/bakeservice.h"
#include "bake/containerengine.h"
#include "remote/workerapi.h"
#include "store/catalogue.h"
#include "store/workertokenrepository.h"
#include "workerserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// The write end gets one byte per SIGTERM/SIGINT; the event loop reads the other.
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[0], &byte, 1);
}

QString formatTime(std::optional<qint64> msecs)
{
    if (!msecs)
        return u"-"_s;
    return QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

WorkerDaemon::WorkerDaemon(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

WorkerDaemon::~WorkerDaemon()
{
    m_server.reset();
    if (m_bake)
        m_bake->stop();
    m_bake.reset();
}

int WorkerDaemon::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
        "The Kiln worker daemon: bakes and serves images over a REST API.\n\n"
        "  kiln-worker serve --data-dir DIR [--listen ADDR] [--port N] (--cert F --key F | --insecure-http)\n"
        "                    [--storage-root DIR --run-root DIR --storage-driver D]\n"
        "  kiln-worker token create --data-dir DIR --scope S [--scope S...] [--name N]\n"
        "  kiln-worker token revoke ID --data-dir DIR\n"
        "  kiln-worker token list --data-dir DIR\n\n"
        "Scopes: images:read, images:manage, builds:run, admin (admin implies all)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, tr("serve or token"));
    parser.addOptions({
        {u"data-dir"_s, tr("The worker's data directory (catalogue, content, logs)."), u"dir"_s},
        {u"listen"_s, tr("The address to listen on (default 127.0.0.1)."), u"address"_s, u"127.0.0.1"_s},
        {u"port"_s, tr("The port to listen on (default 8443; 0: any free port)."), u"port"_s, u"8443"_s},
        {u"cert"_s, tr("The PEM certificate (chain) for HTTPS."), u"file"_s},
        {u"key"_s, tr("The PEM private key of the certificate."), u"file"_s},
        {u"insecure-http"_s, tr("Serve plain HTTP (for tests on loopback only).")},
        {u"storage-root"_s, tr("The container engine's storage for builds (--root)."), u"dir"_s},
        {u"run-root"_s, tr("The container engine's run state for builds (--runroot)."), u"dir"_s},
        {u"storage-driver"_s, tr("The container engine's storage driver for builds, e.g. vfs or overlay."),
         u"driver"_s},
        {u"scope"_s, tr("A scope of the new token (repeatable)."), u"scope"_s},
        {u"name"_s, tr("What the new token is for."), u"name"_s},
    });
    if (!parser.parse(arguments)) {
        m_err << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        m_out << parser.helpText();
        return 0;
    }
    if (parser.isSet(u"version"_s)) {
        m_out << u"kiln-worker "_s << WorkerApi::version() << Qt::endl;
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        m_err << tr("Give a command: serve or token (see --help).") << Qt::endl;
        return 2;
    }
    const QString dataDir = parser.value(u"data-dir"_s);
    if (dataDir.isEmpty()) {
        m_err << tr("Give the worker's data directory with --data-dir.") << Qt::endl;
        return 2;
    }
    if (positional.first() == u"serve" && positional.size() == 1)
        return serve(dataDir, parser);
    if (positional.first() == u"token")
        return token(dataDir, positional.mid(1), parser);
    m_err << tr("Unknown command: %1 (see --help).").arg(positional.join(u' ')) << Qt::endl;
    return 2;
}

bool WorkerDaemon::openCatalogue(const QString &dataDir)
{
    if (!QDir().mkpath(dataDir)) {
        m_err << tr("Could not create the data directory %1.").arg(dataDir) << Qt::endl;
        return false;
    }
    auto opened = Catalogue::openSqlite(QDir(dataDir).absoluteFilePath(u"catalogue.sqlite"_s));
    if (!opened) {
        m_err << opened.error().message << Qt::endl;
        return false;
    }
    m_catalogue = std::move(opened).value();
    return true;
}

int WorkerDaemon::token(const QString &dataDir, const QStringList &positional,
                        const QCommandLineParser &parser)
{
    if (positional.isEmpty()) {
        m_err << tr("Give a token command: create, revoke ID or list.") << Qt::endl;
        return 2;
    }
    const QString command = positional.first();
    if (command == u"create" && positional.size() == 1) {
        auto scopes = parseWorkerScopes(parser.values(u"scope"_s));
        if (!scopes) {
            m_err << tr("--scope: %1").arg(scopes.error().message) << Qt::endl;
            return 2;
        }
        if (!openCatalogue(dataDir))
            return 1;
        auto created = WorkerTokenRepository(*m_catalogue).create(scopes.value(), parser.value(u"name"_s));
        if (!created) {
            m_err << created.error().message << Qt::endl;
            return 1;
        }
        // The token itself alone on stdout (for scripts); it is never shown again.
        m_out << QString::fromLatin1(created.value().bearer) << Qt::endl;
        m_err << tr("Created token %1 with %2. Keep it now: it cannot be shown again.")
                     .arg(created.value().token.id,
                          workerScopeNames(created.value().token.scopes).join(u", "_s))
              << Qt::endl;
        return 0;
    }
    if (command == u"revoke" && positional.size() == 2) {
        if (!openCatalogue(dataDir))
            return 1;
        auto revoked = WorkerTokenRepository(*m_catalogue).revoke(positional.at(1));
        if (!revoked) {
            m_err << revoked.error().message << Qt::endl;
            return 1;
        }
        m_out << tr("Revoked token %1.").arg(revoked.value().id) << Qt::endl;
        return 0;
    }
    if (command == u"list" && positional.size() == 1) {
        if (!openCatalogue(dataDir))
            return 1;
        auto tokens = WorkerTokenRepository(*m_catalogue).list();
        if (!tokens) {
            m_err << tokens.error().message << Qt::endl;
            return 1;
        }
        m_out << u"ID\tNAME\tSCOPES\tCREATED\tLAST USED\tREVOKED"_s << Qt::endl;
        for (const WorkerToken &t : tokens.value()) {
            m_out << t.id << u'\t' << (t.name.isEmpty() ? u"-"_s : t.name) << u'\t'
                  << workerScopeNames(t.scopes).join(u',') << u'\t' << formatTime(t.createdAt) << u'\t'
                  << formatTime(t.lastUsedAt) << u'\t' << formatTime(t.revokedAt) << Qt::endl;
        }
        return 0;
    }
    m_err << tr("Unknown token command: %1 (create, revoke ID or list).").arg(positional.join(u' '))
          << Qt::endl;
    return 2;
}

int WorkerDaemon::serve(const QString &dataDir, const QCommandLineParser &parser)
{
    WorkerServerOptions options;
    options.address = QHostAddress(parser.value(u"listen"_s));
    if (options.address.isNull()) {
        m_err << tr("--listen: %1 is not an IP address.").arg(parser.value(u"listen"_s)) << Qt::endl;
        return 2;
    }
    bool portOk = false;
    const uint port = parser.value(u"port"_s).toUInt(&portOk);
    if (!portOk || port > 65535) {
        m_err << tr("--port: %1 is not a port number.").arg(parser.value(u"port"_s)) << Qt::endl;
        return 2;
    }
    options.port = quint16(port);
    options.certificateFile = parser.value(u"cert"_s);
    options.keyFile = parser.value(u"key"_s);
    options.insecureHttp = parser.isSet(u"insecure-http"_s);
    if (options.insecureHttp && !options.certificateFile.isEmpty()) {
        m_err << tr("Give either --cert and --key or --insecure-http, not both.") << Qt::endl;
        return 2;
    }
    if (!openCatalogue(dataDir))
        return 1;

    BakeOptions bakeOptions = BakeOptions::fromSettings(*m_catalogue);
    bakeOptions.runBakes = true;
    bakeOptions.runBuildJobs = true; // POST /builds
    bakeOptions.storage.root = parser.value(u"storage-root"_s);
    bakeOptions.storage.runRoot = parser.value(u"run-root"_s);
    bakeOptions.storage.driver = parser.value(u"storage-driver"_s);
    options.capacity = bakeOptions.concurrency;
    // A worker keeps no registry credentials: it bakes public images and local tars.
    CredentialResolver noCredentials = [](const QString &ref) {
        QPromise<Result<Credential, QString>> promise;
        promise.start();
        promise.addResult(Result<Credential, QString>(
            QCoreApplication::translate("Kiln::WorkerDaemon", "kiln-worker has no stored credential %1.")
                .arg(ref)));
        promise.finish();
        return promise.future();
    };
    m_bake = std::make_unique<BakeService>(*m_catalogue, bakeOptions, noCredentials);
    m_server = std::make_unique<WorkerServer>(
        *m_catalogue, *m_bake, BakeDirectories::fromSettings(*m_catalogue).resolved(*m_catalogue));
    connect(m_bake.get(), &BakeService::enginesDetected, this,
            [this](const QList<ContainerEngineInfo> &engines) {
                QStringList names;
                for (const ContainerEngineInfo &engine : engines) {
                    if (engine.usable())
                        names.append(containerEngineName(engine.kind));
                }
                m_server->setEngines(names);
            });
    connect(m_bake.get(), &BakeService::problem, this,
            [this](const QString &message) { m_err << tr("Bake service: %1").arg(message) << Qt::endl; });

    if (!installSignalHandlers())
        return 1;
    auto listening = m_server->start(options);
    if (!listening) {
        m_err << listening.error() << Qt::endl;
        return 1;
    }
    m_bake->start();
    const QString scheme = options.insecureHttp ? u"http"_s : u"https"_s;
    QString host = options.address.toString();
    if (options.address.protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    // Tests and scripts read the port from this line (--port 0).
    m_out << tr("kiln-worker %1 listening on %2://%3:%4")
                 .arg(WorkerApi::version(), scheme, host)
                 .arg(listening.value())
          << Qt::endl;
    return Continue;
}

bool WorkerDaemon::installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        m_err << tr("Could not set up signal handling.") << Qt::endl;
        return false;
    }
    m_signals = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, this);
    connect(m_signals, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[1], &byte, 1);
        shutdown();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    return true;
}

void WorkerDaemon::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_err << tr("kiln-worker is stopping.") << Qt::endl;
    // No new connections; then running bakes and builds are stopped and marked
    // interrupted, and the followed job logs get their last lines and their end.
    m_server->close();
    m_bake->stop();
    m_server->finishStreams();
    // Exit once the answers left (at most 3 seconds for a peer that reads nothing).
    auto *flush = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(flush, &QTimer::timeout, this, [this, flush, clock] {
        if (m_server->hasUnsentData() && clock->elapsed() < 3000)
            return;
        flush->stop();
        QCoreApplication::exit(0);
    });
    flush->start(20);
}

} // namespace Kiln
