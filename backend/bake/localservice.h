#pragma once

#include "containerengine.h"

#include <QObject>
#include <QThread>

namespace Kiln {

class LocalServiceWorker;

// The local service thread of the embedded default: a worker QObject living on a
// QThread that this object owns. Work posted to it never runs on the caller's
// thread; results come back as queued signals. The bake service (job queue,
// builds) joins this thread in its own issue; today it detects the container
// engines.
class LocalService : public QObject
{
    Q_OBJECT

public:
    explicit LocalService(QObject *parent = nullptr);
    ~LocalService() override;

    // Starts the thread and a first engine detection.
    void start();
    bool isRunning() const;

    // Re-detects the container engines; the answer arrives as enginesDetected().
    void detectEngines(const QStringList &searchPaths = {});

    // The last detection result (empty until the first one arrives).
    QList<ContainerEngineInfo> engines() const { return m_engines; }

Q_SIGNALS:
    void enginesDetected(const QList<Kiln::ContainerEngineInfo> &engines);

private:
    QThread m_thread;
    LocalServiceWorker *m_worker = nullptr;
    QList<ContainerEngineInfo> m_engines;
};

// Lives on LocalService's thread.
class LocalServiceWorker : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    void detectEngines(const QStringList &searchPaths);

Q_SIGNALS:
    void enginesDetected(const QList<Kiln::ContainerEngineInfo> &engines);
};

} // namespace Kiln
