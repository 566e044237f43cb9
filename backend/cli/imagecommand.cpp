#include "imagecommand.h"

#include "bake/buildqueue.h"
#include "bake/imagebuilds.h"
#include "bakeimagecommand.h"
#include "buildcommand.h"
#include "commandsupport.h"
#include "domain/imagereference.h"
#include "domain/names.h"
#include "domain/packagelist.h"
#include "store/catalogue.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"
#include "store/secretrepository.h"
#include "store/specrepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QSet>

namespace Kiln::Cli {

using namespace Qt::StringLiterals;

namespace {

using Context = CommandContext;

QStringList groupNames(const Catalogue &catalogue, const QStringList &ids)
{
    QStringList names;
    for (const QString &id : ids)
        names.append(groupName(catalogue, id));
    names.sort();
    return names;
}

QString specName(const Catalogue &catalogue, const QString &id)
{
    if (id.isEmpty())
        return {};
    const auto spec = SpecRepository(catalogue).get(id);
    return spec ? spec->name : id;
}

// ready, building, build failed, not built or deactivated; the latest jobs of the
// images' specs come from `latest`.
QString status(const ManagedImage &image, const QHash<QString, BuildJob> &latest)
{
    if (image.deactivated)
        return u"deactivated"_s;
    if (!image.specId.isEmpty() && latest.contains(image.specId)) {
        const JobStatus job = latest.value(image.specId).status;
        if (job == JobStatus::Queued || job == JobStatus::Running)
            return u"building"_s;
        if (image.url.isEmpty() && job != JobStatus::Succeeded)
            return u"build failed"_s;
    }
    return image.url.isEmpty() ? u"not built"_s : u"ready"_s;
}

QHash<QString, BuildJob> latestJobs(const Catalogue &catalogue, const QList<ManagedImage> &images)
{
    QStringList specIds;
    for (const ManagedImage &image : images) {
        if (!image.specId.isEmpty())
            specIds.append(image.specId);
    }
    if (specIds.isEmpty())
        return {};
    auto latest = JobRepository(catalogue).latestPerSpec(specIds);
    return latest ? latest.value() : QHash<QString, BuildJob>{};
}

QString access(const Catalogue &catalogue, const ManagedImage &image)
{
    if (image.global)
        return u"global"_s;
    if (image.groupIds.isEmpty())
        return u"none"_s;
    if (image.groupIds.size() <= 2)
        return groupNames(catalogue, image.groupIds).join(u','); // short enough to name
    return u"%1 groups"_s.arg(image.groupIds.size());
}

QJsonObject imageJsonWithStatus(const Catalogue &catalogue, const ManagedImage &image, const QString &state)
{
    QList<std::pair<QString, QString>> named; // name, id: listed by name
    for (const QString &id : image.groupIds)
        named.append({groupName(catalogue, id), id});
    std::sort(named.begin(), named.end());
    QJsonArray groups;
    for (const auto &[name, id] : std::as_const(named))
        groups.append(QJsonObject{{u"id"_s, id}, {u"name"_s, name}});
    return QJsonObject{
        {u"id"_s, image.id},
        {u"name"_s, image.name},
        {u"displayName"_s, image.displayName},
        {u"description"_s, image.description},
        {u"type"_s, imageTypeName(image.type)},
        {u"url"_s, image.url},
        {u"gpuUrl"_s, orNull(image.gpuUrl)},
        {u"pullSecret"_s, reference(image.pullSecretId, secretName(catalogue, image.pullSecretId))},
        {u"global"_s, image.global},
        {u"groups"_s, groups},
        {u"frozen"_s, image.frozen},
        {u"parent"_s, reference(image.parentId, managedImageName(catalogue, image.parentId))},
        {u"distro"_s, image.distro},
        {u"system"_s, image.system},
        {u"deactivated"_s, image.deactivated},
        {u"spec"_s, reference(image.specId, specName(catalogue, image.specId))},
        {u"status"_s, state},
        {u"created"_s, formatTime(image.createdAt)},
        {u"updated"_s, formatTime(image.updatedAt)},
    };
}

int frozenRefusal(const Context &ctx, const ManagedImage &image)
{
    return ctx.fail(ExitInvalid,
                    u"image %1 is frozen: unfreeze it first (kilnctl image unfreeze %1)"_s.arg(image.name));
}

// The option's image reference, or the option and column where it goes wrong.
std::optional<QString> checkReference(const Context &ctx, const QString &option, QString *why)
{
    const QString text = ctx.value(option).trimmed();
    const auto parsed = parseImageReference(text);
    if (!parsed) {
        *why = u"--"_s + option + u", column "_s + QString::number(parsed.error().column) + u": "_s +
               parsed.error().message;
        return std::nullopt;
    }
    return text;
}

// Applies the options add and edit share to `image`. Returns an exit code on failure.
std::optional<int> applyOptions(const Context &ctx, ManagedImage &image)
{
    if (ctx.isSet(u"global"_s) && ctx.isSet(u"no-global"_s))
        return ctx.fail(ExitUsage, u"--global and --no-global cannot be combined"_s);
    if (ctx.isSet(u"gpu-url"_s) && ctx.isSet(u"clear-gpu-url"_s))
        return ctx.fail(ExitUsage, u"--gpu-url and --clear-gpu-url cannot be combined"_s);
    if (ctx.isSet(u"system"_s) && ctx.isSet(u"no-system"_s))
        return ctx.fail(ExitUsage, u"--system and --no-system cannot be combined"_s);
    if (ctx.isSet(u"activate"_s) && ctx.isSet(u"deactivate"_s))
        return ctx.fail(ExitUsage, u"--activate and --deactivate cannot be combined"_s);
    if (ctx.isSet(u"type"_s)) {
        const auto type = imageTypeFromName(ctx.value(u"type"_s));
        if (!type)
            return ctx.fail(ExitUsage,
                            u"--type expects cpu, gpu or universal, not "_s + quoted(ctx.value(u"type"_s)));
        image.type = *type;
    }
    if (ctx.isSet(u"display-name"_s)) {
        if (ctx.value(u"display-name"_s).trimmed().isEmpty())
            return ctx.fail(ExitInvalid, u"--display-name: the display name cannot be empty"_s);
        image.displayName = ctx.value(u"display-name"_s);
    }
    QString why;
    if (ctx.isSet(u"url"_s)) {
        const auto url = checkReference(ctx, u"url"_s, &why);
        if (!url)
            return ctx.fail(ExitInvalid, why);
        image.url = *url;
    }
    if (ctx.isSet(u"gpu-url"_s)) {
        const auto url = checkReference(ctx, u"gpu-url"_s, &why);
        if (!url)
            return ctx.fail(ExitInvalid, why);
        image.gpuUrl = *url;
    }
    if (ctx.isSet(u"clear-gpu-url"_s))
        image.gpuUrl.clear();
    if (!image.gpuUrl.isEmpty() && image.type != ImageType::Universal) {
        return ctx.fail(ExitInvalid,
                        u"--gpu-url: only universal images have a GPU-specific URL; %1 is a %2 image"_s.arg(
                            quoted(image.name), imageTypeName(image.type)));
    }
    if (ctx.isSet(u"description"_s))
        image.description = ctx.value(u"description"_s);
    if (ctx.isSet(u"distro"_s))
        image.distro = ctx.value(u"distro"_s);
    if (ctx.isSet(u"system"_s) || ctx.isSet(u"no-system"_s))
        image.system = ctx.isSet(u"system"_s);
    if (ctx.isSet(u"activate"_s) || ctx.isSet(u"deactivate"_s))
        image.deactivated = ctx.isSet(u"deactivate"_s);
    if (ctx.isSet(u"pull-secret"_s)) {
        const QString wanted = ctx.value(u"pull-secret"_s);
        image.pullSecretId.clear();
        if (!wanted.isEmpty()) {
            const auto secret = SecretRepository(*ctx.catalogue).find(wanted);
            if (!secret)
                return ctx.fail(ExitInvalid, u"--pull-secret: "_s + secret.error().message);
            image.pullSecretId = secret->id;
        }
    }
    if (ctx.isSet(u"parent"_s)) {
        const QString wanted = ctx.value(u"parent"_s);
        image.parentId.clear();
        if (!wanted.isEmpty()) {
            const auto parent = ImageRepository(*ctx.catalogue).find(wanted);
            if (!parent)
                return ctx.fail(ExitInvalid, u"--parent: "_s + parent.error().message);
            image.parentId = parent->id;
        }
    }
    if (ctx.isSet(u"global"_s) || ctx.isSet(u"no-global"_s))
        image.global = ctx.isSet(u"global"_s);
    if (ctx.isSet(u"clear-groups"_s))
        image.groupIds.clear();
    for (const QString &wanted : ctx.parser.values(u"group"_s)) {
        const auto group = GroupRepository(*ctx.catalogue).find(wanted);
        if (!group)
            return ctx.fail(ExitInvalid, u"--group: "_s + group.error().message);
        if (!image.groupIds.contains(group->id))
            image.groupIds.append(group->id);
    }
    return std::nullopt;
}

int print(const Context &ctx, const ManagedImage &image, const QString &verb, const BuildJob *job = nullptr)
{
    if (ctx.json) {
        QJsonObject object = imageJson(*ctx.catalogue, image);
        object.insert(u"result"_s, verb);
        if (job)
            object.insert(u"job"_s, QJsonObject{{u"id"_s, job->id}, {u"targetImage"_s, job->targetImage}});
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << verb << " image " << image.name << '\n';
        if (job)
            ctx.io.out << "Queued job " << job->id << " for " << job->targetImage << '\n';
    }
    return ExitOk;
}

// Queues the build of the spec (as 'kilnctl build' does) and starts a detached
// builder. The reason when it cannot be queued.
Result<BuildJob, QString> queueBuild(const Context &ctx, const QString &specId)
{
    const auto queued = BuildQueue(*ctx.catalogue).enqueueSpec(specId, false);
    if (!queued)
        return queued.error().message;
    QString why;
    if (!startDetachedRunner(ctx.parser, *ctx.catalogue, &why))
        ctx.io.err << "kilnctl image " << ctx.action << ": could not start a builder (" << why
                   << "); 'kilnctl queue run --until-idle' or Kiln builds it.\n";
    return queued->job;
}

// The packages of --apt/--conda/--pip and --packages-file KIND=PATH, in that order.
std::optional<int> readPackages(const Context &ctx, SpecDraft &draft)
{
    draft.apt = ctx.parser.values(u"apt"_s);
    draft.conda = ctx.parser.values(u"conda"_s);
    draft.pip = ctx.parser.values(u"pip"_s);
    for (const QString &value : ctx.parser.values(u"packages-file"_s)) {
        const qsizetype equals = value.indexOf(u'=');
        const QString kind = equals < 0 ? QString() : value.left(equals);
        const QString path = equals < 0 ? QString() : value.mid(equals + 1);
        QStringList *list = kind == u"apt"     ? &draft.apt
                            : kind == u"conda" ? &draft.conda
                            : kind == u"pip"   ? &draft.pip
                                               : nullptr;
        if (!list || path.isEmpty())
            return ctx.fail(ExitUsage,
                            u"--packages-file expects KIND=PATH with KIND apt, conda or pip, not "_s +
                                quoted(value));
        QString text;
        if (path == u"-") {
            if (!ctx.io.in)
                return ctx.fail(ExitUsage, u"there is no standard input to read packages from"_s);
            text = ctx.io.in->readAll();
        } else {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return ctx.fail(ExitUsage, u"cannot read "_s + path + u": "_s + file.errorString());
            text = QString::fromUtf8(file.readAll());
        }
        for (const ListLine &line : splitListLines(text))
            list->append(line.text.toString());
    }
    return std::nullopt;
}

int runAdd(const Context &ctx, const QString &displayName)
{
    const bool build = ctx.isSet(u"build"_s);
    if (!ctx.isSet(u"type"_s))
        return ctx.fail(ExitUsage, u"--type cpu|gpu|universal is required"_s);
    if (build == ctx.isSet(u"url"_s))
        return ctx.fail(ExitUsage, u"give either --url REF (an existing image) or --build --base REF"_s);
    if (build && ctx.isSet(u"gpu-url"_s))
        return ctx.fail(ExitUsage, u"--gpu-url applies to --url only; a build fills it in"_s);
    if (build && !ctx.isSet(u"base"_s))
        return ctx.fail(ExitUsage, u"--build needs --base REF"_s);
    if (!build) {
        for (const QString &option : {u"base"_s, u"apt"_s, u"conda"_s, u"pip"_s, u"packages-file"_s}) {
            if (ctx.isSet(option))
                return ctx.fail(ExitUsage, u"--%1 applies to --build only"_s.arg(option));
        }
    }
    if (ctx.isSet(u"global"_s) && ctx.isSet(u"group"_s))
        return ctx.fail(ExitUsage,
                        u"--global and --group cannot be combined: a global image is for every group"_s);

    ManagedImage image;
    image.displayName = displayName;
    const auto name = deriveImageName(displayName);
    if (!name) {
        ValidationError error = name.error();
        error.field = u"display name"_s;
        return ctx.fail(ExitInvalid, error.describe());
    }
    image.name = name.value();
    if (auto failed = applyOptions(ctx, image))
        return *failed;

    if (!build) {
        const auto created = ImageRepository(*ctx.catalogue).create(image);
        if (!created)
            return ctx.fail(ExitInvalid, created.error().message);
        return print(ctx, created.value(), u"created"_s);
    }

    SpecDraft draft;
    draft.baseImage = ctx.value(u"base"_s);
    draft.pullSecretRef = secretName(*ctx.catalogue, image.pullSecretId);
    if (auto failed = readPackages(ctx, draft))
        return *failed;
    const auto created = createCustomImage(*ctx.catalogue, image, draft);
    if (!created) {
        const SpecSaveError &error = created.error();
        QString message = error.message();
        if (error.invalid && error.invalid->field == u"Base image")
            message = u"--base, "_s + message;
        return ctx.fail(ExitInvalid, message);
    }
    const ManagedImage &stored = created->image;
    const auto job = queueBuild(ctx, stored.specId);
    if (!job) {
        print(ctx, stored, u"created"_s);
        return ctx.fail(
            ExitInvalid,
            u"image %1 was created, but its build was not queued: %2 Then run 'kilnctl build %1'."_s.arg(
                stored.name, job.error()));
    }
    return print(ctx, stored, u"created"_s, &job.value());
}

// edit --base/--apt/--conda/--pip/--packages-file: a new revision of the image's
// spec (the lists not given are kept), built when it differs.
std::optional<int> editSpec(const Context &ctx, const ManagedImage &image, bool *changed)
{
    const SpecRepository specs(*ctx.catalogue);
    const auto spec = specs.get(image.specId);
    const auto revision = spec ? specs.revision(spec->currentRevisionId) : spec.error();
    if (!revision)
        return ctx.fail(ExitInvalid, revision.error().message);
    SpecDraft draft = draftOf(revision->content);
    SpecDraft given;
    if (auto failed = readPackages(ctx, given))
        return failed;
    const auto isGiven = [&ctx](const QString &kind) {
        if (ctx.isSet(kind))
            return true;
        const QStringList files = ctx.parser.values(u"packages-file"_s);
        return std::any_of(files.cbegin(), files.cend(),
                           [&kind](const QString &file) { return file.startsWith(kind + u'='); });
    };
    if (ctx.isSet(u"base"_s))
        draft.baseImage = ctx.value(u"base"_s);
    if (isGiven(u"apt"_s))
        draft.apt = given.apt;
    if (isGiven(u"conda"_s))
        draft.conda = given.conda;
    if (isGiven(u"pip"_s))
        draft.pip = given.pip;
    if (ctx.isSet(u"pull-secret"_s))
        draft.pullSecretRef = secretName(*ctx.catalogue, image.pullSecretId);
    const auto saved = saveSpec(*ctx.catalogue, image.specId, {}, draft);
    if (!saved)
        return ctx.fail(ExitInvalid, saved.error().message());
    *changed = saved->kind != SpecSaveKind::Unchanged;
    return std::nullopt;
}

int runEdit(const Context &ctx, const QString &idOrName)
{
    const ImageRepository images(*ctx.catalogue);
    const auto current = images.find(idOrName);
    if (!current)
        return ctx.fail(ExitInvalid, current.error().message);
    if (current->frozen)
        return frozenRefusal(ctx, current.value());
    ManagedImage image = current.value();
    if (auto failed = applyOptions(ctx, image))
        return *failed;
    if (image.global && ctx.isSet(u"group"_s) && !ctx.isSet(u"no-global"_s))
        return ctx.fail(ExitUsage,
                        u"image %1 is global: add --no-global to grant it to groups only"_s.arg(image.name));
    const QStringList specOptions{u"base"_s, u"apt"_s, u"conda"_s, u"pip"_s, u"packages-file"_s};
    const bool editsSpec = std::any_of(specOptions.cbegin(), specOptions.cend(),
                                       [&ctx](const QString &option) { return ctx.isSet(option); });
    if (editsSpec && image.specId.isEmpty())
        return ctx.fail(ExitInvalid, u"image %1 is not built from a spec: --base and the packages apply to "
                                     "images added with --build"_s.arg(image.name));
    bool rebuild = false;
    if (editsSpec) {
        if (auto failed = editSpec(ctx, image, &rebuild))
            return *failed;
    }
    const auto saved = images.update(image);
    if (!saved)
        return ctx.fail(ExitInvalid, saved.error().message);
    if (!rebuild)
        return print(ctx, saved.value(), u"changed"_s);
    const auto job = queueBuild(ctx, image.specId);
    if (!job) {
        print(ctx, saved.value(), u"changed"_s);
        return ctx.fail(ExitInvalid,
                        u"the build of image %1 was not queued: %2 Then run 'kilnctl build %1'."_s.arg(
                            image.name, job.error()));
    }
    return print(ctx, saved.value(), u"changed"_s, &job.value());
}

int runShow(const Context &ctx, const QString &idOrName)
{
    const auto found = ImageRepository(*ctx.catalogue).find(idOrName);
    if (!found)
        return ctx.fail(ExitInvalid, found.error().message);
    const ManagedImage &i = found.value();
    const QString state = status(i, latestJobs(*ctx.catalogue, {i}));
    if (ctx.json) {
        printJson(ctx.io.out, imageJsonWithStatus(*ctx.catalogue, i, state));
        return ExitOk;
    }
    const auto yesNo = [](bool value) { return value ? u"yes"_s : u"no"_s; };
    const auto orNone = [](const QString &text) { return text.isEmpty() ? u"(none)"_s : text; };
    QTextStream &out = ctx.io.out;
    out << "name:         " << i.name << '\n';
    out << "display name: " << i.displayName << '\n';
    out << "id:           " << i.id << '\n';
    out << "description:  " << orNone(i.description) << '\n';
    out << "type:         " << imageTypeName(i.type) << '\n';
    out << "url:          " << orNone(i.url) << '\n';
    if (i.type == ImageType::Universal)
        out << "gpu url:      " << (i.gpuUrl.isEmpty() ? u"(same URL)"_s : i.gpuUrl) << '\n';
    out << "pull secret:  " << orNone(secretName(*ctx.catalogue, i.pullSecretId)) << '\n';
    out << "access:       "
        << (i.global ? u"global"_s : orNone(groupNames(*ctx.catalogue, i.groupIds).join(u", "_s))) << '\n';
    if (i.global && !i.groupIds.isEmpty())
        out << "groups:       " << groupNames(*ctx.catalogue, i.groupIds).join(u", "_s) << '\n';
    out << "status:       " << state << '\n';
    out << "frozen:       " << yesNo(i.frozen) << '\n';
    out << "parent:       " << orNone(managedImageName(*ctx.catalogue, i.parentId)) << '\n';
    out << "distro:       " << orNone(i.distro) << '\n';
    out << "system:       " << yesNo(i.system) << '\n';
    out << "spec:         " << orNone(specName(*ctx.catalogue, i.specId)) << '\n';
    out << "created:      " << formatTime(i.createdAt) << '\n';
    out << "updated:      " << formatTime(i.updatedAt) << '\n';
    return ExitOk;
}

int runList(const Context &ctx)
{
    std::optional<ImageType> type;
    if (ctx.isSet(u"type"_s)) {
        type = imageTypeFromName(ctx.value(u"type"_s));
        if (!type)
            return ctx.fail(ExitUsage,
                            u"--type expects cpu, gpu or universal, not "_s + quoted(ctx.value(u"type"_s)));
    }
    ImageListQuery query;
    query.nameContains = ctx.value(u"filter"_s);
    query.includeDeactivated = !ctx.isSet(u"hide-deactivated"_s);
    const auto all = ImageRepository(*ctx.catalogue).list(query);
    if (!all)
        return ctx.fail(ExitInvalid, all.error().message);
    QList<ManagedImage> images;
    for (const ManagedImage &image : all.value()) {
        if (!type || image.type == *type)
            images.append(image);
    }
    if (ctx.json) {
        QJsonArray array;
        const auto latest = latestJobs(*ctx.catalogue, images);
        for (const ManagedImage &image : std::as_const(images))
            array.append(imageJsonWithStatus(*ctx.catalogue, image, status(image, latest)));
        printJson(ctx.io.out, QJsonObject{{u"images"_s, array}});
        return ExitOk;
    }
    printImageTable(ctx.io.out, *ctx.catalogue, images);
    return ExitOk;
}

int runDelete(const Context &ctx, const QString &idOrName)
{
    const ImageRepository images(*ctx.catalogue);
    const auto image = images.find(idOrName);
    if (!image)
        return ctx.fail(ExitInvalid, image.error().message);
    if (image->frozen)
        return frozenRefusal(ctx, image.value());
    const QStringList groups = groupNames(*ctx.catalogue, image->groupIds);
    QString losing;
    if (image->global)
        losing = u"every group loses access to it (it is global)"_s;
    else if (groups.isEmpty())
        losing = u"no group has access to it"_s;
    else
        losing = u"the groups %1 lose access to it"_s.arg(groups.join(u", "_s));
    if (!ctx.isSet(u"yes"_s))
        return ctx.fail(ExitInvalid,
                        u"deleting image %1: %2; add --yes to delete it"_s.arg(image->name, losing));
    const auto removed = images.remove(image->id);
    if (!removed) {
        if (removed.error().code == StoreError::Code::Frozen)
            return frozenRefusal(ctx, image.value());
        return ctx.fail(ExitInvalid, removed.error().message);
    }
    if (ctx.json) {
        QJsonObject object = imageJson(*ctx.catalogue, image.value());
        object.insert(u"result"_s, u"deleted"_s);
        object.insert(u"groupsLosingAccess"_s, QJsonArray::fromStringList(groups));
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << "deleted image " << image->name << "; " << losing << '\n';
    }
    return ExitOk;
}

int runFreeze(const Context &ctx, const QString &idOrName, bool frozen)
{
    const ImageRepository images(*ctx.catalogue);
    const auto image = images.find(idOrName);
    if (!image)
        return ctx.fail(ExitInvalid, image.error().message);
    const auto changed = images.setFrozen(image->id, frozen);
    if (!changed)
        return ctx.fail(ExitInvalid, changed.error().message);
    return print(ctx, changed.value(), frozen ? u"froze"_s : u"unfroze"_s);
}

} // namespace

QJsonObject imageJson(const Catalogue &catalogue, const ManagedImage &image)
{
    return imageJsonWithStatus(catalogue, image, status(image, latestJobs(catalogue, {image})));
}

void printImageTable(QTextStream &out, const Catalogue &catalogue, const QList<ManagedImage> &images)
{
    const auto latest = latestJobs(catalogue, images);
    const QStringList headers{u"NAME"_s, u"DISPLAY"_s, u"TYPE"_s, u"URL"_s, u"ACCESS"_s, u"STATUS"_s};
    QList<QStringList> rows;
    for (const ManagedImage &image : images) {
        QString state = status(image, latest);
        if (image.frozen)
            state += u" (frozen)"_s;
        rows.append({image.name, image.displayName, imageTypeName(image.type),
                     image.url.isEmpty() ? u"-"_s : image.url, access(catalogue, image), state});
    }
    QList<qsizetype> widths;
    for (const QString &header : headers)
        widths.append(header.size());
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    const auto line = [&](const QStringList &cells) {
        QString text;
        for (qsizetype c = 0; c < cells.size(); ++c)
            text += c + 1 == cells.size() ? cells.at(c) : cells.at(c).leftJustified(widths[c]) + u"  "_s;
        out << text << '\n';
    };
    line(headers);
    for (const QStringList &row : std::as_const(rows))
        line(row);
}

int runImage(const QStringList &arguments, Io io)
{
    // Bake images: register, deactivate, reactivate, list --baked, show (bakeimagecommand.h).
    if (const int code = runBakeImageAction(arguments, io); code >= 0)
        return code;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Add, change, show, list, freeze and delete the managed images users may run.\n"
        "An image is addressed by its name (derived from the display name) or its id. It is either an\n"
        "existing image (--url) or built from a spec of the same name (--build), whose successful\n"
        "builds fill in its URL. A frozen image refuses every change until it is unfrozen.\n"
        "Bake images (ext4): register, list --baked, show, deactivate, reactivate (see 'image register "
        "--help')."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"type"_s,
         QCoreApplication::translate("kilnctl", "cpu, gpu or universal (add, edit; list: only that type)."),
         u"TYPE"_s},
        {u"url"_s, QCoreApplication::translate("kilnctl", "The container image reference (add, edit)."),
         u"REF"_s},
        {u"gpu-url"_s,
         QCoreApplication::translate("kilnctl",
                                     "A GPU-specific reference, universal images only (add, edit)."),
         u"REF"_s},
        {u"clear-gpu-url"_s,
         QCoreApplication::translate("kilnctl", "Use the same URL on GPUs again (edit).")},
        {u"build"_s,
         QCoreApplication::translate(
             "kilnctl", "Build the image from a spec of the same name and queue its build (add).")},
        {u"base"_s,
         QCoreApplication::translate(
             "kilnctl", "The base image of the build (add --build; edit: a new revision, built)."),
         u"REF"_s},
        {u"apt"_s,
         QCoreApplication::translate(
             "kilnctl", "An APT package; repeat for more (add --build; edit: a new revision, built)."),
         u"PKG"_s},
        {u"conda"_s,
         QCoreApplication::translate(
             "kilnctl", "A Conda MatchSpec; repeat for more (add --build; edit: a new revision, built)."),
         u"SPEC"_s},
        {u"pip"_s,
         QCoreApplication::translate(
             "kilnctl", "A Pip requirement; repeat for more (add --build; edit: a new revision, built)."),
         u"REQ"_s},
        {u"packages-file"_s,
         QCoreApplication::translate(
             "kilnctl", "Read KIND (apt, conda or pip) packages from PATH, '-' for standard input."),
         u"KIND=PATH"_s},
        {u"display-name"_s,
         QCoreApplication::translate("kilnctl", "The new display name; the name does not change (edit)."),
         u"TEXT"_s},
        {u"description"_s, QCoreApplication::translate("kilnctl", "A description (add, edit)."), u"TEXT"_s},
        {u"pull-secret"_s,
         QCoreApplication::translate("kilnctl", "The pull secret, by name or id; empty: none (add, edit)."),
         u"SECRET"_s},
        {u"global"_s, QCoreApplication::translate("kilnctl", "Every group may use it (add, edit).")},
        {u"no-global"_s,
         QCoreApplication::translate("kilnctl", "Only the granted groups may use it (edit).")},
        {u"group"_s,
         QCoreApplication::translate("kilnctl", "Grant it to group G; repeat for more (add, edit)."), u"G"_s},
        {u"clear-groups"_s,
         QCoreApplication::translate("kilnctl", "Revoke every group's grant first (edit).")},
        {u"parent"_s,
         QCoreApplication::translate(
             "kilnctl", "The image it was derived from, by name or id; empty: none (add, edit)."),
         u"IMAGE"_s},
        {u"distro"_s, QCoreApplication::translate("kilnctl", "The distribution, free text (add, edit)."),
         u"TEXT"_s},
        {u"system"_s, QCoreApplication::translate("kilnctl", "Mark it as a system image (add, edit).")},
        {u"no-system"_s, QCoreApplication::translate("kilnctl", "Not a system image (edit).")},
        {u"deactivate"_s, QCoreApplication::translate("kilnctl", "Nothing new may start from it (edit).")},
        {u"activate"_s, QCoreApplication::translate("kilnctl", "Active again (edit).")},
        {u"filter"_s,
         QCoreApplication::translate("kilnctl",
                                     "Only images whose name or display name contains TEXT (list)."),
         u"TEXT"_s},
        {u"hide-deactivated"_s,
         QCoreApplication::translate("kilnctl", "Leave out deactivated images (list).")},
        {u"yes"_s, QCoreApplication::translate("kilnctl", "Really delete (delete).")},
    });
    addStorageOptions(parser);
    parser.addPositionalArgument(u"action"_s, u"add DISPLAY-NAME | edit NAME|ID | show NAME|ID | list | "
                                              "delete NAME|ID | freeze NAME|ID | unfreeze NAME|ID"_s);
    if (const int code = parseCommandLine(parser, arguments, u"image"_s, io); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    static const QSet<QString> kImageOptions{u"type"_s,        u"url"_s,    u"gpu-url"_s, u"description"_s,
                                             u"pull-secret"_s, u"global"_s, u"group"_s,   u"parent"_s,
                                             u"distro"_s,      u"system"_s};
    static const QSet<QString> kBuildOptions{
        u"build"_s,         u"base"_s,         u"apt"_s,      u"conda"_s,          u"pip"_s,
        u"packages-file"_s, u"storage-root"_s, u"run-root"_s, u"storage-driver"_s, u"isolation"_s};
    static const QSet<QString> kEditOnly{u"display-name"_s,  u"no-global"_s, u"clear-groups"_s,
                                         u"clear-gpu-url"_s, u"no-system"_s, u"deactivate"_s,
                                         u"activate"_s};
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    qsizetype expected = 2;
    if (action == u"add")
        allowed += kImageOptions + kBuildOptions;
    else if (action == u"edit")
        allowed += kImageOptions + kEditOnly + kBuildOptions - QSet<QString>{u"build"_s};
    else if (action == u"list") {
        allowed += QSet<QString>{u"filter"_s, u"type"_s, u"hide-deactivated"_s};
        expected = 1;
    } else if (action == u"delete")
        allowed.insert(u"yes"_s);
    else if (action != u"show" && action != u"freeze" && action != u"unfreeze") {
        io.err << "kilnctl image: expected add, edit, show, list, delete, freeze or unfreeze\n";
        return ExitUsage;
    }
    if (positional.size() != expected) {
        io.err << "kilnctl image " << action << ": expected "
               << (expected == 1      ? u"no arguments"_s
                   : action == u"add" ? u"one argument, the display name"_s
                                      : u"one argument, the image's name or id"_s)
               << '\n';
        return ExitUsage;
    }
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"image"_s, action, option);

    Context ctx{parser, io, u"image"_s, action, parser.isSet(u"json"_s)};
    const auto catalogue = openCatalogue(parser, u"image "_s + action, io);
    if (!catalogue)
        return ExitUsage;
    ctx.catalogue = catalogue.get();
    if (action == u"add")
        return runAdd(ctx, positional.at(1));
    if (action == u"edit")
        return runEdit(ctx, positional.at(1));
    if (action == u"show")
        return runShow(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    if (action == u"delete")
        return runDelete(ctx, positional.at(1));
    return runFreeze(ctx, positional.at(1), action == u"freeze");
}

} // namespace Kiln::Cli
