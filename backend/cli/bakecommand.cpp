#include "bakecommand.h"

#include "bake/bakeservice.h"
#include "bake/runnerid.h"
#include "bakeimagecommand.h"
#include "commandsupport.h"
#include "secretcommand.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <csignal>

using namespace Qt::StringLiterals;

namespace Kiln::Cli {

namespace {

std::atomic<bool> g_interrupted{false};
struct sigaction g_previous = {};

void onInterrupt(int)
{
    g_interrupted.store(true);
    // The next Ctrl+C ends the process as usual.
    struct sigaction fallback = {};
    fallback.sa_handler = SIG_DFL;
    ::sigaction(SIGINT, &fallback, nullptr);
}

bool isFinal(BakeState state)
{
    return state == BakeState::Baked || state == BakeState::Failed || state == BakeState::Cancelled ||
           state == BakeState::Registered;
}

// kilnctl's own bake service: bakes and scans (exitWhenIdle), and reads the pull
// secret from the vault when the image has one.
struct LocalService
{
    std::shared_ptr<SecretVault> vault;
    std::unique_ptr<BakeService> service;

    LocalService(const Catalogue &catalogue, const BakeImage &image, Io io, const QString &command)
    {
        BakeOptions options = BakeOptions::fromSettings(catalogue);
        options.exitWhenIdle = true;
        options.runBuildJobs = false; // a build claimed here would be interrupted when kilnctl exits
        CredentialResolver resolver;
        if (!image.pullSecretId.isEmpty()) {
            vault = openSecretVault(io, command);
            if (vault) {
                resolver = [repository = SecretRepository(catalogue), vault = vault](const QString &ref) {
                    return resolveCredential(repository, *vault, ref);
                };
            }
        }
        service = std::make_unique<BakeService>(catalogue, options, resolver);
    }
};

// Starts "kilnctl bake|scan ID --wait" on the same catalogue in a process of its own.
bool startDetached(const QString &command, const QCommandLineParser &parser, const Catalogue &catalogue,
                   const QString &imageId, QString *why)
{
    const QString self = QCoreApplication::applicationFilePath();
    if (QFileInfo(self).fileName() != u"kilnctl"_s) {
        *why = u"this program is not kilnctl"_s;
        return false;
    }
    const QString path =
        catalogue.sqlitePath().isEmpty() ? parser.value(catalogOption()) : catalogue.sqlitePath();
    QProcess baker;
    baker.setProgram(self);
    baker.setArguments({command, imageId, u"--wait"_s, u"--catalog"_s, path});
    baker.setStandardOutputFile(QProcess::nullDevice());
    baker.setStandardErrorFile(QProcess::nullDevice());
    if (!baker.startDetached()) {
        *why = baker.errorString();
        return false;
    }
    return true;
}

struct Command
{
    QString name; // "bake", "scan"
    Io io;
    bool json = false;

    int fail(int code, const QString &message) const
    {
        io.err << "kilnctl " << name << ": " << message << '\n';
        return code;
    }
};

// Parses "kilnctl bake|scan NAME [--wait]". -1: go on.
int parse(QCommandLineParser &parser, const QStringList &arguments, const Command &command,
          const QString &description, const QString &waitHelp)
{
    parser.setApplicationDescription(description);
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOption({u"wait"_s, waitHelp});
    parser.addPositionalArgument(
        u"image"_s, QCoreApplication::translate("kilnctl", "The bake image's name or id."), u"NAME|ID"_s);
    if (const int code = parseCommandLine(parser, arguments, command.name, command.io); code >= 0)
        return code;
    if (parser.positionalArguments().size() != 1)
        return command.fail(ExitUsage, u"expected one argument, the bake image's name or id"_s);
    return -1;
}

// Delivers the service's queued signals to this thread (kilnctl runs no event loop).
void deliver(BakeService &service)
{
    QCoreApplication::sendPostedEvents(&service, QEvent::MetaCall);
}

int printBakeResult(const Command &command, const Catalogue &catalogue, const BakeImage &image)
{
    QTextStream &out = command.io.out;
    if (command.json) {
        QJsonObject object = bakeImageJson(catalogue, image);
        object.insert(u"result"_s, bakeStateName(image.state));
        printJson(out, object);
    }
    if (image.state == BakeState::Baked && image.content) {
        if (!command.json) {
            out << "baked " << image.name << ": " << image.content->path << " ("
                << formatBytes(image.content->size) << ")\n";
            out << "sha256:         " << image.content->sha256 << '\n';
            printScan(out, image, 5);
        }
        return ExitOk;
    }
    return command.fail(ExitInvalid, u"the bake of %1 %2"_s.arg(image.name, bakeStateName(image.state)) +
                                         (image.error.isEmpty() ? QString() : u": "_s + image.error));
}

// Runs a bake service here until the image's bake (and then its scan) ends.
int waitForBake(const Command &command, const Catalogue &catalogue, const BakeImage &queued)
{
    InterruptGuard guard;
    LocalService local(catalogue, queued, command.io, command.name);
    BakeService &service = *local.service;
    QObject context;
    ProgressLines lines(command.io.err, command.name + u' ' + queued.name, false);
    // The service's problems are printed; one that leaves the bake unclaimed ends the wait.
    bool problem = false;
    QObject::connect(
        &service, &BakeService::bakeProgress, &context,
        [&](const QString &imageId, int index, int count, const QString &text, qint64 done, qint64 total) {
            if (imageId == queued.id)
                lines.update(u"[%1/%2] %3"_s.arg(index + 1).arg(count).arg(text), done, total);
        });
    QObject::connect(&service, &BakeService::problem, &context, [&problem, &command](const QString &message) {
        problem = true;
        command.io.err << "kilnctl " << command.name << ": " << message << '\n';
        command.io.err.flush();
    });
    service.start();
    const BakeImageRepository images(catalogue);
    bool cancelled = false;
    bool scanning = false;
    Result<BakeImage, StoreError> image = queued;
    for (;;) {
        deliver(service);
        image = images.get(queued.id);
        if (!image || (problem && image->state == BakeState::Queued))
            break;
        if (guard.interrupted() && !cancelled) {
            cancelled = true;
            if (image->state == BakeState::Queued || image->state == BakeState::Baking) {
                command.io.err << "kilnctl " << command.name << ": cancelling the bake of " << queued.name
                               << " (Ctrl+C again to quit at once)\n";
                command.io.err.flush();
                service.cancelBake(queued.id);
            }
        }
        if (isFinal(image->state)) {
            // A baked image is scanned next; Ctrl+C leaves the scan for later.
            if (image->state != BakeState::Baked || image->scanStatus != ScanStatus::Pending || cancelled)
                break;
            if (!scanning) {
                scanning = true;
                command.io.err << "kilnctl " << command.name << ' ' << queued.name << ": scanning\n";
                command.io.err.flush();
            }
        }
        QThread::msleep(100);
    }
    service.stop();
    deliver(service);
    if (image && image->state == BakeState::Queued)
        return command.fail(ExitInvalid, u"the bake of %1 is still queued"_s.arg(queued.name));
    if (!image)
        return command.fail(ExitInvalid, image.error().message);
    return printBakeResult(command, catalogue, image.value());
}

} // namespace

InterruptGuard::InterruptGuard()
{
    g_interrupted.store(false);
    struct sigaction action = {};
    action.sa_handler = &onInterrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &g_previous);
}

InterruptGuard::~InterruptGuard()
{
    ::sigaction(SIGINT, &g_previous, nullptr);
}

const std::atomic<bool> &InterruptGuard::flag()
{
    return g_interrupted;
}

void ProgressLines::update(const QString &phase, qint64 done, qint64 total)
{
    const auto amount = [this](qint64 value) {
        return m_bytes ? formatBytes(value) : QString::number(value);
    };
    qint64 step = -1;
    QString text = phase;
    if (total > 0) {
        step = std::clamp<qint64>(done * 10 / total, 0, 10);
        text += u" %1%"_s.arg(step * 10);
        if (m_bytes)
            text += u" (%1 of %2)"_s.arg(amount(done), amount(total));
    } else if (m_bytes && done > 0) {
        step = done / (64 * 1024 * 1024);
        text += u" (%1)"_s.arg(amount(done));
    }
    if (phase == m_phase && step == m_step)
        return;
    m_phase = phase;
    m_step = step;
    m_err << m_prefix << ": " << text << '\n';
    m_err.flush();
}

int runBake(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    Command command{u"bake"_s, io};
    if (const int code =
            parse(parser, arguments, command,
                  QCoreApplication::translate(
                      "kilnctl",
                      "Bake a bake image into an ext4 file: pull (or read the tar), unpack, check the size\n"
                      "cap, write the ext4, check it with e2fsck and scan it. Content is never re-baked in\n"
                      "place: register a new name for a new version.\n"
                      "Exit codes: 0 baked (or queued), 1 refused, failed or cancelled, 2 usage."),
                  QCoreApplication::translate(
                      "kilnctl", "Bake in this process, print the phases on stderr; Ctrl+C cancels."));
        code >= 0)
        return code;
    command.json = parser.isSet(jsonOption());
    const bool wait = parser.isSet(u"wait"_s);
    auto catalogue = openCatalogue(parser, command.name, io);
    if (!catalogue)
        return ExitUsage;
    const BakeImageRepository images(*catalogue);
    auto image = images.find(parser.positionalArguments().first());
    if (!image)
        return command.fail(ExitInvalid, image.error().message);
    // A bake already queued or running is waited for, not queued again.
    if (image->state != BakeState::Queued && image->state != BakeState::Baking) {
        image = images.requestBake(image->id);
        if (!image)
            return command.fail(ExitInvalid, image.error().message);
        if (!command.json)
            io.out << "queued the bake of " << image->name << '\n';
    } else if (!command.json) {
        io.out << "the bake of " << image->name << " is " << bakeStateName(image->state) << " already\n";
    }
    if (wait) {
        io.out.flush();
        return waitForBake(command, *catalogue, image.value());
    }
    QString why;
    if (!startDetached(command.name, parser, *catalogue, image->id, &why))
        io.err << "kilnctl bake: could not start a baker (" << why << "); 'kilnctl bake " << image->name
               << " --wait' or Kiln bakes it.\n";
    if (command.json)
        printJson(io.out, bakeImageJson(*catalogue, image.value()));
    return ExitOk;
}

int runScan(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    Command command{u"scan"_s, io};
    if (const int code =
            parse(parser, arguments, command,
                  QCoreApplication::translate(
                      "kilnctl",
                      "Scan a bake image's content for vulnerabilities again (trivy or grype, when\n"
                      "installed). Exit codes: 0 queued, passed or skipped, 1 refused or failed, 2 usage."),
                  QCoreApplication::translate("kilnctl", "Scan in this process and print the findings."));
        code >= 0)
        return code;
    command.json = parser.isSet(jsonOption());
    auto catalogue = openCatalogue(parser, command.name, io);
    if (!catalogue)
        return ExitUsage;
    const BakeImageRepository images(*catalogue);
    auto image = images.find(parser.positionalArguments().first());
    if (!image)
        return command.fail(ExitInvalid, image.error().message);
    if (!image->content)
        return command.fail(
            ExitInvalid,
            u"bake image %1 has no content to scan; bake it first (kilnctl bake %1)"_s.arg(image->name));

    if (!parser.isSet(u"wait"_s)) {
        auto pending = images.setScan(image->id, ScanStatus::Pending, u"Rescan requested."_s, {}, 0);
        if (!pending)
            return command.fail(ExitInvalid, pending.error().message);
        if (command.json)
            printJson(io.out, bakeImageJson(*catalogue, pending.value()));
        else
            io.out << "queued a scan of " << image->name << '\n';
        QString why;
        if (!startDetached(command.name, parser, *catalogue, image->id, &why))
            io.err << "kilnctl scan: could not start a scanner (" << why << "); 'kilnctl scan " << image->name
                   << " --wait' or Kiln scans it.\n";
        return ExitOk;
    }

    InterruptGuard guard;
    LocalService local(*catalogue, image.value(), io, command.name);
    BakeService &service = *local.service;
    service.start();
    auto requested = service.rescan(image->id).result();
    if (!requested) {
        service.stop();
        return command.fail(ExitInvalid, requested.error().message);
    }
    io.err << "kilnctl scan " << image->name << ": scanning\n";
    io.err.flush();
    for (;;) {
        deliver(service);
        image = images.get(requested->id);
        if (!image || image->scanStatus != ScanStatus::Pending || guard.interrupted())
            break;
        QThread::msleep(100);
    }
    service.stop();
    deliver(service);
    if (!image)
        return command.fail(ExitInvalid, image.error().message);
    if (image->scanStatus == ScanStatus::Pending)
        return command.fail(ExitInvalid, u"interrupted; the scan of %1 is still to do"_s.arg(image->name));
    if (command.json) {
        QJsonObject object = bakeImageJson(*catalogue, image.value());
        object.insert(u"result"_s, scanStatusName(image->scanStatus));
        printJson(io.out, object);
    } else {
        io.out << "image:          " << image->name << '\n';
        printScan(io.out, image.value(), 10);
    }
    return image->scanStatus == ScanStatus::Failed ? ExitInvalid : ExitOk;
}

} // namespace Kiln::Cli
