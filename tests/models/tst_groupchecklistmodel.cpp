#include "groupchecklistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

Group group(const QString &id, const QString &name, const QString &displayName = {})
{
    Group g;
    g.id = id;
    g.name = name;
    g.displayName = displayName.isEmpty() ? name : displayName;
    return g;
}

} // namespace

class tst_GroupCheckListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_groups = {group(u"id-ai"_s, u"ai"_s, u"Artificial intelligence"_s), group(u"id-db"_s, u"db"_s),
                    group(u"id-ml"_s, u"ml"_s, u"Machine learning"_s), group(u"id-ops"_s, u"ops"_s),
                    group(u"id-web"_s, u"web"_s)};
    }

    void checksAndReportsInRowOrder()
    {
        GroupCheckListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setGroups(m_groups);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0).data().toString(), u"Artificial intelligence (ai)"_s);
        QCOMPARE(model.index(1).data().toString(), u"db"_s);
        QVERIFY(model.flags(model.index(0)) & Qt::ItemIsUserCheckable);
        QCOMPARE(model.index(0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy checked(&model, &GroupCheckListModel::checkedChanged);
        model.setChecked({u"id-web"_s, u"id-ai"_s, u"no-such"_s});
        QCOMPARE(model.checkedIds(), (QStringList{u"id-ai"_s, u"id-web"_s})); // row order, unknown dropped
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(0));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(0));
        QCOMPARE(changed[1].at(0).toModelIndex(), model.index(4));
        QVERIFY(changed[1].at(2).value<QList<int>>().contains(Qt::CheckStateRole));
        QCOMPARE(checked.size(), 1);
        model.setChecked({u"id-ai"_s, u"id-web"_s}); // the same: nothing
        QCOMPARE(changed.size(), 2);
        QCOMPARE(checked.size(), 1);

        // A toggle through setData changes exactly its row.
        QVERIFY(model.setData(model.index(2), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed[2].at(0).toModelIndex(), model.index(2));
        QCOMPARE(changed[2].at(1).toModelIndex(), model.index(2));
        QCOMPARE(model.checkedIds(), (QStringList{u"id-ai"_s, u"id-ml"_s, u"id-web"_s}));
        QVERIFY(!model.setData(model.index(2), u"x"_s, Qt::DisplayRole));

        // Select all: one dataChanged per run of rows that changed (1 and 3).
        model.setAllChecked(true);
        QCOMPARE(changed.size(), 5);
        QCOMPARE(changed[3].at(0).toModelIndex(), model.index(1));
        QCOMPARE(changed[3].at(1).toModelIndex(), model.index(1));
        QCOMPARE(changed[4].at(0).toModelIndex(), model.index(3));
        QCOMPARE(model.checkedCount(), 5);
        model.setAllChecked(false);
        QCOMPARE(changed.size(), 6);
        QCOMPARE(changed[5].at(0).toModelIndex(), model.index(0));
        QCOMPARE(changed[5].at(1).toModelIndex(), model.index(4));
        QVERIFY(model.checkedIds().isEmpty());

        // New groups keep the checks of the ids still listed.
        model.setChecked({u"id-db"_s, u"id-ops"_s});
        QList<Group> fewer = m_groups;
        fewer.removeAt(3); // ops
        fewer.append(group(u"id-zz"_s, u"zz"_s));
        model.setGroups(fewer);
        QCOMPARE(model.checkedIds(), QStringList{u"id-db"_s});
        QCOMPARE(model.indexOfGroup(u"id-zz"_s).row(), 4);
    }

    void togglesThroughAFilter()
    {
        GroupCheckListModel model;
        model.setGroups(m_groups);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.setFilterFixedString(u"LEARN"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(proxy.setData(proxy.index(0, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(2));
        QCOMPARE(proxy.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.checkedIds(), QStringList{u"id-ml"_s});
        proxy.setFilterFixedString({});
        QCOMPARE(proxy.rowCount(), 5);
        QCOMPARE(proxy.index(2, 0).data(GroupCheckListModel::CheckedRole).toBool(), true);
        QCOMPARE(proxy.index(1, 0).data(GroupCheckListModel::CheckedRole).toBool(), false);
    }

private:
    QList<Group> m_groups;
};

QTEST_MAIN(tst_GroupCheckListModel)
#include "tst_groupchecklistmodel.moc"
