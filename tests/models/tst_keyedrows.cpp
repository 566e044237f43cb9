#include "catalogueloader.h"
#include "keyedrows.h"
#include "modeltesting.h"

#include <QAbstractItemModelTester>
#include <QAbstractTableModel>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

struct NamedRow
{
    QString id;
    QString name;
};

// The smallest model over KeyedRows: an id and a name column.
class NamedRowModel : public QAbstractTableModel
{
public:
    enum Column
    {
        IdColumn,
        NameColumn,
        ColumnCount
    };

    NamedRowModel()
        : rows(
              this, [](const NamedRow &row) { return row.id; }, [](const NamedRow &row) { return row.name; })
    {}

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : rows.size(); }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
            role != Qt::DisplayRole)
            return {};
        const NamedRow &row = rows.at(index.row());
        return index.column() == IdColumn ? row.id : row.name;
    }

    KeyedRows<NamedRowModel, NamedRow> rows;

private:
    template <typename, typename>
    friend class Kiln::KeyedRows;
};

QStringList namesOf(const NamedRowModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, NamedRowModel::NameColumn).data().toString();
    return out;
}

// rowOf() agrees with the rows for every id.
bool indexConsistent(const NamedRowModel &model)
{
    for (int row = 0; row < model.rows.size(); ++row) {
        if (model.rows.rowOf(model.rows.at(row).id) != row)
            return false;
    }
    return true;
}

QList<NamedRow> seed()
{
    return {{u"1"_s, u"a"_s}, {u"2"_s, u"c"_s}, {u"3"_s, u"e"_s}, {u"4"_s, u"g"_s}};
}

} // namespace

class tst_KeyedRows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }
    void init() { QVERIFY(m_fixture.init()); }
    void cleanup() { m_fixture.cleanup(); }

    void insertsAtItsPlaceByName()
    {
        NamedRowModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        QCOMPARE(model.rows.insert({u"c"_s, u"cuda"_s}), 0);
        QCOMPARE(model.rows.insert({u"a"_s, u"alpine"_s}), 0);
        QCOMPARE(model.rows.insert({u"n"_s, u"nginx"_s}), 2);
        QCOMPARE(model.rows.insert({u"b"_s, u"busybox"_s}), 1);
        QCOMPARE(namesOf(model), (QStringList{u"alpine"_s, u"busybox"_s, u"cuda"_s, u"nginx"_s}));
        QCOMPARE(inserted.size(), 4);
        QCOMPARE(inserted[3].at(1).toInt(), 1);
        QCOMPARE(inserted[3].at(2).toInt(), 1);
        QCOMPARE(reset.size(), 0);
        QVERIFY(indexConsistent(model));
        QCOMPARE(model.rows.rowOf(u"n"_s), 3);
        QCOMPARE(model.rows.rowOf(u"missing"_s), -1);
    }

    void removesExactlyItsRow()
    {
        NamedRowModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.rows.reset(seed());
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        model.rows.remove(u"2"_s);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0].at(1).toInt(), 1);
        QCOMPARE(removed[0].at(2).toInt(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"a"_s, u"e"_s, u"g"_s}));
        QCOMPARE(model.rows.rowOf(u"2"_s), -1);
        QVERIFY(indexConsistent(model));

        model.rows.remove(u"2"_s); // gone already: nothing
        model.rows.remove(u"unknown"_s);
        QCOMPARE(removed.size(), 1);
    }

    void resetsOnceForASnapshot()
    {
        NamedRowModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.rows.insert({u"old"_s, u"old"_s});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        model.rows.reset(seed());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(namesOf(model), (QStringList{u"a"_s, u"c"_s, u"e"_s, u"g"_s}));
        QCOMPARE(model.rows.rowOf(u"old"_s), -1);
        QVERIFY(indexConsistent(model));
    }

    void changedNamesItsCells()
    {
        NamedRowModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.rows.reset(seed());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.rows.changed(2);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(2, 0));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(2, NamedRowModel::ColumnCount - 1));
        model.rows.changed(1, NamedRowModel::NameColumn, NamedRowModel::NameColumn);
        QCOMPARE(changed[1].at(0).toModelIndex(), model.index(1, NamedRowModel::NameColumn));
        QCOMPARE(changed[1].at(1).toModelIndex(), model.index(1, NamedRowModel::NameColumn));
        model.rows.columnChanged(NamedRowModel::NameColumn, {Qt::DisplayRole});
        QCOMPARE(changed[2].at(0).toModelIndex(), model.index(0, NamedRowModel::NameColumn));
        QCOMPARE(changed[2].at(1).toModelIndex(), model.index(3, NamedRowModel::NameColumn));
        QCOMPARE(changed[2].at(2).value<QList<int>>(), QList<int>{Qt::DisplayRole});

        NamedRowModel empty;
        QSignalSpy none(&empty, &QAbstractItemModel::dataChanged);
        empty.rows.columnChanged(NamedRowModel::NameColumn);
        QCOMPARE(none.size(), 0);
    }

    void repositionMovesOneRow_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("newName");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<int>("row");         // where it is afterwards
        QTest::addColumn<int>("destination"); // of the move, -1: no move

        // Seeded a(1) c(2) e(3) g(4).
        QTest::newRow("down one") << u"2"_s << u"f"_s << QStringList{u"a"_s, u"e"_s, u"f"_s, u"g"_s} << 2
                                  << 3;
        QTest::newRow("to the end") << u"1"_s << u"z"_s << QStringList{u"c"_s, u"e"_s, u"g"_s, u"z"_s} << 3
                                    << 4;
        QTest::newRow("up one") << u"3"_s << u"b"_s << QStringList{u"a"_s, u"b"_s, u"c"_s, u"g"_s} << 1 << 1;
        QTest::newRow("to the top") << u"4"_s << u"0"_s << QStringList{u"0"_s, u"a"_s, u"c"_s, u"e"_s} << 0
                                    << 0;
        QTest::newRow("stays, new name")
            << u"2"_s << u"d"_s << QStringList{u"a"_s, u"d"_s, u"e"_s, u"g"_s} << 1 << -1;
        QTest::newRow("stays, same name as next")
            << u"2"_s << u"e"_s << QStringList{u"a"_s, u"e"_s, u"e"_s, u"g"_s} << 1 << -1;
        QTest::newRow("last stays") << u"4"_s << u"h"_s << QStringList{u"a"_s, u"c"_s, u"e"_s, u"h"_s} << 3
                                    << -1;
    }

    void repositionMovesOneRow()
    {
        QFETCH(QString, id);
        QFETCH(QString, newName);
        QFETCH(QStringList, names);
        QFETCH(int, row);
        QFETCH(int, destination);

        NamedRowModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.rows.reset(seed());
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        const int from = model.rows.rowOf(id);
        model.rows[from].name = newName;
        QCOMPARE(model.rows.reposition(from), row);
        QCOMPARE(namesOf(model), names);
        QCOMPARE(model.rows.rowOf(id), row);
        QVERIFY(indexConsistent(model));
        QCOMPARE(reset.size(), 0);
        if (destination < 0) {
            QCOMPARE(moved.size(), 0);
            return;
        }
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved[0].at(1).toInt(), from);
        QCOMPARE(moved[0].at(2).toInt(), from);
        QCOMPARE(moved[0].at(4).toInt(), destination);
    }

    void loadReplaysWhatChangedWhileInFlight()
    {
        NamedRowModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        CatalogueLoader loader(m_fixture.catalogue());
        QStringList replayedRemoved;
        QStringList replayedSaved;
        int delivered = 0;
        const auto read = [](const Catalogue &) { return seed(); };
        const auto deliver = [&](const QList<NamedRow> &rows) {
            ++delivered;
            model.rows.reset(rows);
            model.rows.finishLoad([&](const QString &id) { replayedRemoved << id; },
                                  [&](const QString &id) { replayedSaved << id; });
        };

        model.rows.noteSaved(u"before"_s); // no load in flight: not kept
        model.rows.load(loader, read, deliver);
        model.rows.noteSaved(u"stale"_s); // dropped by the next load
        model.rows.load(loader, read, deliver);
        QVERIFY(model.rows.isLoading());
        model.rows.noteSaved(u"2"_s);
        model.rows.noteSaved(u"9"_s);
        model.rows.noteRemoved(u"9"_s); // removed after its save: only the removal
        model.rows.noteRemoved(u"3"_s);
        QTRY_VERIFY(!loader.isBusy());
        QCOMPARE(delivered, 1); // the first load's result was dropped
        QVERIFY(!model.rows.isLoading());
        replayedRemoved.sort();
        QCOMPARE(replayedRemoved, (QStringList{u"3"_s, u"9"_s}));
        QCOMPARE(replayedSaved, QStringList{u"2"_s});
        QCOMPARE(namesOf(model), (QStringList{u"a"_s, u"c"_s, u"e"_s, u"g"_s}));

        // A failed load forgets its changes: the next one starts clean.
        model.rows.load(loader, read, [&](const QList<NamedRow> &) { model.rows.finishLoad(); });
        model.rows.noteSaved(u"lost"_s);
        QTRY_VERIFY(!model.rows.isLoading());
        replayedSaved.clear();
        model.rows.load(loader, read, deliver);
        QTRY_VERIFY(!model.rows.isLoading());
        QCOMPARE(replayedSaved, QStringList{});
    }

private:
    KilnTest::ModelTestFixture m_fixture;
};

QTEST_MAIN(tst_KeyedRows)
#include "tst_keyedrows.moc"
