#include "remote/workerapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

// JSON written with ' for " (easier to read in a test table).
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

QJsonValue parse(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

const QString kSha256 = u"ab"_s.repeated(32);
const QString kSha1 = u"cd"_s.repeated(20);

CachedImage sampleImage()
{
    CachedImage image;
    image.name = u"cuda-12"_s;
    image.status = CachedImageStatus::Ready;
    image.updatedAt = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    image.digest = u"sha256:"_s + kSha256;
    image.content = CachedImageContent{4096, kSha256, kSha1, 1700000000000};
    return image;
}

} // namespace

class TestWorkerApi : public QObject
{
    Q_OBJECT

private slots:
    void errorCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("status");
        QTest::newRow("unauthorized") << int(WorkerApiErrorCode::Unauthorized) << u"unauthorized"_s << 401;
        QTest::newRow("forbidden") << int(WorkerApiErrorCode::Forbidden) << u"forbidden"_s << 403;
        QTest::newRow("bad request") << int(WorkerApiErrorCode::BadRequest) << u"bad_request"_s << 400;
        QTest::newRow("not found") << int(WorkerApiErrorCode::NotFound) << u"not_found"_s << 404;
        QTest::newRow("method") << int(WorkerApiErrorCode::MethodNotAllowed) << u"method_not_allowed"_s
                                << 405;
        QTest::newRow("conflict") << int(WorkerApiErrorCode::Conflict) << u"conflict"_s << 409;
        QTest::newRow("too large") << int(WorkerApiErrorCode::TooLarge) << u"too_large"_s << 413;
        QTest::newRow("range") << int(WorkerApiErrorCode::RangeNotSatisfiable) << u"range_not_satisfiable"_s
                               << 416;
        QTest::newRow("digest") << int(WorkerApiErrorCode::DigestMismatch) << u"digest_mismatch"_s << 400;
        QTest::newRow("internal") << int(WorkerApiErrorCode::Internal) << u"internal"_s << 500;
        QTest::newRow("unavailable") << int(WorkerApiErrorCode::Unavailable) << u"unavailable"_s << 503;
    }

    void errorCodes()
    {
        QFETCH(int, code);
        QFETCH(QString, name);
        QFETCH(int, status);
        const auto value = WorkerApiErrorCode(code);
        QCOMPARE(workerApiErrorCodeName(value), name);
        QCOMPARE(workerApiErrorCodeFromName(name), std::optional<WorkerApiErrorCode>(value));
        QCOMPARE(workerApiHttpStatus(value), status);
    }

    void unknownErrorCode() { QCOMPARE(workerApiErrorCodeFromName(u"teapot"), std::nullopt); }

    void envelopes()
    {
        const QByteArray ok = workerEnvelope(QJsonObject{{u"a"_s, 1}});
        QCOMPARE(ok, j("{'data':{'a':1},'success':true}"));
        auto data = parseWorkerEnvelope(ok);
        QVERIFY(data.ok());
        QCOMPARE(data.value().toObject().value(u"a"_s).toInt(), 1);

        const QByteArray failed = workerErrorEnvelope(WorkerApiErrorCode::Forbidden, u"no scope"_s);
        QCOMPARE(failed, j("{'error':{'code':'forbidden','message':'no scope'},'success':false}"));
        auto error = parseWorkerEnvelope(failed);
        QVERIFY(!error.ok());
        QCOMPARE(error.error().code, WorkerApiErrorCode::Forbidden);
        QCOMPARE(error.error().message, u"no scope"_s);
    }

    void badEnvelopes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{\"success\": tru") << u"the body is not JSON: "_s;
        QTest::newRow("array") << QByteArray("[]") << u"the body must be a JSON object"_s;
        QTest::newRow("no success") << QByteArray("{}") << u"success must be true or false"_s;
        QTest::newRow("no data") << j("{'success':true}") << u"data is missing"_s;
        QTest::newRow("no error") << j("{'success':false}") << u"error must be a JSON object"_s;
        QTest::newRow("no code") << j("{'success':false,'error':{'message':'x'}}")
                                 << u"error.code is missing"_s;
    }

    void badEnvelopes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        auto parsed = parseWorkerEnvelope(body);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, WorkerApiErrorCode::BadRequest);
        QVERIFY2(parsed.error().message.startsWith(message), qPrintable(parsed.error().message));
    }

    void notJsonNamesTheOffset()
    {
        auto parsed = parseWorkerEnvelope("{\"success\": tru");
        QVERIFY(parsed.error().message.contains(u"at offset"_s));
    }

    void unknownCodeReadsAsInternal()
    {
        auto parsed = parseWorkerEnvelope(j("{'success':false,'error':{'code':'teapot','message':'m'}}"));
        QCOMPARE(parsed.error().code, WorkerApiErrorCode::Internal);
    }

    void scopes_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QStringList>("normalized");
        QTest::addColumn<QString>("error");
        QTest::newRow("one") << QStringList{u"images:read"_s} << true << QStringList{u"images:read"_s}
                             << QString();
        QTest::newRow("sorted") << QStringList{u"admin"_s, u"images:read"_s, u"builds:run"_s} << true
                                << QStringList{u"images:read"_s, u"builds:run"_s, u"admin"_s} << QString();
        QTest::newRow("twice") << QStringList{u"images:manage"_s, u"images:manage"_s} << true
                               << QStringList{u"images:manage"_s} << QString();
        QTest::newRow("unknown") << QStringList{u"images:read"_s, u"images:write"_s} << false << QStringList()
                                 << u"unknown scope \"images:write\""_s;
        QTest::newRow("empty") << QStringList() << false << QStringList() << u"at least one scope"_s;
    }

    void scopes()
    {
        QFETCH(QStringList, names);
        QFETCH(bool, valid);
        QFETCH(QStringList, normalized);
        QFETCH(QString, error);
        auto parsed = parseWorkerScopes(names);
        QCOMPARE(parsed.ok(), valid);
        if (valid) {
            QCOMPARE(workerScopeNames(parsed.value()), normalized);
        } else {
            QVERIFY2(parsed.error().message.contains(error), qPrintable(parsed.error().message));
            QCOMPARE(parsed.error().field, u"scope"_s);
        }
    }

    void adminImpliesAll_data()
    {
        QTest::addColumn<QStringList>("held");
        QTest::addColumn<QString>("needed");
        QTest::addColumn<bool>("granted");
        QTest::newRow("admin read") << QStringList{u"admin"_s} << u"images:read"_s << true;
        QTest::newRow("admin manage") << QStringList{u"admin"_s} << u"images:manage"_s << true;
        QTest::newRow("admin builds") << QStringList{u"admin"_s} << u"builds:run"_s << true;
        QTest::newRow("read read") << QStringList{u"images:read"_s} << u"images:read"_s << true;
        QTest::newRow("read manage") << QStringList{u"images:read"_s} << u"images:manage"_s << false;
        QTest::newRow("manage read") << QStringList{u"images:manage"_s} << u"images:read"_s << false;
        QTest::newRow("builds admin") << QStringList{u"builds:run"_s} << u"admin"_s << false;
    }

    void adminImpliesAll()
    {
        QFETCH(QStringList, held);
        QFETCH(QString, needed);
        QFETCH(bool, granted);
        QCOMPARE(workerScopesGrant(parseWorkerScopes(held).value(), *workerScopeFromName(needed)), granted);
    }

    void tokens_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<bool>("valid");
        const QByteArray secret = QByteArray("a-_Z09").repeated(7) + "x"; // 43 base64url characters
        QTest::newRow("good") << "kw_0123456789abcdef_" + secret << true;
        QTest::newRow("upper hex id") << "kw_0123456789ABCDEF_" + secret << false;
        QTest::newRow("short id") << "kw_0123456789abcde_" + secret << false;
        QTest::newRow("short secret") << "kw_0123456789abcdef_" + secret.chopped(1) << false;
        QTest::newRow("padding") << "kw_0123456789abcdef_" + secret.chopped(1) + "=" << false;
        QTest::newRow("prefix") << "kx_0123456789abcdef_" + secret << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void tokens()
    {
        QFETCH(QByteArray, token);
        QFETCH(bool, valid);
        const auto parts = parseWorkerToken(token);
        QCOMPARE(parts.has_value(), valid);
        if (valid) {
            QCOMPARE(parts->id, u"0123456789abcdef"_s);
            QCOMPARE(parts->secret, token.mid(20));
        }
    }

    void bearer_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("plain") << QByteArray("Bearer abc") << QByteArray("abc");
        QTest::newRow("lower case") << QByteArray("bearer abc") << QByteArray("abc");
        QTest::newRow("spaces") << QByteArray("  Bearer   abc  ") << QByteArray("abc");
        QTest::newRow("basic") << QByteArray("Basic abc") << QByteArray();
        QTest::newRow("no token") << QByteArray("Bearer ") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void bearer()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, token);
        QCOMPARE(bearerToken(header).value_or(QByteArray()), token);
    }

    void statusFromBakeState_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("status");
        QTest::newRow("registered") << int(BakeState::Registered) << u"pending"_s;
        QTest::newRow("queued") << int(BakeState::Queued) << u"pending"_s;
        QTest::newRow("baking") << int(BakeState::Baking) << u"building"_s;
        QTest::newRow("baked") << int(BakeState::Baked) << u"ready"_s;
        QTest::newRow("failed") << int(BakeState::Failed) << u"failed"_s;
        QTest::newRow("cancelled") << int(BakeState::Cancelled) << u"failed"_s;
    }

    void statusFromBakeState()
    {
        QFETCH(int, state);
        QFETCH(QString, status);
        QCOMPARE(cachedImageStatusName(cachedImageStatusFromBakeState(BakeState(state))), status);
        QVERIFY(cachedImageStatusFromName(status).has_value());
    }

    void cachedImageRoundTrip()
    {
        const CachedImage image = sampleImage();
        const QJsonObject json = image.toJson();
        QCOMPARE(json.value(u"updatedAt"_s).toString(), u"2023-11-14T22:13:20.123Z"_s);
        QCOMPARE(json.value(u"status"_s).toString(), u"ready"_s);
        QCOMPARE(json.value(u"error"_s), QJsonValue(QJsonValue::Null));
        auto back = CachedImage::fromJson(json);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back.value(), image);

        CachedImage pending;
        pending.name = u"x"_s;
        pending.updatedAt = image.updatedAt;
        const QJsonObject pendingJson = pending.toJson();
        QVERIFY(pendingJson.value(u"content"_s).isNull());
        QVERIFY(pendingJson.value(u"digest"_s).isNull());
        QCOMPARE(CachedImage::fromJson(pendingJson).value(), pending);

        auto list = cachedImagesFromJson(cachedImagesToJson({image, pending}));
        QVERIFY(list.ok());
        QCOMPARE(list.value(), (QList<CachedImage>{image, pending}));
    }

    void cachedImageErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        const QByteArray good = QJsonDocument(sampleImage().toJson()).toJson(QJsonDocument::Compact);
        auto without = [&good](const char *key) {
            QJsonObject o = QJsonDocument::fromJson(good).object();
            o.remove(QString::fromLatin1(key));
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        auto with = [&good](const char *key, const QJsonValue &value) {
            QJsonObject o = QJsonDocument::fromJson(good).object();
            o.insert(QString::fromLatin1(key), value);
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        QTest::newRow("not object") << QByteArray("[1]") << QString() << u"the body must be a JSON object"_s;
        QTest::newRow("no name") << without("name") << u"name"_s << u"name is missing"_s;
        QTest::newRow("bad status") << with("status", u"warm"_s) << u"status"_s << u"status is not one of"_s;
        QTest::newRow("status number") << with("status", 3) << u"status"_s << u"status must be a string"_s;
        QTest::newRow("error number")
            << with("error", 3) << u"error"_s << u"error must be a string or null"_s;
        QTest::newRow("bad date") << with("updatedAt", u"yesterday"_s) << u"updatedAt"_s
                                  << u"updatedAt is not an ISO 8601"_s;
        QTest::newRow("content size") << with("content", QJsonObject{{u"size"_s, u"big"_s}})
                                      << u"content.size"_s << u"content.size must be an integer"_s;
        QTest::newRow("content sha")
            << with("content", QJsonObject{{u"size"_s, 1}, {u"sha256"_s, u"xyz"_s}, {u"sha1"_s, kSha1}})
            << u"content.sha256"_s << u"content.sha256 must be 64 lowercase hex digits"_s;
        QTest::newRow("negative size") << with("content", QJsonObject{{u"size"_s, -1}}) << u"content.size"_s
                                       << u"content.size must be at least 0"_s;
        QTest::newRow("fraction") << with("content", QJsonObject{{u"size"_s, 1.5}}) << u"content.size"_s
                                  << u"content.size must be an integer"_s;
    }

    void cachedImageErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, message);
        auto parsed = CachedImage::fromJson(parse(json));
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().field, field);
        QVERIFY2(parsed.error().message.startsWith(message), qPrintable(parsed.error().message));
    }

    void listErrorsNameTheIndex()
    {
        QJsonArray array{sampleImage().toJson(), QJsonObject{{u"name"_s, u"x"_s}}};
        auto parsed = cachedImagesFromJson(array);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().field, u"[1].status"_s);
        QVERIFY(!cachedImagesFromJson(QJsonObject()).ok());
    }

    void warmRequest_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("oci") << j("{'source':{'kind':'oci','ref':'docker.io/library/"
                                  "ubuntu:22.04'},'sizeMib':2048,'digest':null}")
                             << QString() << QString();
        QTest::newRow("tar, no digest")
            << j("{'source':{'kind':'rootfs-tar','ref':'/srv/r.tar'},'sizeMib':16}") << QString()
            << QString();
        QTest::newRow("digest")
            << (j("{'source':{'kind':'oci','ref':'r/x:1'},'sizeMib':1,'digest':'sha256:") +
                QByteArray(64, 'a') + "\"}")
            << QString() << QString();
        QTest::newRow("no source") << j("{'sizeMib':1}") << u"source"_s << u"source is missing"_s;
        QTest::newRow("source string")
            << j("{'source':'oci:x','sizeMib':1}") << u"source"_s << u"source must be a JSON object"_s;
        QTest::newRow("bad kind") << j("{'source':{'kind':'zip','ref':'/a'},'sizeMib':1}") << u"source.kind"_s
                                  << u"source.kind is not one of"_s;
        QTest::newRow("no ref") << j("{'source':{'kind':'oci'},'sizeMib':1}") << u"source.ref"_s
                                << u"source.ref is missing"_s;
        QTest::newRow("relative tar") << j("{'source':{'kind':'oci-archive','ref':'a.tar'},'sizeMib':1}")
                                      << u"source.ref"_s << u"source.ref must be an absolute path"_s;
        QTest::newRow("zero size") << j("{'source':{'kind':'oci','ref':'a'},'sizeMib':0}") << u"sizeMib"_s
                                   << u"sizeMib must be at least 1"_s;
        QTest::newRow("size text") << j("{'source':{'kind':'oci','ref':'a'},'sizeMib':'1'}") << u"sizeMib"_s
                                   << u"sizeMib must be an integer"_s;
        QTest::newRow("bad digest") << j("{'source':{'kind':'oci','ref':'a'},'sizeMib':1,'digest':'md5:1'}")
                                    << u"digest"_s << u"digest must be"_s;
    }

    void warmRequest()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, message);
        auto parsed = WarmRequest::fromJson(parse(json));
        if (message.isEmpty()) {
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
            QCOMPARE(WarmRequest::fromJson(parsed.value().toJson()).value(), parsed.value());
            return;
        }
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().field, field);
        QVERIFY2(parsed.error().message.startsWith(message), qPrintable(parsed.error().message));
    }

    void buildRequest_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        const char *spec =
            "'spec':{'name':'demo','baseImage':'debian:12','apt':['curl'],'conda':[],'pip':['a==1']}";
        QTest::newRow("worker chooses the target")
            << j((std::string("{") + spec + ",'revision':3,'targetImage':null}").c_str()) << QString()
            << QString();
        QTest::newRow("target missing is null")
            << j((std::string("{") + spec + ",'revision':3}").c_str()) << QString() << QString();
        QTest::newRow("target given")
            << j((std::string("{") + spec + ",'revision':1,'targetImage':'r.example/k/demo:1'}").c_str())
            << QString() << QString();
        QTest::newRow("not an object") << j("[1]") << QString() << u"the body must be a JSON object"_s;
        QTest::newRow("no spec") << j("{'revision':1}") << u"spec"_s << u"spec is missing"_s;
        QTest::newRow("spec name missing")
            << j("{'spec':{'baseImage':'a','apt':[],'conda':[],'pip':[]},'revision':1}") << u"spec.name"_s
            << u"spec.name is missing"_s;
        QTest::newRow("spec name invalid")
            << j("{'spec':{'name':'a_b','baseImage':'a','apt':[],'conda':[],'pip':[]},'revision':1}")
            << u"spec.name"_s << u"spec.name is not a valid name (column 2"_s;
        QTest::newRow("base image empty")
            << j("{'spec':{'name':'a','baseImage':' ','apt':[],'conda':[],'pip':[]},'revision':1}")
            << u"spec.baseImage"_s << u"spec.baseImage must not be empty"_s;
        QTest::newRow("conda missing")
            << j("{'spec':{'name':'a','baseImage':'b','apt':[],'pip':[]},'revision':1}") << u"spec.conda"_s
            << u"spec.conda is missing"_s;
        QTest::newRow("pip not a list")
            << j("{'spec':{'name':'a','baseImage':'b','apt':[],'conda':[],'pip':'x'},'revision':1}")
            << u"spec.pip"_s << u"spec.pip must be an array of strings"_s;
        QTest::newRow("apt element")
            << j("{'spec':{'name':'a','baseImage':'b','apt':['x',null],'conda':[],'pip':[]},'revision':1}")
            << u"spec.apt[1]"_s << u"spec.apt[1] must be a string"_s;
        QTest::newRow("revision missing")
            << j((std::string("{") + spec + "}").c_str()) << u"revision"_s << u"revision is missing"_s;
        QTest::newRow("revision zero") << j((std::string("{") + spec + ",'revision':0}").c_str())
                                       << u"revision"_s << u"revision must be at least 1"_s;
        QTest::newRow("revision fraction") << j((std::string("{") + spec + ",'revision':1.5}").c_str())
                                           << u"revision"_s << u"revision must be an integer"_s;
        QTest::newRow("target empty")
            << j((std::string("{") + spec + ",'revision':1,'targetImage':''}").c_str()) << u"targetImage"_s
            << u"targetImage must not be empty"_s;
        QTest::newRow("target not a string")
            << j((std::string("{") + spec + ",'revision':1,'targetImage':5}").c_str()) << u"targetImage"_s
            << u"targetImage must be a string or null"_s;
    }

    void buildRequest()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, message);
        auto parsed = BuildRequest::fromJson(parse(json));
        if (message.isEmpty()) {
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
            QCOMPARE(parsed.value().spec.name, u"demo"_s);
            QCOMPARE(parsed.value().spec.pip, QStringList{u"a==1"_s});
            QCOMPARE(BuildRequest::fromJson(parsed.value().toJson()).value(), parsed.value());
            return;
        }
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().field, field);
        QVERIFY2(parsed.error().message.startsWith(message), qPrintable(parsed.error().message));
    }

    void workerJobs()
    {
        WorkerJob running;
        running.id = u"j-1"_s;
        running.specName = u"demo"_s;
        running.revision = 7;
        running.status = JobStatus::Running;
        running.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        running.updatedAt = running.createdAt.addSecs(2);
        const QJsonObject json = running.toJson();
        QVERIFY(json.value(u"targetImage"_s).isNull());
        QVERIFY(json.value(u"error"_s).isNull());
        QVERIFY(json.value(u"finishedAt"_s).isNull());
        QCOMPARE(json.value(u"status"_s).toString(), u"running"_s);
        QCOMPARE(json.value(u"createdAt"_s).toString(), u"2026-01-02T03:04:05.678Z"_s);
        QCOMPARE(WorkerJob::fromJson(json).value(), running);

        WorkerJob failed = running;
        failed.id = u"j-2"_s;
        failed.status = JobStatus::Interrupted;
        failed.error = u"stopped"_s;
        failed.targetImage = u"r.example/k/demo:abc"_s;
        failed.finishedAt = running.updatedAt;
        QVERIFY(failed.isFinished());
        QVERIFY(!running.isFinished());
        auto list = workerJobsFromJson(workerJobsToJson({failed, running}));
        QVERIFY(list.ok());
        QCOMPARE(list.value(), (QList<WorkerJob>{failed, running}));

        // Errors name the index and the field.
        QJsonObject bad = running.toJson();
        bad.insert(u"status"_s, u"paused"_s);
        auto parsed = workerJobsFromJson(QJsonArray{failed.toJson(), bad});
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().field, u"[1].status"_s);
        QVERIFY(parsed.error().message.contains(u"paused"_s));
        bad = running.toJson();
        bad.insert(u"finishedAt"_s, u"yesterday"_s);
        QCOMPARE(workerJobsFromJson(QJsonArray{bad}).error().field, u"[0].finishedAt"_s);
        bad.remove(u"revision"_s);
        QCOMPARE(WorkerJob::fromJson(bad).error().field, u"revision"_s);
        QVERIFY(!workerJobsFromJson(QJsonObject()).ok());
    }

    void infoAndHealth()
    {
        const WorkerInfo info{u"0.1.0"_s, {u"podman"_s}, 1 << 30, 2, 4};
        QCOMPARE(WorkerInfo::fromJson(info.toJson()).value(), info);
        QJsonObject broken = info.toJson();
        broken.insert(u"engines"_s, QJsonArray{u"podman"_s, 3});
        QCOMPARE(WorkerInfo::fromJson(broken).error().field, u"engines[1]"_s);
        broken = info.toJson();
        broken.remove(u"capacity"_s);
        QCOMPARE(WorkerInfo::fromJson(broken).error().field, u"capacity"_s);

        const WorkerHealth health{u"ok"_s, WorkerApi::version()};
        QCOMPARE(WorkerHealth::fromJson(health.toJson()).value(), health);
        QCOMPARE(WorkerHealth::fromJson(QJsonObject{{u"status"_s, u"ok"_s}}).error().field, u"version"_s);
    }

    void contentInfo()
    {
        const WorkerContentInfo info{4096, 1700000000000, kSha256, kSha1, u"ext4"_s, 1};
        const QJsonObject json = info.toJson();
        QCOMPARE(json.keys(),
                 (QStringList{u"fmt"_s, u"mtime"_s, u"refcnt"_s, u"sha1"_s, u"sha256"_s, u"size"_s}));
        QCOMPARE(WorkerContentInfo::fromJson(json).value(), info);
        QJsonObject broken = json;
        broken.insert(u"sha1"_s, kSha256);
        QCOMPARE(WorkerContentInfo::fromJson(broken).error().field, u"sha1"_s);
    }

    void scan()
    {
        WorkerScan scan{ScanStatus::Failed, u"2 critical"_s,
                        QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC),
                        QJsonArray{QJsonObject{{u"id"_s, u"CVE-1"_s}}}};
        QCOMPARE(scan.toJson().value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(WorkerScan::fromJson(scan.toJson()).value(), scan);
        const WorkerScan pending{
            ScanStatus::Pending, u"Rescan requested."_s, {}, QJsonValue(QJsonValue::Null)};
        QVERIFY(pending.toJson().value(u"scannedAt"_s).isNull());
        QCOMPARE(WorkerScan::fromJson(pending.toJson()).value(), pending);
        QJsonObject broken = scan.toJson();
        broken.insert(u"status"_s, u"clean"_s);
        QCOMPARE(WorkerScan::fromJson(broken).error().field, u"status"_s);
        broken = scan.toJson();
        broken.insert(u"scannedAt"_s, u"now"_s);
        QCOMPARE(WorkerScan::fromJson(broken).error().field, u"scannedAt"_s);
    }

    void paths()
    {
        QCOMPARE(WorkerApi::healthPath(), u"/api/v1/health"_s);
        QCOMPARE(WorkerApi::imagePath(u"cuda"), u"/api/v1/images/cuda"_s);
        QCOMPARE(WorkerApi::contentInfoPath(u"cuda"), u"/api/v1/images/cuda/content/info"_s);
        QCOMPARE(WorkerApi::uploadsPath(u"cuda"), u"/api/v1/images/cuda/content/uploads"_s);
        QCOMPARE(WorkerApi::uploadPath(u"u-1"), u"/api/v1/uploads/u-1"_s);
        QCOMPARE(WorkerApi::jobLogPath(u"j"), u"/api/v1/jobs/j/log"_s);
        QCOMPARE(WorkerApi::buildsPath(), u"/api/v1/builds"_s);
        QCOMPARE(WorkerApi::jobsPath(), u"/api/v1/jobs"_s);
        QCOMPARE(WorkerApi::jobPath(u"j"), u"/api/v1/jobs/j"_s);
        QCOMPARE(WorkerApi::jobCancelPath(u"j"), u"/api/v1/jobs/j/cancel"_s);
        QCOMPARE(WorkerApi::contentETag(kSha256), "\"sha256:" + kSha256.toLatin1() + '"');
    }
};

QTEST_GUILESS_MAIN(TestWorkerApi)
#include "tst_workerapi.moc"
