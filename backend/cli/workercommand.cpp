#include "workercommand.h"

#include "commandsupport.h"
#include "remote/workermonitor.h"
#include "secretcommand.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "workersupport.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Kiln::Cli {

using namespace Qt::StringLiterals;

namespace {

using Context = CommandContext;

template <typename T>
T waitFor(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

// The sizes of an action's positional arguments: the action itself counts.
bool expectArguments(Io io, const QString &group, const QString &action, const QStringList &positional,
                     int count, const QString &what)
{
    if (positional.size() == count)
        return true;
    io.err << "kilnctl " << group << ' ' << action << ": expected " << what << '\n';
    return false;
}

QJsonObject workerJson(const Worker &w)
{
    const auto optional = [](const std::optional<qint64> &v) { return v ? QJsonValue(*v) : QJsonValue(); };
    return QJsonObject{
        {u"id"_s, w.id},
        {u"name"_s, w.name},
        {u"url"_s, w.url},
        {u"caFile"_s, orNull(w.customCaFile)},
        {u"enabled"_s, w.enabled},
        {u"status"_s, w.status},
        {u"message"_s, orNull(w.statusMessage)},
        {u"lastSeen"_s, w.lastSeenAt ? QJsonValue(formatTime(*w.lastSeenAt)) : QJsonValue()},
        {u"version"_s, orNull(w.version)},
        {u"capacity"_s, optional(w.capacity)},
        {u"diskFreeBytes"_s, optional(w.diskFreeBytes)},
        {u"runningJobs"_s, optional(w.runningJobs)},
    };
}

void printWorker(QTextStream &out, const Worker &w)
{
    out << "name:       " << w.name << '\n'
        << "url:        " << w.url << '\n'
        << "status:     " << w.status
        << (w.statusMessage.isEmpty() ? QString() : u" ("_s + w.statusMessage + u')') << '\n';
    if (!w.version.isEmpty())
        out << "version:    " << w.version << '\n';
    if (w.capacity)
        out << "capacity:   " << *w.capacity << '\n';
    if (w.diskFreeBytes)
        out << "disk free:  " << *w.diskFreeBytes / (1024 * 1024) << " MiB\n";
    if (w.runningJobs)
        out << "running:    " << *w.runningJobs << '\n';
    if (w.lastSeenAt)
        out << "last seen:  " << formatTime(*w.lastSeenAt) << '\n';
    if (!w.enabled)
        out << "disabled\n";
}

int runAdd(const Context &ctx, const QString &name)
{
    if (!ctx.isSet(u"url"_s))
        return ctx.fail(ExitUsage, u"--url is required"_s);
    if (!ctx.isSet(u"token-stdin"_s))
        return ctx.fail(ExitUsage, u"--token-stdin is required: the token is read from standard input, never "
                                   "from the command line"_s);
    if (!ctx.io.in)
        return ctx.fail(ExitUsage, u"there is no standard input to read the token from"_s);
    const QByteArray token = ctx.io.in->readAll().trimmed().toUtf8();
    if (token.isEmpty())
        return ctx.fail(ExitInvalid, u"the token on standard input is empty"_s);
    Worker worker;
    worker.name = name;
    worker.url = ctx.value(u"url"_s);
    worker.customCaFile = ctx.value(u"ca-file"_s);
    worker.enabled = !ctx.isSet(u"disabled"_s);
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitInvalid;
    const auto added = waitFor(addWorker(*ctx.catalogue, *vault, worker, token));
    if (!added)
        return ctx.fail(ExitInvalid, added.error());
    if (ctx.json)
        printJson(ctx.io.out, workerJson(added.value()));
    else
        ctx.io.out << "added worker " << added->name << " (" << added->url << ")\n";
    return ExitOk;
}

int runList(const Context &ctx)
{
    const auto workers = WorkerRepository(*ctx.catalogue).list();
    if (!workers)
        return ctx.fail(ExitInvalid, workers.error().message);
    if (ctx.json) {
        QJsonArray array;
        for (const Worker &w : workers.value())
            array.append(workerJson(w));
        printJson(ctx.io.out, QJsonObject{{u"workers"_s, array}});
        return ExitOk;
    }
    if (workers->isEmpty()) {
        ctx.io.out << "no workers (kilnctl worker add NAME --url URL --token-stdin)\n";
        return ExitOk;
    }
    for (const Worker &w : workers.value())
        ctx.io.out << w.name.leftJustified(20) << ' ' << w.status.leftJustified(12) << ' '
                   << (w.version.isEmpty() ? u"-"_s : w.version).leftJustified(8) << ' '
                   << (w.lastSeenAt ? formatTime(*w.lastSeenAt) : u"never"_s).leftJustified(20) << ' '
                   << w.url << '\n';
    return ExitOk;
}

int runCheck(const Context &ctx, const Worker &worker)
{
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitInvalid;
    QByteArray token;
    if (!worker.tokenSecretId.isEmpty()) {
        const auto read = waitFor(workerToken(*ctx.catalogue, *vault, worker.id));
        if (!read)
            return ctx.fail(ExitInvalid, read.error());
        token = read.value();
    }
    WorkerThread thread(*ctx.catalogue, *vault);
    const auto info = thread.info(endpointFor(worker, token));
    const WorkerCheck check = workerCheckFrom(info, QDateTime::currentMSecsSinceEpoch());
    const WorkerRepository workers(*ctx.catalogue);
    if (const auto stored = workers.recordCheck(worker.id, check); !stored)
        return ctx.fail(ExitInvalid, stored.error().message);
    const auto updated = workers.get(worker.id);
    if (!updated)
        return ctx.fail(ExitInvalid, updated.error().message);
    if (ctx.json)
        printJson(ctx.io.out, workerJson(updated.value()));
    else
        printWorker(ctx.io.out, updated.value());
    return info ? ExitOk : ExitInvalid;
}

int runRemove(const Context &ctx, const Worker &worker)
{
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitInvalid;
    const auto removed = waitFor(removeWorker(*ctx.catalogue, *vault, worker.id));
    if (!removed)
        return ctx.fail(ExitInvalid, removed.error());
    if (ctx.json)
        printJson(ctx.io.out, QJsonObject{{u"removed"_s, worker.name}});
    else
        ctx.io.out << "removed worker " << worker.name << '\n';
    return ExitOk;
}

// ---- availability groups ------------------------------------------------------------------------

QJsonObject groupJson(const Catalogue &catalogue, const AvailabilityGroup &g)
{
    QJsonArray images;
    for (const QString &id : g.imageIds) {
        const auto image = BakeImageRepository(catalogue).get(id);
        images.append(image ? image->name : id);
    }
    QJsonArray workers;
    for (const QString &id : g.workerIds) {
        const auto worker = WorkerRepository(catalogue).get(id);
        workers.append(worker ? worker->name : id);
    }
    return QJsonObject{{u"id"_s, g.id},
                       {u"name"_s, g.name},
                       {u"description"_s, g.description},
                       {u"images"_s, images},
                       {u"workers"_s, workers},
                       {u"created"_s, formatTime(g.createdAt)},
                       {u"updated"_s, formatTime(g.updatedAt)}};
}

void printSummary(const Context &ctx, const QString &image, const Result<WarmSummary, QString> &summary)
{
    if (!summary) {
        ctx.io.err << "kilnctl " << ctx.command() << ": warming " << image << ": " << summary.error() << '\n';
        return;
    }
    if (ctx.json)
        return;
    ctx.io.out << "warm " << image << ": queued " << summary->queued << ", ready " << summary->ready
               << ", failed " << summary->failed << ", skipped " << summary->skipped << '\n';
}

int runGroupAction(const Context &ctx, const QStringList &positional)
{
    const AvailabilityGroupRepository groups(*ctx.catalogue);
    if (ctx.action == u"create") {
        AvailabilityGroup group;
        group.name = positional.at(1);
        group.description = ctx.value(u"description"_s);
        const auto created = groups.create(group);
        if (!created)
            return ctx.fail(ExitInvalid, created.error().message);
        if (ctx.json)
            printJson(ctx.io.out, groupJson(*ctx.catalogue, created.value()));
        else
            ctx.io.out << "created availability group " << created->name << '\n';
        return ExitOk;
    }
    if (ctx.action == u"list") {
        const auto listed = groups.list();
        if (!listed)
            return ctx.fail(ExitInvalid, listed.error().message);
        QJsonArray array;
        for (const AvailabilityGroup &g : listed.value())
            array.append(groupJson(*ctx.catalogue, g));
        if (ctx.json) {
            printJson(ctx.io.out, QJsonObject{{u"groups"_s, array}});
            return ExitOk;
        }
        if (listed->isEmpty())
            ctx.io.out << "no availability groups (kilnctl agroup create NAME)\n";
        for (const QJsonValue &g : std::as_const(array)) {
            const auto names = [](const QJsonArray &a) {
                QStringList out;
                for (const QJsonValue &v : a)
                    out.append(v.toString());
                return out.isEmpty() ? u"-"_s : out.join(u", "_s);
            };
            ctx.io.out << g[u"name"].toString().leftJustified(20)
                       << " images: " << names(g[u"images"].toArray())
                       << "; workers: " << names(g[u"workers"].toArray()) << '\n';
        }
        return ExitOk;
    }
    const auto group = groups.find(positional.at(1));
    if (!group)
        return ctx.fail(ExitInvalid, group.error().message);
    if (ctx.action == u"delete") {
        if (const auto removed = groups.remove(group->id); !removed)
            return ctx.fail(ExitInvalid, removed.error().message);
        if (!ctx.json)
            ctx.io.out << "deleted availability group " << group->name << '\n';
        else
            printJson(ctx.io.out, QJsonObject{{u"deleted"_s, group->name}});
        return ExitOk;
    }

    const bool image = ctx.action.endsWith(u"-image");
    const bool adding = ctx.action.startsWith(u"add-");
    QString memberId;
    QString memberName;
    if (image) {
        const auto found = BakeImageRepository(*ctx.catalogue).find(positional.at(2));
        if (!found)
            return ctx.fail(ExitInvalid, found.error().message);
        memberId = found->id;
        memberName = found->name;
    } else {
        const auto found = WorkerRepository(*ctx.catalogue).find(positional.at(2));
        if (!found)
            return ctx.fail(ExitInvalid, found.error().message);
        memberId = found->id;
        memberName = found->name;
    }
    const auto changed =
        image ? (adding ? groups.attachImage(group->id, memberId) : groups.detachImage(group->id, memberId))
              : (adding ? groups.addWorker(group->id, memberId) : groups.removeWorker(group->id, memberId));
    if (!changed)
        return ctx.fail(ExitInvalid, changed.error().message);
    if (!ctx.json)
        ctx.io.out << (changed.value() ? u""_s : u"already: "_s) << (adding ? u"added "_s : u"removed "_s)
                   << (image ? u"image "_s : u"worker "_s) << memberName << (adding ? u" to "_s : u" from "_s)
                   << group->name << '\n';
    if (!adding || ctx.isSet(u"no-warm"_s)) {
        if (ctx.json)
            printJson(ctx.io.out, QJsonObject{{u"group"_s, group->name}, {u"changed"_s, changed.value()}});
        return ExitOk;
    }

    // Adding an image warms it on the group's workers; adding a worker warms every
    // image of the group on it.
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitInvalid;
    WorkerThread thread(*ctx.catalogue, *vault);
    QJsonObject warms;
    int code = ExitOk;
    const auto updated = groups.get(group->id);
    if (!updated)
        return ctx.fail(ExitInvalid, updated.error().message);
    const QStringList images = image ? QStringList{memberId} : updated->imageIds;
    for (const QString &imageId : images) {
        const auto summary =
            thread.warm(imageId, WarmScope::All, image ? updated->workerIds : QStringList{memberId});
        const auto bakeImage = BakeImageRepository(*ctx.catalogue).get(imageId);
        const QString name = bakeImage ? bakeImage->name : imageId;
        printSummary(ctx, name, summary);
        if (!summary)
            code = ExitInvalid;
        else
            warms.insert(name, summary->toJson());
    }
    if (ctx.json)
        printJson(
            ctx.io.out,
            QJsonObject{{u"group"_s, group->name}, {u"changed"_s, changed.value()}, {u"warm"_s, warms}});
    // The PUTs are answered; what the workers do next shows in kilnctl cache IMAGE.
    thread.waitIdle(0);
    return code;
}

} // namespace

int runWorker(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Add, list, check and remove the kiln-worker daemons that hold baked images."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"url"_s, QCoreApplication::translate("kilnctl", "The worker's address, https://HOST:PORT (add)."),
         u"URL"_s},
        {u"token-stdin"_s,
         QCoreApplication::translate("kilnctl", "Read the worker's token from standard input (add).")},
        {u"ca-file"_s,
         QCoreApplication::translate("kilnctl", "A PEM file of CAs to trust for this worker besides the "
                                                "system's (add)."),
         u"PATH"_s},
        {u"disabled"_s,
         QCoreApplication::translate("kilnctl", "Add it disabled: neither polled nor warmed.")},
    });
    parser.addPositionalArgument(u"action"_s, u"add NAME | list | check WORKER | rm WORKER"_s);
    if (const int code = parseCommandLine(parser, arguments, u"worker"_s, io); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    if (action == u"add")
        allowed += QSet<QString>{u"url"_s, u"token-stdin"_s, u"ca-file"_s, u"disabled"_s};
    else if (action != u"list" && action != u"check" && action != u"rm") {
        io.err << "kilnctl worker: expected add, list, check or rm\n";
        return ExitUsage;
    }
    if (!expectArguments(io, u"worker"_s, action, positional, action == u"list" ? 1 : 2,
                         action == u"list"  ? u"no arguments"_s
                         : action == u"add" ? u"one argument, the worker's name"_s
                                            : u"one argument, the worker's name or id"_s))
        return ExitUsage;
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"worker"_s, action, option);

    const auto catalogue = openCatalogue(parser, u"worker "_s + action, io);
    if (!catalogue)
        return ExitUsage;
    const Context ctx{parser, io, u"worker"_s, action, parser.isSet(u"json"_s), catalogue.get()};
    if (action == u"add")
        return runAdd(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    const auto worker = WorkerRepository(*catalogue).find(positional.at(1));
    if (!worker)
        return ctx.fail(ExitInvalid, worker.error().message);
    return action == u"check" ? runCheck(ctx, worker.value()) : runRemove(ctx, worker.value());
}

int runAvailabilityGroup(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Manage availability groups: the workers that hold the same baked images. Adding an\n"
                   "image warms it on the group's workers; adding a worker warms the group's images on it."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"description"_s, QCoreApplication::translate("kilnctl", "A description (create)."), u"TEXT"_s},
        {u"no-warm"_s,
         QCoreApplication::translate("kilnctl", "Do not warm what was added (add-image, add-worker).")},
    });
    parser.addPositionalArgument(u"action"_s, u"create NAME | list | delete GROUP | add-image GROUP IMAGE | "
                                              "add-worker GROUP WORKER | rm-image GROUP IMAGE | "
                                              "rm-worker GROUP WORKER"_s);
    if (const int code = parseCommandLine(parser, arguments, u"agroup"_s, io); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    static const QStringList kMembers{u"add-image"_s, u"add-worker"_s, u"rm-image"_s, u"rm-worker"_s};
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    int count = 2;
    if (action == u"create")
        allowed.insert(u"description"_s);
    else if (action == u"list")
        count = 1;
    else if (kMembers.contains(action)) {
        count = 3;
        if (action.startsWith(u"add-"))
            allowed.insert(u"no-warm"_s);
    } else if (action != u"delete") {
        io.err << "kilnctl agroup: expected create, list, delete, add-image, add-worker, rm-image or "
                  "rm-worker\n";
        return ExitUsage;
    }
    if (!expectArguments(io, u"agroup"_s, action, positional, count,
                         count == 1   ? u"no arguments"_s
                         : count == 2 ? u"one argument, the group's name"_s
                                      : u"two arguments, the group and the "_s +
                                            (action.endsWith(u"-image") ? u"image"_s : u"worker"_s)))
        return ExitUsage;
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"agroup"_s, action, option);
    const auto catalogue = openCatalogue(parser, u"agroup "_s + action, io);
    if (!catalogue)
        return ExitUsage;
    const Context ctx{parser, io, u"agroup"_s, action, parser.isSet(u"json"_s), catalogue.get()};
    return runGroupAction(ctx, positional);
}

} // namespace Kiln::Cli
