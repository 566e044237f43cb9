#include "bakeimagelistmodel.h"
#include "catalogueseeds.h"
#include "modeltesting.h"
#include "store/bakeimagerepository.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

using KilnTest::settle;

BakeImage draft(const QString &name, const QString &ref = u"docker.io/library/debian:12"_s)
{
    BakeImage image;
    image.name = name;
    image.displayName = name;
    image.source = {BakeSourceKind::Oci, ref};
    image.sizeMib = 2048;
    return image;
}

BakeImage registered(const Catalogue &catalogue, const BakeImage &image)
{
    auto stored = BakeImageRepository(catalogue).registerImage(image);
    if (!stored.ok())
        qWarning("registered(%s): %s", qPrintable(image.name), qPrintable(stored.error().message));
    return stored.ok() ? stored.value() : BakeImage{};
}

// Queued, claimed and finished as the bake service would.
BakeImage baked(const Catalogue &catalogue, const QString &id)
{
    const BakeImageRepository repository(catalogue);
    repository.requestBake(id);
    repository.claimNextBake(u"host|1|1"_s);
    BakeContent content;
    content.size = 64 * 1024 * 1024;
    content.mtime = 1700000000000;
    content.sha256 = u"3f2a9c1b7d0e"_s + QString(52, u'a');
    content.sha1 = QString(40, u'b');
    content.path = u"/srv/kiln/content/x.ext4"_s;
    auto finished = repository.finishBake(id, BakeOutcome::succeeded(content));
    if (!finished.ok())
        qWarning("baked(%s): %s", qPrintable(id), qPrintable(finished.error().message));
    return finished.ok() ? finished.value() : BakeImage{};
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(BakeImageListModel::NameRole).toString();
    return out;
}

} // namespace

class tst_BakeImageListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }
    void init() { QVERIFY(m_fixture.init()); }
    void cleanup() { m_fixture.cleanup(); }

    void showsEveryImage()
    {
        const Catalogue &c = m_fixture.catalogue();
        const BakeImage zulu = registered(c, draft(u"zulu"_s));
        BakeImage alphaDraft = draft(u"alpha"_s);
        alphaDraft.source = {BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s};
        alphaDraft.displayName = u"Alpha Linux"_s;
        const BakeImage alpha = registered(c, alphaDraft);
        const BakeImage mike = baked(c, registered(c, draft(u"mike"_s)).id);
        QVERIFY(BakeImageRepository(c).setDeactivated(zulu.id, true).ok());

        BakeImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(&model, &BakeImageListModel::loaded);
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(namesOf(model), (QStringList{u"alpha"_s, u"mike"_s, u"zulu"_s}));
        QCOMPARE(model.columnCount(), int(BakeImageListModel::ColumnCount));
        QCOMPARE(model.headerData(BakeImageListModel::SizeCapColumn, Qt::Horizontal).toString(),
                 u"Size cap"_s);

        auto cell = [&model](const BakeImage &image, int column, int role = Qt::DisplayRole) {
            return model.index(model.indexOfImage(image.id).row(), column).data(role);
        };
        QCOMPARE(cell(alpha, BakeImageListModel::SourceColumn).toString(),
                 u"rootfs tar \u00b7 /srv/rootfs.tar"_s);
        QCOMPARE(cell(alpha, 0, BakeImageListModel::SourceTextRole).toString(), u"tar:/srv/rootfs.tar"_s);
        QCOMPARE(cell(alpha, 0, BakeImageListModel::DisplayNameRole).toString(), u"Alpha Linux"_s);
        QCOMPARE(cell(alpha, BakeImageListModel::SizeCapColumn).toString(), u"2 GiB"_s);
        QCOMPARE(cell(alpha, BakeImageListModel::StateColumn).toString(), u"Registered"_s);
        QCOMPARE(cell(alpha, BakeImageListModel::ContentColumn).toString(), u"\u2014"_s);
        QCOMPARE(cell(alpha, 0, BakeImageListModel::ContentSizeRole).toLongLong(), qint64(-1));
        QCOMPARE(cell(mike, BakeImageListModel::StateColumn).toString(), u"Baked"_s);
        QCOMPARE(cell(mike, BakeImageListModel::ContentColumn).toString(), u"64.0 MiB \u00b7 3f2a9c1b7d0e"_s);
        QCOMPARE(cell(mike, BakeImageListModel::ScanColumn).toString(), u"Pending"_s);
        QCOMPARE(cell(mike, 0, BakeImageListModel::StateRole).toInt(), int(BakeState::Baked));
        QVERIFY(!cell(mike, BakeImageListModel::ScanColumn, Qt::DecorationRole).value<QIcon>().isNull());
        // Deactivated: greyed and italic in every column, said in the tooltip.
        QCOMPARE(cell(zulu, 0, BakeImageListModel::DeactivatedRole).toBool(), true);
        QVERIFY(cell(zulu, BakeImageListModel::ScanColumn, Qt::FontRole).value<QFont>().italic());
        QVERIFY(cell(zulu, BakeImageListModel::NameColumn, Qt::ToolTipRole)
                    .toString()
                    .contains(u"Deactivated"_s));
        QVERIFY(!cell(alpha, BakeImageListModel::NameColumn, Qt::FontRole).isValid());
    }

    void stateText_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("phase");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("text");
        QTest::newRow("registered") << int(BakeState::Registered) << QString() << 0 << u"Registered"_s;
        QTest::newRow("queued") << int(BakeState::Queued) << QString() << 0 << u"Queued"_s;
        QTest::newRow("baking") << int(BakeState::Baking) << QString() << 0 << u"Baking"_s;
        QTest::newRow("baking-stored-phase") << int(BakeState::Baking) << u"pulling 3/7 layers"_s << 0
                                             << u"Baking \u00b7 pulling 3/7 layers"_s;
        QTest::newRow("baking-progress")
            << int(BakeState::Baking) << u"pulling"_s << 2 << u"Baking \u00b7 2/5 unpacking"_s;
        QTest::newRow("baked") << int(BakeState::Baked) << QString() << 0 << u"Baked"_s;
        QTest::newRow("failed") << int(BakeState::Failed) << QString() << 0 << u"Failed"_s;
        QTest::newRow("cancelled") << int(BakeState::Cancelled) << QString() << 0 << u"Cancelled"_s;
    }

    void stateText()
    {
        QFETCH(int, state);
        QFETCH(QString, phase);
        QFETCH(int, index);
        QFETCH(QString, text);
        BakeImage image;
        image.state = BakeState(state);
        image.phase = phase;
        BakeProgress progress;
        if (index > 0)
            progress = {index, 5, u"unpacking"_s, 10, 100};
        QCOMPARE(BakeImageListModel::stateText(image, progress), text);
    }

    void exactSignals()
    {
        const Catalogue &c = m_fixture.catalogue();
        const BakeImageRepository repository(c);
        const BakeImage bravo = registered(c, draft(u"bravo"_s));
        const BakeImage delta = registered(c, draft(u"delta"_s));
        BakeImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // Registered: one row inserted at its place by name.
        const BakeImage charlie = registered(c, draft(u"charlie"_s));
        model.imageSaved(charlie.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 1);
        QCOMPARE(inserted[0].at(2).toInt(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"bravo"_s, u"charlie"_s, u"delta"_s}));

        // bakeChanged with a queued image: that row's State..Updated cells, nothing else.
        const BakeImage queued = repository.requestBake(charlie.id).value();
        model.applyImage(queued);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(1, BakeImageListModel::StateColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(1, BakeImageListModel::UpdatedColumn));
        QCOMPARE(model.index(1, BakeImageListModel::StateColumn).data().toString(), u"Queued"_s);
        // The same image again changes nothing.
        model.applyImage(queued);
        QCOMPARE(changed.size(), 1);

        // Progress: the State cell of that row only; bytes alone name their roles.
        const BakeImage baking = repository.claimNextBake(u"host|1|1"_s).value().value();
        model.applyImage(baking);
        QCOMPARE(changed.size(), 2);
        model.applyProgress(charlie.id, {2, 5, u"unpacking layers"_s, 100, 1000});
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed[2].at(0).toModelIndex(), model.index(1, BakeImageListModel::StateColumn));
        QCOMPARE(changed[2].at(1).toModelIndex(), model.index(1, BakeImageListModel::StateColumn));
        QCOMPARE(model.index(1, BakeImageListModel::StateColumn).data().toString(),
                 u"Baking \u00b7 2/5 unpacking layers"_s);
        model.applyProgress(charlie.id, {2, 5, u"unpacking layers"_s, 500, 1000});
        QCOMPARE(changed.size(), 4);
        QCOMPARE(changed[3].at(2).value<QList<int>>(),
                 (QList<int>{BakeImageListModel::ProgressDoneRole, BakeImageListModel::ProgressTotalRole}));
        QCOMPARE(model.index(1, 0).data(BakeImageListModel::ProgressDoneRole).toLongLong(), qint64(500));
        model.applyProgress(u"no-such-image"_s, {1, 5, u"x"_s, 1, 2});
        QCOMPARE(changed.size(), 4);

        // Failed: the progress goes with the bake.
        const BakeImage failed =
            repository.finishBake(charlie.id, BakeOutcome::failed(u"needs 300 MiB"_s)).value();
        model.applyImage(failed);
        QCOMPARE(changed.size(), 5);
        QCOMPARE(changed[4].at(0).toModelIndex().row(), 1);
        QCOMPARE(model.index(1, BakeImageListModel::StateColumn).data().toString(), u"Failed"_s);
        QCOMPARE(model.index(1, BakeImageListModel::StateColumn).data(Qt::ToolTipRole).toString(),
                 u"needs 300 MiB"_s);
        QCOMPARE(model.index(1, 0).data(BakeImageListModel::HasProgressRole).toBool(), false);
        // A late result older than the row (the queued image) changes nothing.
        model.applyImage(queued);
        QCOMPARE(changed.size(), 5);
        QCOMPARE(model.index(1, BakeImageListModel::StateColumn).data().toString(), u"Failed"_s);

        // Deactivated: the whole row (it is greyed).
        model.applyImage(repository.setDeactivated(delta.id, true).value());
        QCOMPARE(changed.size(), 6);
        QCOMPARE(changed[5].at(0).toModelIndex(), model.index(2, 0));
        QCOMPARE(changed[5].at(1).toModelIndex(), model.index(2, BakeImageListModel::ColumnCount - 1));

        // Removed: one row.
        QVERIFY(repository.remove(bravo.id).ok());
        model.imageSaved(bravo.id); // gone from the catalogue: removed
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0].at(1).toInt(), 0);
        model.imageRemoved(bravo.id); // already gone: nothing
        QCOMPARE(removed.size(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"charlie"_s, u"delta"_s}));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 1);
    }

    void changesDuringALoadAreKept()
    {
        const Catalogue &c = m_fixture.catalogue();
        registered(c, draft(u"echo"_s));
        BakeImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        model.reload();
        const BakeImage foxtrot = registered(c, draft(u"foxtrot"_s));
        model.applyImage(foxtrot);
        QVERIFY(settle(model));
        QCOMPARE(namesOf(model), (QStringList{u"echo"_s, u"foxtrot"_s}));
    }

    void ranksAndAReloadKeepProgress()
    {
        const Catalogue &c = m_fixture.catalogue();
        const BakeImageRepository repository(c);
        const BakeImage idle = registered(c, draft(u"idle"_s));
        const BakeImage done = baked(c, registered(c, draft(u"done"_s)).id);
        const BakeImage running = registered(c, draft(u"running"_s));
        QVERIFY(repository.requestBake(running.id).ok());
        QVERIFY(repository.claimNextBake(u"host|1|1"_s).ok());
        BakeImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        auto rank = [&model](const BakeImage &image, int role) {
            return model.indexOfImage(image.id).data(role).toInt();
        };
        // Baking first, baked last; a failed scan before a pending one.
        QCOMPARE(rank(running, BakeImageListModel::StateRankRole), 0);
        QCOMPARE(rank(idle, BakeImageListModel::StateRankRole), 4);
        QCOMPARE(rank(done, BakeImageListModel::StateRankRole), 5);
        QCOMPARE(rank(done, BakeImageListModel::ScanRankRole), 1);
        QVERIFY(repository.setScan(done.id, ScanStatus::Failed, u"x"_s, {}, 1700000000000).ok());
        model.imageSaved(done.id);
        QCOMPARE(rank(done, BakeImageListModel::ScanRankRole), 0);
        QVERIFY(!model.indexOfImage(u"no-such-image"_s).isValid());

        // A reload: one reset, and the running bake keeps its progress.
        model.applyProgress(running.id, {3, 5, u"writing"_s, 10, 20});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy loaded(&model, &BakeImageListModel::loaded);
        model.reload();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.progress(model.indexOfImage(running.id).row()).index, 3);
        QCOMPARE(
            model.indexOfImage(running.id).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(),
            u"Baking \u00b7 3/5 writing"_s);
    }

    void texts()
    {
        QCOMPARE(BakeImageListModel::mibText(512), u"512 MiB"_s);
        QCOMPARE(BakeImageListModel::mibText(4096), u"4 GiB"_s);
        QCOMPARE(BakeImageListModel::mibText(1536), u"1.5 GiB"_s);
        QCOMPARE(BakeImageListModel::mibText(16 * 1024 * 1024), u"16 TiB"_s);
        QCOMPARE(BakeImageListModel::sourceText({BakeSourceKind::Oci, u"quay.io/x/y:1"_s}),
                 u"OCI \u00b7 quay.io/x/y:1"_s);
        QCOMPARE(BakeImageListModel::scanText(ScanStatus::Skipped), u"Skipped"_s);
        QVERIFY(BakeImageListModel::scanColor(ScanStatus::Passed) !=
                BakeImageListModel::scanColor(ScanStatus::Failed));
    }

private:
    KilnTest::ModelTestFixture m_fixture;
};

QTEST_MAIN(tst_BakeImageListModel)
#include "tst_bakeimagelistmodel.moc"
