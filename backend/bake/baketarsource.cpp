#include "baketarsource.h"

#include "ocimanifest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using Code = BakeTarError::Code;

constexpr qint64 kMaxJsonBytes = 64 * 1024 * 1024;
constexpr qsizetype kCopyBlock = 1024 * 1024;

BakeTarError tarError(Code code, const QString &path, const QString &message)
{
    return BakeTarError{code, path, message};
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// "./a/b/" -> "a/b"
QString memberName(const char *raw)
{
    QString name = raw ? QString::fromUtf8(raw) : QString();
    while (name.startsWith(u"./"_s))
        name.remove(0, 2);
    while (name.startsWith(u'/'))
        name.remove(0, 1);
    while (name.endsWith(u'/'))
        name.chop(1);
    return name == u"."_s ? QString() : name;
}

// Whether the first bytes of a file are a compression format's magic.
bool looksCompressed(QByteArrayView head)
{
    return head.startsWith("\x1f\x8b") || head.startsWith("\x28\xb5\x2f\xfd") || head.startsWith("BZh") ||
           head.startsWith("\xfd"
                           "7zXZ") ||
           head.startsWith("\x04\x22\x4d\x18");
}

// The checks libarchive would give poor messages for: it exists, is a regular
// file, can be opened, is not empty.
std::optional<BakeTarError> checkFile(const QString &path)
{
    if (path.isEmpty())
        return tarError(Code::NotFound, path, QStringLiteral("no tar file was given"));
    const QByteArray native = QFile::encodeName(path);
    struct stat info = {};
    if (::stat(native.constData(), &info) != 0) {
        const int error = errno;
        if (error == ENOENT || error == ENOTDIR)
            return tarError(Code::NotFound, path, QStringLiteral("%1 does not exist").arg(path));
        return tarError(Code::NotReadable, path,
                        QStringLiteral("%1 cannot be read: %2").arg(path, errnoText(error)));
    }
    if (S_ISDIR(info.st_mode))
        return tarError(Code::NotReadable, path,
                        QStringLiteral("%1 is a directory, not a tar file").arg(path));
    if (!S_ISREG(info.st_mode))
        return tarError(Code::NotReadable, path,
                        QStringLiteral("%1 is not a regular file (a FIFO, socket or device)").arg(path));
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return tarError(Code::NotReadable, path,
                        QStringLiteral("%1 cannot be read: %2").arg(path, errnoText(errno)));
    ::close(fd);
    if (info.st_size == 0)
        return tarError(Code::NotATar, path, QStringLiteral("%1 is empty, not a tar archive").arg(path));
    return std::nullopt;
}

struct ArchiveDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

QString archiveMessage(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromLocal8Bit(text) : QStringLiteral("unknown error");
}

enum class Step
{
    Next,
    Stop,
};
// Called for each entry; may read the entry's data. An error stops the walk.
using Visitor = std::function<Result<Step, BakeTarError>(archive *, archive_entry *, const QString &name)>;

// Walks the entries of the tar `path` (any compression libarchive knows).
Result<Done, BakeTarError> walk(const QString &path, const Visitor &visit)
{
    if (auto bad = checkFile(path))
        return *bad;
    ArchivePtr a(archive_read_new());
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(path).constData(), 256 * 1024) != ARCHIVE_OK)
        return tarError(Code::NotATar, path,
                        QStringLiteral("%1 is not a tar archive: %2").arg(path, archiveMessage(a.get())));
    qint64 entries = 0;
    for (;;) {
        archive_entry *entry = nullptr;
        const int status = archive_read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN) {
            if (entries == 0)
                return tarError(
                    Code::NotATar, path,
                    QStringLiteral("%1 is not a tar archive: %2").arg(path, archiveMessage(a.get())));
            return tarError(Code::Corrupt, path,
                            QStringLiteral("%1 is truncated or damaged after %2 entries: %3")
                                .arg(path)
                                .arg(entries)
                                .arg(archiveMessage(a.get())));
        }
        ++entries;
        auto step = visit(a.get(), entry, memberName(archive_entry_pathname(entry)));
        if (!step.ok())
            return step.error();
        if (step.value() == Step::Stop)
            return Done{};
    }
    if (entries == 0)
        return tarError(Code::NotATar, path, QStringLiteral("%1 is an empty tar archive").arg(path));
    return Done{};
}

// The whole data of the current entry, at most kMaxJsonBytes.
Result<QByteArray, BakeTarError> readEntry(archive *a, archive_entry *entry, const QString &path,
                                           const QString &name)
{
    if (archive_entry_size(entry) > kMaxJsonBytes)
        return tarError(Code::Invalid, path,
                        QStringLiteral("%1 in %2 is too large (%3 bytes) for a manifest")
                            .arg(name, path)
                            .arg(archive_entry_size(entry)));
    QByteArray data(qsizetype(archive_entry_size(entry)), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < data.size()) {
        const la_ssize_t n = archive_read_data(a, data.data() + done, size_t(data.size() - done));
        if (n < 0)
            return tarError(Code::Corrupt, path,
                            QStringLiteral("cannot read %1 in %2: %3").arg(name, path, archiveMessage(a)));
        if (n == 0)
            break;
        done += n;
    }
    data.truncate(done);
    return data;
}

// Reads the small members `names` (normalised) into memory; absent ones are missing
// from the result. Stops once all were found.
Result<QHash<QString, QByteArray>, BakeTarError> readMembers(const QString &path, const QSet<QString> &names)
{
    QHash<QString, QByteArray> found;
    auto walked =
        walk(path, [&](archive *a, archive_entry *entry, const QString &name) -> Result<Step, BakeTarError> {
            if (!names.contains(name) || found.contains(name) || archive_entry_filetype(entry) != AE_IFREG)
                return Step::Next;
            auto data = readEntry(a, entry, path, name);
            if (!data.ok())
                return data.error();
            found.insert(name, data.value());
            return found.size() == names.size() ? Step::Stop : Step::Next;
        });
    if (!walked.ok())
        return walked.error();
    return found;
}

// A member copied out of the archive.
struct Extracted
{
    QString file;
    QString digest; // of the bytes copied, in the algorithm asked for
    qint64 size = 0;
    bool compressed = false;
    QString linkTarget; // a link member: the member it names (nothing copied)
};

// Copies the members of `wanted` (name -> target file, and the digest algorithm)
// out of the archive, hashing them as they go. Link members are reported with
// their target instead.
Result<QHash<QString, Extracted>, BakeTarError> extractMembers(const QString &path,
                                                               const QHash<QString, QString> &wanted,
                                                               const QString &algorithm,
                                                               const std::atomic_bool *cancel)
{
    QHash<QString, Extracted> done;
    QByteArray buffer(kCopyBlock, Qt::Uninitialized);
    auto walked =
        walk(path, [&](archive *a, archive_entry *entry, const QString &name) -> Result<Step, BakeTarError> {
            if (cancel && cancel->load())
                return tarError(Code::Cancelled, path, QStringLiteral("reading %1 was cancelled").arg(path));
            if (!wanted.contains(name) || done.contains(name))
                return Step::Next;
            if (const char *hard = archive_entry_hardlink(entry)) {
                done.insert(name, Extracted{{}, {}, 0, false, memberName(hard)});
            } else if (archive_entry_filetype(entry) == AE_IFLNK) {
                const QString target = memberName(archive_entry_symlink(entry));
                const QString base = name.contains(u'/') ? name.section(u'/', 0, -2) + u'/' : QString();
                done.insert(name, Extracted{{}, {}, 0, false, QDir::cleanPath(base + target)});
            } else if (archive_entry_filetype(entry) == AE_IFREG) {
                const QString target = wanted.value(name);
                QFile out(target);
                if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                    return tarError(Code::Io, path,
                                    QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
                OciDigester digester(algorithm);
                Extracted extracted{target, {}, 0, false, {}};
                for (;;) {
                    if (cancel && cancel->load())
                        return tarError(Code::Cancelled, path,
                                        QStringLiteral("reading %1 was cancelled").arg(path));
                    const la_ssize_t n = archive_read_data(a, buffer.data(), size_t(buffer.size()));
                    if (n < 0)
                        return tarError(
                            Code::Corrupt, path,
                            QStringLiteral("cannot read %1 in %2: %3").arg(name, path, archiveMessage(a)));
                    if (n == 0)
                        break;
                    const QByteArrayView chunk(buffer.constData(), n);
                    if (extracted.size == 0)
                        extracted.compressed = looksCompressed(chunk.first(qMin<qsizetype>(n, 8)));
                    digester.add(chunk);
                    if (out.write(chunk.data(), chunk.size()) != chunk.size())
                        return tarError(Code::Io, path,
                                        QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
                    extracted.size += n;
                }
                if (!out.flush())
                    return tarError(Code::Io, path,
                                    QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
                extracted.digest = digester.finish();
                done.insert(name, extracted);
            } else {
                return tarError(Code::Invalid, path,
                                QStringLiteral("%1 in %2 is not a file").arg(name, path));
            }
            return done.size() == wanted.size() ? Step::Stop : Step::Next;
        });
    if (!walked.ok())
        return walked.error();
    return done;
}

// Extracts `members` (names in the archive, in layer order, repeats allowed) into
// `extractDir` as "<prefix><n>", following link members (old `docker save` links
// repeated layers). Every member that stays missing is an error.
Result<QHash<QString, Extracted>, BakeTarError> extractLayers(const QString &path, const QStringList &members,
                                                              const QString &extractDir,
                                                              const QString &algorithm,
                                                              const std::atomic_bool *cancel)
{
    QHash<QString, Extracted> all;
    QStringList pending = members;
    pending.removeDuplicates();
    for (int round = 0; round < 4 && !pending.isEmpty(); ++round) {
        QHash<QString, QString> wanted;
        for (const QString &member : std::as_const(pending))
            wanted.insert(member, QDir(extractDir).filePath(u"layer-%1-%2"_s.arg(round).arg(wanted.size())));
        auto got = extractMembers(path, wanted, algorithm, cancel);
        if (!got.ok())
            return got.error();
        QStringList next;
        for (const QString &member : std::as_const(pending)) {
            if (!got->contains(member))
                return tarError(
                    Code::MissingLayer, path,
                    QStringLiteral("%1 names the layer %2, which is not in the archive").arg(path, member));
            all.insert(member, got->value(member));
            const QString target = got->value(member).linkTarget;
            if (!target.isEmpty() && !all.contains(target) && !next.contains(target))
                next.append(target);
        }
        pending = next;
    }
    // Replace links with what they point at (a chain at most a few long).
    for (const QString &member : members) {
        Extracted resolved = all.value(member);
        for (int hops = 0; !resolved.linkTarget.isEmpty() && hops < 8; ++hops) {
            if (!all.contains(resolved.linkTarget))
                return tarError(Code::MissingLayer, path,
                                QStringLiteral("%1: the layer %2 links to %3, which is not in the archive")
                                    .arg(path, member, resolved.linkTarget));
            resolved = all.value(resolved.linkTarget);
        }
        if (!resolved.linkTarget.isEmpty())
            return tarError(Code::Invalid, path,
                            QStringLiteral("%1: the layer %2 is a link loop").arg(path, member));
        all.insert(member, resolved);
    }
    return all;
}

Result<QJsonDocument, BakeTarError> parseJson(const QByteArray &body, const QString &path,
                                              const QString &name)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return tarError(Code::Invalid, path,
                        QStringLiteral("%1 in %2 is not valid JSON (offset %3: %4)")
                            .arg(name, path)
                            .arg(error.offset)
                            .arg(error.errorString()));
    return doc;
}

Result<QList<LayerFile>, BakeTarError> dockerLayers(const QString &path, const QString &extractDir,
                                                    const std::atomic_bool *cancel)
{
    const QString manifestName = u"manifest.json"_s;
    auto members = readMembers(path, {manifestName});
    if (!members.ok())
        return members.error();
    if (!members->contains(manifestName))
        return tarError(Code::Invalid, path, QStringLiteral("%1 has no manifest.json").arg(path));
    auto doc = parseJson(members->value(manifestName), path, manifestName);
    if (!doc.ok())
        return doc.error();
    const QJsonArray images = doc->array();
    if (!doc->isArray() || images.isEmpty() || !images.first().isObject())
        return tarError(Code::Invalid, path,
                        QStringLiteral("manifest.json in %1 is not a list of images").arg(path));
    const QJsonObject image = images.first().toObject();
    QStringList layers;
    for (const QJsonValue &layer : image.value(u"Layers"_s).toArray()) {
        const QString name = memberName(layer.toString().toUtf8().constData());
        if (name.isEmpty())
            return tarError(
                Code::Invalid, path,
                QStringLiteral("manifest.json in %1 has a Layers entry that is not a path").arg(path));
        layers.append(name);
    }
    if (layers.isEmpty())
        return tarError(Code::Invalid, path, QStringLiteral("manifest.json in %1 lists no layers").arg(path));

    // The config's diff_ids check the uncompressed layers.
    QStringList diffIds;
    const QString configName = memberName(image.value(u"Config"_s).toString().toUtf8().constData());
    if (!configName.isEmpty()) {
        auto config = readMembers(path, {configName});
        if (!config.ok())
            return config.error();
        if (config->contains(configName)) {
            const QJsonDocument configDoc = QJsonDocument::fromJson(config->value(configName));
            for (const QJsonValue &id :
                 configDoc.object().value(u"rootfs"_s).toObject().value(u"diff_ids"_s).toArray())
                diffIds.append(id.toString());
        }
    }

    auto extracted = extractLayers(path, layers, extractDir, u"sha256"_s, cancel);
    if (!extracted.ok())
        return extracted.error();
    QList<LayerFile> out;
    for (qsizetype i = 0; i < layers.size(); ++i) {
        const Extracted &file = extracted->value(layers.at(i));
        if (!file.compressed && diffIds.size() == layers.size() && diffIds.at(i) != file.digest)
            return tarError(
                Code::Corrupt, path,
                QStringLiteral("the layer %1 in %2 does not match its diff_id (%3, the config says %4)")
                    .arg(layers.at(i), path, file.digest, diffIds.at(i)));
        out.append(LayerFile{file.file, {}, file.digest});
    }
    return out;
}

QString blobMember(const QString &digest)
{
    const auto parts = splitDigest(digest);
    return parts ? u"blobs/"_s + parts->first + u'/' + parts->second : QString();
}

Result<QList<LayerFile>, BakeTarError> ociLayers(const QString &path, const QString &extractDir,
                                                 const std::atomic_bool *cancel)
{
    const QString indexName = u"index.json"_s;
    auto members = readMembers(path, {indexName});
    if (!members.ok())
        return members.error();
    if (!members->contains(indexName))
        return tarError(Code::Invalid, path, QStringLiteral("%1 has no index.json").arg(path));
    QByteArray body = members->value(indexName);
    QString name = indexName;
    auto parsed = parseManifestDocument(body, QString(OciMediaType::OciIndex));
    for (int depth = 0; depth < 4; ++depth) {
        if (!parsed.ok())
            return tarError(Code::Invalid, path,
                            QStringLiteral("%1 in %2 is not an image index or manifest: %3")
                                .arg(name, path, parsed.error().message));
        if (const auto *manifest = std::get_if<OciManifest>(&parsed.value())) {
            QStringList layerMembers;
            for (const OciDescriptor &layer : manifest->layers) {
                const QString member = blobMember(layer.digest);
                if (member.isEmpty())
                    return tarError(Code::Invalid, path,
                                    QStringLiteral("%1 in %2 has a layer with the malformed digest %3")
                                        .arg(name, path, layer.digest));
                layerMembers.append(member);
            }
            if (layerMembers.isEmpty())
                return tarError(Code::Invalid, path,
                                QStringLiteral("%1 in %2 lists no layers").arg(name, path));
            // All layers of one manifest use one algorithm in practice; verify each anyway.
            QList<LayerFile> out;
            const QString algorithm = splitDigest(manifest->layers.first().digest)->first;
            auto extracted = extractLayers(path, layerMembers, extractDir, algorithm, cancel);
            if (!extracted.ok())
                return extracted.error();
            for (qsizetype i = 0; i < layerMembers.size(); ++i) {
                const OciDescriptor &layer = manifest->layers.at(i);
                const Extracted &file = extracted->value(layerMembers.at(i));
                if (file.digest != layer.digest || file.size != layer.size)
                    return tarError(
                        Code::Corrupt, path,
                        QStringLiteral("the layer %1 in %2 does not match its digest (%3 bytes, %4)")
                            .arg(layer.digest, path)
                            .arg(file.size)
                            .arg(file.digest));
                out.append(LayerFile{file.file, layer.mediaType, layer.digest});
            }
            return out;
        }
        const OciIndex &index = std::get<OciIndex>(parsed.value());
        qsizetype chosen = -1;
        const bool anyPlatform = std::any_of(index.manifests.cbegin(), index.manifests.cend(),
                                             [](const OciDescriptor &d) { return d.platform.has_value(); });
        if (anyPlatform) {
            const auto pick = choosePlatform(index, hostPlatform());
            if (!pick)
                return tarError(Code::NoPlatform, path,
                                QStringLiteral("%1 has no image for %2 (it has %3)")
                                    .arg(path, hostPlatform().toString(), describePlatforms(index)));
            chosen = *pick;
        } else {
            for (qsizetype i = 0; i < index.manifests.size() && chosen < 0; ++i) {
                const QString &type = index.manifests.at(i).mediaType;
                if (type == OciMediaType::OciManifest || type == OciMediaType::DockerManifest ||
                    type == OciMediaType::OciIndex || type == OciMediaType::DockerManifestList)
                    chosen = i;
            }
            if (chosen < 0)
                return tarError(Code::Invalid, path,
                                QStringLiteral("%1 in %2 lists no image").arg(name, path));
        }
        const OciDescriptor entry = index.manifests.at(chosen);
        name = blobMember(entry.digest);
        if (name.isEmpty())
            return tarError(Code::Invalid, path,
                            QStringLiteral("%1 names the malformed digest %2").arg(path, entry.digest));
        auto blob = readMembers(path, {name});
        if (!blob.ok())
            return blob.error();
        if (!blob->contains(name))
            return tarError(
                Code::MissingLayer, path,
                QStringLiteral("%1 names the manifest %2, which is not in the archive").arg(path, name));
        body = blob->value(name);
        if (digestOf(body, splitDigest(entry.digest)->first) != entry.digest || body.size() != entry.size)
            return tarError(
                Code::Corrupt, path,
                QStringLiteral("the manifest %1 in %2 does not match its digest").arg(name, path));
        parsed = parseManifestDocument(body, entry.mediaType);
    }
    return tarError(Code::Invalid, path, QStringLiteral("%1 nests image indexes too deeply").arg(path));
}

} // namespace

namespace BakeTarSource {

Result<BakeSourceKind, BakeTarError> inspect(const QString &path)
{
    // Top-level names only a root file system has.
    static const QSet<QString> rootfsNames{u"bin"_s,   u"boot"_s, u"dev"_s,  u"etc"_s,  u"home"_s, u"lib"_s,
                                           u"lib64"_s, u"opt"_s,  u"proc"_s, u"root"_s, u"run"_s,  u"sbin"_s,
                                           u"srv"_s,   u"sys"_s,  u"tmp"_s,  u"usr"_s,  u"var"_s};
    bool sawLayout = false;
    bool sawIndex = false;
    std::optional<BakeSourceKind> kind;
    auto walked =
        walk(path, [&](archive *, archive_entry *, const QString &name) -> Result<Step, BakeTarError> {
            if (name == u"manifest.json"_s) {
                kind = BakeSourceKind::DockerArchive;
                return Step::Stop;
            }
            sawLayout = sawLayout || name == u"oci-layout"_s;
            sawIndex = sawIndex || name == u"index.json"_s;
            if (sawLayout && sawIndex) {
                kind = BakeSourceKind::OciArchive;
                return Step::Stop;
            }
            if (rootfsNames.contains(name.section(u'/', 0, 0))) {
                kind = BakeSourceKind::RootfsTar;
                return Step::Stop;
            }
            return Step::Next;
        });
    if (!walked.ok())
        return walked.error();
    if (kind)
        return *kind;
    return sawIndex ? BakeSourceKind::OciArchive : BakeSourceKind::RootfsTar;
}

Result<QList<LayerFile>, BakeTarError> layersOf(const QString &path, BakeSourceKind kind,
                                                const QString &extractDir, const std::atomic_bool *cancel)
{
    switch (kind) {
    case BakeSourceKind::RootfsTar: {
        if (auto bad = checkFile(path))
            return *bad;
        return QList<LayerFile>{LayerFile{path, {}, {}}};
    }
    case BakeSourceKind::DockerArchive:
        return dockerLayers(path, extractDir, cancel);
    case BakeSourceKind::OciArchive:
        return ociLayers(path, extractDir, cancel);
    case BakeSourceKind::Oci:
        break;
    }
    return tarError(Code::Invalid, path,
                    QStringLiteral("%1: an OCI reference is not a tar source").arg(path));
}

qint64 rootfsContentBytes(const QString &path)
{
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) || looksCompressed(file.read(8)))
            return -1;
    }
    std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), &archive_read_free);
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    // A seekable file: archive_read_data_skip() seeks over the data.
    if (archive_read_open_filename(reader.get(), QFile::encodeName(path).constData(), 64 * 1024) !=
        ARCHIVE_OK)
        return -1;
    QHash<QByteArray, qint64> sizes; // path -> size of its last regular-file entry
    archive_entry *entry = nullptr;
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK ||
           status == ARCHIVE_WARN) {
        QByteArray name = archive_entry_pathname(entry);
        while (name.startsWith("./"))
            name.remove(0, 2);
        if (archive_entry_filetype(entry) == AE_IFREG && !archive_entry_hardlink(entry))
            sizes.insert(name, archive_entry_size(entry));
        else
            sizes.remove(name); // replaced by a directory, link or special file
        if (archive_read_data_skip(reader.get()) != ARCHIVE_OK)
            return -1;
    }
    if (status != ARCHIVE_EOF)
        return -1;
    qint64 total = 0;
    for (const qint64 size : std::as_const(sizes))
        total += size;
    return total;
}

} // namespace BakeTarSource

} // namespace Kiln
