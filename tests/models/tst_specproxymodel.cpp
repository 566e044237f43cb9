#include "catalogueseeds.h"
#include "modeltesting.h"
#include "speclistmodel.h"
#include "specproxymodel.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
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

void build(const Catalogue &catalogue, const SpecWithRevision &spec, JobStatus status, const QString &image)
{
    QVERIFY(!KilnTest::addJob(catalogue, spec.revision.id, status, image).id.isEmpty());
}

QStringList column(const QAbstractItemModel &model, int role)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(role).toString();
    return out;
}

} // namespace

class tst_SpecProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        // Created in this order, so "updated" runs delta, alpha, echo, charlie, bravo.
        const SpecWithRevision delta = makeSpec(c, u"delta"_s);
        const SpecWithRevision alpha = makeSpec(c, u"alpha"_s);
        const SpecWithRevision echo = makeSpec(c, u"echo"_s);
        const SpecWithRevision charlie = makeSpec(c, u"charlie"_s);
        const SpecWithRevision bravo = makeSpec(c, u"bravo"_s);
        build(c, alpha, JobStatus::Failed, u"r/alpha:1"_s);
        build(c, bravo, JobStatus::Succeeded, u"r/bravo:1"_s);
        build(c, charlie, JobStatus::Running, u"r/charlie:1"_s);
        build(c, echo, JobStatus::Succeeded, u"r/aaa-echo:1"_s);
        // delta: never built (-1)
        m_source = std::make_unique<SpecListModel>(c);
        m_proxy = std::make_unique<SpecProxyModel>();
        m_proxy->setSourceModel(m_source.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(fetchAll(*m_source));
    }

    void cleanup()
    {
        m_tester.reset();
        m_proxy.reset();
        m_source.reset();
        m_fixture.cleanup();
    }

    void sortsEveryColumnByItsRawRole_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("name") << int(SpecListModel::NameColumn) << int(Qt::AscendingOrder)
                              << QStringList{u"alpha"_s, u"bravo"_s, u"charlie"_s, u"delta"_s, u"echo"_s};
        QTest::newRow("name desc") << int(SpecListModel::NameColumn) << int(Qt::DescendingOrder)
                                   << QStringList{u"echo"_s, u"delta"_s, u"charlie"_s, u"bravo"_s,
                                                  u"alpha"_s};
        // never built (-1), running (1), succeeded (2: bravo, echo by name), failed (3)
        QTest::newRow("status") << int(SpecListModel::StatusColumn) << int(Qt::AscendingOrder)
                                << QStringList{u"delta"_s, u"charlie"_s, u"bravo"_s, u"echo"_s, u"alpha"_s};
        // no image (alpha, charlie, delta by name), then r/aaa-echo, r/bravo
        QTest::newRow("image") << int(SpecListModel::ImageColumn) << int(Qt::AscendingOrder)
                               << QStringList{u"alpha"_s, u"charlie"_s, u"delta"_s, u"echo"_s, u"bravo"_s};
        QTest::newRow("updated") << int(SpecListModel::UpdatedColumn) << int(Qt::AscendingOrder)
                                 << QStringList{u"delta"_s, u"alpha"_s, u"echo"_s, u"charlie"_s, u"bravo"_s};
        QTest::newRow("updated desc")
            << int(SpecListModel::UpdatedColumn) << int(Qt::DescendingOrder)
            << QStringList{u"bravo"_s, u"charlie"_s, u"echo"_s, u"alpha"_s, u"delta"_s};
    }

    void sortsEveryColumnByItsRawRole()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QStringList, expected);
        m_proxy->sort(column, Qt::SortOrder(order));
        QVERIFY(fetchAll(*m_source)); // Name and Updated start a new catalogue query
        QCOMPARE(::column(*m_proxy, SpecListModel::NameRole), expected);
        if (column == SpecListModel::NameColumn || column == SpecListModel::UpdatedColumn) {
            QCOMPARE(m_source->catalogueSort(),
                     column == SpecListModel::NameColumn ? SpecSort::Name : SpecSort::UpdatedAt);
            QCOMPARE(m_source->catalogueDescending(), order == Qt::DescendingOrder);
            // The source itself is in the same order: later pages arrive in place.
            QCOMPARE(::column(*m_source, SpecListModel::NameRole), expected);
        }
    }

    void statusSortFollowsJobChanges()
    {
        m_proxy->sort(SpecListModel::StatusColumn, Qt::AscendingOrder);
        const Catalogue &c = m_fixture.catalogue();
        const ImageSpec delta = SpecRepository(c).getByName(u"delta"_s).value();
        QVERIFY(m_source->indexOfSpec(delta.id).isValid());
        NewJob job;
        job.revisionId = delta.currentRevisionId;
        job.targetImage = u"r/delta:1"_s;
        BuildJob created = JobRepository(c).create(job).value();
        JobTransition t;
        t.to = JobStatus::Running;
        QVERIFY(JobRepository(c).transition(created.id, t).ok());
        t.to = JobStatus::Failed;
        m_source->applyJob(JobRepository(c).transition(created.id, t).value());
        QCOMPARE(column(*m_proxy, SpecListModel::NameRole),
                 (QStringList{u"charlie"_s, u"bravo"_s, u"echo"_s, u"alpha"_s, u"delta"_s}));
    }

    void filterFindsRowsNotLoadedYet()
    {
        const Catalogue &c = m_fixture.catalogue();
        for (int i = 0; i < 30; ++i)
            makeSpec(c, u"zulu-%1"_s.arg(i, 2, 10, QLatin1Char('0')));
        m_source->setPageSize(5);
        m_proxy->setFilterText(u"ZULU-2"_s);
        QCOMPARE(m_source->nameFilter(), u"zulu-2"_s);
        QVERIFY(fetchAll(*m_source));
        QCOMPARE(m_source->totalCount(), qint64(10));
        QCOMPARE(m_source->rowCount(), 10); // the source's query found them, not only the loaded rows
        QCOMPARE(m_proxy->rowCount(), 10);
        QCOMPARE(m_proxy->index(0, 0).data(SpecListModel::NameRole).toString(), u"zulu-20"_s);
        m_proxy->setFilterText(QString());
        QVERIFY(fetchAll(*m_source));
        QCOMPARE(m_proxy->rowCount(), 35);
    }

    void fetchMorePassesThrough()
    {
        // Without a tester (it fetches every page itself).
        SpecListModel source(m_fixture.catalogue());
        source.setPageSize(2);
        source.reload();
        SpecProxyModel proxy;
        proxy.setSourceModel(&source);
        QVERIFY(settle(source));
        QCOMPARE(proxy.rowCount(), 2);
        QVERIFY(proxy.canFetchMore({}));
        proxy.fetchMore({});
        QVERIFY(settle(source));
        QCOMPARE(proxy.rowCount(), 4);
        proxy.sort(SpecListModel::NameColumn, Qt::DescendingOrder);
        QVERIFY(settle(source));
        QCOMPARE(source.catalogueDescending(), true);
        QCOMPARE(column(proxy, SpecListModel::NameRole), (QStringList{u"echo"_s, u"delta"_s}));
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    std::unique_ptr<SpecListModel> m_source;
    std::unique_ptr<SpecProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(tst_SpecProxyModel)
#include "tst_specproxymodel.moc"
