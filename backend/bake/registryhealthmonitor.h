#pragma once

#include "registryhealth.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace Kiln {

class Catalogue;

// Checks every registry of the catalogue in the background, every
// Setting::HealthCheckIntervalMinutes (read again before each round), the first
// round after a random offset within the first interval so that several Kiln
// instances do not all ping at once. Runs at most kMaxConcurrentChecks checks at a
// time through the RegistryHealthChecker, on the checker's thread (the GUI
// thread in kiln): catalogue reads and writes run through QtConcurrent, network
// work is asynchronous, so it never blocks. Each result is stored with
// RegistryRepository::recordHealth() before it is announced.
//
// Signals: healthChanged() for EVERY stored result (the latency and the time of
// the check change even when the status does not), statusChanged() in addition
// when the status differs from the one known before (the stored one, at first).
// A check cancelled by shutting down is neither stored nor announced.
//
// Destroying the monitor stops the timer, drops the pending checks and waits for
// the catalogue tasks under way (each a single short statement).
class RegistryHealthMonitor : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxConcurrentChecks = 2;

    RegistryHealthMonitor(const Catalogue &catalogue, RegistryHealthChecker *checker,
                          QObject *parent = nullptr);
    ~RegistryHealthMonitor() override;

    // For tests and callers that know better: a fixed interval instead of the
    // setting, and a fixed first offset instead of a random one. Set before start().
    void setIntervalMs(std::optional<int> ms) { m_intervalOverrideMs = ms; }
    void setStartOffsetMs(std::optional<int> ms) { m_offsetOverrideMs = ms; }
    // The interval in use: the override, else the setting as last read.
    int intervalMs() const;

    // Starts the periodic rounds (the first after the start offset). Idempotent.
    void start();
    // Stops the periodic rounds; checks under way finish and are stored.
    void stop();
    bool isRunning() const { return m_running; }

    // Checks one registry (id) now, or every registry now, besides the rounds. A
    // registry already queued or being checked is not queued twice.
    void checkNow(const QString &registryId);
    void checkAll();

    // Checks queued or under way.
    int pendingChecks() const { return int(m_queue.size()) + m_inFlight.size(); }

Q_SIGNALS:
    void healthChanged(const QString &registryId, const Kiln::RegistryHealth &health);
    void statusChanged(const QString &registryId, const Kiln::RegistryHealth &health,
                       Kiln::RegistryHealthStatus previous);
    // A registry could not be read or its result not stored (a sentence).
    void failed(const QString &message);
    // The last queued check has been stored: nothing is queued or under way.
    void roundFinished();

private:
    void beginRound(bool scheduled, const QString &onlyId);
    void enqueue(const QList<Registry> &registries);
    void pump();
    void finishCheck(const Registry &registry, const RegistryHealth &health);
    void track(const QFuture<void> &future);
    void scheduleNext();

    const Catalogue &m_catalogue;
    RegistryHealthChecker *m_checker;
    std::optional<int> m_intervalOverrideMs;
    std::optional<int> m_offsetOverrideMs;
    int m_settingIntervalMs = 5 * 60 * 1000;
    bool m_running = false;
    QTimer m_timer;
    QList<Registry> m_queue;
    QStringList m_inFlight;                       // ids being checked or stored
    QHash<QString, RegistryHealthStatus> m_known; // last status per registry id
    QList<QFuture<void>> m_tasks;                 // catalogue work under way
};

} // namespace Kiln
