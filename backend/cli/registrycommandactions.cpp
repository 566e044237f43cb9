#include "registrycommandactions.h"

#include "bake/ociclient.h"
#include "bake/registryhealth.h"
#include "commandsupport.h"
#include "secretcommand.h"
#include "store/catalogue.h"
#include "store/registryexchange.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QSaveFile>
#include <QThread>

#include <algorithm>

namespace Kiln::Cli {

namespace {

using namespace Qt::StringLiterals;

int fail(Io io, const QString &action, int code, const QString &message)
{
    io.err << "kilnctl registry " << action << ": " << message << '\n';
    return code;
}

// An OciClient and a RegistryHealthChecker on a thread of their own, whose event
// loop runs the requests while the command waits for each future: kilnctl's main
// thread never runs a nested event loop.
class CheckThread
{
public:
    explicit CheckThread(CredentialLookup credentials)
    {
        m_client = new OciClient;
        m_checker = new RegistryHealthChecker(m_client, std::move(credentials), m_client);
        m_client->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_client, &QObject::deleteLater);
        m_thread.start();
    }
    ~CheckThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    CheckThread(const CheckThread &) = delete;
    CheckThread &operator=(const CheckThread &) = delete;

    RegistryHealth check(const Registry &registry)
    {
        QFuture<RegistryHealth> future;
        QMetaObject::invokeMethod(
            m_checker, [this, &future, &registry] { future = m_checker->check(registry); },
            Qt::BlockingQueuedConnection);
        future.waitForFinished();
        if (future.isCanceled() || future.resultCount() == 0)
            return RegistryHealth{RegistryHealthStatus::Unknown, std::nullopt,
                                  QDateTime::currentMSecsSinceEpoch(), u"the check was cancelled"_s};
        return future.result();
    }

private:
    QThread m_thread;
    OciClient *m_client = nullptr;
    RegistryHealthChecker *m_checker = nullptr;
};

QJsonObject healthJson(const Registry &registry, const RegistryHealth &health)
{
    return QJsonObject{
        {u"id"_s, registry.id},
        {u"name"_s, registry.name},
        {u"status"_s, registryHealthName(health.status)},
        {u"latencyMs"_s, health.latencyMs ? QJsonValue(*health.latencyMs) : QJsonValue()},
        {u"checked"_s, formatTime(health.checkedAt)},
        {u"message"_s, health.message},
    };
}

QString problemText(const RegistryImportProblem &problem)
{
    QString where = problem.index >= 0 ? u"entry %1, line %2"_s.arg(problem.index + 1).arg(problem.line)
                                       : u"line %1"_s.arg(problem.line);
    if (!problem.field.isEmpty())
        where += u", "_s + problem.field;
    return where + u": "_s + problem.message;
}

QJsonObject problemJson(const RegistryImportProblem &problem, const QString &result)
{
    return QJsonObject{
        {u"result"_s, result},
        {u"entry"_s, problem.index >= 0 ? QJsonValue(problem.index + 1) : QJsonValue()},
        {u"line"_s, problem.line},
        {u"field"_s, problem.field.isEmpty() ? QJsonValue() : QJsonValue(problem.field)},
        {u"message"_s, problem.message},
    };
}

} // namespace

int runRegistryCheck(const QCommandLineParser &, Io io, const Catalogue &catalogue,
                     const QStringList &idsOrNames, bool json)
{
    const QString action = u"check"_s;
    const RegistryRepository registries(catalogue);
    QList<Registry> targets;
    if (idsOrNames.isEmpty()) {
        auto all = registries.list();
        if (!all)
            return fail(io, action, ExitInvalid, all.error().message);
        targets = std::move(all).value();
    }
    for (const QString &idOrName : idsOrNames) {
        auto found = registries.find(idOrName);
        if (!found)
            return fail(io, action, ExitInvalid, found.error().message);
        targets.append(std::move(found).value());
    }
    if (targets.isEmpty()) {
        if (json)
            printJson(io.out, QJsonObject{{u"results"_s, QJsonArray()}, {u"healthy"_s, true}});
        else
            io.out << "no registries to check\n";
        return ExitOk;
    }

    // The vault (and its fallback warning) only when a registry has credentials.
    std::shared_ptr<SecretVault> vault;
    const bool needsSecrets = std::any_of(targets.cbegin(), targets.cend(), [](const Registry &registry) {
        return !registry.credentialsSecretId.isEmpty();
    });
    if (needsSecrets) {
        vault = openSecretVault(io, u"registry check"_s);
        if (!vault)
            return ExitUsage;
    }
    CredentialLookup lookup;
    if (vault) {
        lookup = [repository = SecretRepository(catalogue), vault](const QString &ref) {
            return resolveCredential(repository, *vault, ref);
        };
    }

    bool allHealthy = true;
    QJsonArray results;
    qsizetype nameWidth = 4;
    for (const Registry &registry : std::as_const(targets))
        nameWidth = std::max(nameWidth, registry.name.size());
    if (!json)
        io.out << u"NAME"_s.leftJustified(nameWidth) << "  STATUS       LATENCY  MESSAGE\n";
    {
        CheckThread checker(lookup);
        for (const Registry &registry : std::as_const(targets)) {
            const RegistryHealth health = checker.check(registry);
            allHealthy = allHealthy && health.status == RegistryHealthStatus::Healthy;
            if (health.status != RegistryHealthStatus::Unknown) {
                const auto recorded =
                    registries.recordHealth(registry.id, registryHealthName(health.status), health.latencyMs,
                                            health.checkedAt, health.message);
                if (!recorded)
                    io.err << "kilnctl registry check: " << recorded.error().message << '\n';
            }
            if (json) {
                results.append(healthJson(registry, health));
                continue;
            }
            io.out << registry.name.leftJustified(nameWidth) << "  "
                   << registryHealthName(health.status).leftJustified(11) << "  "
                   << (health.latencyMs ? QString::number(*health.latencyMs) + u" ms"_s : u"-"_s)
                          .leftJustified(7)
                   << "  " << health.message << '\n';
            io.out.flush();
        }
    }
    if (json)
        printJson(io.out, QJsonObject{{u"results"_s, results}, {u"healthy"_s, allHealthy}});
    return allHealthy ? ExitOk : ExitInvalid;
}

int runRegistryExport(Io io, const Catalogue &catalogue, const QString &file)
{
    const QString action = u"export"_s;
    const auto all = RegistryRepository(catalogue).list();
    if (!all)
        return fail(io, action, ExitInvalid, all.error().message);
    const QByteArray document = exportRegistries(all.value());
    if (file.isEmpty() || file == u"-") {
        io.out << QString::fromUtf8(document);
        return ExitOk;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(document) != document.size() || !out.commit())
        return fail(io, action, ExitUsage, u"cannot write "_s + file + u": "_s + out.errorString());
    io.out << "exported " << all->size() << (all->size() == 1 ? " registry" : " registries") << " to " << file
           << '\n';
    return ExitOk;
}

int runRegistryImport(const QCommandLineParser &parser, Io io, const Catalogue &catalogue,
                      const QString &file, bool json)
{
    const QString action = u"import"_s;
    ImportConflict conflict = ImportConflict::Fail;
    if (parser.isSet(u"on-conflict"_s)) {
        const QString value = parser.value(u"on-conflict"_s);
        if (value == u"skip")
            conflict = ImportConflict::Skip;
        else if (value == u"replace")
            conflict = ImportConflict::Replace;
        else if (value != u"fail")
            return fail(io, action, ExitUsage,
                        u"--on-conflict expects fail, skip or replace, not '"_s + value + u"'"_s);
    }
    QByteArray document;
    if (file == u"-") {
        if (!io.in)
            return fail(io, action, ExitUsage, u"there is no standard input to read from"_s);
        document = io.in->readAll().toUtf8();
    } else {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            return fail(io, action, ExitUsage, u"cannot read "_s + file + u": "_s + in.errorString());
        document = in.readAll();
    }
    const RegistryImportReport report = importRegistries(RegistryRepository(catalogue), document, conflict);

    // One line per entry, in the document's order.
    struct Line
    {
        int index = 0;
        int line = 0;
        QString text;
        QJsonObject object;
    };
    QList<Line> lines;
    const auto entryLine = [](const RegistryImportEntry &entry, const Registry &registry,
                              const QString &verb) {
        return Line{entry.index, entry.line,
                    u"%1 registry %2 (entry %3, line %4)"_s.arg(verb, registry.name)
                        .arg(entry.index + 1)
                        .arg(entry.line),
                    QJsonObject{{u"result"_s, verb},
                                {u"entry"_s, entry.index + 1},
                                {u"line"_s, entry.line},
                                {u"id"_s, registry.id},
                                {u"name"_s, registry.name}}};
    };
    for (qsizetype i = 0; i < report.created.size(); ++i)
        lines.append(entryLine(report.createdFrom.at(i), report.created.at(i), u"created"_s));
    for (qsizetype i = 0; i < report.updated.size(); ++i)
        lines.append(entryLine(report.updatedFrom.at(i), report.updated.at(i), u"updated"_s));
    for (const RegistryImportProblem &skipped : report.skipped)
        lines.append(Line{skipped.index, skipped.line, u"skipped "_s + problemText(skipped),
                          problemJson(skipped, u"skipped"_s)});
    for (const RegistryImportProblem &problem : report.problems)
        lines.append(Line{problem.index, problem.line, u"problem: "_s + problemText(problem),
                          problemJson(problem, u"problem"_s)});
    std::stable_sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) {
        return a.index != b.index ? a.index < b.index : a.line < b.line;
    });

    if (json) {
        QJsonArray entries;
        for (const Line &line : std::as_const(lines))
            entries.append(line.object);
        printJson(io.out, QJsonObject{{u"entries"_s, entries},
                                      {u"created"_s, int(report.created.size())},
                                      {u"updated"_s, int(report.updated.size())},
                                      {u"skipped"_s, int(report.skipped.size())},
                                      {u"problems"_s, int(report.problems.size())}});
    } else {
        for (const Line &line : std::as_const(lines))
            io.out << line.text << '\n';
        io.out << report.created.size() << " created, " << report.updated.size() << " updated, "
               << report.skipped.size() << " skipped, " << report.problems.size() << " with problems\n";
    }
    return report.problems.isEmpty() ? ExitOk : ExitInvalid;
}

} // namespace Kiln::Cli
