#include "registrypush.h"

#include "bake/blobcache.h"
#include "bake/ociblobs.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

// Set in the environment of a copy of this test that holds a lock for the
// cross-process test: "<root>\n<digest>".
constexpr auto kHoldVariable = "KILN_TEST_BLOBCACHE_HOLD";

QString blobDigest(const QByteArray &data)
{
    return QString::fromLatin1(sha256Digest(data));
}

// Puts `data` into the cache as a finished download would and dates it `ageMs` back.
QString addBlob(const BlobCache &cache, const QByteArray &data, qint64 ageMs = 0)
{
    const QString digest = blobDigest(data);
    QFile file(cache.path(digest));
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        return {};
    file.close();
    if (ageMs > 0) {
        QFile dated(cache.path(digest));
        if (!dated.open(QIODevice::ReadWrite))
            return {};
        dated.setFileTime(QDateTime::currentDateTimeUtc().addMSecs(-ageMs),
                          QFileDevice::FileModificationTime);
    }
    return digest;
}

void setAge(const QString &path, qint64 ageMs)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addMSecs(-ageMs),
                             QFileDevice::FileModificationTime));
}

// The helper process: takes the lock, says so on stdout, holds it until stdin closes.
int holdLock(const QByteArray &spec)
{
    const QList<QByteArray> parts = spec.split('\n');
    if (parts.size() != 2)
        return 2;
    BlobCache cache(QString::fromUtf8(parts.at(0)));
    BlobCacheLock lock = cache.tryLock(QString::fromUtf8(parts.at(1)));
    std::fputs(lock.isLocked() ? "locked\n" : "busy\n", stdout);
    std::fflush(stdout);
    char buffer[64];
    while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) {
    }
    return 0;
}

} // namespace

class tst_BlobCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void pathsAreTheNamesOciBlobsGives();
    void containsChecksFileAndSize();
    void touchMarksTheLastUse();
    void lockIsExclusiveAcrossThreads();
    void lockIsExclusiveAcrossProcesses();
    void lockOfADeadProcessIsTakenOver();
    void totalsAndDigests();
    void sweepKeepsReferencedBlobs();
    void sweepHonoursAge();
    void sweepTrimsToMaxBytesLeastRecentlyUsedFirst();
    void sweepSparesLockedBlobs();
    void sweepRemovesStalePartials();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<BlobCache> m_cache;
};

void tst_BlobCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cache = std::make_unique<BlobCache>(m_dir->filePath(u"blobs"_s));
    QCOMPARE(m_cache->ensureRoot(), QString());
    QVERIFY(QFileInfo(m_cache->root()).isDir());
}

void tst_BlobCache::pathsAreTheNamesOciBlobsGives()
{
    const QString digest = blobDigest("layer");
    QCOMPARE(m_cache->path(digest), QDir(m_cache->root()).filePath(OciBlobs::blobFileName(digest)));
    QVERIFY(m_cache->path(digest).endsWith(u"/sha256-"_s + digest.mid(7)));
    QCOMPARE(BlobCache::digestOfFileName(OciBlobs::blobFileName(digest)), digest);
    QCOMPARE(m_cache->path(u"sha256:nothex"_s), QString());
    QCOMPARE(m_cache->path(u"../../etc/passwd"_s), QString());
    QCOMPARE(BlobCache::digestOfFileName(u"sha256-abc"_s), QString());
    QCOMPARE(BlobCache::digestOfFileName(u"notes.txt"_s), QString());
}

void tst_BlobCache::containsChecksFileAndSize()
{
    const QByteArray data(1000, 'x');
    const QString digest = blobDigest(data);
    QVERIFY(!m_cache->contains(digest));
    QCOMPARE(addBlob(*m_cache, data), digest);
    QVERIFY(m_cache->contains(digest));
    QVERIFY(m_cache->contains(digest, 1000));
    QVERIFY(!m_cache->contains(digest, 999)); // a truncated file is not a hit
    QVERIFY(!m_cache->contains(u"sha256:zz"_s));

    // A partial download is not a hit, nor is a directory under the blob's name.
    const QString other = blobDigest("other");
    QFile partial(m_cache->path(other) + u".partial"_s);
    QVERIFY(partial.open(QIODevice::WriteOnly));
    partial.write("oth");
    partial.close();
    QVERIFY(!m_cache->contains(other));
    QVERIFY(QDir().mkpath(m_cache->path(blobDigest("dir"))));
    QVERIFY(!m_cache->contains(blobDigest("dir")));
}

void tst_BlobCache::touchMarksTheLastUse()
{
    const QString digest = addBlob(*m_cache, "used", 3600 * 1000);
    const QDateTime before = QFileInfo(m_cache->path(digest)).lastModified();
    QVERIFY(before.secsTo(QDateTime::currentDateTime()) > 3000);
    QVERIFY(m_cache->touch(digest));
    QVERIFY(QFileInfo(m_cache->path(digest)).lastModified().secsTo(QDateTime::currentDateTime()) < 60);
    QVERIFY(!m_cache->touch(blobDigest("absent")));
}

void tst_BlobCache::lockIsExclusiveAcrossThreads()
{
    const QString digest = blobDigest("shared");
    BlobCacheLock first = m_cache->tryLock(digest);
    QVERIFY(first.isLocked());
    QVERIFY(m_cache->isLocked(digest));

    std::atomic_int otherThread{-1};
    std::unique_ptr<QThread> thread(QThread::create([this, digest, &otherThread] {
        BlobCacheLock second = m_cache->tryLock(digest);
        otherThread = second.isLocked() ? 1 : 0;
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QCOMPARE(otherThread.load(), 0);
    // A second lock on the same thread is refused too (it is per cache file, not per thread).
    QVERIFY(!m_cache->tryLock(digest).isLocked());
    // Another blob is independent.
    QVERIFY(m_cache->tryLock(blobDigest("other")).isLocked());

    first.unlock();
    QVERIFY(!m_cache->isLocked(digest));
    BlobCacheLock again = m_cache->tryLock(digest);
    QVERIFY(again.isLocked());
}

void tst_BlobCache::lockIsExclusiveAcrossProcesses()
{
    const QString digest = blobDigest("cross-process");
    QProcess holder;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kHoldVariable), m_cache->root() + u'\n' + digest);
    holder.setProcessEnvironment(environment);
    holder.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(holder.waitForStarted());
    QVERIFY(QTest::qWaitFor([&holder] { return holder.canReadLine() || holder.state() != QProcess::Running; },
                            10000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));

    QVERIFY(m_cache->isLocked(digest));
    QVERIFY(!m_cache->tryLock(digest).isLocked());

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(10000));
    QCOMPARE(holder.exitCode(), 0);
    QVERIFY(m_cache->tryLock(digest).isLocked());
}

void tst_BlobCache::lockOfADeadProcessIsTakenOver()
{
    const QString digest = blobDigest("crashed");
    QProcess holder;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kHoldVariable), m_cache->root() + u'\n' + digest);
    holder.setProcessEnvironment(environment);
    holder.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(holder.waitForStarted());
    QVERIFY(QTest::qWaitFor([&holder] { return holder.canReadLine() || holder.state() != QProcess::Running; },
                            10000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
    holder.kill(); // SIGKILL: the lock file stays behind
    QVERIFY(holder.waitForFinished(10000));
    QVERIFY(QFileInfo::exists(m_cache->path(digest) + u".lock"_s));
    QVERIFY(m_cache->tryLock(digest).isLocked());
}

void tst_BlobCache::totalsAndDigests()
{
    QCOMPARE(m_cache->totalBytes(), 0);
    const QString a = addBlob(*m_cache, QByteArray(100, 'a'));
    const QString b = addBlob(*m_cache, QByteArray(250, 'b'));
    QFile partial(m_cache->path(blobDigest("c")) + u".partial"_s);
    QVERIFY(partial.open(QIODevice::WriteOnly));
    partial.write(QByteArray(4000, 'c'));
    partial.close();
    QFile stray(QDir(m_cache->root()).filePath(u"README"_s));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.write("not a blob");
    stray.close();
    QCOMPARE(m_cache->totalBytes(), 350);
    QStringList expected{a, b};
    expected.sort();
    QCOMPARE(m_cache->digests(), expected);
}

void tst_BlobCache::sweepKeepsReferencedBlobs()
{
    const QString kept = addBlob(*m_cache, "kept", 10 * 86400 * 1000LL);
    const QString dropped = addBlob(*m_cache, "dropped", 10 * 86400 * 1000LL);
    const BlobSweepResult result = m_cache->sweep({kept}, BlobSweepPolicy{0, -1, 0});
    QCOMPARE(result.removedBlobs, 1);
    QCOMPARE(result.freedBytes, 7);
    QCOMPARE(result.remainingBytes, 4);
    QVERIFY(result.errors.isEmpty());
    QVERIFY(m_cache->contains(kept));
    QVERIFY(!m_cache->contains(dropped));
    QVERIFY(!QFileInfo::exists(m_cache->path(dropped) + u".lock"_s));
}

void tst_BlobCache::sweepHonoursAge()
{
    const QString recent = addBlob(*m_cache, "recent", 60 * 1000);
    const QString old = addBlob(*m_cache, "old", 3 * 86400 * 1000LL);
    BlobSweepPolicy policy;
    policy.olderThanMs = 86400 * 1000LL;
    const BlobSweepResult result = m_cache->sweep({}, policy);
    QCOMPARE(result.removedBlobs, 1);
    QVERIFY(m_cache->contains(recent));
    QVERIFY(!m_cache->contains(old));

    // Without an age or a size limit nothing goes.
    QCOMPARE(m_cache->sweep({}, BlobSweepPolicy{}).removedBlobs, 0);
    QVERIFY(m_cache->contains(recent));
}

void tst_BlobCache::sweepTrimsToMaxBytesLeastRecentlyUsedFirst()
{
    const QString oldest = addBlob(*m_cache, QByteArray(100, '1'), 5000 * 1000);
    const QString middle = addBlob(*m_cache, QByteArray(100, '2'), 4000 * 1000);
    const QString newest = addBlob(*m_cache, QByteArray(100, '3'), 3000 * 1000);
    const QString keptOldest = addBlob(*m_cache, QByteArray(100, '4'), 9000 * 1000);
    // Using a blob makes it the most recent.
    QVERIFY(m_cache->touch(oldest));

    BlobSweepPolicy policy;
    policy.maxBytes = 250;
    const BlobSweepResult result = m_cache->sweep({keptOldest}, policy);
    QCOMPARE(result.removedBlobs, 2);
    QCOMPARE(result.remainingBytes, 200);
    QCOMPARE(m_cache->totalBytes(), 200);
    QVERIFY(!m_cache->contains(middle));
    QVERIFY(!m_cache->contains(newest));
    QVERIFY(m_cache->contains(oldest));
    QVERIFY(m_cache->contains(keptOldest)); // referenced: kept although the oldest
}

void tst_BlobCache::sweepSparesLockedBlobs()
{
    const QString busy = addBlob(*m_cache, "busy", 10 * 86400 * 1000LL);
    BlobCacheLock lock = m_cache->tryLock(busy);
    QVERIFY(lock.isLocked());
    QCOMPARE(m_cache->sweep({}, BlobSweepPolicy{0, 0, 0}).removedBlobs, 0);
    QVERIFY(m_cache->contains(busy));
    lock.unlock();
    QCOMPARE(m_cache->sweep({}, BlobSweepPolicy{0, 0, 0}).removedBlobs, 1);
    QVERIFY(!m_cache->contains(busy));
}

void tst_BlobCache::sweepRemovesStalePartials()
{
    const QString writing = blobDigest("writing");
    const QString abandoned = blobDigest("abandoned");
    const QString young = blobDigest("young");
    for (const QString &digest : {writing, abandoned, young}) {
        QFile partial(m_cache->path(digest) + u".partial"_s);
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.write("part");
        partial.close();
    }
    setAge(m_cache->path(writing) + u".partial"_s, 7200 * 1000);
    setAge(m_cache->path(abandoned) + u".partial"_s, 7200 * 1000);
    BlobCacheLock download = m_cache->tryLock(writing);
    QVERIFY(download.isLocked());

    BlobSweepPolicy policy;
    policy.partialOlderThanMs = 3600 * 1000;
    const BlobSweepResult result = m_cache->sweep({}, policy);
    QCOMPARE(result.removedPartials, 1);
    QVERIFY(QFileInfo::exists(m_cache->path(writing) + u".partial"_s)); // its download runs
    QVERIFY(!QFileInfo::exists(m_cache->path(abandoned) + u".partial"_s));
    QVERIFY(QFileInfo::exists(m_cache->path(young) + u".partial"_s)); // younger than the policy's age
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(kHoldVariable)) {
        QCoreApplication app(argc, argv);
        return holdLock(qgetenv(kHoldVariable));
    }
    QCoreApplication app(argc, argv);
    tst_BlobCache test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_blobcache.moc"
