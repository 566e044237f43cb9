#include "catalogueseeds.h"
#include "modeltesting.h"
#include "speclistmodel.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

using KilnTest::fetchAll;
using KilnTest::settle;

SpecWithRevision makeSpec(const Catalogue &catalogue, const QString &name)
{
    return KilnTest::addSpec(catalogue, name);
}

BuildJob makeJob(const Catalogue &catalogue, const SpecWithRevision &spec, const QString &image = {})
{
    return KilnTest::addJob(catalogue, spec.revision.id, JobStatus::Queued,
                            image.isEmpty() ? u"registry.test/kiln/"_s + spec.spec.name + u":1"_s : image);
}

BuildJob move(const Catalogue &catalogue, const BuildJob &job, JobStatus status, const QString &error = {})
{
    return KilnTest::moveJob(catalogue, job.id, status, error);
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(SpecListModel::NameRole).toString();
    return out;
}

QString name(int i)
{
    return u"spec-%1"_s.arg(i, 3, 10, QLatin1Char('0'));
}

} // namespace

class tst_SpecListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        m_specs.clear();
        for (int i = 0; i < 25; ++i)
            m_specs.append(makeSpec(m_fixture.catalogue(), name(i)));
    }

    void cleanup() { m_fixture.cleanup(); }

    void loadsLazilyInPages()
    {
        SpecListModel model(m_fixture.catalogue());
        model.setPageSize(10);
        model.reload();
        // No QAbstractItemModelTester yet: it fetches more after every change, like a view
        // scrolled to the end would.
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.totalCount(), qint64(25));
        QVERIFY(model.canFetchMore({}));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 10);
        QCOMPARE(inserted.first().at(2).toInt(), 19);
        QVERIFY(fetchAll(model));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), 25);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.isComplete());
        QStringList expected;
        for (int i = 0; i < 25; ++i)
            expected << name(i);
        QCOMPARE(namesOf(model), expected);
        for (int i = 0; i < 25; ++i)
            QCOMPARE(model.indexOfSpec(m_specs[i].spec.id).row(), i);
        QCOMPARE(model.index(3, SpecListModel::NameColumn).data().toString(), name(3));
        QCOMPARE(model.index(3, SpecListModel::StatusColumn).data().toString(), u"Never built"_s);
        QCOMPARE(model.index(3, 0).data(SpecListModel::StatusRole).toInt(), -1);
        QCOMPARE(model.index(3, 0).data(SpecListModel::UpdatedAtRole).toLongLong(),
                 m_specs[3].spec.updatedAt);
        QVERIFY(!model.index(3, SpecListModel::UpdatedColumn).data().toString().isEmpty());
        QVERIFY(
            !model.index(3, SpecListModel::StatusColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.headerData(SpecListModel::ImageColumn, Qt::Horizontal).toString(), u"Image"_s);
    }

    void rowsCarryTheLatestJob()
    {
        const Catalogue &c = m_fixture.catalogue();
        const BuildJob failed = move(c, makeJob(c, m_specs[1]), JobStatus::Failed, u"apt: no curl"_s);
        const BuildJob built =
            move(c, move(c, makeJob(c, m_specs[2]), JobStatus::Running), JobStatus::Succeeded);
        SpecListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        const QModelIndex one = model.index(1, SpecListModel::StatusColumn);
        QCOMPARE(one.data(SpecListModel::StatusRole).toInt(), int(JobStatus::Failed));
        QCOMPARE(one.data(SpecListModel::LatestJobIdRole).toString(), failed.id);
        QCOMPARE(one.data(Qt::ToolTipRole).toString(), u"Failed: apt: no curl"_s);
        QCOMPARE(model.index(2, SpecListModel::ImageColumn).data().toString(), built.targetImage);
        QCOMPARE(model.index(2, 0).data(SpecListModel::RunningRole).toBool(), false);
    }

    void filterAndCatalogueOrder()
    {
        SpecListModel model(m_fixture.catalogue());
        model.setPageSize(4);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setNameFilter(u"SPEC-01"_s);
        QCOMPARE(reset.size(), 1);
        QVERIFY(fetchAll(model));
        QCOMPARE(model.totalCount(), qint64(10));
        QCOMPARE(namesOf(model).size(), 10);
        QCOMPARE(namesOf(model).constFirst(), u"spec-010"_s);

        model.setCatalogueOrder(SpecSort::UpdatedAt, true);
        QCOMPARE(reset.size(), 2);
        QVERIFY(fetchAll(model));
        QStringList expected;
        for (int i = 19; i >= 10; --i)
            expected << name(i);
        QCOMPARE(namesOf(model), expected); // created one after the other: newest first

        model.setCatalogueOrder(SpecSort::UpdatedAt, true); // no change: no new query
        QCOMPARE(reset.size(), 2);
        model.setNameFilter(u"no-such"_s);
        QVERIFY(fetchAll(model));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), qint64(0));
    }

    void applyJobChangesExactlyItsCells()
    {
        const Catalogue &c = m_fixture.catalogue();
        SpecListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        const BuildJob queued = makeJob(c, m_specs[7]);
        model.applyJob(queued);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(7, SpecListModel::StatusColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(7, SpecListModel::StatusColumn));
        QCOMPARE(model.index(7, 0).data(SpecListModel::RunningRole).toBool(), true);
        QCOMPARE(model.index(7, 0).data(SpecListModel::LatestJobIdRole).toString(), queued.id);

        const BuildJob running = move(c, queued, JobStatus::Running);
        model.applyJob(running);
        QCOMPARE(changed.size(), 2);
        model.applyPhase(running.id, u"Pushing"_s);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed[2].at(0).toModelIndex(), model.index(7, SpecListModel::StatusColumn));
        QCOMPARE(model.index(7, SpecListModel::StatusColumn).data().toString(), u"Running · Pushing"_s);
        QCOMPARE(model.index(7, 0).data(SpecListModel::PhaseRole).toString(), u"Pushing"_s);
        model.applyPhase(u"unknown-job"_s, u"Building"_s);
        QCOMPARE(changed.size(), 3);

        model.applyJob(move(c, running, JobStatus::Succeeded));
        QCOMPARE(changed.size(), 4);
        QCOMPARE(changed[3].at(0).toModelIndex(), model.index(7, SpecListModel::StatusColumn));
        QCOMPARE(changed[3].at(1).toModelIndex(), model.index(7, SpecListModel::ImageColumn));
        QCOMPARE(model.index(7, SpecListModel::StatusColumn).data().toString(), u"Succeeded"_s);
        QCOMPARE(model.index(7, SpecListModel::ImageColumn).data().toString(), queued.targetImage);
        QCOMPARE(model.index(7, 0).data(SpecListModel::PhaseRole).toString(), QString());

        model.applyJob(JobRepository(c).get(running.id).value()); // the same again: nothing changes
        QCOMPARE(changed.size(), 4);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(layout.size(), 0);
        QCOMPARE(inserted.size(), 0);
    }

    void applyJobOfASpecNotLoaded()
    {
        const Catalogue &c = m_fixture.catalogue();
        SpecListModel model(c);
        model.setPageSize(10);
        model.reload(); // no tester here: it would fetch every page
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.applyJob(makeJob(c, m_specs[20])); // beyond the loaded page: nothing
        QCOMPARE(changed.size(), 0);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(model.rowCount(), 10);

        // Created elsewhere (no specSaved here), inside the loaded range: its job brings it in.
        const SpecWithRevision other = makeSpec(c, u"spec-0035"_s);
        model.applyJob(makeJob(c, other));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 4);
        QCOMPARE(model.indexOfSpec(other.spec.id).row(), 4);
        QCOMPARE(model.index(4, 0).data(SpecListModel::StatusRole).toInt(), int(JobStatus::Queued));
        QCOMPARE(model.indexOfSpec(m_specs[4].spec.id).row(), 5);
        QCOMPARE(model.rowCount(), 11);
    }

    void specSavedInsertsAtItsPlace()
    {
        const Catalogue &c = m_fixture.catalogue();
        SpecListModel model(c);
        model.setPageSize(10);
        model.reload(); // the tester comes once every page is loaded (it fetches them all)
        QVERIFY(settle(model));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy totals(&model, &SpecListModel::totalCountChanged);

        const SpecWithRevision early = makeSpec(c, u"spec-0045"_s);
        model.specSaved(early.spec.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 5);
        QCOMPARE(model.index(5, 0).data(SpecListModel::NameRole).toString(), u"spec-0045"_s);
        QCOMPARE(model.indexOfSpec(m_specs[9].spec.id).row(), 10);
        QVERIFY(totals.wait(5000));
        QCOMPARE(model.totalCount(), qint64(26));

        const SpecWithRevision late = makeSpec(c, u"spec-500"_s); // after the loaded range
        model.specSaved(late.spec.id);
        QCOMPARE(inserted.size(), 1);
        QVERIFY(totals.wait(5000));
        QCOMPARE(model.totalCount(), qint64(27));

        QVERIFY(fetchAll(model));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), 27);
        QCOMPARE(namesOf(model).constLast(), u"spec-500"_s);
        const QStringList all = namesOf(model);
        QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), 27);

        const SpecWithRevision last = makeSpec(c, u"zz-last"_s); // everything loaded: at the end
        const int before = int(inserted.size());
        model.specSaved(last.spec.id);
        QCOMPARE(inserted.size(), before + 1);
        QCOMPARE(inserted.constLast().at(1).toInt(), 27);
        QCOMPARE(model.indexOfSpec(last.spec.id).row(), 27);

        model.setNameFilter(u"spec-01"_s);
        QVERIFY(fetchAll(model));
        const int afterFilter = int(inserted.size());
        model.specSaved(makeSpec(c, u"other"_s).spec.id); // does not match the filter
        QCOMPARE(inserted.size(), afterFilter);
        QCOMPARE(reset.size(), 1);
    }

    void specSavedMovesARevisedSpec()
    {
        const Catalogue &c = m_fixture.catalogue();
        SpecListModel model(c);
        model.setCatalogueOrder(SpecSort::UpdatedAt, false);
        auto tester = std::make_unique<QAbstractItemModelTester>(
            &model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(fetchAll(model));
        QCOMPARE(model.index(0, 0).data(SpecListModel::NameRole).toString(), name(0));
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        SpecContent content;
        content.contentHash = u"second"_s;
        content.baseImage = u"docker.io/library/debian:13"_s;
        QVERIFY(SpecRepository(c).addRevision(m_specs[0].spec.id, content).ok());
        model.specSaved(m_specs[0].spec.id);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.indexOfSpec(m_specs[0].spec.id).row(), 24);
        QCOMPARE(model.index(0, 0).data(SpecListModel::NameRole).toString(), name(1));
        for (int i = 1; i < 25; ++i)
            QCOMPARE(model.indexOfSpec(m_specs[i].spec.id).row(), i - 1);

        // A revision of a spec in a partly loaded list moves it beyond the loaded pages.
        tester.reset(); // it would fetch every page
        model.setPageSize(5);
        model.reload();
        QVERIFY(settle(model));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        content.contentHash = u"third"_s;
        QVERIFY(SpecRepository(c).addRevision(m_specs[1].spec.id, content).ok());
        model.specSaved(m_specs[1].spec.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(fetchAll(model));
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(namesOf(model).constLast(), name(1));
    }

    void specRemovedRemovesItsRow()
    {
        const Catalogue &c = m_fixture.catalogue();
        SpecListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(SpecRepository(c).remove(m_specs[3].spec.id).ok());
        model.specRemoved(m_specs[3].spec.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0].at(1).toInt(), 3);
        QCOMPARE(model.rowCount(), 24);
        QCOMPARE(model.totalCount(), qint64(24));
        QVERIFY(!model.indexOfSpec(m_specs[3].spec.id).isValid());
        QCOMPARE(model.indexOfSpec(m_specs[4].spec.id).row(), 3);
        QCOMPARE(model.indexOfSpec(m_specs[24].spec.id).row(), 23);
        model.specRemoved(m_specs[3].spec.id); // already gone
        QCOMPARE(removed.size(), 1);
        // specSaved of a spec that no longer exists removes it as well.
        QVERIFY(SpecRepository(c).remove(m_specs[5].spec.id).ok());
        model.specSaved(m_specs[5].spec.id);
        QCOMPARE(removed.size(), 2);
        QVERIFY(!model.indexOfSpec(m_specs[5].spec.id).isValid());
    }

    void everyRowReachableInALargeCatalogue()
    {
        const Catalogue &c = m_fixture.catalogue();
        {
            QSqlQuery query(c.database());
            QVERIFY(query.exec(u"BEGIN"_s));
            QVERIFY(
                query.exec(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999) "
                           "INSERT INTO image_specs (id, name, created_at, updated_at) "
                           "SELECT printf('bulk-id-%05d', i), printf('bulk-%05d', i), i, 5000 - i FROM n"_s));
            QVERIFY(query.exec(u"COMMIT"_s));
        }
        SpecListModel model(c);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // The tester fetches more after each page, as a view scrolled to the end does.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(fetchAll(model));
        QCOMPARE(model.totalCount(), qint64(5025));
        QCOMPARE(model.rowCount(), 5025);
        QCOMPARE(inserted.size(), 11); // pages of 500
        for (int page = 0; page < 11; ++page) {
            QCOMPARE(inserted[page].at(1).toInt(), page * SpecListModel::kDefaultPageSize);
            QCOMPARE(inserted[page].at(2).toInt(),
                     std::min(5024, (page + 1) * SpecListModel::kDefaultPageSize - 1));
        }
        const QStringList all = namesOf(model);
        QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), 5025);
        QStringList sorted = all;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(all, sorted);
        QCOMPARE(model.indexOfSpec(u"bulk-id-04999"_s).row(), 4999);
    }

    void resetDropsAPageInFlight()
    {
        SpecListModel model(m_fixture.catalogue());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // The first page of the unfiltered query is still being read: its rows must not arrive.
        model.setNameFilter(u"spec-02"_s);
        QVERIFY(fetchAll(model));
        QCOMPARE(namesOf(model),
                 (QStringList{u"spec-020"_s, u"spec-021"_s, u"spec-022"_s, u"spec-023"_s, u"spec-024"_s}));
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    QList<SpecWithRevision> m_specs;
};

QTEST_MAIN(tst_SpecListModel)
#include "tst_speclistmodel.moc"
