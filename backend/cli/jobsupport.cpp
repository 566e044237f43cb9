#include "jobsupport.h"

#include "bake/joblog.h"

#include <QDateTime>
#include <QFile>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Kiln::Cli {

QJsonObject jobJson(const BuildJob &job)
{
    const auto optionalTime = [](const std::optional<qint64> &t) {
        return t ? QJsonValue(formatTime(*t)) : QJsonValue(QJsonValue::Null);
    };
    const auto optionalText = [](const QString &text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    return QJsonObject{
        {u"id"_s, job.id},
        {u"spec_id"_s, job.specId},
        {u"revision_id"_s, job.revisionId},
        {u"status"_s, jobStatusName(job.status)},
        {u"created_at"_s, formatTime(job.createdAt)},
        {u"started_at"_s, optionalTime(job.startedAt)},
        {u"finished_at"_s, optionalTime(job.finishedAt)},
        {u"updated_at"_s, formatTime(job.updatedAt)},
        {u"target_image"_s, job.targetImage},
        {u"pushed_digest"_s, optionalText(job.pushedDigest)},
        {u"error"_s, optionalText(job.errorText)},
        {u"log_path"_s, optionalText(job.logPath)},
        {u"engine"_s, optionalText(job.engine)},
        {u"cancel_requested"_s, job.cancelRequested},
        {u"worker_id"_s, optionalText(job.workerId)}, // null: built on this machine
    };
}

void LogFollower::poll(const QString &path, bool flushPartial)
{
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() <= m_offset || !file.seek(m_offset))
        return;
    const QByteArray data = file.read(file.size() - m_offset);
    qsizetype end = data.lastIndexOf('\n') + 1;
    if (flushPartial)
        end = data.size();
    qsizetype start = 0;
    while (start < end) {
        qsizetype newline = data.indexOf('\n', start);
        if (newline < 0 || newline >= end)
            newline = end;
        const QByteArray raw = data.mid(start, newline - start);
        if (const auto line = JobLog::parseLine(raw)) {
            if (line->stream == LogStream::System)
                m_io.out << "kiln: ";
            m_io.out << QString::fromUtf8(line->text) << '\n';
        } else {
            m_io.out << QString::fromUtf8(raw) << '\n';
        }
        start = newline + 1;
    }
    m_io.out.flush();
    m_offset += end;
}

Result<BuildJob, StoreError> waitForJob(const Catalogue &catalogue, const QString &jobId, LogFollower *follow,
                                        int intervalMs)
{
    const JobRepository jobs(catalogue);
    for (;;) {
        auto job = jobs.get(jobId);
        if (!job.ok())
            return job.error();
        const bool final = isFinal(job.value().status);
        if (follow)
            follow->poll(job.value().logPath, final);
        if (final)
            return job;
        QThread::msleep(intervalMs);
    }
}

} // namespace Kiln::Cli
