#include "secretcommand.h"

#include "commandsupport.h"
#include "domain/names.h"
#include "store/catalogue.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QSet>

namespace Kiln::Cli {

namespace {

using Context = CommandContext;

using namespace Qt::StringLiterals;

QJsonValue optionalTime(std::optional<qint64> msecs)
{
    return msecs ? QJsonValue(formatTime(*msecs)) : QJsonValue();
}

QJsonObject secretJson(const Secret &secret)
{
    return QJsonObject{
        {u"id"_s, secret.id},
        {u"name"_s, secret.name},
        {u"kind"_s, secretKindName(secret.kind)},
        {u"username"_s, secret.username.isEmpty() ? QJsonValue() : QJsonValue(secret.username)},
        {u"keychainRef"_s, secret.keychainRef},
        {u"created"_s, formatTime(secret.createdAt)},
        {u"rotated"_s, optionalTime(secret.rotatedAt)},
    };
}

// "registry harbor, spec cuda, image web": who refers to a secret, for a person.
QString usageText(const SecretRepository::Usage &usage)
{
    QStringList users;
    const QList<std::pair<QString, QStringList>> lists{{u"registry"_s, usage.registries},
                                                       {u"spec"_s, usage.specs},
                                                       {u"image"_s, usage.images},
                                                       {u"worker"_s, usage.workers}};
    for (const auto &[kind, names] : lists) {
        for (const QString &name : names)
            users.append(kind + u' ' + name);
    }
    return users.join(u", "_s);
}

QJsonObject usageJson(const SecretRepository::Usage &usage)
{
    return QJsonObject{
        {u"registries"_s, QJsonArray::fromStringList(usage.registries)},
        {u"specs"_s, QJsonArray::fromStringList(usage.specs)},
        {u"images"_s, QJsonArray::fromStringList(usage.images)},
        {u"workers"_s, QJsonArray::fromStringList(usage.workers)},
    };
}

// The value from standard input without its trailing line break(s).
Result<QByteArray, QString> readValue(const Context &ctx)
{
    if (!ctx.io.in)
        return u"there is no standard input to read the password from"_s;
    QString text = ctx.io.in->readAll();
    while (text.endsWith(u'\n') || text.endsWith(u'\r'))
        text.chop(1);
    if (text.isEmpty())
        return u"standard input is empty: pipe the password in, e.g. "
               "'kilnctl secret add NAME ... --password-stdin < file'"_s;
    if (auto valid = validateSecretValue(text); !valid)
        return u"standard input, column %1: %2"_s.arg(valid.error().column).arg(valid.error().message);
    return text.toUtf8();
}

template <typename T>
T waitFor(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

int print(const Context &ctx, const Secret &secret, const QString &verb)
{
    if (ctx.json) {
        QJsonObject object = secretJson(secret);
        object.insert(u"result"_s, verb);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << verb << " secret " << secret.name << " (" << secretKindName(secret.kind) << ")\n";
    }
    return ExitOk;
}

int runAdd(const Context &ctx, const QString &name)
{
    if (!ctx.parser.isSet(u"kind"_s))
        return ctx.fail(ExitUsage, u"--kind registry-credential|pull-secret is required"_s);
    const auto kind = secretKindFromName(ctx.parser.value(u"kind"_s));
    if (!kind || *kind == SecretKind::WorkerToken)
        return ctx.fail(ExitUsage, u"--kind expects registry-credential or pull-secret, not "_s +
                                       quoted(ctx.parser.value(u"kind"_s)));
    if (!ctx.parser.isSet(u"username"_s))
        return ctx.fail(ExitUsage, u"--username U is required"_s);
    if (auto valid = validateName(name); !valid) {
        ValidationError error = valid.error();
        error.field = u"Secret name"_s;
        return ctx.fail(ExitInvalid, error.describe());
    }
    const auto catalogue = openCatalogue(ctx.parser, ctx.command(), ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SecretRepository secrets(*catalogue);
    if (secrets.getByName(name).ok())
        return ctx.fail(ExitInvalid, u"a secret named "_s + quoted(name) + u" already exists"_s);
    const auto value = readValue(ctx);
    if (!value)
        return ctx.fail(ExitInvalid, value.error());
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitUsage;

    // The value first, then the row that points at it; undo the value if the row fails.
    const QString ref = SecretRepository::newKeychainRef();
    const auto written = waitFor(vault->write(ref, value.value()));
    if (!written)
        return ctx.fail(ExitInvalid, written.error().message);
    const auto created = secrets.create(name, *kind, ctx.parser.value(u"username"_s), ref);
    if (!created) {
        const auto undone = waitFor(vault->remove(ref));
        if (!undone)
            ctx.io.err << "kilnctl secret add: could not remove the stored value again: "
                       << undone.error().message << '\n';
        return ctx.fail(ExitInvalid, created.error().message);
    }
    return print(ctx, created.value(), u"created"_s);
}

int runRotate(const Context &ctx, const QString &idOrName)
{
    if (!ctx.parser.isSet(u"password-stdin"_s))
        return ctx.fail(ExitUsage,
                        u"--password-stdin is required: the new password comes from standard input"_s);
    const auto catalogue = openCatalogue(ctx.parser, ctx.command(), ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SecretRepository secrets(*catalogue);
    const auto secret = secrets.find(idOrName);
    if (!secret)
        return ctx.fail(ExitInvalid, secret.error().message);
    const QString username =
        ctx.parser.isSet(u"username"_s) ? ctx.parser.value(u"username"_s) : secret->username;
    const auto value = readValue(ctx);
    if (!value)
        return ctx.fail(ExitInvalid, value.error());
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitUsage;
    const auto written = waitFor(vault->write(secret->keychainRef, value.value()));
    if (!written)
        return ctx.fail(ExitInvalid, written.error().message);
    const auto rotated = secrets.markRotated(secret->id, username);
    if (!rotated)
        return ctx.fail(ExitInvalid, u"the new value is stored, but "_s + rotated.error().message);
    return print(ctx, rotated.value(), u"rotated"_s);
}

int runList(const Context &ctx)
{
    const auto catalogue = openCatalogue(ctx.parser, ctx.command(), ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SecretRepository secrets(*catalogue);
    const auto all = secrets.list();
    if (!all)
        return ctx.fail(ExitInvalid, all.error().message);
    const auto usage = secrets.usageOfAll();
    if (!usage)
        return ctx.fail(ExitInvalid, usage.error().message);
    if (ctx.json) {
        QJsonArray array;
        for (const Secret &secret : all.value()) {
            QJsonObject object = secretJson(secret);
            object.insert(u"usedBy"_s, usageJson(usage->value(secret.id)));
            array.append(object);
        }
        printJson(ctx.io.out, QJsonObject{{u"secrets"_s, array}});
        return ExitOk;
    }
    qsizetype nameWidth = 4;
    qsizetype userWidth = 8;
    for (const Secret &secret : all.value()) {
        nameWidth = std::max(nameWidth, secret.name.size());
        userWidth = std::max(userWidth, secret.username.size());
    }
    ctx.io.out << u"NAME"_s.leftJustified(nameWidth) << "  " << u"KIND"_s.leftJustified(19) << "  "
               << u"USERNAME"_s.leftJustified(userWidth)
               << "  CREATED               ROTATED               USED BY\n";
    for (const Secret &secret : all.value()) {
        const QString usedBy = usageText(usage->value(secret.id));
        ctx.io.out << secret.name.leftJustified(nameWidth) << "  "
                   << secretKindName(secret.kind).leftJustified(19) << "  "
                   << (secret.username.isEmpty() ? u"-"_s : secret.username).leftJustified(userWidth) << "  "
                   << formatTime(secret.createdAt).leftJustified(20) << "  "
                   << (secret.rotatedAt ? formatTime(*secret.rotatedAt) : u"-"_s).leftJustified(20) << "  "
                   << (usedBy.isEmpty() ? u"-"_s : usedBy) << '\n';
    }
    return ExitOk;
}

int runRemove(const Context &ctx, const QString &idOrName)
{
    const auto catalogue = openCatalogue(ctx.parser, ctx.command(), ctx.io);
    if (!catalogue)
        return ExitUsage;
    const SecretRepository secrets(*catalogue);
    const auto secret = secrets.find(idOrName);
    if (!secret)
        return ctx.fail(ExitInvalid, secret.error().message);
    const auto usage = secrets.usage(secret->id);
    if (!usage)
        return ctx.fail(ExitInvalid, usage.error().message);
    const QString users = usageText(usage.value());
    const bool force = ctx.parser.isSet(u"force"_s);
    if (!users.isEmpty() && !force)
        return ctx.fail(ExitInvalid, u"the secret "_s + quoted(secret->name) + u" is in use by "_s + users +
                                         u": pass --force to delete it anyway (they lose it)"_s);
    const auto vault = openSecretVault(ctx.io, ctx.command());
    if (!vault)
        return ExitUsage;
    const auto removed = secrets.remove(secret->id);
    if (!removed)
        return ctx.fail(ExitInvalid, removed.error().message);
    const auto erased = waitFor(vault->remove(secret->keychainRef));
    if (!erased)
        return ctx.fail(ExitInvalid, u"removed the secret from the catalogue, but not its value: "_s +
                                         erased.error().message);
    if (!users.isEmpty())
        ctx.io.err << "kilnctl secret " << ctx.action << ": the secret " << quoted(secret->name)
                   << " is no longer used by " << users << '\n';
    return print(ctx, secret.value(), ctx.action == u"remove" ? u"removed"_s : u"deleted"_s);
}

} // namespace

std::unique_ptr<SecretVault> openSecretVault(Io io, const QString &command)
{
    auto options = SecretVaultOptions::fromEnvironment();
    if (!options) {
        io.err << "kilnctl " << command << ": " << options.error() << '\n';
        return nullptr;
    }
    auto vault = std::make_unique<SecretVault>(options.value());
    if (vault->usingFallback())
        io.err << "kilnctl " << command << ": " << vault->fallbackWarning() << '\n';
    return vault;
}

int runSecret(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Add, rotate, list and delete the secrets Kiln logs in to registries with.\n"
        "The catalogue holds only a secret's name, kind and username; the value goes to the OS keychain\n"
        "or, when no keychain service runs, to an AES-256-GCM encrypted file (a warning says so).\n"
        "The password or token is only ever read from standard input: no option takes it, so it never\n"
        "appears in the command line (argv), the shell history or the process list.\n"
        "list shows what uses each secret (registries, specs, images, workers); delete refuses a secret\n"
        "in use unless --force is given.\n"
        "Environment: KILN_SECRET_BACKEND=auto|keychain|file chooses where values go;\n"
        "KILN_SECRET_DIR=DIR keeps the encrypted file (secrets.enc) and its key (secret.key) in DIR."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"kind"_s, QCoreApplication::translate("kilnctl", "registry-credential or pull-secret (add)."),
         u"KIND"_s},
        {u"username"_s, QCoreApplication::translate("kilnctl", "The username (add, rotate)."), u"U"_s},
        {u"password-stdin"_s,
         QCoreApplication::translate("kilnctl", "Read the password or token from standard input (add, "
                                                "rotate); it is never accepted as an argument.")},
        {u"force"_s,
         QCoreApplication::translate("kilnctl", "Delete a secret even while registries, specs, images or "
                                                "workers use it (delete).")},
    });
    parser.addPositionalArgument(u"action"_s,
                                 u"add NAME | rotate NAME|ID | list | delete NAME|ID (alias: remove)"_s);
    if (const int code = parseCommandLine(parser, arguments, u"secret"_s, io); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    QSet<QString> allowed{u"catalog"_s, u"json"_s};
    qsizetype expected = 2;
    if (action == u"add")
        allowed += QSet<QString>{u"kind"_s, u"username"_s, u"password-stdin"_s};
    else if (action == u"rotate")
        allowed += QSet<QString>{u"username"_s, u"password-stdin"_s};
    else if (action == u"list")
        expected = 1;
    else if (action == u"delete" || action == u"remove")
        allowed += u"force"_s;
    else {
        io.err << "kilnctl secret: expected add, rotate, list or delete\n";
        return ExitUsage;
    }
    if (positional.size() != expected) {
        io.err << "kilnctl secret " << action << ": expected "
               << (expected == 1 ? u"no arguments"_s : u"one argument, the secret's name or id"_s) << '\n';
        return ExitUsage;
    }
    if (const QString option = firstDisallowedOption(parser, allowed); !option.isEmpty())
        return disallowedOption(io, u"secret"_s, action, option);
    const Context ctx{parser, io, u"secret"_s, action, parser.isSet(u"json"_s)};
    if (action == u"add")
        return runAdd(ctx, positional.at(1));
    if (action == u"rotate")
        return runRotate(ctx, positional.at(1));
    if (action == u"list")
        return runList(ctx);
    return runRemove(ctx, positional.at(1));
}

} // namespace Kiln::Cli
