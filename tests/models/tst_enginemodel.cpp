#include "enginemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_EngineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void oneRowPerEngine();
    void setEnginesEmitsExactChanges();
    void preference_data();
    void preference();
    void moves();

private:
    EngineModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void tst_EngineModel::init()
{
    m_model = new EngineModel(this);
    m_tester =
        new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void tst_EngineModel::cleanup()
{
    delete m_tester;
    delete m_model;
}

void tst_EngineModel::oneRowPerEngine()
{
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(EngineModel::ColumnCount));
    QCOMPARE(m_model->index(0, EngineModel::NameColumn).data().toString(), u"buildah"_s);
    QCOMPARE(m_model->index(0, 0).data(EngineModel::KindRole).toInt(), int(ContainerEngineKind::Buildah));
    QCOMPARE(m_model->index(0, 0).data(EngineModel::UsableRole).toBool(), false);
    QCOMPARE(m_model->index(0, EngineModel::StatusColumn).data().toString(), u"Not checked yet"_s);
    QCOMPARE(m_model->headerData(EngineModel::VersionColumn, Qt::Horizontal).toString(), u"Version"_s);
}

void tst_EngineModel::setEnginesEmitsExactChanges()
{
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    const ContainerEngineInfo podman{ContainerEngineKind::Podman, u"/usr/bin/podman"_s, u"4.3.1"_s, {}};
    m_model->setEngines({podman});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_model->index(1, EngineModel::VersionColumn).data().toString(), u"4.3.1"_s);
    QCOMPARE(m_model->index(1, EngineModel::StatusColumn).data().toString(), u"Available"_s);

    m_model->setEngines({podman}); // nothing changed: no signal
    QCOMPARE(changed.size(), 1);

    const ContainerEngineInfo docker{ContainerEngineKind::Docker, {}, {}, u"not installed"_s};
    m_model->setEngines({docker});
    QCOMPARE(changed.size(), 2);
    QCOMPARE(m_model->index(2, EngineModel::StatusColumn).data().toString(), u"Not installed"_s);
    QCOMPARE(m_model->index(2, 0).data(EngineModel::ProblemRole).toString(), u"not installed"_s);
}

void tst_EngineModel::preference_data()
{
    QTest::addColumn<QList<int>>("requested");
    QTest::addColumn<QList<int>>("expected");
    const int b = int(ContainerEngineKind::Buildah), p = int(ContainerEngineKind::Podman),
              d = int(ContainerEngineKind::Docker);
    QTest::newRow("default") << QList<int>{b, p, d} << QList<int>{b, p, d};
    QTest::newRow("reversed") << QList<int>{d, p, b} << QList<int>{d, p, b};
    QTest::newRow("partial") << QList<int>{d} << QList<int>{d, b, p};
    QTest::newRow("duplicates") << QList<int>{p, p, d} << QList<int>{p, d, b};
    QTest::newRow("empty") << QList<int>{} << QList<int>{b, p, d};
}

void tst_EngineModel::preference()
{
    QFETCH(QList<int>, requested);
    QFETCH(QList<int>, expected);
    QList<ContainerEngineKind> kinds;
    for (int k : requested)
        kinds.append(ContainerEngineKind(k));
    m_model->setPreference(kinds);
    QList<int> actual;
    for (ContainerEngineKind kind : m_model->preference())
        actual.append(int(kind));
    QCOMPARE(actual, expected);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(m_model->index(row, 0).data(EngineModel::KindRole).toInt(), expected[row]);
}

void tst_EngineModel::moves()
{
    QSignalSpy moved(m_model, &QAbstractItemModel::rowsMoved);
    QVERIFY(!m_model->moveUp(0));
    QVERIFY(!m_model->moveDown(2));
    QVERIFY(!m_model->moveUp(7));
    QCOMPARE(moved.size(), 0);

    QVERIFY(m_model->moveDown(0));
    QCOMPARE(m_model->preference(),
             (QList{ContainerEngineKind::Podman, ContainerEngineKind::Buildah, ContainerEngineKind::Docker}));
    QVERIFY(m_model->moveUp(2));
    QCOMPARE(m_model->preference(),
             (QList{ContainerEngineKind::Podman, ContainerEngineKind::Docker, ContainerEngineKind::Buildah}));
    QCOMPARE(moved.size(), 2);
}

QTEST_MAIN(tst_EngineModel)
#include "tst_enginemodel.moc"
