#include "cataloguefixture.h"
#include "grouplistmodel.h"
#include "groups/groupdialog.h"
#include "groups/groupspage.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// The Groups screen driven like an administrator would: real widgets on a real
// catalogue, images written with ImageRepository directly. Set KILN_SCREENSHOT_DIR
// to keep screenshots.
class tst_GroupsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void emptyStateAndNewGroup();
    void shortcutsOpenTheDialogs();
    void editsAGroup();
    void filtersAndSorts();
    void detailListsGlobalAndGrantedImages();
    void refreshFollowsImageChanges();
    void deleteNamesTheImagesThatLoseAccess();
    void deleteCanBeCancelled();

private:
    QString makeGroup(const QString &name, const QString &displayName = {});
    QString makeImage(const QString &name, bool global, const QStringList &groupIds,
                      bool deactivated = false);
    void openPage();
    QStringList usableRows() const;
    static void screenshot(QWidget *widget, const QString &name);

    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<GroupsPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_GroupsPage::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
}

void tst_GroupsPage::cleanup()
{
    m_tester.reset();
    m_page.reset();
    m_catalogue.reset();
}

QString tst_GroupsPage::makeGroup(const QString &name, const QString &displayName)
{
    Group group;
    group.name = name;
    group.displayName = displayName;
    const auto created = GroupRepository(m_catalogue->catalogue()).create(group);
    if (!created)
        qFatal("%s", created.error().message.toUtf8().constData());
    return created->id;
}

QString tst_GroupsPage::makeImage(const QString &name, bool global, const QStringList &groupIds,
                                  bool deactivated)
{
    ManagedImage image;
    image.name = name;
    image.displayName = u"Display "_s + name;
    image.url = u"registry.example/"_s + name + u":1"_s;
    image.global = global;
    image.groupIds = groupIds;
    const ImageRepository images(m_catalogue->catalogue());
    auto created = images.create(image);
    if (created && deactivated) {
        ManagedImage off = created.value();
        off.deactivated = true;
        created = images.update(off);
    }
    if (!created)
        qFatal("%s", created.error().message.toUtf8().constData());
    return created->id;
}

void tst_GroupsPage::openPage()
{
    m_page = std::make_unique<GroupsPage>(m_catalogue->catalogue());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_page->proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_page->resize(1000, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QTRY_VERIFY(!m_page->model()->isLoading());
}

void tst_GroupsPage::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KILN_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + u'/' + name + u".png"_s));
}

QStringList tst_GroupsPage::usableRows() const
{
    QStringList rows;
    QTreeWidget *list = m_page->usableList();
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = list->topLevelItem(i);
        rows.append(item->text(0) + u'|' + item->text(1) + u'|' + item->text(2));
    }
    return rows;
}

void tst_GroupsPage::emptyStateAndNewGroup()
{
    openPage();
    QVERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"No groups yet"_s));
    QSignalSpy changed(m_page.get(), &GroupsPage::groupsChanged);
    QSignalSpy status(m_page.get(), &GroupsPage::statusMessage);

    QPointer<GroupDialog> dialog = m_page->newGroup();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"ml-research"_s);
    dialog->findChild<QLineEdit *>(u"displayNameEdit"_s)->setText(u"ML Research"_s);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(changed.size(), 1);
    QVERIFY(!status.isEmpty());
    QVERIFY(status.last().at(0).toString().contains(u"ml-research"_s));
    QCOMPARE(m_page->proxy()->rowCount(), 1);
    QVERIFY(!m_page->isEmptyStateShown());
    const QString id = GroupRepository(m_catalogue->catalogue()).getByName(u"ml-research"_s)->id;
    QCOMPARE(m_page->currentGroupId(), id); // the new group is selected
    QTRY_COMPARE(m_page->shownGroupId(), id);
    QVERIFY(m_page->findChild<QLabel *>(u"detailTitle"_s)->text().contains(u"ML Research"_s));
    QVERIFY(m_page->findChild<QLabel *>(u"usableSummary"_s)->text().contains(u"cannot use any image"_s));
}

void tst_GroupsPage::shortcutsOpenTheDialogs()
{
    makeGroup(u"ops"_s);
    openPage();
    QApplication::setActiveWindow(m_page.get());
    QTRY_VERIFY(m_page->isActiveWindow());

    QTest::keyClick(m_page->filterEdit(), Qt::Key_N, Qt::ControlModifier);
    QPointer<GroupDialog> created = m_page->findChild<GroupDialog *>();
    QVERIFY(created);
    QVERIFY(!created->isEditing());
    created->reject();
    QTRY_VERIFY(created.isNull());

    QApplication::setActiveWindow(m_page.get());
    m_page->listView()->setFocus();
    m_page->setCurrentGroup(GroupRepository(m_catalogue->catalogue()).getByName(u"ops"_s)->id);
    QTest::keyClick(m_page->listView(), Qt::Key_F2);
    QPointer<GroupDialog> edited = m_page->findChild<GroupDialog *>();
    QVERIFY(edited);
    QVERIFY(edited->isEditing());
    edited->reject();
    QTRY_VERIFY(edited.isNull());

    QApplication::setActiveWindow(m_page.get());
    m_page->listView()->setFocus();
    QTest::keyClick(m_page->listView(), Qt::Key_Delete);
    QPointer<QMessageBox> box = m_page->findChild<QMessageBox *>(u"deleteGroupBox"_s);
    QVERIFY(box);
    box->reject();
    QTRY_VERIFY(box.isNull());
    QVERIFY(GroupRepository(m_catalogue->catalogue()).getByName(u"ops"_s).ok());
}

void tst_GroupsPage::editsAGroup()
{
    const QString id = makeGroup(u"ops"_s, u"Ops"_s);
    openPage();
    QSignalSpy changed(m_page.get(), &GroupsPage::groupsChanged);
    QPointer<GroupDialog> dialog = m_page->editGroup(id);
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLineEdit *>(u"nameEdit"_s)->isReadOnly());
    dialog->findChild<QLineEdit *>(u"displayNameEdit"_s)->setText(u"Operations"_s);
    dialog->findChild<QLineEdit *>(u"membersEdit"_s)->setText(u"12"_s);
    dialog->accept();
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(changed.size(), 1);
    const QModelIndex row = m_page->model()->indexOfGroup(id);
    QCOMPARE(row.siblingAtColumn(GroupListModel::DisplayNameColumn).data().toString(), u"Operations"_s);
    QCOMPARE(row.siblingAtColumn(GroupListModel::MembersColumn).data().toString(), u"12"_s);
    QCOMPARE(GroupRepository(m_catalogue->catalogue()).get(id)->displayName, u"Operations"_s);
    QTRY_VERIFY(m_page->findChild<QLabel *>(u"detailTitle"_s)->text().contains(u"Operations"_s));
    // A group that no longer exists opens nothing and says why.
    QSignalSpy status(m_page.get(), &GroupsPage::statusMessage);
    QCOMPARE(m_page->editGroup(u"no-such-id"_s), nullptr);
    QCOMPARE(status.size(), 1);
}

void tst_GroupsPage::filtersAndSorts()
{
    const QString mlA = makeGroup(u"ml-a"_s, u"Vision"_s);
    makeGroup(u"ml-b"_s);
    makeGroup(u"ops"_s);
    makeImage(u"cuda"_s, false, {mlA});
    openPage();
    QCOMPARE(m_page->proxy()->rowCount(), 3);
    QVERIFY(m_page->findChild<QLabel *>(u"countLabel"_s)->text().contains(u"3 groups"_s));

    m_page->filterEdit()->setText(u"ML"_s);
    QCOMPARE(m_page->proxy()->rowCount(), 2);
    QVERIFY(m_page->findChild<QLabel *>(u"countLabel"_s)->text().startsWith(u"2 of 3"_s));
    m_page->filterEdit()->setText(u"vision"_s); // the display name matches too
    QCOMPARE(m_page->proxy()->rowCount(), 1);
    m_page->filterEdit()->setText(u"zzz"_s);
    QCOMPARE(m_page->proxy()->rowCount(), 0);
    QVERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"\u201czzz\u201d"_s));
    m_page->filterEdit()->clear();
    QVERIFY(!m_page->isEmptyStateShown());

    QVERIFY(m_page->listView()->isSortingEnabled());
    m_page->listView()->sortByColumn(GroupListModel::ImagesColumn, Qt::DescendingOrder);
    QCOMPARE(m_page->proxy()->index(0, 0).data(GroupListModel::GroupIdRole).toString(), mlA);
    m_page->listView()->sortByColumn(GroupListModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(m_page->proxy()->index(0, 0).data().toString(), u"ops"_s);
}

void tst_GroupsPage::detailListsGlobalAndGrantedImages()
{
    const QString research = makeGroup(u"research"_s, u"Research"_s);
    const QString ops = makeGroup(u"ops"_s);
    makeImage(u"base"_s, true, {});
    makeImage(u"cuda"_s, false, {research});
    makeImage(u"old-cuda"_s, false, {research}, true); // deactivated: left out
    makeImage(u"old-base"_s, true, {}, true);          // deactivated: left out
    makeImage(u"ops-tools"_s, false, {ops});           // another group's
    makeImage(u"both"_s, false, {ops, research});
    openPage();

    m_page->setCurrentGroup(research);
    QTRY_VERIFY(m_page->shownGroupId() == research && m_page->isDetailLoaded());
    QCOMPARE(usableRows(), (QStringList{u"Display base|base|global"_s, u"Display both|both|granted"_s,
                                        u"Display cuda|cuda|granted"_s}));
    QVERIFY(m_page->findChild<QLabel *>(u"usableSummary"_s)->text().contains(u"1 global, 2 granted"_s));
    screenshot(m_page.get(), u"groups-page"_s);

    m_page->setCurrentGroup(ops);
    QTRY_VERIFY(m_page->shownGroupId() == ops && m_page->isDetailLoaded());
    QCOMPARE(usableRows(), (QStringList{u"Display base|base|global"_s, u"Display both|both|granted"_s,
                                        u"Display ops-tools|ops-tools|granted"_s}));
    // The Images column counts the same.
    QCOMPARE(m_page->model()->indexOfGroup(ops).siblingAtColumn(GroupListModel::ImagesColumn).data().toInt(),
             3);
}

void tst_GroupsPage::refreshFollowsImageChanges()
{
    const QString research = makeGroup(u"research"_s);
    openPage();
    m_page->setCurrentGroup(research);
    QTRY_VERIFY(m_page->shownGroupId() == research && m_page->isDetailLoaded());
    QVERIFY(usableRows().isEmpty());

    const QString cuda = makeImage(u"cuda"_s, false, {});
    QVERIFY(ImageRepository(m_catalogue->catalogue()).setGrants(cuda, false, {research}).ok());
    m_page->refresh();
    QTRY_VERIFY(m_page->isDetailLoaded());
    QCOMPARE(usableRows(), QStringList{u"Display cuda|cuda|granted"_s});
    QTRY_COMPARE(
        m_page->model()->indexOfGroup(research).siblingAtColumn(GroupListModel::ImagesColumn).data().toInt(),
        1);
}

void tst_GroupsPage::deleteNamesTheImagesThatLoseAccess()
{
    const QString research = makeGroup(u"research"_s);
    const QString ops = makeGroup(u"ops"_s);
    const QString base = makeImage(u"base"_s, true, {});
    const QString cuda = makeImage(u"cuda"_s, false, {research});
    makeImage(u"old-cuda"_s, false, {research}, true); // deactivated, but it loses the grant too
    makeImage(u"shared"_s, false, {research, ops});
    makeImage(u"ops-tools"_s, false, {ops});
    openPage();
    m_page->setCurrentGroup(research);
    QSignalSpy changed(m_page.get(), &GroupsPage::groupsChanged);

    QPointer<QMessageBox> box = m_page->deleteGroup(research);
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"\u201cresearch\u201d"_s));
    const QString details = box->informativeText();
    QVERIFY2(details.contains(u"3 images granted to this group lose access"_s), qPrintable(details));
    for (const QString &name : {u"cuda"_s, u"old-cuda"_s, u"shared"_s})
        QVERIFY2(details.contains(u'(' + name + u')'), qPrintable(name));
    QVERIFY2(!details.contains(u"(base)"_s), qPrintable(details)); // global images stay
    QVERIFY(!details.contains(u"ops-tools"_s));
    QVERIFY(details.contains(u"Global images stay available"_s));
    screenshot(box, u"groups-delete"_s);

    auto *confirm = box->findChild<QPushButton *>(u"confirmDelete"_s);
    QVERIFY(confirm);
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY(box.isNull());
    QCOMPARE(changed.size(), 1);
    QVERIFY(!GroupRepository(m_catalogue->catalogue()).get(research).ok());
    QVERIFY(!m_page->model()->indexOfGroup(research).isValid());
    QCOMPARE(m_page->proxy()->rowCount(), 1);
    // The images stay; only the grant went.
    const ImageRepository images(m_catalogue->catalogue());
    QVERIFY(images.get(cuda)->groupIds.isEmpty());
    QVERIFY(images.get(base)->global);
    QCOMPARE(images.getByName(u"shared"_s)->groupIds, QStringList{ops});

    // A group without grants says no image loses access.
    QPointer<QMessageBox> second = m_page->deleteGroup(ops);
    QVERIFY(second);
    QVERIFY2(second->informativeText().contains(u"2 images"_s), qPrintable(second->informativeText()));
    second->reject();
    const QString lonely = makeGroup(u"lonely"_s);
    QPointer<QMessageBox> third = m_page->deleteGroup(lonely);
    QVERIFY(third);
    QVERIFY2(third->informativeText().contains(u"no image loses access"_s),
             qPrintable(third->informativeText()));
    third->reject();
}

void tst_GroupsPage::deleteCanBeCancelled()
{
    const QString ops = makeGroup(u"ops"_s);
    openPage();
    QSignalSpy changed(m_page.get(), &GroupsPage::groupsChanged);
    QPointer<QMessageBox> box = m_page->deleteGroup(ops);
    QVERIFY(box);
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(box.isNull());
    QCOMPARE(changed.size(), 0);
    QVERIFY(GroupRepository(m_catalogue->catalogue()).get(ops).ok());
    QCOMPARE(m_page->proxy()->rowCount(), 1);
}

QTEST_MAIN(tst_GroupsPage)
#include "tst_groupspage.moc"
