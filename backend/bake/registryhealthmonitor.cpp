#include "registryhealthmonitor.h"

#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/settings.h"

#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// What a round reads from the catalogue, off the GUI thread.
struct Listing
{
    QList<Registry> registries;
    QString error;
    int intervalMs = 0;
};

Listing readListing(const Catalogue &catalogue, const QString &onlyId)
{
    Listing listing;
    listing.intervalMs = Settings(catalogue).value(Setting::HealthCheckIntervalMinutes) * 60 * 1000;
    const RegistryRepository registries(catalogue);
    if (onlyId.isEmpty()) {
        auto all = registries.list();
        if (all.ok())
            listing.registries = std::move(all).value();
        else
            listing.error = all.error().message;
    } else {
        auto one = registries.get(onlyId);
        if (one.ok())
            listing.registries.append(std::move(one).value());
        else
            listing.error = one.error().message;
    }
    return listing;
}

} // namespace

RegistryHealthMonitor::RegistryHealthMonitor(const Catalogue &catalogue, RegistryHealthChecker *checker,
                                             QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_checker(checker)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { beginRound(true, {}); });
}

RegistryHealthMonitor::~RegistryHealthMonitor()
{
    m_running = false;
    m_timer.stop();
    m_queue.clear();
    // The continuations (context: this) are dropped with this object; the
    // catalogue statements under way are waited for, they use m_catalogue.
    for (QFuture<void> &task : m_tasks)
        task.waitForFinished();
}

int RegistryHealthMonitor::intervalMs() const
{
    return std::max(1, m_intervalOverrideMs.value_or(m_settingIntervalMs));
}

void RegistryHealthMonitor::start()
{
    if (m_running)
        return;
    m_running = true;
    if (m_offsetOverrideMs) {
        m_timer.start(std::max(0, *m_offsetOverrideMs));
        return;
    }
    if (m_intervalOverrideMs) {
        m_timer.start(int(QRandomGenerator::global()->bounded(intervalMs())));
        return;
    }
    // The interval setting first (off this thread), then the random offset within it.
    auto task = QtConcurrent::run([&catalogue = m_catalogue] {
        return Settings(catalogue).value(Setting::HealthCheckIntervalMinutes) * 60 * 1000;
    });
    track(QFuture<void>(task));
    task.then(this, [this](int ms) {
        m_settingIntervalMs = ms;
        if (m_running && !m_timer.isActive())
            m_timer.start(int(QRandomGenerator::global()->bounded(intervalMs())));
    });
}

void RegistryHealthMonitor::stop()
{
    m_running = false;
    m_timer.stop();
}

void RegistryHealthMonitor::checkNow(const QString &registryId)
{
    if (!registryId.isEmpty())
        beginRound(false, registryId);
}

void RegistryHealthMonitor::checkAll()
{
    beginRound(false, {});
}

void RegistryHealthMonitor::beginRound(bool scheduled, const QString &onlyId)
{
    auto task =
        QtConcurrent::run([&catalogue = m_catalogue, onlyId] { return readListing(catalogue, onlyId); });
    track(QFuture<void>(task));
    task.then(this, [this, scheduled](const Listing &listing) {
        m_settingIntervalMs = listing.intervalMs > 0 ? listing.intervalMs : m_settingIntervalMs;
        if (scheduled)
            scheduleNext();
        if (!listing.error.isEmpty())
            Q_EMIT failed(tr("Cannot read the registries to check: %1").arg(listing.error));
        enqueue(listing.registries);
        if (pendingChecks() == 0)
            Q_EMIT roundFinished();
    });
}

void RegistryHealthMonitor::scheduleNext()
{
    if (m_running)
        m_timer.start(intervalMs());
}

void RegistryHealthMonitor::enqueue(const QList<Registry> &registries)
{
    for (const Registry &registry : registries) {
        if (!m_known.contains(registry.id))
            m_known.insert(registry.id, storedHealth(registry).status);
        const bool queued = std::any_of(m_queue.cbegin(), m_queue.cend(),
                                        [&registry](const Registry &r) { return r.id == registry.id; });
        if (!queued && !m_inFlight.contains(registry.id))
            m_queue.append(registry);
    }
    pump();
}

void RegistryHealthMonitor::pump()
{
    while (m_checker && m_inFlight.size() < kMaxConcurrentChecks && !m_queue.isEmpty()) {
        const Registry registry = m_queue.takeFirst();
        m_inFlight.append(registry.id);
        m_checker->check(registry).then(
            this, [this, registry](const RegistryHealth &health) { finishCheck(registry, health); });
    }
}

void RegistryHealthMonitor::finishCheck(const Registry &registry, const RegistryHealth &health)
{
    const auto done = [this, id = registry.id] {
        m_inFlight.removeOne(id);
        pump();
        if (pendingChecks() == 0)
            Q_EMIT roundFinished();
    };
    if (health.status == RegistryHealthStatus::Unknown) { // cancelled: nothing to record
        done();
        return;
    }
    auto task = QtConcurrent::run([&catalogue = m_catalogue, id = registry.id, health] {
        const auto recorded = RegistryRepository(catalogue).recordHealth(
            id, registryHealthName(health.status), health.latencyMs, health.checkedAt, health.message);
        if (!recorded.ok() && recorded.error().code == StoreError::Code::NotFound)
            return u"\n"_s; // deleted meanwhile: nothing to store or announce
        return recorded.ok() ? QString() : recorded.error().message;
    });
    track(QFuture<void>(task));
    task.then(this, [this, id = registry.id, health, done](const QString &error) {
        if (error == u"\n"_s) {
            m_known.remove(id);
        } else if (!error.isEmpty()) {
            Q_EMIT failed(tr("Cannot store the health of a registry: %1").arg(error));
        } else {
            const RegistryHealthStatus previous = m_known.value(id, RegistryHealthStatus::Unknown);
            m_known.insert(id, health.status);
            Q_EMIT healthChanged(id, health);
            if (previous != health.status)
                Q_EMIT statusChanged(id, health, previous);
        }
        done();
    });
}

void RegistryHealthMonitor::track(const QFuture<void> &future)
{
    m_tasks.erase(
        std::remove_if(m_tasks.begin(), m_tasks.end(), [](const QFuture<void> &f) { return f.isFinished(); }),
        m_tasks.end());
    m_tasks.append(future);
}

} // namespace Kiln
