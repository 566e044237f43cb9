#include "cataloguefixture.h"
#include "secretlistmodel.h"
#include "secrets/secretdialog.h"
#include "secrets/secretspage.h"
#include "store/imagerepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "widgettesting.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// The Secrets screen driven like an administrator would: real widgets, a real
// catalogue and the encrypted-file vault in a temporary directory. Set
// KILN_SCREENSHOT_DIR to keep screenshots.
class tst_SecretsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void emptyStateAndFallbackBanner();
    void addsThroughTheDialog();
    void rotatesTheValue();
    void deleteNamesWhatUsesTheSecret();
    void deleteCanBeCancelled();
    void filtersAndSorts();
    void shortcutsAndContextMenu();

private:
    Secret makeSecret(const QString &name, const QByteArray &value);
    QString makeRegistry(const QString &name, const QString &secretId);
    QByteArray vaultValue(const QString &ref);
    void openPage();
    QStringList shownNames() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<SecretsPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_SecretsPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_vault = std::make_unique<SecretVault>(fileVaultOptions(m_dir->path()));
}

void tst_SecretsPage::cleanup()
{
    m_tester.reset();
    m_page.reset();
    m_vault.reset();
    m_catalogue.reset();
    m_dir.reset();
}

Secret tst_SecretsPage::makeSecret(const QString &name, const QByteArray &value)
{
    const Secret secret = SecretRepository(m_catalogue->catalogue())
                              .create(name, SecretKind::RegistryCredential, u"user-"_s + name)
                              .value();
    auto written = m_vault->write(secret.keychainRef, value);
    if (!QTest::qWaitFor([&written] { return written.isFinished(); }, 10000) || !written.result().ok())
        qFatal("could not write the value of %s", qPrintable(name));
    return secret;
}

QString tst_SecretsPage::makeRegistry(const QString &name, const QString &secretId)
{
    Registry registry;
    registry.name = name;
    registry.publicUrl = u"https://"_s + name + u".example.org"_s;
    registry.imagePrefix = name + u".example.org/ml"_s;
    registry.credentialsSecretId = secretId;
    const auto created = RegistryRepository(m_catalogue->catalogue()).create(registry);
    if (!created)
        qFatal("%s", qPrintable(created.error().message));
    return created->id;
}

QByteArray tst_SecretsPage::vaultValue(const QString &ref)
{
    auto read = m_vault->read(ref);
    if (!QTest::qWaitFor([&read] { return read.isFinished(); }, 10000) || !read.result().ok())
        return {};
    return read.result().value();
}

void tst_SecretsPage::openPage()
{
    m_page = std::make_unique<SecretsPage>(m_catalogue->catalogue(), *m_vault);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_page->proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_page->resize(1000, 500);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QTRY_VERIFY(!m_page->model()->isLoading());
    QTRY_VERIFY(m_page->isBackendKnown());
}

QStringList tst_SecretsPage::shownNames() const
{
    QStringList names;
    const QSortFilterProxyModel *proxy = m_page->proxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        names << proxy->index(row, 0).data(SecretListModel::NameRole).toString();
    return names;
}

void tst_SecretsPage::emptyStateAndFallbackBanner()
{
    openPage();
    QVERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"No secrets yet"_s));
    // The file vault is the fallback: the banner says where the values are.
    QLabel *banner = m_page->fallbackBanner();
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(), m_vault->fallbackWarning());
    QVERIFY(banner->text().contains(m_dir->filePath(u"secrets.enc"_s)));
    saveScreenshot(m_page.get(), u"secrets-empty"_s);
}

void tst_SecretsPage::addsThroughTheDialog()
{
    openPage();
    QSignalSpy changed(m_page.get(), &SecretsPage::secretsChanged);
    QSignalSpy status(m_page.get(), &SecretsPage::statusMessage);
    QPointer<SecretDialog> dialog = m_page->addSecret();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"harbor-robot"_s);
    dialog->findChild<QLineEdit *>(u"usernameEdit"_s)->setText(u"robot"_s);
    dialog->findChild<QLineEdit *>(u"valueEdit"_s)->setText(u"page-added-value"_s);
    saveScreenshot(dialog, u"secrets-add-dialog"_s);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(changed.size(), 1);
    QVERIFY(status.last().at(0).toString().contains(u"harbor-robot"_s));
    QVERIFY(!m_page->isEmptyStateShown());
    QCOMPARE(shownNames(), QStringList{u"harbor-robot"_s});
    const Secret stored = SecretRepository(m_catalogue->catalogue()).getByName(u"harbor-robot"_s).value();
    QCOMPARE(m_page->currentSecretId(), stored.id);
    QCOMPARE(vaultValue(stored.keychainRef), "page-added-value"_ba);
    QCOMPARE(m_page->findChild<QLabel *>(u"countLabel"_s)->text(), u"1 secret"_s);
}

void tst_SecretsPage::rotatesTheValue()
{
    const Secret hub = makeSecret(u"hub"_s, "old-value");
    openPage();
    m_page->setCurrentSecret(hub.id);
    QPointer<SecretDialog> dialog = m_page->rotateSecret(hub.id);
    QVERIFY(dialog && dialog->isRotating());
    dialog->findChild<QLineEdit *>(u"valueEdit"_s)->setText(u"new-value"_s);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(vaultValue(hub.keychainRef), "new-value"_ba);
    const QModelIndex row = m_page->model()->indexOfSecret(hub.id);
    QVERIFY(row.data(SecretListModel::RotatedAtRole).isValid());
    QVERIFY(row.siblingAtColumn(SecretListModel::ChangedColumn).data().toString().startsWith(u"rotated"_s));
}

void tst_SecretsPage::deleteNamesWhatUsesTheSecret()
{
    const Secret hub = makeSecret(u"hub"_s, "hub-value");
    const QString registryId = makeRegistry(u"harbor"_s, hub.id);
    ManagedImage image;
    image.name = u"web"_s;
    image.displayName = u"Web"_s;
    image.url = u"harbor.example.org/ml/web:1"_s;
    image.pullSecretId = hub.id;
    QVERIFY(ImageRepository(m_catalogue->catalogue()).create(image).ok());
    openPage();
    QCOMPARE(m_page->model()->indexOfSecret(hub.id).siblingAtColumn(SecretListModel::UsedByColumn).data(),
             QVariant(u"registry harbor, image web"_s));
    QSignalSpy changed(m_page.get(), &SecretsPage::secretsChanged);
    QSignalSpy status(m_page.get(), &SecretsPage::statusMessage);

    QPointer<QMessageBox> box = m_page->deleteSecret(hub.id);
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->isModal()); // window-modal, opened with open(): the event loop goes on
    QVERIFY2(box->informativeText().contains(u"registry harbor, image web (2 in all) lose their login"_s),
             qPrintable(box->informativeText()));
    saveScreenshot(box, u"secrets-delete-in-use"_s);
    QCOMPARE(changed.size(), 0); // nothing happens before the answer
    box->findChild<QPushButton *>(u"confirmDelete"_s)->click();
    QTRY_VERIFY(box.isNull());
    QCOMPARE(changed.size(), 1);
    QVERIFY(!m_page->model()->indexOfSecret(hub.id).isValid());
    QVERIFY(m_page->isEmptyStateShown());
    QCOMPARE(SecretRepository(m_catalogue->catalogue()).get(hub.id).error().code, StoreError::Code::NotFound);
    QVERIFY(RegistryRepository(m_catalogue->catalogue()).get(registryId)->credentialsSecretId.isEmpty());
    QTRY_VERIFY(!status.isEmpty() && status.last().at(0).toString() == u"Deleted the secret hub."_s);
    QVERIFY(vaultValue(hub.keychainRef).isEmpty()); // the value is erased too
}

void tst_SecretsPage::deleteCanBeCancelled()
{
    const Secret idle = makeSecret(u"idle"_s, "idle-value");
    openPage();
    QPointer<QMessageBox> box = m_page->deleteSecret(idle.id);
    QVERIFY(box);
    QVERIFY(box->informativeText().startsWith(u"Nothing uses this secret."_s));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(box.isNull());
    QCOMPARE(shownNames(), QStringList{u"idle"_s});
    QCOMPARE(vaultValue(idle.keychainRef), "idle-value"_ba);
}

void tst_SecretsPage::filtersAndSorts()
{
    const Secret alpha = makeSecret(u"alpha"_s, "a");
    makeSecret(u"beta"_s, "b");
    makeSecret(u"gamma"_s, "c");
    makeRegistry(u"harbor"_s, alpha.id);
    openPage();
    QCOMPARE(shownNames(), QStringList({u"alpha"_s, u"beta"_s, u"gamma"_s}));
    m_page->listView()->sortByColumn(SecretListModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(shownNames(), QStringList({u"gamma"_s, u"beta"_s, u"alpha"_s}));
    m_page->listView()->sortByColumn(SecretListModel::UsedByColumn, Qt::DescendingOrder);
    QCOMPARE(shownNames().first(), u"alpha"_s);
    m_page->filterEdit()->setText(u"harbor"_s); // the Used-by column filters too
    QCOMPARE(shownNames(), QStringList{u"alpha"_s});
    QCOMPARE(m_page->findChild<QLabel *>(u"countLabel"_s)->text(), u"1 of 3 secrets"_s);
    m_page->filterEdit()->setText(u"zzz"_s);
    QVERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"No secret matches"_s));
    m_page->filterEdit()->clear();
    QVERIFY(!m_page->isEmptyStateShown());
    m_page->listView()->sortByColumn(SecretListModel::NameColumn, Qt::AscendingOrder);
    saveScreenshot(m_page.get(), u"secrets-list"_s);
}

void tst_SecretsPage::shortcutsAndContextMenu()
{
    const Secret hub = makeSecret(u"hub"_s, "v");
    openPage();
    m_page->activateWindow();
    m_page->listView()->setFocus();
    QTRY_VERIFY(m_page->listView()->hasFocus());
    // Ctrl+N opens the add dialog.
    QTest::keyClick(m_page->listView(), Qt::Key_N, Qt::ControlModifier);
    auto *added = m_page->findChild<SecretDialog *>();
    QVERIFY(added);
    QVERIFY(!added->isRotating());
    added->close();
    QTRY_VERIFY(!m_page->findChild<SecretDialog *>());
    // Del asks to delete the current secret.
    m_page->setCurrentSecret(hub.id);
    m_page->activateWindow();
    m_page->listView()->setFocus();
    QTRY_VERIFY(m_page->listView()->hasFocus());
    QTest::keyClick(m_page->listView(), Qt::Key_Delete);
    QPointer<QMessageBox> box = m_page->findChild<QMessageBox *>(u"deleteSecretBox"_s);
    QVERIFY(box);
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(box.isNull());
    // The context menu offers Rotate and Delete on a row.
    const QRect rect = m_page->listView()->visualRect(m_page->listView()->currentIndex());
    Q_EMIT m_page->listView()->customContextMenuRequested(rect.center());
    QMenu *menu = m_page->findChild<QMenu *>();
    QVERIFY(menu);
    QStringList texts;
    for (QAction *action : menu->actions())
        texts << action->text();
    QVERIFY2(texts.contains(u"&Rotate\u2026"_s) && texts.contains(u"&Delete\u2026"_s) &&
                 texts.contains(u"&Add Secret\u2026"_s),
             qPrintable(texts.join(u'|')));
    menu->close();
}

QTEST_MAIN(tst_SecretsPage)
#include "tst_secretspage.moc"
