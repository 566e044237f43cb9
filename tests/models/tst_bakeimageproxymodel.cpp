#include "bakeimagelistmodel.h"
#include "bakeimageproxymodel.h"
#include "catalogueseeds.h"
#include "modeltesting.h"
#include "store/bakeimagerepository.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

// The rows: sorting and filtering by the raw roles, data-driven over one catalogue.
//   alpha   OCI debian:12        1024 MiB  Registered              "Alpha Base"
//   bravo   rootfs-tar /srv/b.tar 512 MiB  Baked (10 MiB), scan failed
//   charlie OCI quay.io/c:2      4096 MiB  Queued, deactivated
//   delta   OCI ubuntu:24.04     2048 MiB  Baked (5 MiB), scan passed
class tst_BakeImageProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        KilnTest::ModelTestFixture::initTestCase();
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        const BakeImageRepository repository(c);
        auto add = [&repository](const QString &name, BakeSource source, qint64 mib,
                                 const QString &display = {}) {
            BakeImage image;
            image.name = name;
            image.displayName = display.isEmpty() ? name : display;
            image.source = std::move(source);
            image.sizeMib = mib;
            return repository.registerImage(image).value();
        };
        auto bake = [&repository](const QString &id, qint64 size, ScanStatus scan) {
            QVERIFY(repository.requestBake(id).ok());
            QVERIFY(repository.claimNextBake(u"host|1|1"_s).ok());
            BakeContent content;
            content.size = size;
            content.sha256 = QString(64, u'c');
            content.sha1 = QString(40, u'd');
            content.path = u"/tmp/x.ext4"_s;
            QVERIFY(repository.finishBake(id, BakeOutcome::succeeded(content)).ok());
            QVERIFY(repository.setScan(id, scan, {}, {}, 1700000000000).ok());
        };
        add(u"alpha"_s, {BakeSourceKind::Oci, u"docker.io/library/debian:12"_s}, 1024, u"Alpha Base"_s);
        const BakeImage bravo = add(u"bravo"_s, {BakeSourceKind::RootfsTar, u"/srv/b.tar"_s}, 512);
        bake(bravo.id, 10 * 1024 * 1024, ScanStatus::Failed);
        const BakeImage charlie = add(u"charlie"_s, {BakeSourceKind::Oci, u"quay.io/c:2"_s}, 4096);
        QVERIFY(repository.requestBake(charlie.id).ok());
        QVERIFY(repository.setDeactivated(charlie.id, true).ok());
        const BakeImage delta =
            add(u"delta"_s, {BakeSourceKind::Oci, u"docker.io/library/ubuntu:24.04"_s}, 2048);
        bake(delta.id, 5 * 1024 * 1024, ScanStatus::Passed);

        m_model = std::make_unique<BakeImageListModel>(c);
        QVERIFY(KilnTest::settle(*m_model));
        QCOMPARE(m_model->rowCount(), 4);
    }

    void cleanupTestCase()
    {
        m_model.reset();
        m_fixture.cleanup();
    }

    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("showDeactivated");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("all") << QString() << true
                             << QStringList{u"alpha"_s, u"bravo"_s, u"charlie"_s, u"delta"_s};
        QTest::newRow("hide-deactivated")
            << QString() << false << QStringList{u"alpha"_s, u"bravo"_s, u"delta"_s};
        QTest::newRow("name") << u"DELTA"_s << true << QStringList{u"delta"_s};
        QTest::newRow("display-name") << u"alpha base"_s << true << QStringList{u"alpha"_s};
        QTest::newRow("source-ref") << u"docker.io/library"_s << true << QStringList{u"alpha"_s, u"delta"_s};
        QTest::newRow("source-kind") << u"rootfs tar"_s << true << QStringList{u"bravo"_s};
        QTest::newRow("source-text") << u"tar:/srv"_s << true << QStringList{u"bravo"_s};
        QTest::newRow("deactivated-match-hidden") << u"quay"_s << false << QStringList{};
        QTest::newRow("trimmed") << u"  charlie "_s << true << QStringList{u"charlie"_s};
        QTest::newRow("none") << u"nothing-like-this"_s << true << QStringList{};
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(bool, showDeactivated);
        QFETCH(QStringList, names);
        BakeImageProxyModel proxy;
        proxy.setSourceModel(m_model.get());
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.sort(BakeImageListModel::NameColumn);
        proxy.setFilterText(text);
        proxy.setShowDeactivated(showDeactivated);
        QCOMPARE(namesOf(proxy), names);
    }

    void sorts_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("ascending");
        QTest::newRow("name") << int(BakeImageListModel::NameColumn)
                              << QStringList{u"alpha"_s, u"bravo"_s, u"charlie"_s, u"delta"_s};
        QTest::newRow("source") << int(BakeImageListModel::SourceColumn)
                                << QStringList{u"alpha"_s, u"delta"_s, u"charlie"_s, u"bravo"_s};
        QTest::newRow("size-cap") << int(BakeImageListModel::SizeCapColumn)
                                  << QStringList{u"bravo"_s, u"alpha"_s, u"delta"_s, u"charlie"_s};
        // Queued before Registered before Baked; ties by name.
        QTest::newRow("state") << int(BakeImageListModel::StateColumn)
                               << QStringList{u"charlie"_s, u"alpha"_s, u"bravo"_s, u"delta"_s};
        // Failed, then pending, then passed.
        QTest::newRow("scan") << int(BakeImageListModel::ScanColumn)
                              << QStringList{u"bravo"_s, u"alpha"_s, u"charlie"_s, u"delta"_s};
        // No content first, then by size.
        QTest::newRow("content") << int(BakeImageListModel::ContentColumn)
                                 << QStringList{u"alpha"_s, u"charlie"_s, u"delta"_s, u"bravo"_s};
    }

    void sorts()
    {
        QFETCH(int, column);
        QFETCH(QStringList, ascending);
        BakeImageProxyModel proxy;
        proxy.setSourceModel(m_model.get());
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.sort(column, Qt::AscendingOrder);
        QCOMPARE(namesOf(proxy), ascending);
        proxy.sort(column, Qt::DescendingOrder);
        QStringList descending = ascending;
        std::reverse(descending.begin(), descending.end());
        QCOMPARE(namesOf(proxy), descending);
    }

    void updatedSortsByTime()
    {
        BakeImageProxyModel proxy;
        proxy.setSourceModel(m_model.get());
        proxy.sort(BakeImageListModel::UpdatedColumn);
        qint64 last = 0;
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const qint64 at = proxy.index(row, 0).data(BakeImageListModel::UpdatedAtRole).toLongLong();
            QVERIFY(at >= last);
            last = at;
        }
        QVERIFY(last > 0);
    }

private:
    static QStringList namesOf(const QAbstractItemModel &model)
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row)
            out << model.index(row, 0).data(BakeImageListModel::NameRole).toString();
        return out;
    }

    KilnTest::ModelTestFixture m_fixture;
    std::unique_ptr<BakeImageListModel> m_model;
};

QTEST_MAIN(tst_BakeImageProxyModel)
#include "tst_bakeimageproxymodel.moc"
