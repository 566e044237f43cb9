// kiln-test-properties: LABELS slow TIMEOUT 1200
#include "layerbuilder.h"
#include "remote/workerclient.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStorageInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

constexpr qint64 kContentBytes = 2LL * 1024 * 1024 * 1024;
constexpr qint64 kDropAfterBytes = 700LL * 1000 * 1000;
// Two copies of the content (the worker's and the download) and the bake's staging.
constexpr qint64 kNeededFreeBytes = 6LL * 1000 * 1000 * 1000;
constexpr qint64 kMaxRssBytes = 300LL * 1024 * 1024;

// The largest resident set of this process so far.
qint64 peakRssBytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_maxrss) * 1024;
}

template <typename T>
T await(QFuture<T> future, int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        qFatal("the future did not finish");
    return future.result();
}

// A TCP proxy on 127.0.0.1 in front of a worker that drops its first connection
// after `dropAfter` bytes went to the client: a connection that breaks in the middle
// of a download, a fault a real worker cannot produce on demand. It forwards with
// back-pressure (never more than a few MB buffered), so memory stays bounded.
class DroppingProxy : public QObject
{
public:
    DroppingProxy(quint16 upstreamPort, qint64 dropAfter)
        : m_upstreamPort(upstreamPort)
        , m_dropAfter(dropAfter)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &DroppingProxy::accept);
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    bool isListening() const { return m_server.isListening(); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    // The first bytes each connection sent (its request head).
    const QList<QByteArray> &heads() const { return m_heads; }
    // Bytes sent to the client on the connection that was dropped.
    qint64 dropped() const { return m_droppedAt; }

private:
    static constexpr qint64 kChunk = 256 * 1024;
    static constexpr qint64 kMaxPending = 4 * 1024 * 1024;

    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            const int index = int(m_heads.size());
            m_heads.append(QByteArray());
            auto *upstream = new QTcpSocket(client);
            upstream->setReadBufferSize(kMaxPending);
            client->setReadBufferSize(kMaxPending);
            auto sent = std::make_shared<qint64>(0);
            const bool drops = index == 0;
            auto pump = [this, client, upstream, sent, drops] {
                while (upstream->bytesAvailable() > 0 && client->bytesToWrite() < kMaxPending) {
                    qint64 want = kChunk;
                    if (drops)
                        want = qMin(want, m_dropAfter - *sent);
                    const QByteArray chunk = upstream->read(want);
                    client->write(chunk);
                    *sent += chunk.size();
                    if (drops && *sent >= m_dropAfter) {
                        m_droppedAt = *sent;
                        client->flush();
                        client->abort();
                        upstream->abort();
                        client->deleteLater();
                        return;
                    }
                }
            };
            connect(upstream, &QTcpSocket::readyRead, client, pump);
            connect(client, &QTcpSocket::bytesWritten, client, pump);
            connect(client, &QTcpSocket::readyRead, client, [this, client, upstream, index] {
                const QByteArray data = client->readAll();
                if (m_heads[index].size() < 4096)
                    m_heads[index] += data;
                upstream->write(data);
            });
            connect(client, &QTcpSocket::disconnected, client, [client] { client->deleteLater(); });
            connect(upstream, &QTcpSocket::disconnected, client, [client, pump] {
                pump();
                client->disconnectFromHost();
            });
            upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        }
    }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    qint64 m_dropAfter;
    qint64 m_droppedAt = 0;
    QList<QByteArray> m_heads;
};

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(4 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 got = file.read(buffer.data(), buffer.size());
        if (got <= 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), got));
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

// A 2 GiB content download from a real kiln-worker through a connection that drops
// after ~700 MB: WorkerClient resumes it with Range, and the file is the worker's
// content to the byte, with memory bounded.
class TestWorkerDownload2G : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void downloadResumesAfterADroppedConnection()
    {
        const QStorageInfo storage(QDir::tempPath());
        if (storage.bytesAvailable() < kNeededFreeBytes)
            QSKIP(qPrintable(u"needs %1 GB free in %2 for two 2 GiB copies; %3 GB are free"_s
                                 .arg(kNeededFreeBytes / 1e9, 0, 'f', 1)
                                 .arg(QDir::tempPath())
                                 .arg(storage.bytesAvailable() / 1e9, 0, 'f', 1)));

        QElapsedTimer total;
        total.start();
        // The worker's data (its 2 GiB content) goes with its temporary directory,
        // the download with `dir`; the guard removes the big file first on every path.
        KilnTest::WorkerProcess worker;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        KilnTest::startWatchdog(dir.path());
        const QString path = dir.filePath(u"big.ext4"_s);
        const auto removeBigFiles = qScopeGuard([&] {
            QFile::remove(path);
            if (worker.isRunning())
                worker.stop();
        });
        QVERIFY2(worker.start(), qPrintable(worker.errorString()));
        const QByteArray admin = worker.createToken({u"admin"_s});
        QVERIFY2(!admin.isEmpty(), qPrintable(worker.errorString()));
        const WorkerEndpoint direct{u"w1"_s, worker.baseUrl(), admin, {}};
        WorkerClient client;

        // A warm of a 2 GiB image from a rootfs tar on the worker's disk: the real
        // bake path (ext4 written, checked and hashed on the worker). 16 MiB of
        // patterned data in it, the rest is the file system's.
        const QString tar = dir.filePath(u"rootfs.tar"_s);
        QByteArray pattern(16 << 20, Qt::Uninitialized);
        QRandomGenerator rng(2026);
        rng.fillRange(reinterpret_cast<quint32 *>(pattern.data()), pattern.size() / 4);
        QVERIFY(KilnTest::LayerBuilder()
                    .dir("data")
                    .file("data/pattern.bin", pattern)
                    .file("etc/os-release", "ID=kiln-test\n")
                    .write(tar));
        pattern.clear();
        pattern.squeeze();
        WarmRequest warm;
        warm.source = {BakeSourceKind::RootfsTar, tar};
        warm.sizeMib = int(kContentBytes >> 20);
        QElapsedTimer bakeClock;
        bakeClock.start();
        const auto queued = await(client.warm(direct, u"big"_s, warm), 30000);
        QVERIFY2(queued.ok(), qPrintable(queued.ok() ? QString() : queued.error().message));
        CachedImage ready;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const auto now = await(client.image(direct, u"big"_s), 30000);
                         if (now.ok())
                             ready = now.value();
                         return now.ok() && (now->status == CachedImageStatus::Ready ||
                                             now->status == CachedImageStatus::Failed);
                     },
                     600000),
                 "the 2 GiB warm did not settle");
        QVERIFY2(ready.status == CachedImageStatus::Ready, qPrintable(ready.error));
        const qint64 bakeMs = bakeClock.elapsed();
        const auto info = await(client.contentInfo(direct, u"big"_s), 30000);
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
        QCOMPARE(info->size, kContentBytes);
        QCOMPARE(info->sha256, ready.content->sha256);

        // The download through the proxy, which drops the first connection after
        // ~700 MB; the client resumes with Range and If-Range.
        DroppingProxy proxy(worker.port(), kDropAfterBytes);
        QVERIFY(proxy.isListening());
        const WorkerEndpoint proxied{u"w1"_s, proxy.url(), admin, {}};
        qint64 lastProgress = 0;
        int progressCalls = 0;
        QElapsedTimer downloadClock;
        downloadClock.start();
        const auto done = await(client.download(proxied, u"big"_s, path, {},
                                                [&](qint64 bytes, qint64) {
                                                    lastProgress = bytes;
                                                    ++progressCalls;
                                                }),
                                600000);
        const qint64 downloadMs = downloadClock.elapsed();
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        QCOMPARE(done->size, kContentBytes);
        QCOMPARE(done->resumedFrom, 0);
        QCOMPARE(done->restarts, 1);
        QCOMPARE(done->etag, WorkerApi::contentETag(info->sha256));
        QCOMPARE(lastProgress, kContentBytes);
        QVERIFY(progressCalls > 1);
        QCOMPARE(QFileInfo(path).size(), kContentBytes);

        // The drop came after ~700 MB (the head included), and the second request
        // asked for the rest: from the bytes of content the file had by then (what
        // was in flight when the connection was reset is lost, and asked for again).
        QCOMPARE(proxy.dropped(), kDropAfterBytes);
        QCOMPARE(proxy.heads().size(), 2);
        QVERIFY(proxy.heads().at(0).startsWith("GET /api/v1/images/big/content HTTP/1.1\r\n"));
        QVERIFY(!proxy.heads().at(0).toLower().contains("\r\nrange:"));
        const QByteArray second = proxy.heads().at(1);
        const qsizetype at = second.indexOf("\r\nRange: bytes=");
        QVERIFY2(at > 0, second.constData());
        const qint64 resumedAt = second.mid(at + 15, second.indexOf('-', at) - at - 15).toLongLong();
        QVERIFY2(resumedAt > kDropAfterBytes - (64 << 20) && resumedAt < kDropAfterBytes,
                 QByteArray::number(resumedAt).constData());
        QVERIFY(
            second.contains(QByteArray("\r\nIf-Range: " + WorkerApi::contentETag(info->sha256) + "\r\n")));

        QElapsedTimer hashClock;
        hashClock.start();
        QCOMPARE(sha256Of(path), info->sha256);
        const qint64 hashMs = hashClock.elapsed();

        const qint64 rss = peakRssBytes();
        qInfo("2 GiB: bake %.1f s, download with one drop %.1f s (%.0f MB/s), sha256 %.1f s, "
              "whole test %.1f s; peak RSS %.0f MiB",
              bakeMs / 1e3, downloadMs / 1e3, kContentBytes / 1e6 / (downloadMs / 1e3), hashMs / 1e3,
              total.elapsed() / 1e3, rss / 1048576.0);
        QVERIFY2(rss < kMaxRssBytes, QByteArray::number(rss).constData());

        QVERIFY(QFile::remove(path));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestWorkerDownload2G)
#include "tst_workerdownload2g.moc"
