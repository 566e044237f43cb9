#pragma once

#include "store/jobrepository.h"
#include "store/specrepository.h"

#include <QString>
#include <QTest>

namespace KilnTest {

// Rows written straight into a catalogue, for the tests of what reads them
// (models, views). Each returns the stored row; a failure is a test failure
// (QFAIL-style: the returned value is empty and the message is printed).

// A spec with a minimal revision: hash "hash-<name>" (or `hash`), base debian:12.
Kiln::SpecWithRevision addSpec(const Kiln::Catalogue &catalogue, const QString &name,
                               const QString &hash = {});

// A job of the revision with that target image (default "registry.test/kiln/x:1")
// and log path, moved to `status`: Queued stays queued, Cancelled is cancelled
// while queued, the others pass through Running.
Kiln::BuildJob addJob(const Kiln::Catalogue &catalogue, const QString &revisionId,
                      Kiln::JobStatus status = Kiln::JobStatus::Queued, const QString &targetImage = {},
                      const QString &logPath = {});

// One transition of a stored job.
Kiln::BuildJob moveJob(const Kiln::Catalogue &catalogue, const QString &jobId, Kiln::JobStatus status,
                       const QString &errorText = {});

// Waits until a lazily loading model (isLoading(), canFetchMore(), fetchMore())
// has no page in flight; fetchAll() also loads every remaining page.
template <typename Model>
bool settle(const Model &model, int timeoutMs = 20000)
{
    return QTest::qWaitFor([&model] { return !model.isLoading(); }, timeoutMs);
}

template <typename Model>
bool fetchAll(Model &model)
{
    if (!settle(model))
        return false;
    while (model.canFetchMore({})) {
        model.fetchMore({});
        if (!settle(model))
            return false;
    }
    return true;
}

} // namespace KilnTest
