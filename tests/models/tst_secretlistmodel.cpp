#include "modeltesting.h"
#include "secretlistmodel.h"
#include "store/imagerepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(SecretListModel::NameRole).toString();
    return out;
}

} // namespace

// The Secrets page's model on a real catalogue: the asynchronous load, exact
// insert/remove/dataChanged signals, the Used-by column and sorting by raw values,
// all under QAbstractItemModelTester.
class tst_SecretListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const SecretRepository secrets(m_fixture.catalogue());
        m_hub = secrets.create(u"hub"_s, SecretKind::RegistryCredential, u"robot"_s).value();
        m_pull = secrets.create(u"pull"_s, SecretKind::PullSecret, u"bob"_s).value();
        m_token = secrets.create(u"a-token"_s, SecretKind::WorkerToken, {}).value();
        Registry registry;
        registry.name = u"harbor"_s;
        registry.publicUrl = u"https://harbor.example.org"_s;
        registry.imagePrefix = u"harbor.example.org/ml"_s;
        registry.credentialsSecretId = m_hub.id;
        const auto created = RegistryRepository(m_fixture.catalogue()).create(registry);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_fixture.cleanup();
    }

    void loadsAsynchronously()
    {
        open();
        QCOMPARE(namesOf(*m_model), QStringList({u"a-token"_s, u"hub"_s, u"pull"_s}));
        QCOMPARE(m_model->columnCount(), int(SecretListModel::ColumnCount));
        const QModelIndex hub = m_model->indexOfSecret(m_hub.id);
        QVERIFY(hub.isValid());
        QCOMPARE(hub.data(SecretListModel::KindRole).toString(), u"registry-credential"_s);
        QCOMPARE(hub.data(SecretListModel::UsernameRole).toString(), u"robot"_s);
        QCOMPARE(hub.data(SecretListModel::UsedByRole).toStringList(), QStringList{u"registry harbor"_s});
        QCOMPARE(hub.data(SecretListModel::UseCountRole).toInt(), 1);
        QCOMPARE(hub.data(SecretListModel::CreatedAtRole).toLongLong(), m_hub.createdAt);
        QVERIFY(!hub.data(SecretListModel::RotatedAtRole).isValid());
        QCOMPARE(hub.siblingAtColumn(SecretListModel::KindColumn).data().toString(),
                 u"Registry credential"_s);
        QCOMPARE(hub.siblingAtColumn(SecretListModel::UsedByColumn).data().toString(), u"registry harbor"_s);
        QVERIFY(
            hub.siblingAtColumn(SecretListModel::ChangedColumn).data().toString().startsWith(u"created "_s));
        const QModelIndex pull = m_model->indexOfSecret(m_pull.id);
        QCOMPARE(pull.siblingAtColumn(SecretListModel::UsedByColumn).data().toString(), u"not used"_s);
        QCOMPARE(m_model->headerData(SecretListModel::UsedByColumn, Qt::Horizontal).toString(), u"Used by"_s);
        // No value, no keychain reference is ever shown.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            for (int column = 0; column < m_model->columnCount(); ++column) {
                const QModelIndex index = m_model->index(row, column);
                for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
                    QVERIFY(!index.data(role).toString().contains(u"kiln:"_s));
            }
        }
    }

    void savedInsertsAndChangesExactlyOneRow()
    {
        open();
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        const SecretRepository secrets(m_fixture.catalogue());
        const Secret fresh =
            secrets.create(u"harbor-robot"_s, SecretKind::RegistryCredential, u"r"_s).value();
        m_model->secretSaved(fresh.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1); // a-token, harbor-robot, hub, pull
        QCOMPARE(inserted.at(0).at(2).toInt(), 1);
        QCOMPARE(namesOf(*m_model), QStringList({u"a-token"_s, u"harbor-robot"_s, u"hub"_s, u"pull"_s}));

        // Rotated: one dataChanged for its row, nothing else.
        QVERIFY(secrets.markRotated(m_pull.id, u"bob2"_s).ok());
        m_model->secretSaved(m_pull.id);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 3);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 3);
        const QModelIndex pull = m_model->indexOfSecret(m_pull.id);
        QCOMPARE(pull.data(SecretListModel::UsernameRole).toString(), u"bob2"_s);
        QVERIFY(pull.data(SecretListModel::RotatedAtRole).isValid());
        QVERIFY(
            pull.siblingAtColumn(SecretListModel::ChangedColumn).data().toString().startsWith(u"rotated "_s));
        // Unchanged: no signal at all.
        m_model->secretSaved(m_pull.id);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
    }

    void removedRemovesExactlyOneRow()
    {
        open();
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QVERIFY(SecretRepository(m_fixture.catalogue()).remove(m_hub.id).ok());
        m_model->secretRemoved(m_hub.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 1);
        QCOMPARE(namesOf(*m_model), QStringList({u"a-token"_s, u"pull"_s}));
        QVERIFY(!m_model->indexOfSecret(m_hub.id).isValid());
        QCOMPARE(m_model->indexOfSecret(m_pull.id).row(), 1);
        // A secret deleted elsewhere goes when saved is reported for it.
        QVERIFY(SecretRepository(m_fixture.catalogue()).remove(m_pull.id).ok());
        m_model->secretSaved(m_pull.id);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(namesOf(*m_model), QStringList{u"a-token"_s});
    }

    void usageChangedTouchesOnlyChangedCells()
    {
        open();
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy loaded(m_model.get(), &SecretListModel::loaded);
        ManagedImage image;
        image.name = u"web"_s;
        image.displayName = u"Web"_s;
        image.url = u"registry.test/web:1"_s;
        image.pullSecretId = m_pull.id;
        QVERIFY(ImageRepository(m_fixture.catalogue()).create(image).ok());
        m_model->usageChanged();
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(changed.size(), 1);
        const QModelIndex pull = m_model->indexOfSecret(m_pull.id);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), pull.siblingAtColumn(SecretListModel::UsedByColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), pull.siblingAtColumn(SecretListModel::UsedByColumn));
        QCOMPARE(pull.data(SecretListModel::UsedByRole).toStringList(), QStringList{u"image web"_s});
    }

    void sortsByRawValues()
    {
        open();
        QVERIFY(SecretRepository(m_fixture.catalogue()).markRotated(m_token.id, {}).ok());
        m_model->secretSaved(m_token.id);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(m_model.get());
        proxy.setSortRole(SecretListModel::SortRole);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(SecretListModel::UsedByColumn, Qt::DescendingOrder);
        QCOMPARE(namesOf(proxy).first(), u"hub"_s); // the only one in use
        proxy.sort(SecretListModel::ChangedColumn, Qt::DescendingOrder);
        QCOMPARE(namesOf(proxy).first(), u"a-token"_s); // rotated last
        proxy.sort(SecretListModel::KindColumn, Qt::AscendingOrder);
        QCOMPARE(namesOf(proxy), QStringList({u"pull"_s, u"hub"_s, u"a-token"_s}));
    }

    void reloadDuringLoadKeepsLatest()
    {
        open();
        QSignalSpy loaded(m_model.get(), &SecretListModel::loaded);
        const Secret fresh =
            SecretRepository(m_fixture.catalogue()).create(u"zz"_s, SecretKind::PullSecret, u"z"_s).value();
        m_model->reload();
        m_model->secretSaved(fresh.id); // while loading: applied again after the reset
        QVERIFY(m_model->isLoading());
        QTRY_VERIFY(!m_model->isLoading());
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(namesOf(*m_model), QStringList({u"a-token"_s, u"hub"_s, u"pull"_s, u"zz"_s}));
    }

private:
    void open()
    {
        m_model = std::make_unique<SecretListModel>(m_fixture.catalogue());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(m_model->isLoading());
        QCOMPARE(m_model->rowCount(), 0); // nothing read on the GUI thread
        QTRY_VERIFY(!m_model->isLoading());
    }

    KilnTest::ModelTestFixture m_fixture;
    std::unique_ptr<SecretListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    Secret m_hub;
    Secret m_pull;
    Secret m_token;
};

QTEST_MAIN(tst_SecretListModel)
#include "tst_secretlistmodel.moc"
