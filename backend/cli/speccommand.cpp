#include "speccommand.h"

#include "bake/recipe.h"
#include "bake/specedit.h"
#include "commandsupport.h"
#include "domain/names.h"
#include "domain/packagelist.h"
#include "store/catalogue.h"
#include "store/specrepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QSet>

#include <array>

namespace Kiln::Cli {

namespace {

using namespace Qt::StringLiterals;

constexpr int kDefaultListLimit = 50;
constexpr int kMaxListLimit = 10000;

constexpr std::array<PackageManager, 3> kManagers{PackageManager::Apt, PackageManager::Conda,
                                                  PackageManager::Pip};

// "apt", "conda", "pip": the option and --packages-file KIND names.
QString kindName(PackageManager manager)
{
    return packageManagerName(manager).toLower();
}

// One package entry and where it came from, so that an error can point there.
struct Entry
{
    QString text;
    QString origin;       // "--apt", a file path, or "the stored revision"
    int line = 0;         // 1-based: occurrence of the option, line of the file, index in the revision
    int columnOffset = 0; // leading blanks trimmed from a file line
};

using EntryList = QList<Entry>;

struct PackageOptions
{
    std::array<bool, 3> given{};      // --apt/--conda/--pip or --packages-file of that kind
    std::array<EntryList, 3> lists{}; // indexed like kManagers
};

struct Failure
{
    int code = ExitOk;
    QString message;
};

// Reads the package list files and the repeated options. Failure.code is ExitUsage
// for a bad KIND=PATH or an unreadable file.
std::optional<Failure> readPackageOptions(const QCommandLineParser &parser, Io io, PackageOptions &options)
{
    for (std::size_t i = 0; i < kManagers.size(); ++i) {
        const QString kind = kindName(kManagers[i]);
        const QStringList values = parser.values(kind);
        options.given[i] = !values.isEmpty();
        for (qsizetype n = 0; n < values.size(); ++n)
            options.lists[i].append(Entry{values.at(n), u"--"_s + kind, int(n) + 1, 0});
    }
    for (const QString &value : parser.values(u"packages-file"_s)) {
        const qsizetype equals = value.indexOf(u'=');
        const QString kind = equals < 0 ? QString() : value.left(equals);
        const QString path = equals < 0 ? QString() : value.mid(equals + 1);
        std::size_t index = kManagers.size();
        for (std::size_t i = 0; i < kManagers.size(); ++i) {
            if (kind == kindName(kManagers[i]))
                index = i;
        }
        if (index == kManagers.size() || path.isEmpty()) {
            return Failure{ExitUsage,
                           u"--packages-file expects KIND=PATH with KIND apt, conda or pip, not "_s +
                               quoted(value)};
        }
        QString text;
        if (path == u"-") {
            if (!io.in)
                return Failure{ExitUsage, u"there is no standard input to read packages from"_s};
            text = io.in->readAll();
        } else {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return Failure{ExitUsage, u"cannot read "_s + path + u": "_s + file.errorString()};
            text = QString::fromUtf8(file.readAll());
        }
        options.given[index] = true;
        // Same lines as the GUI's package list editor (validatePackageList): blank
        // lines are skipped, every other line is an entry, trimmed of surrounding blanks.
        for (const ListLine &line : splitListLines(text))
            options.lists[index].append(Entry{line.text.toString(), path, line.line, line.offset});
    }
    return std::nullopt;
}

QStringList texts(const EntryList &entries)
{
    QStringList out;
    out.reserve(entries.size());
    for (const Entry &entry : entries)
        out.append(entry.text);
    return out;
}

// makeRecipe's error, pointed at the option, file line or stored entry it came from.
QString describeRecipeError(const ValidationError &error, const std::array<EntryList, 3> &lists)
{
    for (std::size_t i = 0; i < kManagers.size(); ++i) {
        if (error.field != packageManagerName(kManagers[i]) + u" packages"_s)
            continue;
        if (error.line < 1 || error.line > lists[i].size())
            break;
        const Entry &entry = lists[i].at(error.line - 1);
        ValidationError located = error;
        located.line = entry.line;
        located.column += entry.columnOffset;
        return entry.origin + u": "_s + located.describe();
    }
    return error.describe();
}

// Validates everything (specContent) and fills in the revision hash and the Containerfile.
Result<SpecContent, QString> buildContent(const QString &baseImage, const std::array<EntryList, 3> &lists,
                                          const QString &pullSecretRef)
{
    const auto content =
        specContent(SpecDraft{baseImage, texts(lists[0]), texts(lists[1]), texts(lists[2]), pullSecretRef});
    if (!content)
        return describeRecipeError(content.error(), lists);
    return content.value();
}

QJsonObject specJson(const ImageSpec &spec, const SpecRevision &revision)
{
    const SpecContent &c = revision.content;
    return QJsonObject{
        {u"id"_s, spec.id},
        {u"name"_s, spec.name},
        {u"created"_s, formatTime(spec.createdAt)},
        {u"updated"_s, formatTime(spec.updatedAt)},
        {u"revision"_s, c.contentHash},
        {u"revisionId"_s, revision.id},
        {u"revisionCreated"_s, formatTime(revision.createdAt)},
        {u"baseImage"_s, c.baseImage},
        {u"apt"_s, QJsonArray::fromStringList(c.aptPackages)},
        {u"conda"_s, QJsonArray::fromStringList(c.condaPackages)},
        {u"pip"_s, QJsonArray::fromStringList(c.pipPackages)},
        {u"pullSecretRef"_s, c.pullSecretRef},
    };
}

void printSpecText(QTextStream &out, const ImageSpec &spec, const SpecRevision &revision)
{
    const SpecContent &c = revision.content;
    out << "name:         " << spec.name << '\n';
    out << "id:           " << spec.id << '\n';
    out << "revision:     " << c.contentHash << '\n';
    out << "revision id:  " << revision.id << '\n';
    out << "created:      " << formatTime(revision.createdAt) << '\n';
    out << "spec created: " << formatTime(spec.createdAt) << '\n';
    out << "base image:   " << c.baseImage << '\n';
    out << "pull secret:  " << (c.pullSecretRef.isEmpty() ? u"(none)"_s : c.pullSecretRef) << '\n';
    const auto list = [&out](const char *title, const QStringList &packages) {
        out << title << ' ' << packages.size() << '\n';
        for (const QString &package : packages)
            out << "  " << package << '\n';
    };
    list("apt packages:", c.aptPackages);
    list("conda packages:", c.condaPackages);
    list("pip packages:", c.pipPackages);
}

// The spec named or identified by `idOrName` with its current revision.
Result<SpecWithRevision, StoreError> load(const SpecRepository &specs, const QString &idOrName)
{
    auto spec = specs.find(idOrName);
    if (!spec)
        return spec.error();
    auto revision = specs.revision(spec->currentRevisionId);
    if (!revision)
        return revision.error();
    return SpecWithRevision{std::move(spec).value(), std::move(revision).value()};
}

// The shared context, and failures that carry a StoreError.
struct Context : CommandContext
{
    using CommandContext::fail;
    int fail(const StoreError &error) const { return fail(ExitInvalid, error.message); }
};

int printStored(const Context &ctx, const SpecWithRevision &stored, const QString &verb)
{
    if (ctx.json) {
        QJsonObject object = specJson(stored.spec, stored.revision);
        object.insert(u"result"_s, verb);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << verb << " spec " << stored.spec.name << " at revision "
                   << revisionTag(stored.revision.content.contentHash) << '\n';
    }
    return ExitOk;
}

int runCreate(const Context &ctx, const QString &name, PackageOptions &packages)
{
    if (auto valid = validateName(name); !valid) {
        ValidationError error = valid.error();
        if (error.field.isEmpty())
            error.field = u"Spec name"_s;
        return ctx.fail(ExitInvalid, error.describe());
    }
    if (!ctx.parser.isSet(u"base"_s))
        return ctx.fail(ExitUsage, u"--base REF is required"_s);
    const auto content =
        buildContent(ctx.parser.value(u"base"_s), packages.lists, ctx.parser.value(u"pull-secret"_s));
    if (!content)
        return ctx.fail(ExitInvalid, content.error());

    const auto catalogue = openCatalogue(ctx.parser, u"spec create"_s, ctx.io);
    if (!catalogue)
        return ExitUsage;
    const auto created = SpecRepository(*catalogue).create(name, content.value());
    if (!created)
        return ctx.fail(created.error());
    return printStored(ctx, created.value(), u"created"_s);
}

int runEdit(const Context &ctx, const QString &idOrName, PackageOptions &packages)
{
    for (std::size_t i = 0; i < kManagers.size(); ++i) {
        const QString kind = kindName(kManagers[i]);
        if (ctx.parser.isSet(u"clear-"_s + kind) && packages.given[i]) {
            return ctx.fail(
                ExitUsage, u"--clear-%1 cannot be combined with --%1 or --packages-file %1=PATH"_s.arg(kind));
        }
    }
    const auto catalogue = openCatalogue(ctx.parser, u"spec edit"_s, ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SpecRepository specs(*catalogue);
    const auto stored = load(specs, idOrName);
    if (!stored)
        return ctx.fail(stored.error());
    const SpecContent &current = stored->revision.content;

    const std::array<const QStringList *, 3> storedLists{&current.aptPackages, &current.condaPackages,
                                                         &current.pipPackages};
    std::array<EntryList, 3> lists;
    for (std::size_t i = 0; i < kManagers.size(); ++i) {
        if (ctx.parser.isSet(u"clear-"_s + kindName(kManagers[i])))
            continue;
        if (packages.given[i]) {
            lists[i] = packages.lists[i];
            continue;
        }
        const QStringList &old = *storedLists[i];
        for (qsizetype n = 0; n < old.size(); ++n)
            lists[i].append(Entry{old.at(n), u"the stored revision"_s, int(n) + 1, 0});
    }
    const QString base = ctx.parser.isSet(u"base"_s) ? ctx.parser.value(u"base"_s) : current.baseImage;
    const QString pullSecret =
        ctx.parser.isSet(u"pull-secret"_s) ? ctx.parser.value(u"pull-secret"_s) : current.pullSecretRef;
    const auto content = buildContent(base, lists, pullSecret);
    if (!content)
        return ctx.fail(ExitInvalid, content.error());

    if (content->contentHash == current.contentHash)
        return printStored(ctx, stored.value(), u"unchanged"_s);
    const auto added = specs.addRevision(stored->spec.id, content.value());
    if (!added)
        return ctx.fail(added.error());
    const auto reloaded = load(specs, stored->spec.id);
    if (!reloaded)
        return ctx.fail(reloaded.error());
    return printStored(ctx, reloaded.value(), u"changed"_s);
}

int runShow(const Context &ctx, const QString &idOrName)
{
    const auto catalogue = openCatalogue(ctx.parser, u"spec show"_s, ctx.io);
    if (!catalogue)
        return ExitUsage;
    const auto stored = load(SpecRepository(*catalogue), idOrName);
    if (!stored)
        return ctx.fail(stored.error());
    if (ctx.parser.isSet(u"containerfile"_s)) {
        const QString &text = stored->revision.content.containerfile;
        if (ctx.json) {
            printJson(ctx.io.out, QJsonObject{{u"containerfile"_s, text}});
            return ExitOk;
        }
        if (text.isEmpty())
            return ctx.fail(ExitInvalid,
                            u"the spec "_s + quoted(stored->spec.name) + u" has no stored Containerfile"_s);
        ctx.io.out << text;
        return ExitOk;
    }
    if (ctx.json)
        printJson(ctx.io.out, specJson(stored->spec, stored->revision));
    else
        printSpecText(ctx.io.out, stored->spec, stored->revision);
    return ExitOk;
}

int runList(const Context &ctx)
{
    SpecListQuery query;
    query.limit = kDefaultListLimit;
    if (ctx.parser.isSet(u"limit"_s)) {
        bool ok = false;
        const QString text = ctx.parser.value(u"limit"_s);
        query.limit = text.toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > kMaxListLimit)
            return ctx.fail(ExitUsage,
                            u"--limit expects a whole number from 1 to %1, not %2"_s.arg(kMaxListLimit)
                                .arg(quoted(text)));
    }
    query.nameContains = ctx.parser.value(u"filter"_s);
    query.sort = SpecSort::Name;
    if (ctx.parser.isSet(u"after"_s))
        query.after = SpecCursor{ctx.parser.value(u"after"_s), 0};

    const auto catalogue = openCatalogue(ctx.parser, u"spec list"_s, ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SpecRepository specs(*catalogue);
    const auto page = specs.list(query);
    if (!page)
        return ctx.fail(page.error());

    struct Row
    {
        const SpecSummary *summary;
        QString revision;
        QString status;
    };
    QList<Row> rows;
    for (const SpecSummary &summary : page->rows) {
        // One revision per printed row: the page is already limited.
        const auto revision = specs.revision(summary.spec.currentRevisionId);
        if (!revision)
            return ctx.fail(revision.error());
        rows.append(Row{&summary, revision->content.contentHash,
                        summary.latestJobStatus ? jobStatusName(*summary.latestJobStatus) : QString()});
    }

    if (ctx.json) {
        QJsonArray array;
        for (const Row &row : rows) {
            array.append(QJsonObject{
                {u"id"_s, row.summary->spec.id},
                {u"name"_s, row.summary->spec.name},
                {u"revision"_s, row.revision},
                {u"latestJobStatus"_s, row.status.isEmpty() ? QJsonValue() : QJsonValue(row.status)},
                {u"updated"_s, formatTime(row.summary->spec.updatedAt)},
            });
        }
        printJson(ctx.io.out,
                  QJsonObject{{u"specs"_s, array},
                              {u"next"_s, page->next ? QJsonValue(page->next->name) : QJsonValue()}});
        return ExitOk;
    }
    qsizetype nameWidth = 4;
    for (const Row &row : rows)
        nameWidth = std::max(nameWidth, row.summary->spec.name.size());
    ctx.io.out << u"NAME"_s.leftJustified(nameWidth) << "  REVISION      LAST BUILD   UPDATED\n";
    for (const Row &row : rows) {
        ctx.io.out << row.summary->spec.name.leftJustified(nameWidth) << "  "
                   << revisionTag(row.revision).leftJustified(kRevisionTagLength) << "  "
                   << (row.status.isEmpty() ? u"-"_s : row.status).leftJustified(11) << "  "
                   << formatTime(row.summary->spec.updatedAt) << '\n';
    }
    if (page->next)
        ctx.io.err << "kilnctl spec list: more specs follow; continue with --after " << page->next->name
                   << '\n';
    return ExitOk;
}

int runDelete(const Context &ctx, const QString &idOrName)
{
    const auto catalogue = openCatalogue(ctx.parser, u"spec delete"_s, ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SpecRepository specs(*catalogue);
    const auto spec = specs.find(idOrName);
    if (!spec)
        return ctx.fail(spec.error());
    if (!ctx.parser.isSet(u"yes"_s)) {
        return ctx.fail(ExitUsage,
                        u"deleting the spec "_s + quoted(spec->name) +
                            u" also deletes all its revisions and build jobs and cannot be undone; "
                            u"run again with --yes to delete it"_s);
    }
    // The rows and then the job logs, as Kiln's Delete does.
    const auto removed = deleteSpec(*catalogue, spec->id);
    if (!removed)
        return ctx.fail(removed.error());
    if (ctx.json)
        printJson(ctx.io.out, QJsonObject{{u"result"_s, u"deleted"_s},
                                          {u"id"_s, spec->id},
                                          {u"name"_s, spec->name},
                                          {u"logsRemoved"_s, removed.value()}});
    else
        ctx.io.out << "deleted spec " << spec->name << " and " << removed.value() << " job log(s)\n";
    return ExitOk;
}

QJsonObject changesJson(const PackageChanges &changes)
{
    return QJsonObject{{u"added"_s, QJsonArray::fromStringList(changes.added)},
                       {u"removed"_s, QJsonArray::fromStringList(changes.removed)}};
}

// What changed in a revision against the one before it (the Jobs tab's Diff).
int runDiff(const Context &ctx, const QString &idOrName)
{
    const auto catalogue = openCatalogue(ctx.parser, u"spec diff"_s, ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SpecRepository specs(*catalogue);
    const auto spec = specs.find(idOrName);
    if (!spec)
        return ctx.fail(spec.error());
    const auto revisions = specs.revisions(spec->id); // newest first
    if (!revisions)
        return ctx.fail(revisions.error());
    const QString wanted = ctx.parser.value(u"revision"_s);
    qsizetype index = -1;
    for (qsizetype i = 0; i < revisions->size() && index < 0; ++i) {
        const SpecRevision &revision = revisions->at(i);
        const bool match = wanted.isEmpty()
                               ? revision.id == spec->currentRevisionId
                               : revision.id == wanted ||
                                     (wanted.size() >= 4 && revision.content.contentHash.startsWith(wanted));
        if (match)
            index = i;
    }
    if (index < 0)
        return ctx.fail(ExitInvalid,
                        u"spec "_s + quoted(spec->name) + u" has no revision "_s + quoted(wanted));
    const SpecRevision &revision = revisions->at(index);
    const bool first = index + 1 >= revisions->size();
    const RevisionDiff diff = first ? diffRevisions(SpecContent(), revision.content)
                                    : diffRevisions(revisions->at(index + 1).content, revision.content);
    const QString to = revisionTag(revision.content.contentHash);
    const QString from = first ? QString() : revisionTag(revisions->at(index + 1).content.contentHash);
    if (ctx.json) {
        QJsonObject object{{u"spec"_s, spec->name},
                           {u"from"_s, first ? QJsonValue() : QJsonValue(from)},
                           {u"to"_s, to},
                           {u"apt"_s, changesJson(diff.apt)},
                           {u"conda"_s, changesJson(diff.conda)},
                           {u"pip"_s, changesJson(diff.pip)},
                           {u"reordered"_s, diff.reordered}};
        if (diff.oldBase)
            object.insert(u"base"_s, QJsonObject{{u"from"_s, *diff.oldBase}, {u"to"_s, *diff.newBase}});
        if (diff.oldPullSecret)
            object.insert(u"pullSecret"_s,
                          QJsonObject{{u"from"_s, *diff.oldPullSecret}, {u"to"_s, *diff.newPullSecret}});
        printJson(ctx.io.out, object);
        return ExitOk;
    }
    if (first)
        ctx.io.out << "revision " << to << " is the first revision of " << spec->name << '\n';
    else
        ctx.io.out << "changes from revision " << from << " to " << to << ":\n";
    ctx.io.out << diff.text() << '\n';
    return ExitOk;
}

} // namespace

int runSpec(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Create, change, show, list, compare and delete image specs (the same ones as Kiln's Image "
        "Builder).\n"
        "create and edit validate the base image and every package, store a new revision with its\n"
        "generated Containerfile, and do not build it: 'kilnctl build SPEC' does.\n"
        "The Containerfile shown is the one for a base image that runs as root; a build restores the\n"
        "base image's own USER at the end."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"base"_s, QCoreApplication::translate("kilnctl", "The base image reference (create, edit)."),
         u"REF"_s},
        {u"apt"_s, QCoreApplication::translate("kilnctl", "An APT package; repeat for more (create, edit)."),
         u"PKG"_s},
        {u"conda"_s,
         QCoreApplication::translate("kilnctl", "A Conda MatchSpec; repeat for more (create, edit)."),
         u"SPEC"_s},
        {u"pip"_s,
         QCoreApplication::translate("kilnctl", "A Pip requirement; repeat for more (create, edit)."),
         u"REQ"_s},
        {u"packages-file"_s,
         QCoreApplication::translate("kilnctl",
                                     "Read KIND (apt, conda or pip) packages from PATH, one per line; "
                                     "blank lines are skipped, '-' is standard input (create, edit)."),
         u"KIND=PATH"_s},
        {u"pull-secret"_s,
         QCoreApplication::translate("kilnctl",
                                     "The pull secret for the base image; empty: none (create, edit)."),
         u"REF"_s},
        {u"clear-apt"_s, QCoreApplication::translate("kilnctl", "Remove every APT package (edit).")},
        {u"clear-conda"_s, QCoreApplication::translate("kilnctl", "Remove every Conda package (edit).")},
        {u"clear-pip"_s, QCoreApplication::translate("kilnctl", "Remove every Pip package (edit).")},
        {u"containerfile"_s,
         QCoreApplication::translate("kilnctl", "Print only the stored Containerfile (show).")},
        {u"filter"_s, QCoreApplication::translate("kilnctl", "Only specs whose name contains TEXT (list)."),
         u"TEXT"_s},
        {u"limit"_s,
         QCoreApplication::translate("kilnctl", "Print at most N specs, 1 to 10000 (list; default 50)."),
         u"N"_s},
        {u"after"_s, QCoreApplication::translate("kilnctl", "Start after the spec called NAME (list)."),
         u"NAME"_s},
        {u"yes"_s, QCoreApplication::translate("kilnctl", "Really delete (delete).")},
        {u"revision"_s,
         QCoreApplication::translate("kilnctl",
                                     "The revision (its id or the start of its hash) to compare with the one "
                                     "before it (diff; default: the current revision)."),
         u"REV"_s},
    });
    parser.addPositionalArgument(
        u"action"_s, u"create NAME | edit NAME|ID | show NAME|ID | list | diff NAME|ID | delete NAME|ID"_s);
    if (const int code = parseCommandLine(parser, arguments, u"spec"_s, io); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    static const QSet<QString> kContentOptions{u"base"_s, u"apt"_s,           u"conda"_s,
                                               u"pip"_s,  u"packages-file"_s, u"pull-secret"_s};
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    qsizetype expected = 2;
    if (action == u"create") {
        allowed += kContentOptions;
    } else if (action == u"edit") {
        allowed += kContentOptions;
        allowed += QSet<QString>{u"clear-apt"_s, u"clear-conda"_s, u"clear-pip"_s};
    } else if (action == u"show") {
        allowed.insert(u"containerfile"_s);
    } else if (action == u"list") {
        allowed += QSet<QString>{u"filter"_s, u"limit"_s, u"after"_s};
        expected = 1;
    } else if (action == u"delete") {
        allowed.insert(u"yes"_s);
    } else if (action == u"diff") {
        allowed.insert(u"revision"_s);
    } else {
        io.err << "kilnctl spec: expected create, edit, show, list, diff or delete\n";
        return ExitUsage;
    }
    if (positional.size() != expected) {
        io.err << "kilnctl spec " << action << ": expected "
               << (expected == 1 ? u"no arguments"_s : u"one argument, the spec's name or id"_s) << '\n';
        return ExitUsage;
    }
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"spec"_s, action, option);

    const Context ctx{{parser, io, u"spec"_s, action, parser.isSet(u"json"_s)}};
    PackageOptions packages;
    if (action == u"create" || action == u"edit") {
        if (auto failure = readPackageOptions(parser, io, packages))
            return ctx.fail(failure->code, failure->message);
    }
    if (action == u"create")
        return runCreate(ctx, positional.at(1), packages);
    if (action == u"edit")
        return runEdit(ctx, positional.at(1), packages);
    if (action == u"show")
        return runShow(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    if (action == u"diff")
        return runDiff(ctx, positional.at(1));
    return runDelete(ctx, positional.at(1));
}

} // namespace Kiln::Cli
