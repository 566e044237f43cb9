#include "bakebench.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTextStream>
#include <QThread>
#include <QUrl>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

extern char **environ;

using namespace Qt::StringLiterals;

namespace Kiln::Bench {

namespace {

QString readTail(const QString &path, qint64 bytes = 3000)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > bytes)
        file.seek(file.size() - bytes);
    return QString::fromLocal8Bit(file.readAll()).trimmed();
}

// "sha256:<hex>" of the first line `sha256sum` wrote to `path`, or "" when it is not one.
QString digestFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray hex = file.readLine().trimmed().split(' ').value(0);
    if (hex.size() != 64)
        return {};
    return u"sha256:"_s + QString::fromLatin1(hex);
}

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray location;
    QString error;
};

// One request on the registry, waited for; `upload` (if any) is streamed as the body.
Answer send(QNetworkAccessManager &manager, const QByteArray &verb, const QUrl &url,
            const QByteArray &contentType, const QByteArray &body, QIODevice *upload = nullptr)
{
    QNetworkRequest request(url);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    if (upload)
        request.setHeader(QNetworkRequest::ContentLengthHeader, upload->size());
    std::unique_ptr<QNetworkReply> reply(upload ? manager.sendCustomRequest(request, verb, upload)
                                                : manager.sendCustomRequest(request, verb, body));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Answer out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.location = reply->rawHeader("Location");
    if (reply->error() != QNetworkReply::NoError)
        out.error = reply->errorString();
    return out;
}

QString pushBlob(QNetworkAccessManager &manager, const QString &address, const QString &repository,
                 const QString &digest, const QByteArray &data, QIODevice *file)
{
    const QUrl base(u"http://"_s + address);
    const Answer started =
        send(manager, "POST", base.resolved(QUrl(u"/v2/"_s + repository + u"/blobs/uploads/"_s)), {}, {});
    if (started.status != 202)
        return u"upload start answered %1: %2 %3"_s.arg(started.status)
            .arg(QString::fromUtf8(started.body), started.error);
    QUrl upload = base.resolved(QUrl(QString::fromLatin1(started.location)));
    const QString query = upload.query();
    upload.setQuery(query + (query.isEmpty() ? QString() : u"&"_s) + u"digest="_s + digest);
    const Answer put = send(manager, "PUT", upload, "application/octet-stream", data, file);
    if (put.status != 201)
        return u"blob upload answered %1: %2 %3"_s.arg(put.status)
            .arg(QString::fromUtf8(put.body), put.error);
    return {};
}

QString sha256(const QByteArray &data)
{
    return u"sha256:"_s +
           QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace

Timed runTimed(const QString &program, const QStringList &arguments)
{
    Timed result;
    QTemporaryFile log(QDir::tempPath() + u"/kiln-bench-log-XXXXXX"_s);
    if (!log.open()) {
        result.error = u"cannot create a log file"_s;
        return result;
    }
    std::vector<QByteArray> args;
    args.push_back(program.toLocal8Bit());
    for (const QString &argument : arguments)
        args.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray logPath = log.fileName().toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, logPath.constData(), O_WRONLY | O_APPEND, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const auto start = settledNow();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        result.error = u"cannot start %1: %2"_s.arg(program, QString::fromLocal8Bit(std::strerror(spawned)));
        return result;
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        result.error =
            u"%1 %2 failed (%3):\n%4"_s.arg(program, arguments.join(u' ').left(300),
                                            WIFEXITED(status) ? u"exit code %1"_s.arg(WEXITSTATUS(status))
                                                              : u"signal %1"_s.arg(WTERMSIG(status)),
                                            readTail(log.fileName()));
        return result;
    }
    result.peakRssKiB = usage.ru_maxrss;
    result.ok = true;
    return result;
}

QString generatorVersion()
{
    QFile script(QStringLiteral(KILN_BENCH_SOURCE_DIR) + u"/bake_layer.py"_s);
    if (!script.open(QIODevice::ReadOnly))
        return u"unknown"_s;
    return QString::fromLatin1(
        QCryptographicHash::hash(script.readAll(), QCryptographicHash::Sha256).toHex().left(8));
}

std::optional<GeneratedLayer> ensureLayer(const QString &dir, const QString &name, double scale, int seed,
                                          bool onlyMany, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = u"cannot create "_s + dir;
        return std::nullopt;
    }
    GeneratedLayer layer;
    layer.path = dir + u'/' + name + u".tar.gz"_s;
    const QString statsPath = dir + u'/' + name + u".stats.json"_s;
    const QString digestPath = dir + u'/' + name + u".sha256"_s;
    const QString diffIdPath = dir + u'/' + name + u".diffid"_s;
    const QString partial = layer.path + u".partial"_s;
    const auto complete = [&] {
        return QFileInfo::exists(layer.path) && !digestFromFile(digestPath).isEmpty() &&
               !digestFromFile(diffIdPath).isEmpty() && QFileInfo::exists(statsPath);
    };
    if (!complete()) {
        QTextStream(stdout) << "generating " << layer.path << " (scale " << scale << ", seed " << seed
                            << "; not timed, cached for the next runs)\n"
                            << Qt::flush;
        const QString script = QStringLiteral(KILN_BENCH_SOURCE_DIR) + u"/bake_layer.py"_s;
        QStringList generator{script,      u"--scale"_s,          QString::number(scale),
                              u"--seed"_s, QString::number(seed), u"--stats"_s,
                              statsPath};
        if (onlyMany)
            generator << u"--only-many"_s;
        // $1.. : the generator's arguments; the output, digests last.
        const QString pipeline =
            u"python3 \"$@\" | tee >(sha256sum > \"$DIFFID\") | igzip -3 -c > \"$OUT\" && "
            "sha256sum \"$OUT\" > \"$DIGEST\""_s;
        qputenv("DIFFID", diffIdPath.toLocal8Bit());
        qputenv("OUT", partial.toLocal8Bit());
        qputenv("DIGEST", digestPath.toLocal8Bit());
        const Timed made = runTimed(
            u"bash"_s, QStringList{u"-o"_s, u"pipefail"_s, u"-c"_s, pipeline, u"bake_layer"_s} + generator);
        qunsetenv("DIFFID");
        qunsetenv("OUT");
        qunsetenv("DIGEST");
        if (!made.ok) {
            *error = made.error;
            QFile::remove(partial);
            return std::nullopt;
        }
        QFile::remove(layer.path);
        // tee's process substitution may still be writing: wait for the diff id.
        for (int i = 0; i < 100 && digestFromFile(diffIdPath).isEmpty(); ++i)
            QThread::msleep(100);
        if (!QFile::rename(partial, layer.path) || !complete()) {
            *error = u"the generator did not leave "_s + layer.path + u" with its digests and stats"_s;
            return std::nullopt;
        }
    }
    QFile stats(statsPath);
    if (!stats.open(QIODevice::ReadOnly)) {
        *error = u"cannot read "_s + statsPath;
        return std::nullopt;
    }
    layer.stats = QJsonDocument::fromJson(stats.readAll()).object();
    layer.digest = digestFromFile(digestPath);
    layer.diffId = digestFromFile(diffIdPath);
    layer.size = QFileInfo(layer.path).size();
    return layer;
}

qint64 ext4SizeMiB(const GeneratedLayer &layer)
{
    const qint64 mib = 1024 * 1024;
    const QJsonObject &s = layer.stats;
    const qint64 blocks = s.value(u"blocks_4k").toInteger() + s.value(u"directories").toInteger() +
                          s.value(u"symlinks").toInteger() + s.value(u"many").toInteger() / 64;
    const qint64 data = blocks * 4096;
    const qint64 forInodes = layer.entries() * 16384 * 5 / 4; // mkfs's default bytes-per-inode
    const qint64 bytes = std::max(data * 112 / 100 + 160 * mib, forInodes + 64 * mib);
    return (bytes + mib - 1) / mib;
}

QString pushImage(const QString &address, const QString &repository, const QString &tag,
                  const GeneratedLayer &layer)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    const QJsonObject configJson{
        {u"architecture"_s, u"amd64"_s},
        {u"os"_s, u"linux"_s},
        {u"config"_s, QJsonObject{{u"Cmd"_s, QJsonArray{u"/bin/sh"_s}}}},
        {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{layer.diffId}}}},
    };
    const QByteArray config = QJsonDocument(configJson).toJson(QJsonDocument::Compact);
    if (QString e = pushBlob(manager, address, repository, sha256(config), config, nullptr); !e.isEmpty())
        return e;
    QFile file(layer.path);
    if (!file.open(QIODevice::ReadOnly))
        return u"cannot read "_s + layer.path;
    if (QString e = pushBlob(manager, address, repository, layer.digest, {}, &file); !e.isEmpty())
        return e;
    const QJsonObject manifest{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, u"application/vnd.oci.image.manifest.v1+json"_s},
        {u"config"_s, QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.config.v1+json"_s},
                                  {u"digest"_s, sha256(config)},
                                  {u"size"_s, config.size()}}},
        {u"layers"_s,
         QJsonArray{QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.layer.v1.tar+gzip"_s},
                                {u"digest"_s, layer.digest},
                                {u"size"_s, layer.size}}}},
    };
    const Answer put = send(
        manager, "PUT", QUrl(u"http://"_s + address + u"/v2/"_s + repository + u"/manifests/"_s + tag),
        "application/vnd.oci.image.manifest.v1+json", QJsonDocument(manifest).toJson(QJsonDocument::Compact));
    if (put.status != 201)
        return u"manifest answered %1: %2"_s.arg(put.status).arg(QString::fromUtf8(put.body));
    return {};
}

std::chrono::steady_clock::time_point settledNow()
{
    ::sync();
    return std::chrono::steady_clock::now();
}

void removeTree(const QString &path)
{
    if (!path.isEmpty() && QFileInfo::exists(path))
        runTimed(u"rm"_s, {u"-rf"_s, u"--"_s, path});
}

qint64 peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

qint64 childrenPeakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

} // namespace Kiln::Bench
