#include "contentcommand.h"

#include "bake/bakecontent.h"
#include "bakecommand.h"
#include "bakeimagecommand.h"
#include "commandsupport.h"
#include "jobsupport.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Kiln::Cli {

namespace {

QJsonValue contentJson(const std::optional<BakeContent> &content)
{
    if (!content)
        return QJsonValue();
    return QJsonObject{
        {u"path"_s, content->path},     {u"size"_s, content->size}, {u"mtime"_s, formatTime(content->mtime)},
        {u"sha256"_s, content->sha256}, {u"sha1"_s, content->sha1}, {u"fmt"_s, content->fmt},
        {u"refcnt"_s, content->refcnt},
    };
}

void printContent(QTextStream &out, const BakeContent &c)
{
    out << "path:     " << c.path << '\n';
    out << "size:     " << c.size << " bytes (" << formatBytes(c.size) << ")\n";
    out << "modified: " << formatTime(c.mtime) << '\n';
    out << "sha256:   " << c.sha256 << '\n';
    out << "sha1:     " << c.sha1 << '\n';
    out << "format:   " << c.fmt << ", refcnt " << c.refcnt << '\n';
}

TransferControl control(ProgressLines &lines, const QString &what)
{
    TransferControl control;
    control.cancel = &InterruptGuard::flag();
    control.progress = [&lines, what](qint64 done, qint64 total) { lines.update(what, done, total); };
    return control;
}

// The shared context, and failures that carry a ContentError.
struct Context : CommandContext
{
    using CommandContext::fail;
    int fail(const ContentError &error) const { return fail(ExitInvalid, error.message); }
};

int runGet(const Context &ctx, const QString &image, const QString &target)
{
    const QString path = QFileInfo(target).absoluteFilePath();
    const QFileInfo partial(path + u".partial"_s);
    if (partial.isFile() && !ctx.json)
        ctx.io.err << "kilnctl content get: resuming after the " << partial.size() << " bytes of "
                   << partial.filePath() << '\n';
    InterruptGuard guard;
    ProgressLines lines(ctx.io.err, u"content get "_s + image, true);
    const auto done = downloadContent(*ctx.catalogue, image, path, control(lines, u"downloading"_s));
    if (!done) {
        if (done.error().code == ContentError::Code::Cancelled && QFileInfo::exists(partial.filePath()))
            return ctx.fail(ExitInvalid, u"interrupted; %1 is kept: run the same command to resume"_s.arg(
                                             partial.filePath()));
        return ctx.fail(done.error());
    }
    if (ctx.json) {
        printJson(ctx.io.out, QJsonObject{{u"result"_s, u"downloaded"_s},
                                          {u"file"_s, path},
                                          {u"content"_s, contentJson(done.value())}});
    } else {
        ctx.io.out << "downloaded " << formatBytes(done->size) << " to " << path << '\n';
        ctx.io.out << "sha256:   " << done->sha256 << '\n';
    }
    return ExitOk;
}

int runPut(const Context &ctx, const QString &image, const QString &source)
{
    const QString path = QFileInfo(source).absoluteFilePath();
    if (!QFileInfo(path).isFile())
        return ctx.fail(ExitUsage, u"%1 is not a file"_s.arg(path));
    QString sha256 = ctx.parser.value(u"sha256"_s).trimmed().toLower();
    if (ctx.parser.isSet(u"sha256"_s)) {
        const QString hex = sha256.startsWith(u"sha256:"_s) ? sha256.mid(7) : sha256;
        static const QString kHex = u"0123456789abcdef"_s;
        for (qsizetype i = 0; i < hex.size(); ++i) {
            if (!kHex.contains(hex.at(i)))
                return ctx.fail(ExitUsage,
                                u"--sha256, column %1: '%2' is not a hex digit"_s.arg(
                                    QString::number(i + 1 + (sha256.size() - hex.size())), hex.at(i)));
        }
        if (hex.size() != 64)
            return ctx.fail(ExitUsage, u"--sha256: a SHA-256 has 64 hex digits, not %1"_s.arg(hex.size()));
    }
    InterruptGuard guard;
    ProgressLines lines(ctx.io.err, u"content put "_s + image, true);
    const bool ext4 = looksLikeExt4(path);
    const auto done =
        uploadContent(*ctx.catalogue, image, path, sha256, control(lines, ext4 ? u"copying"_s : u"baking"_s));
    if (!done)
        return ctx.fail(done.error());
    if (ctx.json) {
        QJsonObject object = bakeImageJson(*ctx.catalogue, done.value());
        object.insert(u"result"_s, u"uploaded"_s);
        printJson(ctx.io.out, object);
    } else {
        ctx.io.out << (ext4 ? "uploaded " : "baked ") << path << " as the content of " << done->name << '\n';
        if (done->content)
            printContent(ctx.io.out, *done->content);
    }
    return ExitOk;
}

int runRemove(const Context &ctx, const QString &image)
{
    const auto before = BakeImageRepository(*ctx.catalogue).find(image);
    const auto done = removeContent(*ctx.catalogue, image);
    if (!done)
        return ctx.fail(done.error());
    const bool had = before && before->content;
    if (ctx.json) {
        QJsonObject object = bakeImageJson(*ctx.catalogue, done.value());
        object.insert(u"result"_s, had ? u"removed"_s : u"no content"_s);
        printJson(ctx.io.out, object);
    } else if (had) {
        ctx.io.out << "removed the content of " << done->name << " (" << before->content->path
                   << "); it can be baked or uploaded again\n";
    } else {
        ctx.io.out << done->name << " has no content\n";
    }
    return ExitOk;
}

int runStat(const Context &ctx, const QString &image)
{
    const auto stat = statContent(*ctx.catalogue, image);
    if (!stat)
        return ctx.fail(stat.error());
    const ContentStat &s = stat.value();
    if (ctx.json) {
        printJson(ctx.io.out, QJsonObject{
                                  {u"image"_s, QJsonObject{{u"id"_s, s.imageId}, {u"name"_s, s.imageName}}},
                                  {u"path"_s, s.path},
                                  {u"recorded"_s, s.recorded},
                                  {u"exists"_s, s.exists},
                                  {u"size"_s, s.size},
                                  {u"mtime"_s, s.exists ? QJsonValue(formatTime(s.mtime)) : QJsonValue()},
                                  {u"problem"_s, s.problem.isEmpty() ? QJsonValue() : QJsonValue(s.problem)},
                              });
    } else {
        QTextStream &out = ctx.io.out;
        out << "image:    " << s.imageName << '\n';
        out << "path:     " << s.path << '\n';
        out << "recorded: " << (s.recorded ? "yes" : "no") << '\n';
        out << "exists:   " << (s.exists ? "yes" : "no") << '\n';
        if (s.exists) {
            out << "size:     " << s.size << " bytes (" << formatBytes(s.size) << ")\n";
            out << "modified: " << formatTime(s.mtime) << '\n';
        }
        if (!s.problem.isEmpty())
            out << "problem:  " << s.problem << '\n';
    }
    return s.problem.isEmpty() ? ExitOk : ExitInvalid;
}

int runInfo(const Context &ctx, const QString &image)
{
    const auto info = contentInfo(*ctx.catalogue, image);
    if (!info)
        return ctx.fail(info.error());
    const ContentInfo &i = info.value();
    // The scan as `image show` has it.
    BakeImage scanned;
    scanned.scanStatus = i.scanStatus;
    scanned.scanReason = i.scanReason;
    scanned.scanFindingsJson = i.scanFindingsJson;
    scanned.scannedAt = i.scannedAt;
    if (ctx.json) {
        const QJsonObject all = bakeImageJson(*ctx.catalogue, scanned);
        printJson(ctx.io.out, QJsonObject{
                                  {u"image"_s, QJsonObject{{u"id"_s, i.imageId}, {u"name"_s, i.imageName}}},
                                  {u"state"_s, bakeStateName(i.state)},
                                  {u"content"_s, contentJson(i.content)},
                                  {u"scan"_s, all.value(u"scan"_s)},
                              });
        return ExitOk;
    }
    QTextStream &out = ctx.io.out;
    out << "image:    " << i.imageName << '\n';
    out << "state:    " << bakeStateName(i.state) << '\n';
    if (i.content)
        printContent(out, *i.content);
    else
        out << "content:  (none)\n";
    printScan(out, scanned, 10);
    return ExitOk;
}

} // namespace

int runContent(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Download, upload, remove and inspect the content (the ext4 file) of a bake image.\n"
        "get resumes a FILE.partial left by an interrupted get; put takes an ext4 image or a tar\n"
        "(docker save, OCI layout, root file system), which is baked here.\n"
        "Exit codes: 0 done, 1 refused or failed (stat: the file and the catalogue disagree), 2 usage."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOption({u"sha256"_s,
                      QCoreApplication::translate("kilnctl", "The SHA-256 the file must have (put)."),
                      u"HEX"_s});
    parser.addPositionalArgument(u"action"_s, u"get NAME|ID FILE | put NAME|ID FILE | rm NAME|ID | "
                                              "stat NAME|ID | info NAME|ID"_s);
    if (const int code = parseCommandLine(parser, arguments, u"content"_s, io); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    static const QSet<QString> kActions{u"get"_s, u"put"_s, u"rm"_s, u"stat"_s, u"info"_s};
    if (!kActions.contains(action)) {
        io.err << "kilnctl content: expected get, put, rm, stat or info\n";
        return ExitUsage;
    }
    const qsizetype expected = action == u"get" || action == u"put" ? 3 : 2;
    if (positional.size() != expected) {
        io.err << "kilnctl content " << action << ": expected "
               << (expected == 3 ? u"two arguments, the image's name or id and the file"_s
                                 : u"one argument, the image's name or id"_s)
               << '\n';
        return ExitUsage;
    }
    if (parser.isSet(u"sha256"_s) && action != u"put") {
        io.err << "kilnctl content " << action << ": --sha256 does not apply to " << action << '\n';
        return ExitUsage;
    }
    const auto catalogue = openCatalogue(parser, u"content "_s + action, io);
    if (!catalogue)
        return ExitUsage;
    const Context ctx{{parser, io, u"content"_s, action, parser.isSet(u"json"_s), catalogue.get()}};
    const QString image = positional.at(1);
    if (action == u"get")
        return runGet(ctx, image, positional.at(2));
    if (action == u"put")
        return runPut(ctx, image, positional.at(2));
    if (action == u"rm")
        return runRemove(ctx, image);
    if (action == u"stat")
        return runStat(ctx, image);
    return runInfo(ctx, image);
}

} // namespace Kiln::Cli
