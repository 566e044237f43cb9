// The builds and jobs bodies of the worker API: BuildRequest and WorkerJob.

#include "domain/names.h"
#include "remote/workerapi.h"
#include "remote/workerapi_p.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace Kiln::WorkerApiDetail;

namespace Kiln {

namespace {

// A required array of strings ("apt": ["curl", ...]); errors name "key[i]".
QStringList stringList(FieldReader &reader, QStringView key)
{
    QStringList list;
    if (!reader.ok())
        return list;
    const QJsonValue value = reader.value(key);
    if (!value.isArray()) {
        reader.fail(key, value.isUndefined() ? u"is missing"_s : u"must be an array of strings"_s);
        return list;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; reader.ok() && i < array.size(); ++i) {
        if (!array.at(i).isString())
            reader.fail(u"%1[%2]"_s.arg(key).arg(i), u"must be a string"_s);
        else
            list.append(array.at(i).toString());
    }
    return list;
}

// A required ISO 8601 date and time (UTC with milliseconds), or null when `nullable`.
QDateTime dateTime(FieldReader &reader, QStringView key, bool nullable = false)
{
    const QString text = reader.string(key, nullable);
    if (!reader.ok() || text.isEmpty())
        return {};
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        reader.fail(key, u"is not an ISO 8601 date and time: \"%1\""_s.arg(text));
        return {};
    }
    return parsed.toUTC();
}

QJsonValue nullableDateTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs))
                          : QJsonValue(QJsonValue::Null);
}

Result<WorkerJob, WorkerApiError> workerJobFromJson(const QJsonValue &json, const QString &path)
{
    FieldReader reader(json, path);
    WorkerJob job;
    job.id = reader.string(u"id");
    if (reader.ok() && job.id.isEmpty())
        reader.fail(u"id", u"must not be empty"_s);
    job.specName = reader.string(u"specName");
    job.revision = reader.integer(u"revision", 1);
    const QString status = reader.string(u"status");
    if (reader.ok()) {
        const std::optional<JobStatus> parsed = jobStatusFromName(status);
        if (!parsed)
            reader.fail(u"status", u"is not one of queued, running, succeeded, failed, cancelled, "
                                   u"interrupted: \"%1\""_s.arg(status));
        else
            job.status = *parsed;
    }
    job.targetImage = reader.string(u"targetImage", true);
    job.error = reader.string(u"error", true);
    job.createdAt = dateTime(reader, u"createdAt");
    job.updatedAt = dateTime(reader, u"updatedAt");
    job.finishedAt = dateTime(reader, u"finishedAt", true);
    if (!reader.ok())
        return reader.error();
    return job;
}

} // namespace

QJsonObject BuildRequest::toJson() const
{
    const QJsonObject specJson{{u"name"_s, spec.name},
                               {u"baseImage"_s, spec.baseImage},
                               {u"apt"_s, QJsonArray::fromStringList(spec.apt)},
                               {u"conda"_s, QJsonArray::fromStringList(spec.conda)},
                               {u"pip"_s, QJsonArray::fromStringList(spec.pip)}};
    return {
        {u"spec"_s, specJson}, {u"revision"_s, revision}, {u"targetImage"_s, nullableString(targetImage)}};
}

Result<BuildRequest, WorkerApiError> BuildRequest::fromJson(const QJsonValue &json)
{
    FieldReader reader(json, QString());
    BuildRequest request;
    if (reader.ok() && reader.value(u"spec").isUndefined())
        reader.fail(u"spec", u"is missing"_s);
    if (!reader.ok())
        return reader.error();
    FieldReader spec(reader.value(u"spec"), u"spec"_s);
    request.spec.name = spec.string(u"name");
    if (spec.ok()) {
        const Result<QString> valid = validateName(request.spec.name);
        if (!valid)
            spec.fail(u"name", u"is not a valid name (column %1: %2)"_s.arg(valid.error().column)
                                   .arg(valid.error().message));
    }
    request.spec.baseImage = spec.string(u"baseImage");
    if (spec.ok() && request.spec.baseImage.trimmed().isEmpty())
        spec.fail(u"baseImage", u"must not be empty"_s);
    request.spec.apt = stringList(spec, u"apt");
    request.spec.conda = stringList(spec, u"conda");
    request.spec.pip = stringList(spec, u"pip");
    if (!spec.ok())
        return spec.error();
    request.revision = reader.integer(u"revision", 1);
    request.targetImage = reader.string(u"targetImage", true);
    if (reader.ok() && reader.value(u"targetImage").isString() && request.targetImage.trimmed().isEmpty())
        reader.fail(u"targetImage", u"must not be empty (null lets the worker choose)"_s);
    if (!reader.ok())
        return reader.error();
    return request;
}

QJsonObject WorkerJob::toJson() const
{
    return {{u"id"_s, id},
            {u"specName"_s, specName},
            {u"revision"_s, revision},
            {u"status"_s, jobStatusName(status)},
            {u"targetImage"_s, nullableString(targetImage)},
            {u"error"_s, nullableString(error)},
            {u"createdAt"_s, nullableDateTime(createdAt)},
            {u"updatedAt"_s, nullableDateTime(updatedAt)},
            {u"finishedAt"_s, nullableDateTime(finishedAt)}};
}

Result<WorkerJob, WorkerApiError> WorkerJob::fromJson(const QJsonValue &json)
{
    return workerJobFromJson(json, QString());
}

QJsonValue workerJobsToJson(const QList<WorkerJob> &jobs)
{
    QJsonArray array;
    for (const WorkerJob &job : jobs)
        array.append(job.toJson());
    return array;
}

Result<QList<WorkerJob>, WorkerApiError> workerJobsFromJson(const QJsonValue &json)
{
    if (!json.isArray())
        return WorkerApiError{WorkerApiErrorCode::BadRequest, u"the job list must be a JSON array"_s,
                              QString()};
    QList<WorkerJob> jobs;
    const QJsonArray array = json.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto job = workerJobFromJson(array.at(i), u"[%1]"_s.arg(i));
        if (!job)
            return job.error();
        jobs.append(job.value());
    }
    return jobs;
}

} // namespace Kiln
