#include "registrycommand.h"

#include "commandsupport.h"
#include "registrycommandactions.h"
#include "store/catalogue.h"
#include "store/registryfilter.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QSet>

namespace Kiln::Cli {

namespace {

using Context = CommandContext;

using namespace Qt::StringLiterals;

QJsonObject registryJson(const Catalogue &catalogue, const Registry &r)
{
    QJsonObject metadata;
    for (auto it = r.metadata.begin(); it != r.metadata.end(); ++it)
        metadata.insert(it.key(), it.value());
    return QJsonObject{
        {u"id"_s, r.id},
        {u"name"_s, r.name},
        {u"publicUrl"_s, r.publicUrl},
        {u"imagePrefix"_s, r.imagePrefix},
        {u"host"_s, registryHost(r)},
        {u"authRequired"_s, r.authRequired},
        {u"mirrorEnabled"_s, r.mirrorEnabled},
        {u"tlsVerify"_s, r.tlsVerify},
        {u"customCaFile"_s, orNull(r.customCaFile)},
        {u"maxLayerSizeMb"_s, r.maxLayerSizeMb},
        {u"storageType"_s, registryStorageName(r.storageType)},
        {u"storageSizeMb"_s, r.storageSizeMb},
        {u"memoryMb"_s, r.memoryMb},
        {u"registryType"_s, registryTypeName(r.registryType)},
        {u"pushTarget"_s, r.pushTarget},
        {u"credentials"_s,
         r.credentialsSecretId.isEmpty()
             ? QJsonValue()
             : QJsonValue(QJsonObject{{u"id"_s, r.credentialsSecretId},
                                      {u"name"_s, secretName(catalogue, r.credentialsSecretId)}})},
        {u"health"_s,
         QJsonObject{
             {u"status"_s, r.healthStatus},
             {u"latencyMs"_s, orNull(r.healthLatencyMs)},
             {u"checked"_s, r.healthCheckedAt ? QJsonValue(formatTime(*r.healthCheckedAt)) : QJsonValue()},
             {u"message"_s, orNull(r.healthMessage)}}},
        {u"metadata"_s, metadata},
        {u"tags"_s, QJsonArray::fromStringList(r.tags)},
        {u"created"_s, formatTime(r.createdAt)},
        {u"updated"_s, formatTime(r.updatedAt)},
    };
}

void printRegistryText(QTextStream &out, const Catalogue &catalogue, const Registry &r)
{
    const auto yesNo = [](bool value) { return value ? u"yes"_s : u"no"_s; };
    out << "name:          " << r.name << '\n';
    out << "id:            " << r.id << '\n';
    out << "public url:    " << r.publicUrl << '\n';
    out << "image prefix:  " << r.imagePrefix << '\n';
    out << "host:          " << registryHost(r) << '\n';
    out << "push target:   " << yesNo(r.pushTarget) << '\n';
    out << "tls verify:    " << yesNo(r.tlsVerify) << '\n';
    out << "credentials:   "
        << (r.credentialsSecretId.isEmpty() ? u"(none)"_s : secretName(catalogue, r.credentialsSecretId))
        << '\n';
    out << "tags:          " << (r.tags.isEmpty() ? u"(none)"_s : r.tags.join(u", "_s)) << '\n';
    out << "type:          " << registryTypeName(r.registryType) << '\n';
    out << "health:        " << r.healthStatus
        << (r.healthLatencyMs ? u" ("_s + QString::number(*r.healthLatencyMs) + u" ms)"_s : QString())
        << '\n';
    if (r.healthCheckedAt)
        out << "last checked:  " << formatTime(*r.healthCheckedAt) << '\n';
    if (!r.healthMessage.isEmpty())
        out << "health detail: " << r.healthMessage << '\n';
    out << "created:       " << formatTime(r.createdAt) << '\n';
    out << "updated:       " << formatTime(r.updatedAt) << '\n';
}

int print(const Context &ctx, const Registry &registry, const QString &verb)
{
    if (ctx.json) {
        QJsonObject object = registryJson(*ctx.catalogue, registry);
        object.insert(u"result"_s, verb);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << verb << " registry " << registry.name << '\n';
    }
    return ExitOk;
}

// Applies the options add and edit share. Returns an exit code on failure.
std::optional<int> applyOptions(const Context &ctx, Registry &r)
{
    const QCommandLineParser &p = ctx.parser;
    if (p.isSet(u"insecure"_s) && p.isSet(u"secure"_s))
        return ctx.fail(ExitUsage, u"--insecure and --secure cannot be combined"_s);
    if (p.isSet(u"tag"_s) && p.isSet(u"clear-tags"_s))
        return ctx.fail(ExitUsage, u"--tag and --clear-tags cannot be combined"_s);
    if (p.isSet(u"url"_s))
        r.publicUrl = p.value(u"url"_s);
    if (p.isSet(u"prefix"_s))
        r.imagePrefix = p.value(u"prefix"_s);
    if (p.isSet(u"insecure"_s))
        r.tlsVerify = false;
    if (p.isSet(u"secure"_s))
        r.tlsVerify = true;
    if (p.isSet(u"tag"_s))
        r.tags = p.values(u"tag"_s);
    if (p.isSet(u"clear-tags"_s))
        r.tags.clear();
    if (p.isSet(u"credentials"_s)) {
        const QString wanted = p.value(u"credentials"_s);
        if (wanted.isEmpty()) {
            r.credentialsSecretId.clear();
            r.authRequired = false;
        } else {
            const auto secret = SecretRepository(*ctx.catalogue).find(wanted);
            if (!secret)
                return ctx.fail(ExitInvalid, secret.error().message);
            if (secret->kind != SecretKind::RegistryCredential)
                return ctx.fail(ExitInvalid, u"the secret "_s + quoted(secret->name) + u" is a "_s +
                                                 secretKindName(secret->kind) +
                                                 u", not a registry-credential"_s);
            r.credentialsSecretId = secret->id;
            r.authRequired = true;
        }
    }
    return std::nullopt;
}

int runAdd(const Context &ctx, const QString &name)
{
    if (!ctx.parser.isSet(u"url"_s) || !ctx.parser.isSet(u"prefix"_s))
        return ctx.fail(ExitUsage, u"--url URL and --prefix PREFIX are required"_s);
    if (ctx.parser.isSet(u"secure"_s) || ctx.parser.isSet(u"clear-tags"_s))
        return ctx.fail(ExitUsage, u"--secure and --clear-tags apply to edit only"_s);
    Registry registry;
    registry.name = name;
    registry.pushTarget = ctx.parser.isSet(u"push-target"_s);
    if (auto failed = applyOptions(ctx, registry))
        return *failed;
    const auto created = RegistryRepository(*ctx.catalogue).create(registry);
    if (!created)
        return ctx.fail(ExitInvalid, created.error().message);
    return print(ctx, created.value(), u"created"_s);
}

int runEdit(const Context &ctx, const QString &idOrName)
{
    const RegistryRepository registries(*ctx.catalogue);
    const auto current = registries.find(idOrName);
    if (!current)
        return ctx.fail(ExitInvalid, current.error().message);
    Registry registry = current.value();
    if (auto failed = applyOptions(ctx, registry))
        return *failed;
    auto saved = registries.update(registry);
    if (!saved)
        return ctx.fail(ExitInvalid, saved.error().message);
    if (ctx.parser.isSet(u"push-target"_s)) {
        saved = registries.setPushTarget(registry.id);
        if (!saved)
            return ctx.fail(ExitInvalid, saved.error().message);
    }
    return print(ctx, saved.value(), u"changed"_s);
}

// The filter of --filter, --tag-any, --tag-all and --where.
Result<RegistryFilter> listFilter(const QCommandLineParser &p)
{
    RegistryFilter filter;
    filter.text = p.value(u"filter"_s);
    filter.tagsAnyOf = p.values(u"tag-any"_s);
    filter.tagsAllOf = p.values(u"tag-all"_s);
    for (const QString &where : p.values(u"where"_s)) {
        auto parsed = parseRegistryFieldFilter(where);
        if (!parsed)
            return parsed.error();
        filter.fields.append(parsed.value());
    }
    return filter;
}

int runList(const Context &ctx)
{
    const auto filter = listFilter(ctx.parser);
    if (!filter)
        return ctx.fail(ExitUsage, u"--where: "_s + filter.error().describe());
    auto listed = RegistryRepository(*ctx.catalogue).list();
    if (!listed)
        return ctx.fail(ExitInvalid, listed.error().message);
    QList<Registry> all;
    for (const Registry &registry : std::as_const(listed.value())) {
        if (filter->matches(registry))
            all.append(registry);
    }
    if (ctx.json) {
        QJsonArray array;
        for (const Registry &registry : std::as_const(all))
            array.append(registryJson(*ctx.catalogue, registry));
        printJson(ctx.io.out, QJsonObject{{u"registries"_s, array}});
        return ExitOk;
    }
    qsizetype nameWidth = 4;
    qsizetype prefixWidth = 6;
    for (const Registry &registry : std::as_const(all)) {
        nameWidth = std::max(nameWidth, registry.name.size());
        prefixWidth = std::max(prefixWidth, registry.imagePrefix.size());
    }
    ctx.io.out << u"NAME"_s.leftJustified(nameWidth) << "  PUSH  " << u"PREFIX"_s.leftJustified(prefixWidth)
               << "  TLS  HEALTH       TAGS\n";
    for (const Registry &registry : std::as_const(all)) {
        ctx.io.out << registry.name.leftJustified(nameWidth) << "  "
                   << (registry.pushTarget ? "yes " : "-   ") << "  "
                   << registry.imagePrefix.leftJustified(prefixWidth) << "  "
                   << (registry.tlsVerify ? "yes" : "no ") << "  " << registry.healthStatus.leftJustified(11)
                   << "  " << (registry.tags.isEmpty() ? u"-"_s : registry.tags.join(u","_s)) << '\n';
    }
    return ExitOk;
}

int runShow(const Context &ctx, const QString &idOrName)
{
    const auto registry = RegistryRepository(*ctx.catalogue).find(idOrName);
    if (!registry)
        return ctx.fail(ExitInvalid, registry.error().message);
    if (ctx.json)
        printJson(ctx.io.out, registryJson(*ctx.catalogue, registry.value()));
    else
        printRegistryText(ctx.io.out, *ctx.catalogue, registry.value());
    return ExitOk;
}

int runRemove(const Context &ctx, const QString &idOrName, const QString &verb)
{
    const RegistryRepository registries(*ctx.catalogue);
    const auto registry = registries.find(idOrName);
    if (!registry)
        return ctx.fail(ExitInvalid, registry.error().message);
    const auto removed = registries.remove(registry->id);
    if (!removed)
        return ctx.fail(ExitInvalid, removed.error().message);
    return print(ctx, registry.value(), verb);
}

int runPushTarget(const Context &ctx, const QString &idOrName)
{
    const RegistryRepository registries(*ctx.catalogue);
    const auto registry = registries.find(idOrName);
    if (!registry)
        return ctx.fail(ExitInvalid, registry.error().message);
    const auto set = registries.setPushTarget(registry->id);
    if (!set)
        return ctx.fail(ExitInvalid, set.error().message);
    if (!ctx.json) {
        ctx.io.out << "registry " << set->name << " is the push target\n";
        return ExitOk;
    }
    return print(ctx, set.value(), u"push-target"_s);
}

} // namespace

int runRegistry(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Add, change, show, list, delete, check, export and import the container registries Kiln pushes to\n"
        "and pulls from. check pings each registry's OCI API (/v2/, logging in with its credentials) and\n"
        "stores the result; export and import use the container-registry schema's JSON field names.\n"
        "Exactly one registry at a time can be the push target, where built images go.\n"
        "Credentials are secrets ('kilnctl secret add NAME --kind registry-credential ...')."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"url"_s, QCoreApplication::translate("kilnctl", "The public http(s) URL (add, edit)."), u"URL"_s},
        {u"prefix"_s,
         QCoreApplication::translate("kilnctl", "The image prefix, host[:port][/path] (add, edit)."),
         u"PREFIX"_s},
        {u"insecure"_s, QCoreApplication::translate(
                            "kilnctl", "Do not verify TLS (plain HTTP or a self-signed certificate).")},
        {u"secure"_s, QCoreApplication::translate("kilnctl", "Verify TLS again (edit).")},
        {u"credentials"_s,
         QCoreApplication::translate(
             "kilnctl", "The registry-credential secret to log in with; empty: none (add, edit)."),
         u"SECRET"_s},
        {u"tag"_s,
         QCoreApplication::translate("kilnctl", "A tag; repeat for more; replaces them (add, edit)."),
         u"T"_s},
        {u"clear-tags"_s, QCoreApplication::translate("kilnctl", "Remove every tag (edit).")},
        {u"push-target"_s, QCoreApplication::translate("kilnctl", "Make it the push target (add, edit).")},
        {u"filter"_s,
         QCoreApplication::translate(
             "kilnctl", "Only registries whose name, URL, prefix, a tag or metadata contains TEXT (list)."),
         u"TEXT"_s},
        {u"tag-any"_s,
         QCoreApplication::translate("kilnctl",
                                     "Only registries with at least one of these tags; repeat (list)."),
         u"T"_s},
        {u"tag-all"_s,
         QCoreApplication::translate("kilnctl",
                                     "Only registries with every one of these tags; repeat (list)."),
         u"T"_s},
        {u"where"_s,
         QCoreApplication::translate("kilnctl",
                                     "Only registries whose FIELD equals VALUE, e.g. storage_type=s3, "
                                     "tls_verify=false, health=healthy, metadata.team=ml; repeat (list)."),
         u"FIELD=VALUE"_s},
        {u"on-conflict"_s,
         QCoreApplication::translate(
             "kilnctl",
             "What to do with an entry whose id or name exists: fail (default), skip, replace (import)."),
         u"MODE"_s},
    });
    parser.addPositionalArgument(u"action"_s,
                                 u"add NAME | edit NAME|ID | list | show NAME|ID | delete NAME|ID | "
                                 "push-target NAME|ID | check [NAME|ID...] | export [FILE] | import FILE"_s);
    if (const int code = parseCommandLine(parser, arguments, u"registry"_s, io); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    static const QSet<QString> kEditOptions{u"url"_s,         u"prefix"_s, u"insecure"_s,   u"secure"_s,
                                            u"credentials"_s, u"tag"_s,    u"clear-tags"_s, u"push-target"_s};
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    qsizetype expected = 2;
    QString expectation = u"one argument, the registry's name or id"_s;
    if (action == u"add" || action == u"edit")
        allowed += kEditOptions;
    else if (action == u"list") {
        expected = 1;
        expectation = u"no arguments"_s;
        allowed += QSet<QString>{u"filter"_s, u"tag-any"_s, u"tag-all"_s, u"where"_s};
    } else if (action == u"check") {
        expected = -1; // any number
    } else if (action == u"export") {
        expected = positional.size() <= 2 ? positional.size() : 2;
        expectation = u"at most one argument, the file"_s;
    } else if (action == u"import") {
        expectation = u"one argument, the file ('-': standard input)"_s;
        allowed += QSet<QString>{u"on-conflict"_s};
    } else if (action != u"show" && action != u"remove" && action != u"delete" && action != u"push-target") {
        io.err << "kilnctl registry: expected add, edit, list, show, delete, push-target, check, export or "
                  "import\n";
        return ExitUsage;
    }
    if (expected >= 0 && positional.size() != expected) {
        io.err << "kilnctl registry " << action << ": expected " << expectation << '\n';
        return ExitUsage;
    }
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"registry"_s, action, option);

    Context ctx{parser, io, u"registry"_s, action, parser.isSet(u"json"_s)};
    const auto catalogue = openCatalogue(parser, ctx.command(), io);
    if (!catalogue)
        return ExitUsage;
    ctx.catalogue = catalogue.get();
    if (action == u"add")
        return runAdd(ctx, positional.at(1));
    if (action == u"edit")
        return runEdit(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    if (action == u"show")
        return runShow(ctx, positional.at(1));
    if (action == u"remove" || action == u"delete")
        return runRemove(ctx, positional.at(1), action == u"delete" ? u"deleted"_s : u"removed"_s);
    if (action == u"check")
        return runRegistryCheck(parser, io, *ctx.catalogue, positional.mid(1), ctx.json);
    if (action == u"export")
        return runRegistryExport(io, *ctx.catalogue, positional.value(1));
    if (action == u"import")
        return runRegistryImport(parser, io, *ctx.catalogue, positional.at(1), ctx.json);
    return runPushTarget(ctx, positional.at(1));
}

} // namespace Kiln::Cli
