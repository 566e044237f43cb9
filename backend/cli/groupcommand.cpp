#include "groupcommand.h"

#include "commandsupport.h"
#include "domain/names.h"
#include "imagecommand.h"
#include "store/catalogue.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QSet>

namespace Kiln::Cli {

namespace {

using Context = CommandContext;

using namespace Qt::StringLiterals;

// The names of the images granted explicitly to the group, sorted.
QStringList grantedNames(const Catalogue &catalogue, const QString &groupId)
{
    QStringList names;
    const auto ids = GroupRepository(catalogue).grantedImageIds(groupId);
    if (!ids)
        return names;
    for (const QString &id : ids.value()) {
        const auto image = ImageRepository(catalogue).get(id);
        names.append(image ? image->name : id);
    }
    names.sort();
    return names;
}

QJsonObject groupJson(const Catalogue &catalogue, const Group &g)
{
    return QJsonObject{
        {u"id"_s, g.id},
        {u"name"_s, g.name},
        {u"displayName"_s, g.displayName},
        {u"description"_s, g.description},
        {u"members"_s, g.memberCount},
        {u"grantedImages"_s, QJsonArray::fromStringList(grantedNames(catalogue, g.id))},
        {u"created"_s, formatTime(g.createdAt)},
        {u"updated"_s, formatTime(g.updatedAt)},
    };
}

int print(const Context &ctx, const Group &group, const QString &verb)
{
    if (ctx.json) {
        QJsonObject object = groupJson(*ctx.catalogue, group);
        object.insert(u"result"_s, verb);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << verb << " group " << group.name << '\n';
    }
    return ExitOk;
}

void applyOptions(const Context &ctx, Group &group)
{
    if (ctx.parser.isSet(u"display-name"_s))
        group.displayName = ctx.parser.value(u"display-name"_s);
    if (ctx.parser.isSet(u"description"_s))
        group.description = ctx.parser.value(u"description"_s);
    if (ctx.parser.isSet(u"members"_s))
        group.memberCount = ctx.parser.value(u"members"_s);
}

int runAdd(const Context &ctx, const QString &name)
{
    if (auto valid = validateName(name); !valid) {
        ValidationError error = valid.error();
        error.field = u"group name"_s;
        return ctx.fail(ExitInvalid, error.describe());
    }
    Group group;
    group.name = name;
    group.displayName = name;
    applyOptions(ctx, group);
    const auto created = GroupRepository(*ctx.catalogue).create(group);
    if (!created)
        return ctx.fail(ExitInvalid, created.error().message);
    return print(ctx, created.value(), u"created"_s);
}

int runEdit(const Context &ctx, const Group &current)
{
    Group group = current;
    applyOptions(ctx, group);
    const auto saved = GroupRepository(*ctx.catalogue).update(group);
    if (!saved)
        return ctx.fail(ExitInvalid, saved.error().message);
    return print(ctx, saved.value(), u"changed"_s);
}

int runList(const Context &ctx)
{
    const auto all = GroupRepository(*ctx.catalogue).list();
    if (!all)
        return ctx.fail(ExitInvalid, all.error().message);
    if (ctx.json) {
        QJsonArray array;
        for (const Group &group : all.value())
            array.append(groupJson(*ctx.catalogue, group));
        printJson(ctx.io.out, QJsonObject{{u"groups"_s, array}});
        return ExitOk;
    }
    qsizetype nameWidth = 4;
    qsizetype displayWidth = 7;
    for (const Group &group : all.value()) {
        nameWidth = std::max(nameWidth, group.name.size());
        displayWidth = std::max(displayWidth, group.displayName.size());
    }
    ctx.io.out << u"NAME"_s.leftJustified(nameWidth) << "  " << u"DISPLAY"_s.leftJustified(displayWidth)
               << "  MEMBERS  GRANTED\n";
    for (const Group &group : all.value()) {
        const auto granted = GroupRepository(*ctx.catalogue).grantedImageIds(group.id);
        ctx.io.out << group.name.leftJustified(nameWidth) << "  "
                   << group.displayName.leftJustified(displayWidth) << "  "
                   << (group.memberCount.isEmpty() ? u"-"_s : group.memberCount).leftJustified(7) << "  "
                   << (granted ? granted->size() : 0) << '\n';
    }
    return ExitOk;
}

int runShow(const Context &ctx, const Group &g)
{
    if (ctx.json) {
        printJson(ctx.io.out, groupJson(*ctx.catalogue, g));
        return ExitOk;
    }
    const QStringList granted = grantedNames(*ctx.catalogue, g.id);
    QTextStream &out = ctx.io.out;
    out << "name:         " << g.name << '\n';
    out << "display name: " << g.displayName << '\n';
    out << "id:           " << g.id << '\n';
    out << "description:  " << (g.description.isEmpty() ? u"(none)"_s : g.description) << '\n';
    out << "members:      " << (g.memberCount.isEmpty() ? u"(unknown)"_s : g.memberCount) << '\n';
    out << "granted:      " << (granted.isEmpty() ? u"(none)"_s : granted.join(u", "_s)) << '\n';
    out << "created:      " << formatTime(g.createdAt) << '\n';
    out << "updated:      " << formatTime(g.updatedAt) << '\n';
    return ExitOk;
}

int runDelete(const Context &ctx, const Group &group)
{
    const QStringList granted = grantedNames(*ctx.catalogue, group.id);
    const QString losing = granted.isEmpty()
                               ? u"no image is granted to it"_s
                               : u"it loses its grants of the images %1"_s.arg(granted.join(u", "_s));
    if (!ctx.parser.isSet(u"yes"_s))
        return ctx.fail(ExitInvalid,
                        u"deleting group %1: %2; add --yes to delete it"_s.arg(group.name, losing));
    const auto removed = GroupRepository(*ctx.catalogue).remove(group.id);
    if (!removed)
        return ctx.fail(ExitInvalid, removed.error().message);
    if (ctx.json) {
        QJsonObject object = groupJson(*ctx.catalogue, group);
        object.insert(u"grantedImages"_s, QJsonArray::fromStringList(granted));
        object.insert(u"result"_s, u"deleted"_s);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << "deleted group " << group.name << "; " << losing << '\n';
    }
    return ExitOk;
}

// grant/revoke: every image is looked up and checked (frozen refuses) before any changes.
int runGrant(const Context &ctx, const Group &group, const QStringList &imageRefs, bool grant)
{
    const ImageRepository images(*ctx.catalogue);
    QList<ManagedImage> targets;
    for (const QString &ref : imageRefs) {
        const auto image = images.find(ref);
        if (!image)
            return ctx.fail(ExitInvalid, image.error().message);
        if (image->frozen)
            return ctx.fail(
                ExitInvalid,
                u"image %1 is frozen: unfreeze it first (kilnctl image unfreeze %1)"_s.arg(image->name));
        targets.append(image.value());
    }
    QJsonArray changed;
    for (const ManagedImage &image : std::as_const(targets)) {
        QStringList groups = image.groupIds;
        if (grant && !groups.contains(group.id))
            groups.append(group.id);
        if (!grant)
            groups.removeAll(group.id);
        const auto saved = images.setGrants(image.id, image.global, groups);
        if (!saved)
            return ctx.fail(ExitInvalid, saved.error().message);
        changed.append(saved->name);
        if (!ctx.json) {
            ctx.io.out << (grant ? "granted " : "revoked ") << saved->name << (grant ? " to " : " from ")
                       << group.name;
            if (!grant && saved->global)
                ctx.io.out << " (it is global: every group still may use it)";
            ctx.io.out << '\n';
        }
    }
    if (ctx.json)
        printJson(ctx.io.out, QJsonObject{{u"group"_s, group.name},
                                          {u"result"_s, grant ? u"granted"_s : u"revoked"_s},
                                          {u"images"_s, changed}});
    return ExitOk;
}

int runImages(const Context &ctx, const Group &group)
{
    const auto usable = ImageRepository(*ctx.catalogue).usableByGroup(group.id);
    if (!usable)
        return ctx.fail(ExitInvalid, usable.error().message);
    if (ctx.json) {
        QJsonArray array;
        for (const ManagedImage &image : usable.value()) {
            QJsonObject object = imageJson(*ctx.catalogue, image);
            object.insert(u"access"_s, image.groupIds.contains(group.id) ? u"granted"_s : u"global"_s);
            array.append(object);
        }
        printJson(ctx.io.out, QJsonObject{{u"group"_s, group.name}, {u"images"_s, array}});
        return ExitOk;
    }
    printImageTable(ctx.io.out, *ctx.catalogue, usable.value());
    return ExitOk;
}

} // namespace

int runGroup(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Add, change, show, list and delete the groups images are granted to, grant and revoke\n"
                   "images, and list the images a group may use (the global ones and those granted to it)."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"display-name"_s, QCoreApplication::translate("kilnctl", "The display name (add, edit)."),
         u"TEXT"_s},
        {u"description"_s, QCoreApplication::translate("kilnctl", "A description (add, edit)."), u"TEXT"_s},
        {u"members"_s,
         QCoreApplication::translate("kilnctl", "The member count as the platform reports it (add, edit)."),
         u"TEXT"_s},
        {u"yes"_s, QCoreApplication::translate("kilnctl", "Really delete (delete).")},
    });
    parser.addPositionalArgument(u"action"_s,
                                 u"add NAME | edit GROUP | list | show GROUP | delete GROUP | "
                                 "grant GROUP IMAGE... | revoke GROUP IMAGE... | images GROUP"_s);
    if (const int code = parseCommandLine(parser, arguments, u"group"_s, io); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    const bool grants = action == u"grant" || action == u"revoke";
    if (action == u"add" || action == u"edit")
        allowed += QSet<QString>{u"display-name"_s, u"description"_s, u"members"_s};
    else if (action == u"delete")
        allowed.insert(u"yes"_s);
    else if (action != u"list" && action != u"show" && action != u"images" && !grants) {
        io.err << "kilnctl group: expected add, edit, list, show, delete, grant, revoke or images\n";
        return ExitUsage;
    }
    const bool sizeOk = action == u"list" ? positional.size() == 1
                        : grants          ? positional.size() >= 3
                                          : positional.size() == 2;
    if (!sizeOk) {
        io.err << "kilnctl group " << action << ": expected "
               << (action == u"list"  ? u"no arguments"_s
                   : grants           ? u"the group's name or id, then one or more images"_s
                   : action == u"add" ? u"one argument, the group's name"_s
                                      : u"one argument, the group's name or id"_s)
               << '\n';
        return ExitUsage;
    }
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"group"_s, action, option);

    Context ctx{parser, io, u"group"_s, action, parser.isSet(u"json"_s)};
    const auto catalogue = openCatalogue(parser, u"group "_s + action, io);
    if (!catalogue)
        return ExitUsage;
    ctx.catalogue = catalogue.get();
    if (action == u"add")
        return runAdd(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    const auto group = GroupRepository(*catalogue).find(positional.at(1));
    if (!group)
        return ctx.fail(ExitInvalid, group.error().message);
    if (action == u"edit")
        return runEdit(ctx, group.value());
    if (action == u"show")
        return runShow(ctx, group.value());
    if (action == u"delete")
        return runDelete(ctx, group.value());
    if (grants)
        return runGrant(ctx, group.value(), positional.mid(2), action == u"grant");
    return runImages(ctx, group.value());
}

} // namespace Kiln::Cli
