#include "ocitesting.h"
#include "registrybrowsing.h"
#include "registryserver.h"
#include "testsupport.h"
#include "widgettesting.h"

#include "bake/ociclient.h"
#include "registries/registrybrowser.h"
#include "registrybrowsermodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

// The registry browser widget against a real docker-registry: expanding, the
// filter, Copy Reference (Ctrl+C and the context menu), and the status label for
// the empty, loading and failed states. KILN_SCREENSHOT_DIR keeps screenshots.
class tst_RegistryBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void browsesFiltersAndCopies();
    void showsWhyItCannotList();

private:
    std::unique_ptr<RegistryServer> m_registry;
    std::unique_ptr<OciClient> m_client;
};

void tst_RegistryBrowser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    m_registry = std::make_unique<RegistryServer>();
    const QString error = startHolding(
        *m_registry, {{u"team/cuda"_s, {u"12.4"_s, u"latest"_s}}, {u"team/torch"_s, {u"2.3"_s}}});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_client = browsingClient();
}

void tst_RegistryBrowser::browsesFiltersAndCopies()
{
    RegistryBrowser browser(m_client.get(), {});
    browser.resize(500, 400);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QCOMPARE(browser.statusLabel()->text(), u"Select a registry to see its repositories."_s);
    QVERIFY(!browser.copyAction()->isEnabled());
    browser.setRegistry(browsableRegistry(m_registry->address()));
    QTRY_COMPARE(browser.model()->state(), RegistryBrowserModel::State::Ready);
    QTRY_VERIFY(!browser.model()->isBusy());
    QCOMPARE(browser.statusLabel()->text(), u"2 repositories"_s);
    QTreeView *tree = browser.treeView();
    QCOMPARE(tree->model()->rowCount(), 2);

    // Expanding lists the tags.
    const QModelIndex cuda = tree->model()->index(0, 0);
    QCOMPARE(cuda.data().toString(), u"team/cuda"_s);
    tree->expand(cuda);
    QTRY_COMPARE(tree->model()->rowCount(cuda), 2);
    const QModelIndex latest = tree->model()->index(1, 0, cuda);
    QCOMPARE(latest.data().toString(), u"latest"_s);
    saveScreenshot(&browser, u"registrybrowser-tags"_s);

    // Ctrl+C copies the full reference of the current tag.
    tree->setCurrentIndex(latest);
    QVERIFY(browser.copyAction()->isEnabled());
    QSignalSpy status(&browser, &RegistryBrowser::statusMessage);
    tree->setFocus();
    QApplication::clipboard()->clear();
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    const QString expected = m_registry->address() + u"/team/cuda:latest"_s;
    QTRY_COMPARE(QApplication::clipboard()->text(), expected);
    QCOMPARE(status.last().at(0).toString(), u"Copied "_s + expected);

    // The context menu offers it too, for a repository as well.
    tree->setCurrentIndex(tree->model()->index(1, 0));
    Q_EMIT tree->customContextMenuRequested(tree->visualRect(tree->currentIndex()).center());
    QMenu *menu = browser.findChild<QMenu *>();
    QVERIFY(menu);
    QVERIFY(menu->actions().contains(browser.copyAction()));
    menu->close();
    browser.copyReference();
    QCOMPARE(QApplication::clipboard()->text(), m_registry->address() + u"/team/torch"_s);

    // The filter keeps a repository whose listed tag matches, and says when nothing does.
    browser.filterEdit()->setText(u"12.4"_s);
    QCOMPARE(tree->model()->rowCount(), 1);
    QCOMPARE(tree->model()->index(0, 0).data().toString(), u"team/cuda"_s);
    browser.filterEdit()->setText(u"nothing-like-this"_s);
    QCOMPARE(tree->model()->rowCount(), 0);
    QVERIFY(browser.statusLabel()->text().startsWith(u"Nothing listed so far matches"_s));
    browser.filterEdit()->clear();
    QCOMPARE(tree->model()->rowCount(), 2);
}

void tst_RegistryBrowser::showsWhyItCannotList()
{
    RegistryServer locked;
    locked.setHtpasswd(kRegistryUser, kRegistryBcrypt);
    QVERIFY2(locked.start(), qPrintable(locked.errorString()));
    RegistryBrowser browser(m_client.get(),
                            credentialsAnswering(Credential{kRegistryUser, u"wrong-password"_s}));
    browser.resize(500, 300);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    browser.setRegistry(browsableRegistry(locked.address(), u"secret"_s));
    QVERIFY(browser.statusLabel()->text().startsWith(u"Listing the repositories of local"_s));
    QTRY_COMPARE(browser.model()->state(), RegistryBrowserModel::State::Failed);
    QVERIFY2(browser.statusLabel()->text().startsWith(u"Authentication failed: "_s),
             qPrintable(browser.statusLabel()->text()));
    QVERIFY(!browser.statusLabel()->text().contains(u"wrong-password"_s));
    QVERIFY(!browser.treeView()->isEnabled());
    saveScreenshot(&browser, u"registrybrowser-auth-failed"_s);

    RegistryServer empty;
    QVERIFY2(empty.start(), qPrintable(empty.errorString()));
    browser.setRegistry(browsableRegistry(empty.address()));
    QTRY_COMPARE(browser.model()->state(), RegistryBrowserModel::State::Empty);
    QCOMPARE(browser.statusLabel()->text(), u"This registry holds no repositories yet."_s);
}

QTEST_MAIN(tst_RegistryBrowser)
#include "tst_registrybrowser.moc"
