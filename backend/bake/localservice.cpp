#include "localservice.h"

namespace Kiln {

LocalService::LocalService(QObject *parent)
    : QObject(parent)
    , m_worker(new LocalServiceWorker)
{
    qRegisterMetaType<Kiln::ContainerEngineInfo>();
    qRegisterMetaType<QList<Kiln::ContainerEngineInfo>>();
    m_thread.setObjectName(QStringLiteral("kiln-local-service"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &LocalServiceWorker::enginesDetected, this,
            [this](const QList<ContainerEngineInfo> &engines) {
                m_engines = engines;
                Q_EMIT enginesDetected(engines);
            });
}

LocalService::~LocalService()
{
    m_thread.quit();
    m_thread.wait();
}

void LocalService::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    detectEngines();
}

bool LocalService::isRunning() const
{
    return m_thread.isRunning();
}

void LocalService::detectEngines(const QStringList &searchPaths)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, searchPaths] { worker->detectEngines(searchPaths); },
        Qt::QueuedConnection);
}

void LocalServiceWorker::detectEngines(const QStringList &searchPaths)
{
    Q_EMIT enginesDetected(detectContainerEngines(searchPaths));
}

} // namespace Kiln
