#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent>

#include <type_traits>
#include <utility>

namespace Kiln {

class Catalogue;

// Reads the catalogue off the GUI thread for an item model or a view: the one
// place that runs a read on the global thread pool and hands its result back.
//
// run() calls `read` with the catalogue on a pool thread (which uses that
// thread's own catalogue connection) and later `deliver` with its result on the
// loader's thread, with the loader as the context: create it as a child of its
// owner and `deliver` never runs after the owner is gone. discardPending() makes
// every read started so far stale: its result is dropped when it arrives.
//
// The destructor cancels the reads that have not started yet and waits for the
// running ones, so the catalogue must outlive the loader (not only its owner's
// destructor body). `read` must not touch the owner: it runs on another thread.
class CatalogueLoader : public QObject
{
    Q_OBJECT

public:
    explicit CatalogueLoader(const Catalogue &catalogue, QObject *parent = nullptr);
    ~CatalogueLoader() override;

    // Results of the reads started before this call are dropped on arrival.
    void discardPending() { ++m_generation; }
    // Reads started and not delivered (or dropped) yet, stale ones included.
    int pendingCount() const { return m_pending; }
    bool isBusy() const { return m_pending > 0; }

    // `read`: T(const Catalogue &), on a pool thread. `deliver`: void(const T &),
    // on this loader's thread, unless discardPending() was called in between.
    // pendingCount() already counts the read out when `deliver` runs.
    template <typename Read, typename Deliver>
    void run(Read read, Deliver deliver)
    {
        using T = std::invoke_result_t<Read, const Catalogue &>;
        auto *watcher = new QFutureWatcher<T>(this);
        const int generation = m_generation;
        ++m_pending;
        connect(watcher, &QFutureWatcher<T>::finished, this,
                [this, watcher, generation, deliver = std::move(deliver)] {
                    watcher->deleteLater();
                    --m_pending;
                    if (generation == m_generation && !watcher->isCanceled())
                        deliver(watcher->result());
                });
        const Catalogue *catalogue = &m_catalogue;
        watcher->setFuture(
            QtConcurrent::run([catalogue, read = std::move(read)] { return read(*catalogue); }));
    }

private:
    const Catalogue &m_catalogue;
    int m_generation = 0;
    int m_pending = 0;
};

} // namespace Kiln
