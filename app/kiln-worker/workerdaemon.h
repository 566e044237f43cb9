#pragma once

#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>

class QCommandLineParser;
class QSocketNotifier;

namespace Kiln {

class BakeService;
class Catalogue;
class WorkerServer;

// The composition root of kiln-worker: parses the command line, opens the
// worker's own catalogue in its data directory and runs one command:
//   serve        the REST API (WorkerServer) and the bake service until SIGTERM/SIGINT
//   token create / revoke / list
// Nothing else in kiln-worker creates a service.
class WorkerDaemon : public QObject
{
    Q_OBJECT

public:
    enum : int
    {
        Continue = -1 // the event loop must run (serve)
    };

    WorkerDaemon(QTextStream &out, QTextStream &err);
    ~WorkerDaemon() override;

    // Returns Continue when serving, else the exit code.
    int start(const QStringList &arguments);

private:
    int serve(const QString &dataDir, const QCommandLineParser &parser);
    int token(const QString &dataDir, const QStringList &positional, const QCommandLineParser &parser);
    bool openCatalogue(const QString &dataDir);
    bool installSignalHandlers();
    void shutdown();

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Catalogue> m_catalogue;
    std::unique_ptr<BakeService> m_bake;
    std::unique_ptr<WorkerServer> m_server;
    QSocketNotifier *m_signals = nullptr;
    bool m_stopping = false;
};

} // namespace Kiln
