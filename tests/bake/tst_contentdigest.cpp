#include "bake/contentdigest.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

bool writeRandom(const QString &path, quint32 seed, qint64 size)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QRandomGenerator rng(seed);
    QByteArray chunk(1024 * 1024, Qt::Uninitialized);
    for (qint64 done = 0; done < size;) {
        const qint64 n = std::min<qint64>(chunk.size(), size - done);
        for (qint64 i = 0; i < n; ++i)
            chunk[i] = char(rng.bounded(256));
        if (f.write(chunk.constData(), n) != n)
            return false;
        done += n;
    }
    return true;
}

// The first word of `tool file`'s output: what coreutils says the digest is.
QString coreutils(const QString &tool, const QString &path)
{
    QProcess p;
    p.start(tool, {path});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return u"<%1 failed>"_s.arg(tool);
    return QString::fromLatin1(p.readAllStandardOutput().split(' ').first());
}

} // namespace

class tst_ContentDigest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void matchesCoreutils_data();
    void matchesCoreutils();
    void reportsProgress();
    void cancels();
    void errorsNameTheFile();

private:
    QTemporaryDir m_dir;
};

void tst_ContentDigest::matchesCoreutils_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("empty") << qint64(0);
    QTest::newRow("one byte") << qint64(1);
    QTest::newRow("one block") << qint64(4 * 1024 * 1024);
    QTest::newRow("blocks and a bit") << qint64(9 * 1024 * 1024 + 7);
}

void tst_ContentDigest::matchesCoreutils()
{
    QFETCH(qint64, size);
    const QString path = m_dir.filePath(u"file-%1"_s.arg(size));
    QVERIFY(writeRandom(path, quint32(size), size));
    const auto digest = ContentDigest::ofFile(path);
    QVERIFY2(digest.ok(), qPrintable(digest.ok() ? QString() : digest.error().message));
    QCOMPARE(digest->sha256, coreutils(u"sha256sum"_s, path));
    QCOMPARE(digest->sha1, coreutils(u"sha1sum"_s, path));
    QCOMPARE(digest->size, size);
    QCOMPARE(digest->mtime, QFileInfo(path).lastModified().toUTC());
    QCOMPARE(digest->mtime.timeSpec(), Qt::UTC);
}

void tst_ContentDigest::reportsProgress()
{
    const QString path = m_dir.filePath(u"progress"_s);
    const qint64 size = 10 * 1024 * 1024 + 3;
    QVERIFY(writeRandom(path, 5, size));
    QList<qint64> seen;
    const auto digest = ContentDigest::ofFile(path, nullptr, [&](qint64 done, qint64 total) {
        QCOMPARE(total, size);
        seen.append(done);
    });
    QVERIFY(digest.ok());
    QCOMPARE(seen, (QList<qint64>{0, 4 * 1024 * 1024, 8 * 1024 * 1024, size}));
}

void tst_ContentDigest::cancels()
{
    const QString path = m_dir.filePath(u"cancel"_s);
    QVERIFY(writeRandom(path, 6, 12 * 1024 * 1024));
    std::atomic_bool cancel = false;
    qint64 last = 0;
    const auto digest = ContentDigest::ofFile(path, &cancel, [&](qint64 done, qint64) {
        last = done;
        if (done >= 4 * 1024 * 1024)
            cancel = true;
    });
    QVERIFY(!digest.ok());
    QCOMPARE(digest.error().code, ContentDigestError::Code::Cancelled);
    QCOMPARE(last, 4 * 1024 * 1024);
}

void tst_ContentDigest::errorsNameTheFile()
{
    const QString missing = m_dir.filePath(u"missing"_s);
    auto digest = ContentDigest::ofFile(missing);
    QVERIFY(!digest.ok());
    QCOMPARE(digest.error().code, ContentDigestError::Code::Io);
    QCOMPARE(digest.error().path, missing);
    QVERIFY(digest.error().message.contains(missing));
    QVERIFY(digest.error().message.contains(u"No such file"_s));

    digest = ContentDigest::ofFile(m_dir.path());
    QVERIFY(!digest.ok());
    QVERIFY2(digest.error().message.contains(u"not a regular file"_s), qPrintable(digest.error().message));
}

QTEST_GUILESS_MAIN(tst_ContentDigest)
#include "tst_contentdigest.moc"
