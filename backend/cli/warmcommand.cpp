// kilnctl warm and kilnctl cache: the per-worker side of a bake image.
#include "commandsupport.h"
#include "secretcommand.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagecacherepository.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "workercommand.h"
#include "workersupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>

namespace Kiln::Cli {

using namespace Qt::StringLiterals;

namespace {

// One row of the cache view: a targeted worker and where the image stands there
// (no entry: never warmed there).
struct CacheRow
{
    Worker worker;
    std::optional<CacheEntry> entry;
    bool targeted = true; // false: a row of a worker no group of the image holds any more
};

Result<QList<CacheRow>, QString> cacheRows(const Catalogue &catalogue, const BakeImage &image)
{
    const auto targets = AvailabilityGroupRepository(catalogue).targetsOfImage(image.id);
    if (!targets)
        return targets.error().message;
    const auto entries = BakeImageCacheRepository(catalogue).listByImage(image.id);
    if (!entries)
        return entries.error().message;
    QHash<QString, CacheEntry> byWorker;
    for (const CacheEntry &entry : entries.value())
        byWorker.insert(entry.workerId, entry);
    QList<CacheRow> rows;
    for (const Worker &worker : targets.value()) {
        CacheRow row{worker, std::nullopt, true};
        if (byWorker.contains(worker.id))
            row.entry = byWorker.take(worker.id);
        rows.append(row);
    }
    const WorkerRepository workers(catalogue);
    for (const CacheEntry &entry : std::as_const(byWorker)) {
        if (const auto worker = workers.get(entry.workerId))
            rows.append(CacheRow{worker.value(), entry, false});
    }
    return rows;
}

QString statusText(const CacheRow &row)
{
    return row.entry ? workerCacheStatusName(row.entry->status) : u"not warmed"_s;
}

QJsonObject rowJson(const CacheRow &row)
{
    const std::optional<CacheEntry> &e = row.entry;
    return QJsonObject{
        {u"worker"_s, row.worker.name},
        {u"targeted"_s, row.targeted},
        {u"status"_s, e ? QJsonValue(workerCacheStatusName(e->status)) : QJsonValue()},
        {u"error"_s, e ? orNull(e->errorText) : QJsonValue()},
        {u"updated"_s, e ? QJsonValue(formatTime(e->updatedAt)) : QJsonValue()},
        {u"sha256"_s, e ? orNull(e->contentSha256) : QJsonValue()},
        {u"size"_s, e && e->contentSize ? QJsonValue(*e->contentSize) : QJsonValue()},
    };
}

void printRows(QTextStream &out, const QList<CacheRow> &rows)
{
    for (const CacheRow &row : rows) {
        const std::optional<CacheEntry> &e = row.entry;
        out << row.worker.name.leftJustified(20) << ' ' << statusText(row).leftJustified(10) << ' '
            << (e ? formatTime(e->updatedAt) : u"-"_s).leftJustified(20) << ' '
            << (e && !e->contentSha256.isEmpty() ? e->contentSha256.left(12) : u"-"_s).leftJustified(12);
        if (!row.targeted)
            out << " (no group targets it)";
        if (e && !e->errorText.isEmpty())
            out << ' ' << e->errorText;
        out << '\n';
    }
}

bool unsettledRow(const CacheRow &row)
{
    return row.entry && (row.entry->status == WorkerCacheStatus::Pending ||
                         row.entry->status == WorkerCacheStatus::Building);
}

} // namespace

int runWarm(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Warm a bake image on the workers of its availability groups and print what they answered:\n"
        "queued, ready, failed and skipped."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"failed"_s, QCoreApplication::translate("kilnctl", "Ask only the workers where it failed or was "
                                                             "evicted, or that were never asked.")},
        {u"wait"_s, QCoreApplication::translate("kilnctl", "Follow until no worker is pending or building.")},
        {u"timeout"_s, QCoreApplication::translate("kilnctl", "How long --wait waits (default 3600)."),
         u"SECONDS"_s},
    });
    parser.addPositionalArgument(u"image"_s, u"the bake image's name or id"_s);
    if (const int code = parseCommandLine(parser, arguments, u"warm"_s, io); code >= 0)
        return code;
    if (parser.positionalArguments().size() != 1) {
        io.err << "kilnctl warm: expected one argument, the bake image's name or id\n";
        return ExitUsage;
    }
    bool timeoutOk = true;
    const int timeoutSeconds =
        parser.isSet(u"timeout"_s) ? parser.value(u"timeout"_s).toInt(&timeoutOk) : 3600;
    if (!timeoutOk || timeoutSeconds <= 0) {
        io.err << "kilnctl warm: --timeout expects a number of seconds above 0\n";
        return ExitUsage;
    }
    const auto catalogue = openCatalogue(parser, u"warm"_s, io);
    if (!catalogue)
        return ExitUsage;
    const CommandContext ctx{parser, io, u"warm"_s, {}, parser.isSet(u"json"_s), catalogue.get()};
    const auto image = BakeImageRepository(*catalogue).find(parser.positionalArguments().at(0));
    if (!image)
        return ctx.fail(ExitInvalid, image.error().message);
    const auto targets = AvailabilityGroupRepository(*catalogue).targetsOfImage(image->id);
    if (!targets)
        return ctx.fail(ExitInvalid, targets.error().message);
    if (targets->isEmpty() && !ctx.json)
        io.out << "no availability group holds " << image->name << ", so warming does nothing "
               << "(kilnctl agroup add-image GROUP " << image->name << ")\n";

    const auto vault = openSecretVault(io, u"warm"_s);
    if (!vault)
        return ExitInvalid;
    WorkerThread thread(*catalogue, *vault);
    const auto summary =
        thread.warm(image->id, parser.isSet(u"failed"_s) ? WarmScope::FailedOnly : WarmScope::All);
    if (!summary)
        return ctx.fail(ExitInvalid, summary.error());
    if (!ctx.json)
        io.out << "warm " << image->name << ": queued " << summary->queued << ", ready " << summary->ready
               << ", failed " << summary->failed << ", skipped " << summary->skipped << '\n';
    int code = summary->failed > 0 ? ExitInvalid : ExitOk;
    QJsonObject json{{u"image"_s, image->name}, {u"summary"_s, summary->toJson()}};
    if (parser.isSet(u"wait"_s)) {
        // The service on the network thread polls the workers and writes the rows;
        // this thread reads them and prints each change.
        QHash<QString, QString> shown;
        QElapsedTimer clock;
        clock.start();
        for (;;) {
            const auto rows = cacheRows(*catalogue, image.value());
            if (!rows)
                return ctx.fail(ExitInvalid, rows.error());
            bool pending = false;
            for (const CacheRow &row : rows.value()) {
                const QString status = statusText(row);
                pending = pending || unsettledRow(row);
                if (!ctx.json && shown.value(row.worker.id) != status) {
                    io.out << row.worker.name << ": " << status
                           << (row.entry && !row.entry->errorText.isEmpty()
                                   ? u" ("_s + row.entry->errorText + u')'
                                   : QString())
                           << '\n';
                    io.out.flush();
                }
                shown.insert(row.worker.id, status);
            }
            if (!pending) {
                QJsonArray array;
                code = ExitOk;
                for (const CacheRow &row : rows.value()) {
                    array.append(rowJson(row));
                    if (row.targeted && (!row.entry || row.entry->status != WorkerCacheStatus::Ready))
                        code = ExitInvalid;
                }
                json.insert(u"workers"_s, array);
                break;
            }
            if (clock.elapsed() > qint64(timeoutSeconds) * 1000) {
                io.err << "kilnctl warm: still pending after " << timeoutSeconds << " s\n";
                return ExitInvalid;
            }
            QThread::msleep(200);
        }
    }
    if (ctx.json)
        printJson(io.out, json);
    return code;
}

int runCache(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Show where a bake image stands on each worker that targets it: status, updated time,\n"
                   "content checksum and the worker's error text."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument(u"image"_s, u"the bake image's name or id"_s);
    if (const int code = parseCommandLine(parser, arguments, u"cache"_s, io); code >= 0)
        return code;
    if (parser.positionalArguments().size() != 1) {
        io.err << "kilnctl cache: expected one argument, the bake image's name or id\n";
        return ExitUsage;
    }
    const auto catalogue = openCatalogue(parser, u"cache"_s, io);
    if (!catalogue)
        return ExitUsage;
    const CommandContext ctx{parser, io, u"cache"_s, {}, parser.isSet(u"json"_s), catalogue.get()};
    const auto image = BakeImageRepository(*catalogue).find(parser.positionalArguments().at(0));
    if (!image)
        return ctx.fail(ExitInvalid, image.error().message);
    const auto rows = cacheRows(*catalogue, image.value());
    if (!rows)
        return ctx.fail(ExitInvalid, rows.error());
    if (ctx.json) {
        QJsonArray array;
        for (const CacheRow &row : rows.value())
            array.append(rowJson(row));
        printJson(io.out, QJsonObject{{u"image"_s, image->name}, {u"workers"_s, array}});
        return ExitOk;
    }
    if (rows->isEmpty()) {
        io.out << "no availability group holds " << image->name << ", so no worker is asked to hold it "
               << "(kilnctl agroup add-image GROUP " << image->name << ")\n";
        return ExitOk;
    }
    WarmSummary counts;
    for (const CacheRow &row : rows.value()) {
        if (!row.entry)
            continue;
        switch (row.entry->status) {
        case WorkerCacheStatus::Pending:
        case WorkerCacheStatus::Building:
            ++counts.queued;
            break;
        case WorkerCacheStatus::Ready:
            ++counts.ready;
            break;
        case WorkerCacheStatus::Failed:
        case WorkerCacheStatus::Evicted:
            ++counts.failed;
            break;
        }
    }
    printRows(io.out, rows.value());
    io.out << rows->size() << " worker(s): " << counts.ready << " ready, " << counts.queued << " pending, "
           << counts.failed << " failed or evicted\n";
    return ExitOk;
}

} // namespace Kiln::Cli
