#include "mainwindow/mainwindow.h"

#include "common/uistate.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void hostsPagesInTheSidebar();
    void keyboardNavigation();
    void statusBar();
    void rememberesGeometryAndPage();
    void menuActions();
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"KilnTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::hostsPagesInTheSidebar()
{
    MainWindow window;
    QCOMPARE(window.pageCount(), 0);
    QVERIFY(window.currentPageId().isEmpty());
    auto *first = new QLabel(u"first"_s);
    auto *second = new QLabel(u"second"_s);
    window.addPage(u"first"_s, {}, u"First"_s, first);
    window.addPage(u"second"_s, {}, u"Second"_s, second);
    QCOMPARE(window.pageCount(), 2);
    QCOMPARE(window.currentPageId(), u"first"_s);

    auto *sidebar = window.findChild<QListWidget *>(u"sidebar"_s);
    auto *stack = window.findChild<QStackedWidget *>(u"pages"_s);
    QVERIFY(sidebar && stack);
    QCOMPARE(sidebar->count(), 2);
    QCOMPARE(sidebar->item(1)->text(), u"Second"_s);

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect rect = sidebar->visualItemRect(sidebar->item(1));
    QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(stack->currentWidget(), second);
    QCOMPARE(window.currentPageId(), u"second"_s);

    QVERIFY(window.showPage(u"first"_s));
    QCOMPARE(stack->currentWidget(), first);
    QVERIFY(!window.showPage(u"missing"_s));
    QCOMPARE(stack->currentWidget(), first);
}

void tst_MainWindow::keyboardNavigation()
{
    MainWindow window;
    window.addPage(u"a"_s, {}, u"A"_s, new QWidget);
    window.addPage(u"b"_s, {}, u"B"_s, new QWidget);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPageId(), u"b"_s);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.currentPageId(), u"a"_s);
}

void tst_MainWindow::statusBar()
{
    MainWindow window;
    window.setCatalogueLocation(u"/tmp/x/catalogue.sqlite"_s);
    auto *catalogue = window.findChild<QLabel *>(u"catalogueLabel"_s);
    auto *engine = window.findChild<QLabel *>(u"engineLabel"_s);
    QVERIFY(catalogue && engine);
    QVERIFY(catalogue->text().contains(u"/tmp/x/catalogue.sqlite"));

    const ContainerEngineInfo buildah{ContainerEngineKind::Buildah, u"/usr/bin/buildah"_s, u"1.28.2"_s, {}};
    const ContainerEngineInfo podman{ContainerEngineKind::Podman, u"/usr/bin/podman"_s, u"4.3.1"_s, {}};
    window.setEngines({buildah, podman}, {ContainerEngineKind::Podman, ContainerEngineKind::Buildah});
    QCOMPARE(engine->text(), u"Engine: podman 4.3.1"_s);
    QVERIFY(engine->toolTip().contains(u"buildah 1.28.2"));

    // Secrets outside the keychain: a short marker, the reason in its tooltip.
    window.show();
    auto *secrets = window.findChild<QLabel *>(u"secretsLabel"_s);
    QVERIFY(secrets);
    QVERIFY(!secrets->isVisible());
    window.setSecretsWarning(u"Secrets are kept in the encrypted file /x/secrets.enc because ..."_s);
    QVERIFY(secrets->isVisible());
    QVERIFY(secrets->toolTip().contains(u"/x/secrets.enc"_s));
    window.setSecretsWarning({});
    QVERIFY(!secrets->isVisible());
    window.setEngines({}, {ContainerEngineKind::Podman});
    QCOMPARE(engine->text(), u"No container engine found"_s);
}

void tst_MainWindow::rememberesGeometryAndPage()
{
    {
        MainWindow window;
        window.addPage(u"a"_s, {}, u"A"_s, new QWidget);
        window.addPage(u"b"_s, {}, u"B"_s, new QWidget);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(720, 520); // within the offscreen screen (800x600 on Qt 6.8)
        window.showPage(u"b"_s);
        window.close();
    }
    QCOMPARE(UiState::currentPage.get(), u"b"_s);
    QVERIFY(!UiState::mainWindowGeometry.get().isEmpty());

    MainWindow window;
    window.addPage(u"a"_s, {}, u"A"_s, new QWidget);
    window.addPage(u"b"_s, {}, u"B"_s, new QWidget);
    window.restoreUiState();
    QCOMPARE(window.currentPageId(), u"b"_s);
    QCOMPARE(window.size(), QSize(720, 520));
}

void tst_MainWindow::menuActions()
{
    MainWindow window;
    QSignalSpy settings(&window, &MainWindow::settingsRequested);
    QSignalSpy about(&window, &MainWindow::aboutRequested);
    auto *settingsAction = window.findChild<QAction *>(u"actionSettings"_s);
    auto *aboutAction = window.findChild<QAction *>(u"actionAbout"_s);
    QVERIFY(settingsAction && aboutAction);
    QVERIFY(settingsAction->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    settingsAction->trigger();
    aboutAction->trigger();
    QCOMPARE(settings.size(), 1);
    QCOMPARE(about.size(), 1);
    auto *quit = window.findChild<QAction *>(u"actionQuit"_s);
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
