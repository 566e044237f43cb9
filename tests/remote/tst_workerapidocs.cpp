// kiln-test-properties: TIMEOUT 600
#include "layerbuilder.h"
#include "remote/workerapi.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

struct Example
{
    QString heading; // "GET /api/v1/health (no token)"
    QString command; // the sh code of its block
};

// The endpoint sections of docs/worker-api.md: each "### ..." heading and the
// ```sh blocks below it.
QList<Example> readExamples(const QString &markdown, int *headings)
{
    const qsizetype start = markdown.indexOf(u"\n## Endpoints"_s);
    const qsizetype end = markdown.indexOf(u"\n## "_s, start + 1);
    const QString section = markdown.mid(start, end < 0 ? -1 : end - start);
    QList<Example> examples;
    QString heading;
    bool inBlock = false;
    QString block;
    *headings = 0;
    for (const QString &line : section.split(u'\n')) {
        if (!inBlock && line.startsWith(u"### "_s)) {
            heading = line.mid(4);
            ++*headings;
        } else if (!inBlock && line == u"```sh") {
            inBlock = true;
            block.clear();
        } else if (inBlock && line == u"```") {
            inBlock = false;
            examples.append({heading, block});
        } else if (inBlock) {
            block += line + u'\n';
        }
    }
    return examples;
}

} // namespace

// Every curl example of docs/worker-api.md, run in order against a real kiln-worker.
class TestWorkerApiDocs : public QObject
{
    Q_OBJECT

private:
    KilnTest::WorkerProcess m_worker;
    QTemporaryDir m_work;
    QByteArray m_token;
    // The docs' registry.example.com: a listener that accepts and never answers, so
    // that the example build stays running (pulling) until the example cancels it.
    QTcpServer m_silentRegistry;

    struct Shell
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Shell runExample(const QString &command, const QString &upload = {}, const QString &job = {})
    {
        QProcess shell;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"W"_s, m_worker.baseUrl().toString());
        environment.insert(u"T"_s, QString::fromLatin1(m_token));
        environment.insert(u"U"_s, upload);
        environment.insert(u"J"_s, job);
        shell.setProcessEnvironment(environment);
        shell.setWorkingDirectory(m_work.path());
        shell.start(u"/bin/sh"_s, {u"-c"_s, command});
        Shell result;
        if (!shell.waitForFinished(120000)) {
            shell.kill();
            shell.waitForFinished();
            return result;
        }
        result.code = shell.exitCode();
        result.out = shell.readAllStandardOutput();
        result.err = shell.readAllStandardError();
        return result;
    }

private slots:
    void initTestCase()
    {
        KilnTest::isolateSettings();
        QVERIFY2(!QStandardPaths::findExecutable(u"curl"_s).isEmpty(), "curl is not installed");
        QVERIFY(m_work.isValid());
        QVERIFY(KilnTest::LayerBuilder()
                    .dir("etc")
                    .file("etc/os-release", "ID=kiln-docs\n")
                    .file("payload", QByteArray("docs").repeated(256 * 1024))
                    .write(m_work.filePath(u"rootfs.tar"_s)));
        m_token = m_worker.createToken({u"images:read"_s, u"images:manage"_s, u"builds:run"_s}, u"docs"_s);
        QVERIFY2(!m_token.isEmpty(), qPrintable(m_worker.errorString()));
        QVERIFY(m_silentRegistry.listen(QHostAddress::LocalHost));
        // The example build's engine storage: a throw-away one.
        m_worker.setServeArguments({u"--storage-root"_s, m_work.filePath(u"storage/root"_s), u"--run-root"_s,
                                    m_work.filePath(u"storage/run"_s), u"--storage-driver"_s, u"vfs"_s});
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
    }

    void cleanupTestCase() { QCOMPARE(m_worker.stop(), 0); }

    void curlExamples()
    {
        QFile file(QDir(qEnvironmentVariable("KILN_SOURCE_DIR")).filePath(u"docs/worker-api.md"_s));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        int headings = 0;
        const QList<Example> examples = readExamples(QString::fromUtf8(file.readAll()), &headings);
        QCOMPARE(examples.size(), headings); // one example per endpoint
        QCOMPARE(examples.size(), 19);

        QString sha256;
        QString upload; // the uuid of the upload the examples make
        QString job;    // the id of the job the build example starts
        static const QRegularExpression logLine(
            u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (out|err|sys)\\| "_s);
        for (const Example &example : examples) {
            // The doc's tar path is the test's tar.
            QString command = example.command;
            command.replace(u"/srv/images/rootfs.tar"_s, m_work.filePath(u"rootfs.tar"_s));
            command.replace(u"registry.example.com"_s, u"127.0.0.1:%1"_s.arg(m_silentRegistry.serverPort()));
            const bool download = command.contains(u" -o "_s);
            if (download) {
                // An interrupted download first (its first 1 MiB + 7 bytes): curl -C - resumes it.
                const Shell first = runExample(u"curl -s -r 0-1048582 -o my-rootfs.ext4 -H \"Authorization: "
                                               "Bearer $T\" $W/api/v1/images/my-rootfs/content"_s);
                QCOMPARE(first.code, 0);
                QCOMPARE(QFileInfo(m_work.filePath(u"my-rootfs.ext4"_s)).size(), 1048583);
            }
            if (example.heading.startsWith(u"POST /api/v1/images/{name}/content/uploads"_s)) {
                // The image exists again, without content: its warm from a missing tar fails.
                QVERIFY(QFile::exists(m_work.filePath(u"my-rootfs.ext4"_s)));
                const Shell failing = runExample(
                    u"curl -s -X PUT -H \"Authorization: Bearer $T\" -d "
                    u"'{\"source\":{\"kind\":\"rootfs-tar\","
                    "\"ref\":\"/nonexistent/rootfs.tar\"},\"sizeMib\":16}' $W/api/v1/images/my-rootfs"_s);
                QVERIFY2(failing.out.contains("\"success\":true"), failing.out.constData());
                QTRY_VERIFY_WITH_TIMEOUT(
                    runExample(u"curl -s -H \"Authorization: Bearer $T\" $W/api/v1/images/my-rootfs"_s)
                        .out.contains("\"status\":\"failed\""),
                    60000);
            }
            if (example.heading.startsWith(u"POST /api/v1/jobs/{id}/cancel"_s)) {
                // The doc cancels a running build (a queued one would leave no log to follow).
                QTRY_VERIFY_WITH_TIMEOUT(
                    runExample(u"curl -s -H \"Authorization: Bearer $T\" $W/api/v1/jobs/$J"_s, upload, job)
                        .out.contains("\"status\":\"running\""),
                    30000);
            }
            const Shell shell = runExample(command, upload, job);
            const QByteArray what =
                example.heading.toUtf8() + ": " + shell.out.left(300) + shell.err.left(300);
            QVERIFY2(shell.code == 0, what.constData());
            if (example.heading.contains(u"/log?"_s)) {
                // Plain text: log lines as the worker's log file has them.
                const QList<QByteArray> lines = shell.out.split('\n');
                QVERIFY2(shell.out.isEmpty() || shell.out.endsWith('\n'), what.constData());
                for (const QByteArray &line : lines.first(lines.size() - 1))
                    QVERIFY2(logLine.match(QString::fromUtf8(line)).hasMatch(), line.constData());
                if (example.heading.contains(u"follow=1"_s)) {
                    // The stream ended because the (cancelled) job finished, with its last notes.
                    QVERIFY2(!shell.out.isEmpty(), what.constData());
                    const Shell got = runExample(
                        u"curl -s -H \"Authorization: Bearer $T\" $W/api/v1/jobs/$J"_s, upload, job);
                    const auto finished =
                        WorkerJob::fromJson(QJsonDocument::fromJson(got.out).object().value(u"data"_s));
                    QVERIFY2(finished.ok() && finished.value().status == JobStatus::Cancelled,
                             got.out.constData());
                }
                continue;
            }
            if (download) {
                QFile ext4(m_work.filePath(u"my-rootfs.ext4"_s));
                QVERIFY(ext4.open(QIODevice::ReadOnly));
                QCryptographicHash hash(QCryptographicHash::Sha256);
                QVERIFY(hash.addData(&ext4));
                QCOMPARE(QString::fromLatin1(hash.result().toHex()), sha256);
                continue;
            }
            QJsonParseError error;
            const QJsonObject envelope = QJsonDocument::fromJson(shell.out, &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, what.constData());
            QVERIFY2(envelope.value(u"success"_s).toBool(), what.constData());
            if (example.heading.startsWith(u"PUT"_s)) {
                // Wait until the warm is ready before the examples that read the content.
                QTRY_VERIFY_WITH_TIMEOUT(
                    [&] {
                        const Shell get = runExample(u"curl -s -H \"Authorization: Bearer $T\" "
                                                     "$W/api/v1/images/my-rootfs"_s);
                        const auto image =
                            CachedImage::fromJson(QJsonDocument::fromJson(get.out).object().value(u"data"_s));
                        if (image.ok() && image.value().content)
                            sha256 = image.value().content->sha256;
                        return image.ok() && image.value().status == CachedImageStatus::Ready;
                    }(),
                    120000);
            }
            if (example.heading.startsWith(u"POST /api/v1/images/{name}/content/uploads"_s))
                upload = envelope.value(u"data"_s).toObject().value(u"uuid"_s).toString();
            if (example.heading.startsWith(u"POST /api/v1/builds"_s)) {
                const auto started = WorkerJob::fromJson(envelope.value(u"data"_s));
                QVERIFY2(started.ok() && started.value().status == JobStatus::Queued, what.constData());
                QCOMPARE(started.value().revision, 3);
                job = started.value().id;
            }
            if (example.heading.startsWith(u"GET /api/v1/jobs"_s)) {
                const QJsonValue data = envelope.value(u"data"_s);
                const auto one =
                    data.isArray() ? WorkerJob::fromJson(data.toArray().at(0)) : WorkerJob::fromJson(data);
                QVERIFY2(one.ok() && one.value().id == job, what.constData());
            }
            if (example.heading.startsWith(u"POST /api/v1/jobs"_s)) {
                const auto cancelled = WorkerJob::fromJson(envelope.value(u"data"_s));
                QVERIFY2(cancelled.ok() && (cancelled.value().status == JobStatus::Cancelled ||
                                            cancelled.value().status == JobStatus::Running),
                         what.constData());
            }
            if (example.heading.startsWith(u"PATCH"_s))
                QCOMPARE(envelope.value(u"data"_s).toObject().value(u"offset"_s).toInteger(),
                         16 * 1024 * 1024);
            if (example.heading.startsWith(u"PUT /api/v1/uploads"_s)) {
                const auto image = CachedImage::fromJson(envelope.value(u"data"_s));
                QVERIFY2(image.ok() && image.value().status == CachedImageStatus::Ready, what.constData());
                QCOMPARE(image.value().content->sha256, sha256);
            }
            if (example.heading.startsWith(u"DELETE"_s))
                QCOMPARE(envelope.value(u"data"_s).toObject().value(u"status"_s).toString(), u"evicted"_s);
        }
        QVERIFY(!sha256.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkerApiDocs)
#include "tst_workerapidocs.moc"
