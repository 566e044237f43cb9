#include "layerunpacker.h"
#include "layerstream.h"

#include <QSet>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

const QByteArray kWhiteoutPrefix = ".wh."_ba;
const QByteArray kOpaqueMarker = ".wh..wh..opq"_ba;
constexpr qint64 kMaxTrailingBytes = 16 * 1024 * 1024;

bool isCancelled(const UnpackOptions &options)
{
    return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

QString layerName(const LayerFile &layer, int index)
{
    QString name = u"layer %1"_s.arg(index);
    if (!layer.digest.isEmpty())
        name += u" ("_s + layer.digest.left(19) + u"…)"_s;
    return name;
}

UnpackError::Code codeOf(RootfsError::Code code)
{
    switch (code) {
    case RootfsError::Code::Escapes:
        return UnpackError::Code::Escapes;
    case RootfsError::Code::NotADirectory:
        return UnpackError::Code::NotADirectory;
    case RootfsError::Code::NotFound:
        return UnpackError::Code::NotFound;
    case RootfsError::Code::InvalidPath:
        return UnpackError::Code::InvalidPath;
    case RootfsError::Code::OverCap:
        return UnpackError::Code::OverCap;
    case RootfsError::Code::Io:
        return UnpackError::Code::Io;
    }
    return UnpackError::Code::Corrupt;
}

// One layer being read: the stream libarchive pulls from, and why it stopped.
struct Reader
{
    explicit Reader(QString name)
        : stream(std::move(name))
    {}

    LayerStream stream;
    const UnpackOptions *options = nullptr;
    quint64 entries = 0; // in all layers, for progress
    std::optional<LayerStreamError> streamError;
    bool cancelled = false;
};

la_ssize_t readBlock(struct archive *archive, void *client, const void **buffer)
{
    auto *reader = static_cast<Reader *>(client);
    if (isCancelled(*reader->options)) {
        reader->cancelled = true;
        archive_set_error(archive, ECANCELED, "cancelled");
        return -1;
    }
    auto chunk = reader->stream.read();
    if (!chunk) {
        reader->streamError = chunk.error();
        archive_set_error(archive, EIO, "%s", chunk.error().message.toUtf8().constData());
        return -1;
    }
    *buffer = chunk->data();
    if (reader->options->progress)
        reader->options->progress(reader->stream.bytesIn(), reader->stream.bytesOut(), reader->entries);
    return la_ssize_t(chunk->size());
}

struct ArchiveFree
{
    void operator()(struct archive *archive) const { archive_read_free(archive); }
};

class LayerApplier
{
public:
    LayerApplier(const LayerFile &layer, int index, RootfsTree &tree, const UnpackOptions &options,
                 quint64 entriesBefore)
        : m_layer(layer)
        , m_index(index)
        , m_name(layerName(layer, index))
        , m_tree(tree)
        , m_options(options)
        , m_reader(m_name)
    {
        m_reader.options = &options;
        m_reader.entries = entriesBefore;
    }

    Result<UnpackStats, UnpackError> run();

private:
    UnpackError error(UnpackError::Code code, const QString &entry, const QString &reason,
                      qint64 offset = -1) const
    {
        return UnpackError{code, m_index, entry, offset, m_name + u": "_s + reason};
    }
    UnpackError error(const RootfsError &rootfs) const
    {
        return error(codeOf(rootfs.code), rootfs.path, rootfs.message);
    }
    // Why libarchive stopped: our stream, a cancel, or the tar data itself.
    UnpackError archiveFailure(const QString &entry) const;
    Result<Done, UnpackError> apply(struct archive_entry *entry);
    Result<Done, UnpackError> whiteout(const QByteArray &path, qsizetype slash);
    Result<Done, UnpackError> copyContent(RootfsTree::NodeId id, const QByteArray &path, qint64 size);

    const LayerFile &m_layer;
    const int m_index;
    const QString m_name;
    RootfsTree &m_tree;
    const UnpackOptions &m_options;
    Reader m_reader;
    std::unique_ptr<struct archive, ArchiveFree> m_archive;
    QSet<RootfsTree::NodeId> m_added; // nodes this layer put in (an opaque whiteout keeps them)
    UnpackStats m_stats;
};

UnpackError LayerApplier::archiveFailure(const QString &entry) const
{
    if (m_reader.cancelled)
        return error(UnpackError::Code::Cancelled, entry, u"cancelled"_s);
    if (m_reader.streamError) {
        const LayerStreamError &failure = *m_reader.streamError;
        return UnpackError{failure.code == LayerStreamError::Code::Io ? UnpackError::Code::Io
                                                                      : UnpackError::Code::Corrupt,
                           m_index, entry, failure.offset, failure.message};
    }
    const qint64 offset = archive_filter_bytes(m_archive.get(), -1);
    const char *text = archive_error_string(m_archive.get());
    QString reason = u"the tar data is damaged near byte %1 of the uncompressed stream"_s.arg(offset);
    if (!entry.isEmpty())
        reason += u" (in “%1”)"_s.arg(entry);
    if (text)
        reason += u": "_s + QString::fromUtf8(text);
    return error(UnpackError::Code::Corrupt, entry, reason, offset);
}

Result<UnpackStats, UnpackError> LayerApplier::run()
{
    auto opened = m_reader.stream.open(m_layer.path, m_layer.mediaType);
    if (!opened) {
        const LayerStreamError &failure = opened.error();
        return UnpackError{failure.code == LayerStreamError::Code::Io ? UnpackError::Code::Io
                                                                      : UnpackError::Code::Corrupt,
                           m_index,
                           {},
                           failure.offset,
                           failure.message};
    }
    m_archive.reset(archive_read_new());
    archive_read_support_format_tar(m_archive.get()); // ustar, pax and GNU tar
    archive_read_support_format_empty(m_archive.get());
    if (archive_read_open(m_archive.get(), &m_reader, nullptr, readBlock, nullptr) != ARCHIVE_OK)
        return archiveFailure({});
    while (true) {
        if (isCancelled(m_options))
            return error(UnpackError::Code::Cancelled, {}, u"cancelled"_s);
        struct archive_entry *entry = nullptr;
        const int status = archive_read_next_header(m_archive.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN)
            return archiveFailure({});
        auto applied = apply(entry);
        if (!applied)
            return applied.error();
        ++m_stats.entries;
        ++m_reader.entries;
    }
    // Read what follows the tar's end too, so that gzip's last checksum is
    // checked and damage after the end is found; tar pads with a few KiB, so a
    // lot more is no layer (and no bomb is inflated for nothing).
    const qint64 tarEnd = m_reader.stream.bytesOut();
    while (true) {
        if (isCancelled(m_options))
            return error(UnpackError::Code::Cancelled, {}, u"cancelled"_s);
        auto rest = m_reader.stream.read();
        if (!rest) {
            m_reader.streamError = rest.error();
            return archiveFailure({});
        }
        if (rest->isEmpty())
            break;
        if (m_reader.stream.bytesOut() - tarEnd > kMaxTrailingBytes)
            return error(UnpackError::Code::Corrupt, {},
                         u"more than %1 MiB of data follow the end of the tar archive (at byte %2)"_s.arg(
                             QString::number(kMaxTrailingBytes / (1024 * 1024)), QString::number(tarEnd)),
                         tarEnd);
    }
    m_stats.layers = 1;
    m_stats.bytesIn = m_reader.stream.bytesIn();
    m_stats.bytesOut = m_reader.stream.bytesOut();
    return m_stats;
}

Result<Done, UnpackError> LayerApplier::apply(struct archive_entry *entry)
{
    const char *rawPath = archive_entry_pathname(entry);
    if (!rawPath)
        rawPath = archive_entry_pathname_utf8(entry);
    if (!rawPath || !*rawPath)
        return error(UnpackError::Code::InvalidPath, {}, u"an entry has no name"_s);
    const QByteArray path(rawPath);
    const QString shownPath = QString::fromUtf8(path);

    // OCI whiteouts: never added, they remove what lower layers have.
    qsizetype end = path.size();
    while (end > 1 && path[end - 1] == '/')
        --end;
    const qsizetype slash = path.lastIndexOf('/', end - 1);
    if (QByteArrayView(path).sliced(slash + 1, end - slash - 1).startsWith(kWhiteoutPrefix))
        return whiteout(path.left(end), slash);

    RootfsNode node;
    node.mode = quint32(archive_entry_perm(entry)) & 07777;
    node.uid = quint32(archive_entry_uid(entry));
    node.gid = quint32(archive_entry_gid(entry));
    node.mtime = archive_entry_mtime(entry);
    node.mtimeNsec = quint32(archive_entry_mtime_nsec(entry));
    if (archive_entry_xattr_reset(entry) > 0) {
        const char *name = nullptr;
        const void *value = nullptr;
        size_t size = 0;
        while (archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK) {
            // libarchive's own pax writer stores each twice (LIBARCHIVE.xattr and SCHILY.xattr).
            const QByteArray key(name);
            const QByteArray bytes(static_cast<const char *>(value), qsizetype(size));
            const auto same = std::find_if(node.xattrs.begin(), node.xattrs.end(),
                                           [&key](const RootfsXattr &x) { return x.name == key; });
            if (same != node.xattrs.end())
                same->value = bytes;
            else
                node.xattrs.push_back({key, bytes});
        }
    }

    if (const char *target = archive_entry_hardlink(entry)) {
        auto linked = m_tree.link(path, target);
        if (!linked)
            return error(linked.error());
        m_added.insert(*linked);
        return Done{};
    }

    qint64 size = 0;
    switch (archive_entry_filetype(entry)) {
    case AE_IFDIR:
        node.type = RootfsNodeType::Directory;
        break;
    case AE_IFREG:
        node.type = RootfsNodeType::Regular;
        size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
        node.size = size;
        break;
    case AE_IFLNK: {
        node.type = RootfsNodeType::Symlink;
        const char *target = archive_entry_symlink(entry);
        if (!target)
            return error(UnpackError::Code::Corrupt, shownPath,
                         u"the symbolic link “%1” has no target"_s.arg(shownPath));
        node.linkTarget = target;
        break;
    }
    case AE_IFCHR:
    case AE_IFBLK:
        node.type = archive_entry_filetype(entry) == AE_IFCHR ? RootfsNodeType::CharDevice
                                                              : RootfsNodeType::BlockDevice;
        node.rdevMajor = quint32(archive_entry_rdevmajor(entry));
        node.rdevMinor = quint32(archive_entry_rdevminor(entry));
        break;
    case AE_IFIFO:
        node.type = RootfsNodeType::Fifo;
        break;
    case AE_IFSOCK:
        node.type = RootfsNodeType::Socket;
        break;
    default:
        return error(UnpackError::Code::Corrupt, shownPath,
                     u"“%1” has an unknown file type"_s.arg(shownPath));
    }
    auto added = m_tree.add(path, std::move(node));
    if (!added)
        return error(added.error());
    m_added.insert(*added);
    if (size > 0)
        return copyContent(*added, path, size);
    return Done{};
}

Result<Done, UnpackError> LayerApplier::whiteout(const QByteArray &path, qsizetype slash)
{
    ++m_stats.whiteouts;
    const QByteArray dir = slash < 0 ? "."_ba : path.left(slash + 1);
    const QByteArray base = path.mid(slash + 1);
    if (base == kOpaqueMarker) {
        auto cleared =
            m_tree.clearDirectory(dir, [this](RootfsTree::NodeId id) { return m_added.contains(id); });
        if (!cleared)
            return error(cleared.error());
        return Done{};
    }
    const QByteArray name = base.mid(kWhiteoutPrefix.size());
    if (name.isEmpty() || name == "." || name == "..")
        return error(UnpackError::Code::InvalidPath, QString::fromUtf8(path),
                     u"“%1” is a whiteout that names no entry"_s.arg(QString::fromUtf8(path)));
    auto removed = m_tree.remove(slash < 0 ? name : dir + name);
    if (!removed) {
        RootfsError failure = removed.error();
        failure.path = QString::fromUtf8(path);
        failure.message = u"the whiteout “%1”: "_s.arg(failure.path) + failure.message;
        return error(failure);
    }
    return Done{};
}

Result<Done, UnpackError> LayerApplier::copyContent(RootfsTree::NodeId id, const QByteArray &path,
                                                    qint64 size)
{
    const QString shownPath = QString::fromUtf8(path);
    auto opened = m_tree.openData(id);
    if (!opened)
        return error(UnpackError::Code::Io, shownPath, opened.error().message);
    struct Closer
    {
        int fd;
        ~Closer() { ::close(fd); }
    } file{*opened};

    qint64 written = 0; // end of the content so far (holes of sparse files included)
    while (true) {
        if (isCancelled(m_options))
            return error(UnpackError::Code::Cancelled, shownPath, u"cancelled"_s);
        const void *block = nullptr;
        size_t length = 0;
        la_int64_t offset = 0;
        const int status = archive_read_data_block(m_archive.get(), &block, &length, &offset);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_OK)
            return archiveFailure(shownPath);
        const qint64 blockEnd = offset + qint64(length);
        if (blockEnd > written) {
            auto counted = m_tree.addLiveBytes(blockEnd - written, path);
            if (!counted)
                return error(counted.error());
            written = blockEnd;
        }
        const char *data = static_cast<const char *>(block);
        while (length > 0) {
            const ssize_t done = ::pwrite(file.fd, data, length, offset);
            if (done < 0 && errno == EINTR)
                continue;
            if (done < 0)
                return error(UnpackError::Code::Io, shownPath,
                             u"cannot write “%1” to the staging directory: %2"_s.arg(
                                 shownPath, QString::fromLocal8Bit(std::strerror(errno))));
            data += done;
            length -= size_t(done);
            offset += done;
        }
    }
    if (written < size) { // a sparse file ending in a hole
        auto counted = m_tree.addLiveBytes(size - written, path);
        if (!counted)
            return error(counted.error());
        if (::ftruncate(file.fd, size) != 0)
            return error(UnpackError::Code::Io, shownPath,
                         u"cannot write “%1” to the staging directory: %2"_s.arg(
                             shownPath, QString::fromLocal8Bit(std::strerror(errno))));
    }
    m_stats.contentBytes += size;
    return Done{};
}

} // namespace

Result<UnpackStats, UnpackError> unpackLayer(const LayerFile &layer, int layerIndex, RootfsTree &tree,
                                             const UnpackOptions &options)
{
    return LayerApplier(layer, layerIndex, tree, options, 0).run();
}

Result<UnpackStats, UnpackError> unpackLayers(const QList<LayerFile> &layers, RootfsTree &tree,
                                              const UnpackOptions &options)
{
    UnpackStats total;
    for (qsizetype i = 0; i < layers.size(); ++i) {
        auto applied = LayerApplier(layers[i], int(i + 1), tree, options, total.entries).run();
        if (!applied)
            return applied.error();
        total.layers += 1;
        total.entries += applied->entries;
        total.whiteouts += applied->whiteouts;
        total.bytesIn += applied->bytesIn;
        total.bytesOut += applied->bytesOut;
        total.contentBytes += applied->contentBytes;
    }
    return total;
}

} // namespace Kiln
