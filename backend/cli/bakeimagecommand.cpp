#include "bakeimagecommand.h"

#include "bake/baketarsource.h"
#include "bake/scanfindings.h"
#include "commandsupport.h"
#include "domain/bakeregistration.h"
#include "domain/settingsschema.h"
#include "jobsupport.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/imagerepository.h"
#include "store/secretrepository.h"
#include "store/settings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

namespace Kiln::Cli {

using namespace Qt::StringLiterals;

namespace {

using Context = CommandContext;

std::optional<ScanOutcome> scanOutcome(const BakeImage &image)
{
    if (image.scanFindingsJson.isEmpty())
        return std::nullopt;
    auto parsed = ScanOutcome::fromJson(image.scanFindingsJson.toUtf8());
    if (!parsed)
        return std::nullopt;
    return parsed.value();
}

bool scannedAt(const BakeImage &image)
{
    return image.scannedAt && *image.scannedAt > 0;
}

QJsonObject scanJson(const BakeImage &image)
{
    QJsonObject scan{
        {u"status"_s, scanStatusName(image.scanStatus)},
        {u"reason"_s, image.scanReason},
        {u"scannedAt"_s, scannedAt(image) ? QJsonValue(formatTime(*image.scannedAt)) : QJsonValue()},
        {u"scanner"_s, QJsonValue()},
        {u"counts"_s, QJsonObject()},
        {u"total"_s, 0},
        {u"findings"_s, QJsonArray()},
    };
    if (const auto outcome = scanOutcome(image)) {
        QJsonObject counts;
        for (auto it = outcome->counts.cbegin(); it != outcome->counts.cend(); ++it)
            counts.insert(scanSeverityName(it.key()), it.value());
        QJsonArray findings;
        for (const ScanFinding &finding : outcome->topFindings) {
            findings.append(QJsonObject{{u"id"_s, finding.id},
                                        {u"package"_s, finding.package},
                                        {u"installedVersion"_s, finding.installedVersion},
                                        {u"fixedVersion"_s, finding.fixedVersion},
                                        {u"severity"_s, scanSeverityName(finding.severity)},
                                        {u"title"_s, finding.title}});
        }
        scan.insert(u"scanner"_s, orNull(outcome->scanner));
        scan.insert(u"counts"_s, counts);
        scan.insert(u"total"_s, outcome->total());
        scan.insert(u"findings"_s, findings);
    }
    return scan;
}

// The option (or argument) a registration field comes from.
QString optionOf(const QString &field)
{
    static const QHash<QString, QString> kOptions{
        {BakeField::Name, u"NAME"_s},
        {BakeField::DisplayName, u"--display-name"_s},
        {BakeField::Source, u"--source"_s},
        {BakeField::Size, u"--size-mib"_s},
        {BakeField::Cpu, u"--cpu-millicores"_s},
        {BakeField::Memory, u"--memory-mb"_s},
        {BakeField::Disk, u"--disk-mb"_s},
        {BakeField::Scope, u"--scope"_s},
        {BakeField::Preinstalled, u"--preinstalled"_s},
    };
    return kOptions.value(field, field);
}

// "--size-mib, column 3: ..." / "--preinstalled (entry 2), column 1: ...".
QString describe(const ValidationError &error)
{
    QString text = optionOf(error.field);
    if (error.line > 0)
        text += u" (entry %1)"_s.arg(error.line);
    return text + u", column %1: "_s.arg(error.column) + error.message;
}

int printResult(const Context &ctx, const BakeImage &image, const QString &verb, const QString &text)
{
    if (ctx.json) {
        QJsonObject object = bakeImageJson(*ctx.catalogue, image);
        object.insert(u"result"_s, verb);
        object.insert(u"kind"_s, u"bake image"_s);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << text << '\n';
    }
    return ExitOk;
}

int runRegister(const Context &ctx, const QString &name)
{
    for (const auto &[option, usage] :
         {std::pair{u"source"_s, u"--source oci:REFERENCE or --source tar:/PATH"_s},
          std::pair{u"size-mib"_s, u"--size-mib N (the ext4 file's size cap)"_s}}) {
        if (!ctx.isSet(option))
            return ctx.fail(ExitUsage, usage + u" is required"_s);
    }
    BakeRegistration input;
    input.name = name;
    input.displayName = ctx.value(u"display-name"_s);
    input.description = ctx.value(u"description"_s);
    input.source = ctx.value(u"source"_s);
    input.sizeMib = ctx.value(u"size-mib"_s);
    input.cpuMillicores = ctx.value(u"cpu-millicores"_s);
    input.memoryMb = ctx.value(u"memory-mb"_s);
    input.diskMb = ctx.value(u"disk-mb"_s);
    input.scope = ctx.value(u"scope"_s);
    input.lazyPull = ctx.isSet(u"lazy-pull"_s);
    input.preinstalled = ctx.parser.values(u"preinstalled"_s);
    // Given but empty is an error of its own (empty means "unset" to the validator).
    for (const QString &option : {u"cpu-millicores"_s, u"memory-mb"_s, u"disk-mb"_s, u"scope"_s}) {
        if (ctx.isSet(option) && ctx.value(option).isEmpty())
            return ctx.fail(ExitUsage, u"--%1, column 1: the value is empty"_s.arg(option));
    }

    const bool superAdmin = Settings(*ctx.catalogue).value(Setting::BakeSuperAdmin);
    const auto valid = validateBakeRegistration(input, superAdmin);
    if (!valid) {
        for (const ValidationError &error : valid.error())
            ctx.io.err << "kilnctl image register: " << describe(error) << '\n';
        return ExitUsage;
    }
    BakeImage image = valid->image;
    if (image.source.isTar()) {
        // The file must be there now (and be a tar); "tar:" finds out which kind.
        const auto kind = BakeTarSource::inspect(image.source.ref);
        if (!kind)
            return ctx.fail(ExitUsage, u"--source: "_s + kind.error().message);
        if (valid->detectTarKind)
            image.source.kind = kind.value();
    }
    if (const QString wanted = ctx.value(u"pull-secret"_s); !wanted.isEmpty()) {
        if (image.source.isTar())
            return ctx.fail(ExitUsage,
                            u"--pull-secret: a tar source is read from disk and needs no pull secret"_s);
        const auto secret = SecretRepository(*ctx.catalogue).find(wanted);
        if (!secret)
            return ctx.fail(ExitUsage, u"--pull-secret: "_s + secret.error().message);
        image.pullSecretId = secret->id;
    }

    const BakeImageRepository images(*ctx.catalogue);
    auto registered = images.registerImage(image);
    if (!registered)
        return ctx.fail(ExitInvalid, registered.error().message);
    if (!ctx.isSet(u"bake"_s)) {
        return printResult(ctx, registered.value(), u"registered"_s,
                           u"registered bake image %1 (%2, %3 MiB); bake it with 'kilnctl bake %1'"_s
                               .arg(registered->name, registered->source.text())
                               .arg(registered->sizeMib));
    }
    auto queued = images.requestBake(registered->id);
    if (!queued) {
        printResult(ctx, registered.value(), u"registered"_s,
                    u"registered bake image %1"_s.arg(registered->name));
        return ctx.fail(ExitInvalid, u"its bake was not queued: "_s + queued.error().message);
    }
    return printResult(
        ctx, queued.value(), u"registered"_s,
        u"registered bake image %1 and queued its bake; 'kilnctl bake %1 --wait' or Kiln bakes it"_s.arg(
            queued->name));
}

void printShow(const Context &ctx, const BakeImage &i)
{
    const auto orNone = [](const QString &text) { return text.isEmpty() ? u"(none)"_s : text; };
    const auto optional = [](const std::optional<qint64> &value, const QString &unit) {
        return value ? QString::number(*value) + unit : u"(not set)"_s;
    };
    QTextStream &out = ctx.io.out;
    out << "name:           " << i.name << '\n';
    out << "kind:           bake image\n";
    out << "display name:   " << i.displayName << '\n';
    out << "id:             " << i.id << '\n';
    out << "description:    " << orNone(i.description) << '\n';
    out << "source:         " << i.source.text() << " (" << bakeSourceKindName(i.source.kind) << ")\n";
    out << "pull secret:    " << orNone(secretName(*ctx.catalogue, i.pullSecretId)) << '\n';
    if (!i.managedImageId.isEmpty())
        out << "managed image:  " << managedImageName(*ctx.catalogue, i.managedImageId) << '\n';
    out << "size cap:       " << i.sizeMib << " MiB\n";
    out << "default cpu:    " << optional(i.defaultCpuMillicores, u" millicores"_s) << '\n';
    out << "default memory: " << optional(i.defaultMemoryMb, u" MB"_s) << '\n';
    out << "default disk:   " << optional(i.defaultDiskMb, u" MB"_s) << '\n';
    out << "scope:          " << bakeScopeName(i.scope) << '\n';
    out << "lazy pull:      " << (i.lazyPull ? "yes" : "no") << '\n';
    out << "preinstalled:   " << orNone(i.preinstalled.join(u", "_s)) << '\n';
    out << "state:          " << bakeStateName(i.state) << (i.cancelRequested ? " (cancel requested)" : "")
        << '\n';
    if (!i.phase.isEmpty())
        out << "phase:          " << i.phase << '\n';
    if (!i.error.isEmpty())
        out << "error:          " << i.error << '\n';
    out << "deactivated:    " << (i.deactivated ? "yes" : "no") << '\n';
    if (i.content) {
        const BakeContent &c = *i.content;
        out << "content:        " << c.path << '\n';
        out << "  size:         " << c.size << " bytes (" << formatBytes(c.size) << ")\n";
        out << "  modified:     " << formatTime(c.mtime) << '\n';
        out << "  sha256:       " << c.sha256 << '\n';
        out << "  sha1:         " << c.sha1 << '\n';
        out << "  format:       " << c.fmt << ", refcnt " << c.refcnt << '\n';
    } else {
        out << "content:        (none)\n";
    }
    printScan(out, i, 5);
    out << "created:        " << formatTime(i.createdAt) << '\n';
    out << "updated:        " << formatTime(i.updatedAt) << '\n';
}

int runShow(const Context &ctx, const BakeImage &image)
{
    if (ctx.json)
        printJson(ctx.io.out, bakeImageJson(*ctx.catalogue, image));
    else
        printShow(ctx, image);
    return ExitOk;
}

int runList(const Context &ctx)
{
    BakeImageListQuery query;
    query.nameContains = ctx.value(u"filter"_s);
    query.includeDeactivated = !ctx.isSet(u"hide-deactivated"_s);
    const auto images = BakeImageRepository(*ctx.catalogue).list(query);
    if (!images)
        return ctx.fail(ExitInvalid, images.error().message);
    if (ctx.json) {
        QJsonArray array;
        for (const BakeImage &image : images.value())
            array.append(bakeImageJson(*ctx.catalogue, image));
        printJson(ctx.io.out, QJsonObject{{u"bakeImages"_s, array}});
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const BakeImage &image : images.value()) {
        QString state = bakeStateName(image.state);
        if (image.state == BakeState::Baking && !image.phase.isEmpty())
            state += u" ("_s + image.phase + u')';
        if (image.deactivated)
            state += u" (deactivated)"_s;
        rows.append({image.name, image.displayName, image.source.text(), u"%1 MiB"_s.arg(image.sizeMib),
                     image.content ? formatBytes(image.content->size) : u"-"_s, state,
                     image.content ? scanStatusName(image.scanStatus) : u"-"_s});
    }
    printTable(ctx.io.out,
               {u"NAME"_s, u"DISPLAY"_s, u"SOURCE"_s, u"CAP"_s, u"CONTENT"_s, u"STATE"_s, u"SCAN"_s}, rows);
    return ExitOk;
}

// Bake images first (their names are what `kilnctl bake` takes), then managed images.
int runSetActive(const Context &ctx, const QString &idOrName, bool active)
{
    const QString verb = active ? u"reactivated"_s : u"deactivated"_s;
    const BakeImageRepository bakeImages(*ctx.catalogue);
    const auto bakeImage = bakeImages.find(idOrName);
    if (bakeImage) {
        const auto changed = bakeImages.setDeactivated(bakeImage->id, !active);
        if (!changed)
            return ctx.fail(ExitInvalid, changed.error().message);
        return printResult(ctx, changed.value(), verb, u"%1 bake image %2"_s.arg(verb, changed->name));
    }
    if (bakeImage.error().code != StoreError::Code::NotFound)
        return ctx.fail(ExitInvalid, bakeImage.error().message);

    const ImageRepository images(*ctx.catalogue);
    const auto managed = images.find(idOrName);
    if (!managed) {
        if (managed.error().code == StoreError::Code::NotFound)
            return ctx.fail(ExitInvalid,
                            u"no bake image or managed image is named (or has the id) '%1'"_s.arg(idOrName));
        return ctx.fail(ExitInvalid, managed.error().message);
    }
    if (managed->frozen)
        return ctx.fail(
            ExitInvalid,
            u"image %1 is frozen: unfreeze it first (kilnctl image unfreeze %1)"_s.arg(managed->name));
    ManagedImage image = managed.value();
    image.deactivated = !active;
    const auto saved = images.update(image);
    if (!saved)
        return ctx.fail(ExitInvalid, saved.error().message);
    if (ctx.json) {
        printJson(ctx.io.out, QJsonObject{{u"result"_s, verb},
                                          {u"kind"_s, u"managed image"_s},
                                          {u"id"_s, saved->id},
                                          {u"name"_s, saved->name},
                                          {u"deactivated"_s, saved->deactivated}});
    } else {
        ctx.io.out << verb << " managed image " << saved->name << '\n';
    }
    return ExitOk;
}

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"source"_s,
         QCoreApplication::translate(
             "kilnctl",
             "Where the root file system comes from: oci:REFERENCE (a registry) or tar:/PATH (a docker "
             "save, OCI layout or root file system tar) (register)."),
         u"SOURCE"_s},
        {u"size-mib"_s, QCoreApplication::translate("kilnctl", "The ext4 file's size cap in MiB (register)."),
         u"N"_s},
        {u"display-name"_s,
         QCoreApplication::translate("kilnctl", "The display name; default: the name (register)."),
         u"TEXT"_s},
        {u"description"_s, QCoreApplication::translate("kilnctl", "A description (register)."), u"TEXT"_s},
        {u"cpu-millicores"_s,
         QCoreApplication::translate("kilnctl", "Default CPU of what runs it, in millicores (register)."),
         u"N"_s},
        {u"memory-mb"_s, QCoreApplication::translate("kilnctl", "Default memory in MB (register)."), u"N"_s},
        {u"disk-mb"_s, QCoreApplication::translate("kilnctl", "Default disk in MB (register)."), u"N"_s},
        {u"scope"_s,
         QCoreApplication::translate(
             "kilnctl", "tenant (default), partner or platform (needs bake.superAdmin) (register)."),
         u"SCOPE"_s},
        {u"lazy-pull"_s, QCoreApplication::translate("kilnctl", "Pull lazily where it runs (register).")},
        {u"preinstalled"_s,
         QCoreApplication::translate("kilnctl", "Software the image carries; repeat for more (register)."),
         u"ITEM"_s},
        {u"pull-secret"_s,
         QCoreApplication::translate("kilnctl",
                                     "The pull secret of an oci: source, by name or id (register)."),
         u"SECRET"_s},
        {u"bake"_s, QCoreApplication::translate("kilnctl", "Queue its bake right away (register).")},
        {u"baked"_s,
         QCoreApplication::translate("kilnctl", "Bake images rather than managed images (list, show).")},
        {u"filter"_s,
         QCoreApplication::translate("kilnctl",
                                     "Only images whose name or display name contains TEXT (list --baked)."),
         u"TEXT"_s},
        {u"hide-deactivated"_s,
         QCoreApplication::translate("kilnctl", "Leave out deactivated images (list --baked).")},
    });
    parser.addPositionalArgument(
        u"action"_s, u"register NAME | list --baked | show NAME|ID [--baked] | deactivate NAME|ID | "
                     "reactivate NAME|ID"_s);
}

} // namespace

int runBakeImageAction(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Register, list, show, deactivate and reactivate bake images: root file systems from a registry\n"
        "or a tar, baked into ext4 files ('kilnctl bake', 'kilnctl content'). A bake image is addressed by\n"
        "its name or id. Its name never changes and its content is never re-baked in place: bake images\n"
        "are versioned by name. Exit codes: 0 done, 1 refused, 2 usage or an invalid registration."));
    addOptions(parser);
    parser.addHelpOption();
    const bool parsed = parser.parse(arguments);
    // The action: the first positional argument (a guess when the line does not parse).
    QString action = parsed ? parser.positionalArguments().value(0) : arguments.value(1);
    static const QSet<QString> kOwn{u"register"_s, u"deactivate"_s, u"reactivate"_s};
    const bool baked = parsed ? parser.isSet(u"baked"_s) : arguments.contains(u"--baked"_s);
    const bool mine = kOwn.contains(action) || (baked && (action == u"list" || action == u"show"));
    if (!mine && !(parsed && action == u"show"))
        return -1;
    if (!mine && (parser.isSet(u"help"_s) || parser.positionalArguments().size() != 2))
        return -1;
    if (!parsed) {
        io.err << "kilnctl image " << action << ": " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        io.out << parser.helpText();
        return ExitOk;
    }

    const QStringList positional = parser.positionalArguments();
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    qsizetype expected = 2;
    if (action == u"register") {
        allowed += {u"source"_s,         u"size-mib"_s,     u"display-name"_s, u"description"_s,
                    u"cpu-millicores"_s, u"memory-mb"_s,    u"disk-mb"_s,      u"scope"_s,
                    u"lazy-pull"_s,      u"preinstalled"_s, u"pull-secret"_s,  u"bake"_s};
    } else if (action == u"list") {
        allowed += {u"baked"_s, u"filter"_s, u"hide-deactivated"_s};
        expected = 1;
    } else if (action == u"show") {
        allowed.insert(u"baked"_s);
    }
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty()) {
        if (!mine)
            return -1; // kilnctl image show says what is wrong
        return disallowedOption(io, u"image"_s, action, option);
    }
    if (positional.size() != expected) {
        io.err << "kilnctl image " << action << ": expected "
               << (expected == 1           ? u"no arguments"_s
                   : action == u"register" ? u"one argument, the bake image's name"_s
                                           : u"one argument, the image's name or id"_s)
               << '\n';
        return ExitUsage;
    }

    const auto catalogue = openCatalogue(parser, u"image "_s + action, io);
    if (!catalogue)
        return ExitUsage;
    Context ctx{parser, io, u"image"_s, action, parser.isSet(u"json"_s), catalogue.get()};
    if (action == u"register")
        return runRegister(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    if (action == u"show") {
        if (!baked) {
            // A managed image of that name wins; kilnctl image show prints it.
            const auto managed = ImageRepository(*catalogue).find(positional.at(1));
            if (managed || managed.error().code != StoreError::Code::NotFound)
                return -1;
        }
        const auto image = BakeImageRepository(*catalogue).find(positional.at(1));
        if (!image) {
            if (!baked && image.error().code == StoreError::Code::NotFound)
                return ctx.fail(
                    ExitInvalid,
                    u"no managed image or bake image is named (or has the id) '%1'"_s.arg(positional.at(1)));
            return ctx.fail(ExitInvalid, image.error().message);
        }
        return runShow(ctx, image.value());
    }
    return runSetActive(ctx, positional.at(1), action == u"reactivate");
}

QJsonObject bakeImageJson(const Catalogue &catalogue, const BakeImage &image)
{
    QJsonValue content;
    if (image.content) {
        const BakeContent &c = *image.content;
        content = QJsonObject{
            {u"path"_s, c.path},     {u"size"_s, c.size}, {u"mtime"_s, formatTime(c.mtime)},
            {u"sha256"_s, c.sha256}, {u"sha1"_s, c.sha1}, {u"fmt"_s, c.fmt},
            {u"refcnt"_s, c.refcnt},
        };
    }
    return QJsonObject{
        {u"id"_s, image.id},
        {u"name"_s, image.name},
        {u"displayName"_s, image.displayName},
        {u"description"_s, image.description},
        {u"source"_s, QJsonObject{{u"kind"_s, bakeSourceKindName(image.source.kind)},
                                  {u"ref"_s, image.source.ref},
                                  {u"text"_s, image.source.text()}}},
        {u"pullSecret"_s, reference(image.pullSecretId, secretName(catalogue, image.pullSecretId))},
        {u"managedImage"_s,
         reference(image.managedImageId, managedImageName(catalogue, image.managedImageId))},
        {u"sizeMib"_s, image.sizeMib},
        {u"defaultCpuMillicores"_s, orNull(image.defaultCpuMillicores)},
        {u"defaultMemoryMb"_s, orNull(image.defaultMemoryMb)},
        {u"defaultDiskMb"_s, orNull(image.defaultDiskMb)},
        {u"scope"_s, bakeScopeName(image.scope)},
        {u"lazyPull"_s, image.lazyPull},
        {u"preinstalled"_s, QJsonArray::fromStringList(image.preinstalled)},
        {u"state"_s, bakeStateName(image.state)},
        {u"phase"_s, orNull(image.phase)},
        {u"error"_s, orNull(image.error)},
        {u"cancelRequested"_s, image.cancelRequested},
        {u"deactivated"_s, image.deactivated},
        {u"content"_s, content},
        {u"scan"_s, scanJson(image)},
        {u"created"_s, formatTime(image.createdAt)},
        {u"updated"_s, formatTime(image.updatedAt)},
    };
}

QString scanSummary(const BakeImage &image)
{
    const QString status = scanStatusName(image.scanStatus);
    if (image.scanStatus == ScanStatus::Pending || image.scanReason.isEmpty())
        return status;
    return status + u": "_s + image.scanReason;
}

void printScan(QTextStream &out, const BakeImage &image, int maxFindings)
{
    out << "scan:           " << scanSummary(image) << '\n';
    if (scannedAt(image))
        out << "  scanned:      " << formatTime(*image.scannedAt) << '\n';
    const auto outcome = scanOutcome(image);
    if (!outcome)
        return;
    if (!outcome->scanner.isEmpty()) {
        out << "  scanner:      " << outcome->scanner
            << (outcome->scannerVersion.isEmpty() ? QString() : u' ' + outcome->scannerVersion) << '\n';
    }
    if (!outcome->counts.isEmpty()) {
        QStringList counts;
        // Worst first.
        for (auto it = outcome->counts.cend(); it != outcome->counts.cbegin();) {
            --it;
            counts.append(u"%1 %2"_s.arg(scanSeverityName(it.key())).arg(it.value()));
        }
        out << "  counts:       " << counts.join(u", "_s) << " (" << outcome->total() << " in all)\n";
    }
    for (qsizetype n = 0; n < outcome->topFindings.size() && n < maxFindings; ++n) {
        const ScanFinding &f = outcome->topFindings.at(n);
        out << "  " << scanSeverityName(f.severity).leftJustified(9) << ' ' << f.id << ' ' << f.package << ' '
            << f.installedVersion
            << (f.fixedVersion.isEmpty() ? u" (no fix yet)"_s : u" (fixed in "_s + f.fixedVersion + u')')
            << '\n';
    }
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return u"%1 B"_s.arg(bytes);
    static const char *const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return QString::number(value, 'f', 1) + u' ' + QString::fromLatin1(kUnits[unit]);
}

void printTable(QTextStream &out, const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &header : headers)
        widths.append(header.size());
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    const auto line = [&](const QStringList &cells) {
        QString text;
        for (qsizetype c = 0; c < cells.size(); ++c)
            text += c + 1 == cells.size() ? cells.at(c) : cells.at(c).leftJustified(widths[c]) + u"  "_s;
        out << text << '\n';
    };
    line(headers);
    for (const QStringList &row : rows)
        line(row);
}

} // namespace Kiln::Cli
