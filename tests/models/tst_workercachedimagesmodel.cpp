#include "workercachedimagesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

CachedImage image(const QString &name, CachedImageStatus status, const QString &error = {})
{
    CachedImage i;
    i.name = name;
    i.status = status;
    i.error = error;
    i.updatedAt = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
    return i;
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(WorkerCachedImagesModel::NameRole).toString();
    return out;
}

} // namespace

// The cached images of one worker: exact row signals for each new answer.
class tst_WorkerCachedImagesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheAnswer()
    {
        WorkerCachedImagesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        CachedImage ready = image(u"cuda"_s, CachedImageStatus::Ready);
        ready.content = CachedImageContent{16 * 1024 * 1024, QString(64, u'a'), QString(40, u'b'), 1};
        model.setImages({image(u"debian"_s, CachedImageStatus::Failed, u"pull refused"_s), ready});
        QCOMPARE(namesOf(model), (QStringList{u"cuda"_s, u"debian"_s}));
        QCOMPARE(model.columnCount(), int(WorkerCachedImagesModel::ColumnCount));
        const QModelIndex cuda = model.indexOfImage(u"cuda"_s);
        QCOMPARE(cuda.siblingAtColumn(WorkerCachedImagesModel::StatusColumn).data().toString(), u"Ready"_s);
        QCOMPARE(cuda.siblingAtColumn(WorkerCachedImagesModel::SizeColumn).data().toString(), u"16.0 MiB"_s);
        QCOMPARE(cuda.data(WorkerCachedImagesModel::SizeRole).toLongLong(), 16 * 1024 * 1024);
        QCOMPARE(cuda.siblingAtColumn(WorkerCachedImagesModel::Sha256Column).data().toString(),
                 QString(12, u'a'));
        QCOMPARE(cuda.data(WorkerCachedImagesModel::Sha256Role).toString(), QString(64, u'a'));
        QCOMPARE(cuda.data(WorkerCachedImagesModel::UpdatedAtRole).toLongLong(),
                 ready.updatedAt.toMSecsSinceEpoch());
        const QModelIndex debian = model.indexOfImage(u"debian"_s);
        QCOMPARE(debian.siblingAtColumn(WorkerCachedImagesModel::ErrorColumn).data().toString(),
                 u"pull refused"_s);
        QCOMPARE(debian.data(WorkerCachedImagesModel::StatusNameRole).toString(), u"failed"_s);
        QCOMPARE(debian.data(WorkerCachedImagesModel::SizeRole).toLongLong(), -1);
        QCOMPARE(debian.siblingAtColumn(WorkerCachedImagesModel::SizeColumn).data().toString(), u"\u2014"_s);
    }

    void changesExactlyWhatDiffers()
    {
        WorkerCachedImagesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setImages({image(u"a"_s, CachedImageStatus::Ready), image(u"c"_s, CachedImageStatus::Pending)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // The same answer: nothing.
        model.setImages({image(u"a"_s, CachedImageStatus::Ready), image(u"c"_s, CachedImageStatus::Pending)});
        QCOMPARE(changed.size() + inserted.size() + removed.size() + reset.size(), 0);

        // c turns building (Status cell only), b arrives between them, a goes.
        model.setImages(
            {image(u"b"_s, CachedImageStatus::Pending), image(u"c"_s, CachedImageStatus::Building)});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, WorkerCachedImagesModel::StatusColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, WorkerCachedImagesModel::StatusColumn));
        QCOMPARE(namesOf(model), (QStringList{u"b"_s, u"c"_s}));
        QCOMPARE(reset.size(), 0);

        // Another worker: one reset to nothing.
        model.clear();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        model.clear(); // already empty: nothing
        QCOMPARE(reset.size(), 1);
    }
};

QTEST_MAIN(tst_WorkerCachedImagesModel)
#include "tst_workercachedimagesmodel.moc"
