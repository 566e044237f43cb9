#include "registrypush.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray location;
};

Answer send(const QByteArray &verb, const QUrl &url, const QByteArray &auth,
            const QByteArray &contentType = {}, const QByteArray &body = {})
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(url);
    if (!auth.isEmpty())
        request.setRawHeader("Authorization", auth);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    std::unique_ptr<QNetworkReply> reply(manager.sendCustomRequest(request, verb, body));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 60000))
        reply->abort();
    Answer out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.location = reply->rawHeader("Location");
    return out;
}

} // namespace

QByteArray sha256Digest(const QByteArray &data)
{
    return "sha256:" + QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QString pushBlob(const QString &address, const QString &repository, const QByteArray &data,
                 const QByteArray &auth)
{
    const QUrl base(u"http://"_s + address);
    const Answer started =
        send("POST", base.resolved(QUrl(u"/v2/"_s + repository + u"/blobs/uploads/"_s)), auth);
    if (started.status != 202)
        return u"upload start answered %1: %2"_s.arg(started.status).arg(QString::fromUtf8(started.body));
    QUrl upload = base.resolved(QUrl(QString::fromLatin1(started.location)));
    const QString query = upload.query();
    upload.setQuery(query + (query.isEmpty() ? u""_s : u"&"_s) + u"digest="_s +
                    QString::fromLatin1(sha256Digest(data)));
    const Answer put = send("PUT", upload, auth, "application/octet-stream", data);
    if (put.status != 201)
        return u"blob upload answered %1: %2"_s.arg(put.status).arg(QString::fromUtf8(put.body));
    return {};
}

QString pushManifest(const QString &address, const QString &repository, const QString &reference,
                     const QByteArray &mediaType, const QByteArray &body, const QByteArray &auth)
{
    const QUrl url(u"http://"_s + address + u"/v2/"_s + repository + u"/manifests/"_s + reference);
    const Answer put = send("PUT", url, auth, mediaType, body);
    if (put.status != 201)
        return u"manifest %1 answered %2: %3"_s.arg(reference)
            .arg(put.status)
            .arg(QString::fromUtf8(put.body));
    return {};
}

QString pushImage(const QString &address, const QString &repository, const QStringList &tags,
                  const QByteArray &auth)
{
    const QByteArray config =
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
    if (const QString error = pushBlob(address, repository, config, auth); !error.isEmpty())
        return error;
    const QJsonObject manifest{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, u"application/vnd.oci.image.manifest.v1+json"_s},
        {u"config"_s, QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.config.v1+json"_s},
                                  {u"digest"_s, QString::fromLatin1(sha256Digest(config))},
                                  {u"size"_s, config.size()}}},
        {u"layers"_s, QJsonArray()},
    };
    const QByteArray manifestBytes = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    for (const QString &tag : tags) {
        const QString error = pushManifest(address, repository, tag,
                                           "application/vnd.oci.image.manifest.v1+json", manifestBytes, auth);
        if (!error.isEmpty())
            return error;
    }
    return {};
}

} // namespace KilnTest
