#include "catalogueseeds.h"
#include "modeltesting.h"
#include "registrylistmodel.h"
#include "store/registryrepository.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

using KilnTest::settle;

Registry draft(const QString &name, const QStringList &tags = {})
{
    Registry registry;
    registry.name = name;
    registry.publicUrl = u"https://"_s + name + u".example.org"_s;
    registry.imagePrefix = name + u".example.org/kiln"_s;
    registry.tags = tags;
    return registry;
}

Registry makeRegistry(const Catalogue &catalogue, const Registry &registry)
{
    auto created = RegistryRepository(catalogue).create(registry);
    if (!created.ok())
        qWarning("makeRegistry(%s): %s", qPrintable(registry.name), qPrintable(created.error().message));
    return created.ok() ? created.value() : Registry{};
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(RegistryListModel::NameRole).toString();
    return out;
}

RegistryHealth health(RegistryHealthStatus status, std::optional<qint64> latency, qint64 at,
                      const QString &message = {})
{
    RegistryHealth h;
    h.status = status;
    h.latencyMs = latency;
    h.checkedAt = at;
    h.message = message;
    return h;
}

} // namespace

class tst_RegistryListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init() { QVERIFY(m_fixture.init()); }

    void cleanup() { m_fixture.cleanup(); }

    void showsEveryRegistry()
    {
        const Catalogue &c = m_fixture.catalogue();
        Registry harbor = draft(u"harbor"_s, {u"gpu"_s, u"prod"_s});
        harbor.pushTarget = true;
        harbor = makeRegistry(c, harbor);
        const Registry alpha = makeRegistry(c, draft(u"alpha"_s));
        const Registry mirror = makeRegistry(c, draft(u"mirror"_s, {u"cache"_s}));
        QVERIFY(RegistryRepository(c)
                    .recordHealth(mirror.id, u"unreachable"_s, std::nullopt, 1700000000000,
                                  u"connection refused"_s)
                    .ok());

        RegistryListModel model(c);
        model.setClock([] { return qint64(1700000000000 + 5 * 60 * 1000); });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(&model, &RegistryListModel::loaded);
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(namesOf(model), (QStringList{u"alpha"_s, u"harbor"_s, u"mirror"_s}));
        QCOMPARE(model.columnCount(), int(RegistryListModel::ColumnCount));
        QCOMPARE(model.headerData(RegistryListModel::HealthColumn, Qt::Horizontal).toString(), u"Health"_s);
        QCOMPARE(model.knownTags(), (QStringList{u"cache"_s, u"gpu"_s, u"prod"_s}));

        auto cell = [&model](const Registry &registry, int column, int role = Qt::DisplayRole) {
            return model.index(model.indexOfRegistry(registry.id).row(), column).data(role);
        };
        QCOMPARE(cell(harbor, RegistryListModel::UrlColumn).toString(), u"https://harbor.example.org"_s);
        QCOMPARE(cell(harbor, RegistryListModel::TagsColumn).toString(), u"gpu, prod"_s);
        QCOMPARE(cell(harbor, 0, RegistryListModel::TagsRole).toStringList(),
                 (QStringList{u"gpu"_s, u"prod"_s}));
        QCOMPARE(cell(harbor, 0, RegistryListModel::PushTargetRole).toBool(), true);
        QVERIFY(
            !cell(harbor, RegistryListModel::PushTargetColumn, Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(cell(alpha, RegistryListModel::PushTargetColumn, Qt::DecorationRole).isNull());
        QCOMPARE(cell(alpha, RegistryListModel::HealthColumn).toString(), u"Not checked"_s);
        QCOMPARE(cell(alpha, RegistryListModel::LastCheckedColumn).toString(), u"never"_s);
        QCOMPARE(cell(alpha, 0, RegistryListModel::HealthStatusRole).toInt(),
                 int(RegistryHealthStatus::Unknown));
        QCOMPARE(cell(mirror, RegistryListModel::HealthColumn).toString(), u"Unreachable"_s);
        QCOMPARE(cell(mirror, RegistryListModel::HealthColumn, Qt::ToolTipRole).toString(),
                 u"connection refused"_s);
        QCOMPARE(cell(mirror, 0, RegistryListModel::HealthCheckedAtRole).toLongLong(), qint64(1700000000000));
        QCOMPARE(cell(mirror, 0, RegistryListModel::HealthLatencyRole).toLongLong(), qint64(-1));
        QCOMPARE(cell(mirror, RegistryListModel::LastCheckedColumn).toString(), u"5 min ago"_s);
        QVERIFY(!cell(mirror, RegistryListModel::HealthColumn, Qt::DecorationRole).value<QIcon>().isNull());
    }

    void healthText_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("latency");
        QTest::addColumn<QString>("text");
        QTest::newRow("healthy") << int(RegistryHealthStatus::Healthy) << qint64(12)
                                 << u"Healthy \u00b7 12 ms"_s;
        QTest::newRow("healthy-no-latency")
            << int(RegistryHealthStatus::Healthy) << qint64(-1) << u"Healthy"_s;
        QTest::newRow("auth") << int(RegistryHealthStatus::AuthFailed) << qint64(30) << u"Auth failed"_s;
        QTest::newRow("unreachable") << int(RegistryHealthStatus::Unreachable) << qint64(-1)
                                     << u"Unreachable"_s;
        QTest::newRow("not-oci") << int(RegistryHealthStatus::NotOci) << qint64(4)
                                 << u"Not an OCI registry"_s;
        QTest::newRow("unknown") << int(RegistryHealthStatus::Unknown) << qint64(-1) << u"Not checked"_s;
    }

    void healthText()
    {
        QFETCH(int, status);
        QFETCH(qint64, latency);
        QFETCH(QString, text);
        const RegistryHealth h = health(RegistryHealthStatus(status),
                                        latency < 0 ? std::nullopt : std::optional<qint64>(latency), 1);
        QCOMPARE(RegistryListModel::healthText(h), text);
    }

    void relativeTime_data()
    {
        QTest::addColumn<qint64>("ago");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << qint64(20 * 1000) << u"just now"_s;
        QTest::newRow("one-minute") << qint64(60 * 1000) << u"1 min ago"_s;
        QTest::newRow("minutes") << qint64(59 * 60 * 1000) << u"59 min ago"_s;
        QTest::newRow("hours") << qint64(3 * 3600 * 1000) << u"3 h ago"_s;
        QTest::newRow("days") << qint64(2 * 86400 * 1000) << u"2 day(s) ago"_s;
    }

    void relativeTime()
    {
        QFETCH(qint64, ago);
        QFETCH(QString, text);
        const qint64 now = 1700000000000;
        QCOMPARE(RegistryListModel::relativeTime(now - ago, now), text);
        QCOMPARE(RegistryListModel::relativeTime(0, now), u"never"_s);
    }

    void exactSignals()
    {
        const Catalogue &c = m_fixture.catalogue();
        const Registry bravo = makeRegistry(c, draft(u"bravo"_s));
        Registry delta = draft(u"delta"_s);
        delta.pushTarget = true;
        delta = makeRegistry(c, delta);
        RegistryListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // Created: one row inserted at its place by name.
        const Registry charlie = makeRegistry(c, draft(u"charlie"_s, {u"gpu"_s}));
        model.registrySaved(charlie.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 1);
        QCOMPARE(inserted[0].at(2).toInt(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"bravo"_s, u"charlie"_s, u"delta"_s}));
        QCOMPARE(model.knownTags(), QStringList{u"gpu"_s});

        // A health result: that row's Health and Last checked cells, nothing else.
        const RegistryHealth healthy = health(RegistryHealthStatus::Healthy, 12, 1700000001000);
        model.applyHealth(charlie.id, healthy);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(1, RegistryListModel::HealthColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(1, RegistryListModel::LastCheckedColumn));
        QCOMPARE(model.index(1, RegistryListModel::HealthColumn).data().toString(),
                 u"Healthy \u00b7 12 ms"_s);
        QCOMPARE(model.index(1, 0).data(RegistryListModel::HealthLatencyRole).toLongLong(), qint64(12));
        // The same result again changes nothing; an older one neither.
        model.applyHealth(charlie.id, healthy);
        model.applyHealth(charlie.id, health(RegistryHealthStatus::Unreachable, std::nullopt, 1700000000500));
        QCOMPARE(changed.size(), 1);
        // An unknown registry neither.
        model.applyHealth(u"nope"_s, healthy);
        QCOMPARE(changed.size(), 1);

        // Edited: that row, every column.
        Registry edited = RegistryRepository(c).get(bravo.id).value();
        edited.publicUrl = u"https://bravo2.example.org"_s;
        QVERIFY(RegistryRepository(c).update(edited).ok());
        model.registrySaved(bravo.id);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed[1].at(0).toModelIndex(), model.index(0, 0));
        QCOMPARE(changed[1].at(1).toModelIndex(), model.index(0, RegistryListModel::ColumnCount - 1));
        QCOMPARE(model.index(0, RegistryListModel::UrlColumn).data().toString(),
                 u"https://bravo2.example.org"_s);
        // Saved without a change: nothing.
        model.registrySaved(bravo.id);
        QCOMPARE(changed.size(), 2);

        // The push target moves: the two Push target cells whose flag flipped.
        QVERIFY(RegistryRepository(c).setPushTarget(bravo.id).ok());
        model.pushTargetChanged(bravo.id);
        QCOMPARE(changed.size(), 4);
        for (int i : {2, 3}) {
            QCOMPARE(changed[i].at(0).toModelIndex().column(), int(RegistryListModel::PushTargetColumn));
            QCOMPARE(changed[i].at(1).toModelIndex().column(), int(RegistryListModel::PushTargetColumn));
        }
        QCOMPARE(changed[2].at(0).toModelIndex().row(), 0);
        QCOMPARE(changed[3].at(0).toModelIndex().row(), 2);
        QVERIFY(model.index(0, 0).data(RegistryListModel::PushTargetRole).toBool());
        QVERIFY(!model.index(2, 0).data(RegistryListModel::PushTargetRole).toBool());

        // Deleted: one row removed.
        QVERIFY(RegistryRepository(c).remove(charlie.id).ok());
        model.registryRemoved(charlie.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0].at(1).toInt(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"bravo"_s, u"delta"_s}));
        QVERIFY(!model.indexOfRegistry(charlie.id).isValid());
        QCOMPARE(model.indexOfRegistry(delta.id).row(), 1);
        // registrySaved() of a registry that is gone removes it too.
        QVERIFY(RegistryRepository(c).remove(delta.id).ok());
        model.registrySaved(delta.id);
        QCOMPARE(removed.size(), 2);

        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 1);
    }

    void refreshesRelativeTimes()
    {
        const Catalogue &c = m_fixture.catalogue();
        makeRegistry(c, draft(u"one"_s));
        makeRegistry(c, draft(u"two"_s));
        RegistryListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.refreshRelativeTimes();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(0, RegistryListModel::LastCheckedColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(1, RegistryListModel::LastCheckedColumn));
    }

    void reloadWhileChanging()
    {
        const Catalogue &c = m_fixture.catalogue();
        const Registry first = makeRegistry(c, draft(u"first"_s));
        RegistryListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.reload();
        // Saved and checked while the reload is in flight: both are there when it lands.
        const Registry second = makeRegistry(c, draft(u"second"_s));
        model.registrySaved(second.id);
        const RegistryHealth checked = health(RegistryHealthStatus::AuthFailed, 7, 1700000002000, u"401"_s);
        model.applyHealth(first.id, checked);
        QVERIFY(settle(model));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"first"_s, u"second"_s}));
        QCOMPARE(model.health(0), checked);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
};

QTEST_MAIN(tst_RegistryListModel)
#include "tst_registrylistmodel.moc"
