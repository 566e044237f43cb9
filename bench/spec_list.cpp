// Measures the Image Builder list model (SpecListModel) on a catalogue of 100k
// specs against what a naive model would do: read every spec with one query and
// the latest job of all of them with JobRepository::latestPerSpec.
//
//   spec_list [--specs 100000] [--runs 5] [--dir /tmp]
//
// The catalogue is seeded in one transaction (every third spec has a job, of
// mixed statuses). Pages are read off the GUI thread; the "sync" figures are the
// same read done on the calling thread (what a page would block the GUI for if
// it were synchronous), the "wall" figures are from the request to the rows
// being in the model, the "gui" figures are the time the GUI thread spends in
// fetchMore() plus inserting the arrived rows.

#include "speclistmodel.h"
#include "store/catalogue.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

struct Figures
{
    double minMs = 0;
    double medianMs = 0;
};

Figures measure(int runs, const std::function<void()> &run)
{
    QList<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        run();
        ms.append(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return Figures{ms.constFirst(), ms.at(ms.size() / 2)};
}

bool seed(const Catalogue &catalogue, int specs, QString *error)
{
    QSqlQuery q(catalogue.database());
    const QString n =
        u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "_s.arg(specs - 1);
    const QStringList statements{
        u"BEGIN"_s,
        n + u"INSERT INTO image_specs (id, name, created_at, updated_at) "
            "SELECT printf('id-%06d', i), printf('spec-%06d', i), i, 1000000 + (i * 7919) % 100003 FROM n"_s,
        n + u"INSERT INTO spec_revisions (id, spec_id, content_hash, base_image, created_at) "
            "SELECT printf('rev-%06d', i), printf('id-%06d', i), printf('%064x', i), 'debian:12', i FROM n"_s,
        u"UPDATE image_specs SET current_revision_id = 'rev-' || substr(id, 4)"_s,
        n + u"INSERT INTO build_jobs (id, spec_id, revision_id, status, created_at, updated_at, "
            u"target_image, "
            "error_text) SELECT printf('job-%06d', i), printf('id-%06d', i), printf('rev-%06d', i), "
            "CASE i % 4 WHEN 0 THEN 'succeeded' WHEN 1 THEN 'failed' WHEN 2 THEN 'running' ELSE 'cancelled' "
            "END, "
            "i, i, printf('registry.test/kiln/spec-%06d:1', i), "
            "CASE i % 4 WHEN 1 THEN 'apt: unable to locate package' END FROM n WHERE i % 3 = 0"_s,
        u"COMMIT"_s,
    };
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

void waitLoaded(const SpecListModel &model)
{
    while (model.isLoading())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Benchmark SpecListModel against loading every spec at once."_s);
    parser.addHelpOption();
    parser.addOption({u"specs"_s, u"Specs in the catalogue (default 100000)."_s, u"n"_s, u"100000"_s});
    parser.addOption({u"runs"_s, u"Timed runs of each measurement (default 5)."_s, u"runs"_s, u"5"_s});
    parser.addOption({u"dir"_s, u"Where the temporary catalogue goes."_s, u"dir"_s});
    parser.process(app);
    const int specs = std::max(1, parser.value(u"specs"_s).toInt());
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());

    QTemporaryDir dir(parser.isSet(u"dir"_s) ? parser.value(u"dir"_s) + u"/kiln-spec-list-XXXXXX"_s
                                             : QDir::tempPath() + u"/kiln-spec-list-XXXXXX"_s);
    auto opened = Catalogue::openSqlite(dir.filePath(u"catalogue.sqlite"_s));
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    const Catalogue &catalogue = *opened.value();
    QString error;
    QElapsedTimer seeding;
    seeding.start();
    if (!seed(catalogue, specs, &error)) {
        std::fprintf(stderr, "seeding failed: %s\n", qPrintable(error));
        return 1;
    }
    QTextStream out(stdout);
    out << specs << " specs, " << (specs + 2) / 3 << " jobs, seeded in " << seeding.elapsed() << " ms\n";

    const SpecRepository repository(catalogue);
    const JobRepository jobs(catalogue);
    const auto syncPage = [&](const SpecListQuery &query) {
        auto page = repository.list(query);
        QStringList ids;
        for (const SpecSummary &s : std::as_const(page.value().rows))
            ids << s.spec.id;
        jobs.latestPerSpec(ids);
    };
    SpecListQuery first;
    first.limit = SpecListModel::kDefaultPageSize;
    const Figures syncFirst = measure(runs, [&] { syncPage(first); });
    SpecListQuery deep = first;
    deep.after = SpecCursor{u"spec-090000"_s, 0};
    const Figures syncDeep = measure(runs, [&] { syncPage(deep); });
    SpecListQuery byUpdate = first;
    byUpdate.sort = SpecSort::UpdatedAt;
    byUpdate.descending = true;
    const Figures syncUpdated = measure(runs, [&] { syncPage(byUpdate); });
    SpecListQuery rare = first;
    rare.nameContains = u"-0999"_s; // 100 matches: the whole table is scanned
    const Figures syncRare = measure(runs, [&] { syncPage(rare); });
    const Figures syncCount = measure(runs, [&] { repository.count(); });
    const Figures syncCountRare = measure(runs, [&] { repository.count(u"-0999"_s); });

    // The model: first page (with the count), then fetchMore page by page.
    qint64 guiNs = 0;
    const auto firstPage = measure(runs, [&] {
        SpecListModel model(catalogue);
        waitLoaded(model);
    });
    SpecListModel model(catalogue);
    waitLoaded(model);
    QList<double> perFetch;
    QList<double> perFetchGui;
    for (int i = 0; i < 40 && model.canFetchMore({}); ++i) {
        QElapsedTimer timer;
        timer.start();
        QElapsedTimer gui;
        gui.start();
        model.fetchMore({});
        guiNs = gui.nsecsElapsed();
        qint64 insertNs = 0;
        QElapsedTimer insert;
        QObject context;
        QObject::connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, &context,
                         [&insert] { insert.start(); });
        QObject::connect(&model, &QAbstractItemModel::rowsInserted, &context,
                         [&insert, &insertNs] { insertNs = insert.nsecsElapsed(); });
        waitLoaded(model);
        perFetch.append(double(timer.nsecsElapsed()) / 1e6);
        perFetchGui.append(double(guiNs + insertNs) / 1e6);
    }
    std::sort(perFetch.begin(), perFetch.end());
    std::sort(perFetchGui.begin(), perFetchGui.end());
    const qsizetype loaded = model.rowCount();

    const Figures filterChange = measure(runs, [&] {
        model.setNameFilter(u"-0999"_s);
        waitLoaded(model);
        model.setNameFilter(QString());
        waitLoaded(model);
    });

    // applyJob: status flips between running and succeeded, on loaded rows (dataChanged)
    // and on specs beyond the loaded pages (one summary query to see whether it belongs).
    while (model.rowCount() < 6000 && model.canFetchMore({})) {
        model.fetchMore({});
        waitLoaded(model);
    }
    QList<BuildJob> loadedJobs;
    QList<BuildJob> otherJobs;
    for (const BuildJob &job : jobs.listByStatus(JobStatus::Running, 5000).value())
        (model.indexOfSpec(job.specId).isValid() ? loadedJobs : otherJobs).append(job);
    loadedJobs = loadedJobs.mid(0, 500);
    otherJobs = otherJobs.mid(0, 500);
    qint64 applied = 0;
    const auto applyAll = [&](const QList<BuildJob> &list) {
        for (BuildJob job : list) {
            job.status = (applied % 2) ? JobStatus::Running : JobStatus::Succeeded;
            model.applyJob(job);
            ++applied;
        }
    };
    const Figures apply = measure(runs, [&] { applyAll(loadedJobs); });
    const Figures applyOther = measure(runs, [&] { applyAll(otherJobs); });

    // Naive: every spec at once, then the latest job of each.
    qsizetype naiveRows = 0;
    const Figures naive = measure(std::min(runs, 3), [&] {
        QSqlQuery q(catalogue.database());
        q.setForwardOnly(true);
        q.exec(
            u"SELECT id, name, created_at, updated_at, current_revision_id FROM image_specs ORDER BY name"_s);
        QList<ImageSpec> all;
        QStringList ids;
        while (q.next()) {
            all.append(ImageSpec{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
                                 q.value(3).toLongLong(), q.value(4).toString()});
            ids.append(all.constLast().id);
        }
        const auto latestAll = jobs.latestPerSpec(ids);
        naiveRows = latestAll.ok() ? all.size() : -1;
    });

    out.setRealNumberPrecision(3);
    out.setRealNumberNotation(QTextStream::FixedNotation);
    out << "page of " << SpecListModel::kDefaultPageSize
        << " read synchronously (list + latestPerSpec), median:\n"
        << "  first page by name      " << syncFirst.medianMs << " ms\n"
        << "  page after spec-090000  " << syncDeep.medianMs << " ms\n"
        << "  first page by updated   " << syncUpdated.medianMs << " ms\n"
        << "  filter '-0999' (100)    " << syncRare.medianMs << " ms\n"
        << "  count()                 " << syncCount.medianMs << " ms, count('-0999') "
        << syncCountRare.medianMs << " ms\n";
    out << "SpecListModel (pages read on a pool thread):\n"
        << "  new model to first page + count, wall  " << firstPage.medianMs << " ms (min " << firstPage.minMs
        << ")\n"
        << "  fetchMore, wall (" << perFetch.size() << " pages)  median " << perFetch.at(perFetch.size() / 2)
        << " ms, max " << perFetch.constLast() << " ms\n"
        << "  fetchMore, GUI thread   median " << perFetchGui.at(perFetchGui.size() / 2) << " ms, max "
        << perFetchGui.constLast() << " ms (rows loaded: " << loaded << ")\n"
        << "  filter change ('-0999' then back), wall  " << filterChange.medianMs << " ms\n"
        << "  applyJob, loaded row    " << apply.medianMs * 1000.0 / std::max<qsizetype>(1, loadedJobs.size())
        << " us per call (" << loadedJobs.size() << " calls per run)\n"
        << "  applyJob, spec not loaded "
        << applyOther.medianMs * 1000.0 / std::max<qsizetype>(1, otherJobs.size()) << " us per call ("
        << otherJobs.size() << " calls per run)\n";
    out << "naive: all " << naiveRows << " specs + latestPerSpec(all)  " << naive.medianMs << " ms (min "
        << naive.minMs << ")\n";
    out << "ratio naive / first page (wall) " << naive.medianMs / firstPage.medianMs << "x\n";
    return 0;
}
