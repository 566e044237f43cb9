#include "cataloguefixture.h"
#include "groupchecklistmodel.h"
#include "groups/editgroupsdialog.h"
#include "store/grouprepository.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// "Edit Groups" with real widgets on a real catalogue.
class tst_EditGroupsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup() { m_catalogue.reset(); }
    void showsTheCheckedGroups();
    void filterAndSelectAllNone();
    void returnsTheCheckedIds();
    void okIsAlwaysEnabled();
    void saysWhenThereAreNoGroups();
    void opensAndDeletesItself();

private:
    template <typename W>
    static W *child(QDialog &dialog, const QString &name)
    {
        auto *widget = dialog.findChild<W *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }
    static QPushButton *ok(QDialog &dialog)
    {
        return child<QDialogButtonBox>(dialog, u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    QString id(const QString &name) const { return m_ids.value(name); }

    std::unique_ptr<TempCatalogue> m_catalogue;
    QHash<QString, QString> m_ids; // by name
};

void tst_EditGroupsDialog::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_ids.clear();
    const GroupRepository groups(m_catalogue->catalogue());
    for (const QString &name : {u"ml-a"_s, u"ml-b"_s, u"ops"_s, u"web"_s, u"data"_s}) {
        Group group;
        group.name = name;
        group.displayName = name == u"web"_s ? u"Web team"_s : QString();
        const auto created = groups.create(group);
        QVERIFY2(created.ok(), whyNot(created).constData());
        m_ids.insert(name, created->id);
    }
}

void tst_EditGroupsDialog::showsTheCheckedGroups()
{
    // An id that no longer exists (the group was deleted) is dropped.
    EditGroupsDialog dialog(m_catalogue->catalogue(), {id(u"ops"_s), u"gone"_s});
    QAbstractItemModelTester tester(dialog.proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto *list = child<QListView>(dialog, u"groupList"_s);
    QCOMPARE(list->model()->rowCount(), 5);
    QCOMPARE(dialog.checkedIds(), QStringList{id(u"ops"_s)});
    QCOMPARE(child<QLabel>(dialog, u"countLabel"_s)->text(), u"1 of 5 selected"_s);
    QVERIFY(list->model()->flags(list->model()->index(0, 0)) & Qt::ItemIsUserCheckable);
}

void tst_EditGroupsDialog::filterAndSelectAllNone()
{
    EditGroupsDialog dialog(m_catalogue->catalogue(), {id(u"ops"_s)});
    QAbstractItemModelTester tester(dialog.proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto *filter = child<QLineEdit>(dialog, u"filterEdit"_s);
    auto *label = child<QLabel>(dialog, u"countLabel"_s);

    QTest::keyClicks(filter, u"ML"_s); // case-insensitive
    QCOMPARE(dialog.proxy()->rowCount(), 2);
    QTest::mouseClick(child<QPushButton>(dialog, u"selectAllButton"_s), Qt::LeftButton);
    // Only the visible rows were checked; the hidden, checked "ops" stays checked.
    QCOMPARE(dialog.checkedIds(), (QStringList{id(u"ml-a"_s), id(u"ml-b"_s), id(u"ops"_s)}));
    QCOMPARE(label->text(), u"3 of 5 selected"_s);

    filter->setText(u"web team"_s); // the display name matches too
    QCOMPARE(dialog.proxy()->rowCount(), 1);
    QTest::mouseClick(child<QPushButton>(dialog, u"selectAllButton"_s), Qt::LeftButton);
    QCOMPARE(label->text(), u"4 of 5 selected"_s);

    filter->setText(u"-"_s); // ml-a and ml-b
    QCOMPARE(dialog.proxy()->rowCount(), 2);
    QTest::mouseClick(child<QPushButton>(dialog, u"selectNoneButton"_s), Qt::LeftButton);
    QCOMPARE(dialog.checkedIds(), (QStringList{id(u"ops"_s), id(u"web"_s)}));
    QCOMPARE(label->text(), u"2 of 5 selected"_s);

    filter->setText(u"nothing-like-this"_s);
    QCOMPARE(dialog.proxy()->rowCount(), 0);
    QVERIFY(!child<QLabel>(dialog, u"emptyLabel"_s)->isHidden());
    QVERIFY(child<QLabel>(dialog, u"emptyLabel"_s)->text().contains(u"nothing-like-this"_s));
    QVERIFY(!child<QPushButton>(dialog, u"selectAllButton"_s)->isEnabled());

    filter->clear();
    QCOMPARE(dialog.proxy()->rowCount(), 5);
    QVERIFY(child<QLabel>(dialog, u"emptyLabel"_s)->isHidden());
    // Toggling one row through the view's model (as a click on its box does).
    const QModelIndex data = dialog.proxy()->index(0, 0); // "data" sorts first
    QCOMPARE(data.data(GroupCheckListModel::GroupIdRole).toString(), id(u"data"_s));
    QVERIFY(dialog.proxy()->setData(data, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(label->text(), u"3 of 5 selected"_s);
}

void tst_EditGroupsDialog::returnsTheCheckedIds()
{
    QWidget parent;
    QPointer<EditGroupsDialog> dialog = EditGroupsDialog::edit(&parent, m_catalogue->catalogue(), {});
    QSignalSpy accepted(dialog.data(), &QDialog::accepted);
    QSignalSpy chosen(dialog.data(), &EditGroupsDialog::groupsChosen);
    QStringList seen;
    connect(dialog.data(), &QDialog::accepted, this, [&seen, dialog] { seen = dialog->checkedIds(); });
    child<QLineEdit>(*dialog, u"filterEdit"_s)->setText(u"ml"_s);
    QTest::mouseClick(child<QPushButton>(*dialog, u"selectAllButton"_s), Qt::LeftButton);
    QTest::mouseClick(ok(*dialog), Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(chosen.size(), 1);
    const QStringList expected{id(u"ml-a"_s), id(u"ml-b"_s)};
    QCOMPARE(chosen.at(0).at(0).toStringList(), expected);
    QCOMPARE(seen, expected); // checkedIds() is still there when accepted is emitted
    QTRY_VERIFY(dialog.isNull());
}

void tst_EditGroupsDialog::okIsAlwaysEnabled()
{
    EditGroupsDialog dialog(m_catalogue->catalogue(), {id(u"web"_s)});
    QVERIFY(ok(dialog)->isEnabled());
    dialog.selectNoneVisible();
    QVERIFY(dialog.checkedIds().isEmpty());
    QVERIFY(ok(dialog)->isEnabled()); // no group at all is a valid choice
    QCOMPARE(dialog.countText(), u"0 of 5 selected"_s);
}

void tst_EditGroupsDialog::saysWhenThereAreNoGroups()
{
    TempCatalogue empty;
    QVERIFY(empty.isOpen());
    EditGroupsDialog dialog(empty.catalogue(), {});
    QCOMPARE(dialog.countText(), u"0 of 0 selected"_s);
    auto *label = child<QLabel>(dialog, u"emptyLabel"_s);
    QVERIFY(!label->isHidden());
    QVERIFY2(label->text().contains(u"no groups"_s), qPrintable(label->text()));
    QVERIFY(ok(dialog)->isEnabled());
}

void tst_EditGroupsDialog::opensAndDeletesItself()
{
    QWidget parent;
    QPointer<EditGroupsDialog> dialog =
        EditGroupsDialog::edit(&parent, m_catalogue->catalogue(), {id(u"ops"_s)});
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->isModal());
    QSignalSpy chosen(dialog.data(), &EditGroupsDialog::groupsChosen);
    dialog->reject();
    QCOMPARE(chosen.size(), 0);
    QTRY_VERIFY(dialog.isNull());
}

QTEST_MAIN(tst_EditGroupsDialog)
#include "tst_editgroupsdialog.moc"
