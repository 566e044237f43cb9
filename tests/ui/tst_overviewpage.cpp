#include "overview/overviewpage.h"

#include "enginemodel.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_OverviewPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheCatalogue();
    void engineHintFollowsDetection();
    void detectAgain();
};

void tst_OverviewPage::showsTheCatalogue()
{
    EngineModel engines;
    OverviewPage page(&engines);
    page.setCatalogue(u"/data/kiln/catalogue.sqlite"_s, 4, {{u"Image specs"_s, 12}, {u"Workers"_s, 3}});
    QCOMPARE(page.findChild<QLabel *>(u"locationLabel"_s)->text(), u"/data/kiln/catalogue.sqlite"_s);
    QCOMPARE(page.findChild<QLabel *>(u"schemaLabel"_s)->text(), u"4"_s);
    QCOMPARE(page.findChild<QLabel *>(u"contentsLabel"_s)->text(), u"Image specs: 12 · Workers: 3"_s);
    page.setCatalogue(u"x"_s, 1, {});
    QCOMPARE(page.findChild<QLabel *>(u"contentsLabel"_s)->text(), u"Empty"_s);
    QCOMPARE(page.findChild<QTableView *>(u"enginesView"_s)->model(), &engines);
}

void tst_OverviewPage::engineHintFollowsDetection()
{
    EngineModel engines;
    OverviewPage page(&engines);
    auto *hint = page.findChild<QLabel *>(u"enginesHint"_s);
    QVERIFY(hint->text().contains(u"Looking for"));

    engines.setEngines({{ContainerEngineKind::Buildah, {}, {}, u"not installed"_s},
                        {ContainerEngineKind::Podman, {}, {}, u"not installed"_s}});
    QVERIFY2(hint->text().contains(u"No container engine is installed"), qPrintable(hint->text()));

    engines.setEngines({{ContainerEngineKind::Podman, u"/usr/bin/podman"_s, u"4.3.1"_s, {}}});
    QVERIFY2(hint->text().contains(u"Builds use podman"), qPrintable(hint->text()));

    engines.setEngines({{ContainerEngineKind::Buildah, u"/usr/bin/buildah"_s, u"1.28"_s, {}}});
    QVERIFY(hint->text().contains(u"Builds use buildah"));
    engines.moveDown(0); // podman first now
    QVERIFY(hint->text().contains(u"Builds use podman"));
}

void tst_OverviewPage::detectAgain()
{
    EngineModel engines;
    OverviewPage page(&engines);
    QSignalSpy spy(&page, &OverviewPage::detectEnginesRequested);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTest::mouseClick(page.findChild<QPushButton *>(u"detectButton"_s), Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
}

QTEST_MAIN(tst_OverviewPage)
#include "tst_overviewpage.moc"
