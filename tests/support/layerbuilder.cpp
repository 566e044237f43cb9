#include "layerbuilder.h"

#include <QFile>
#include <QProcess>
#include <QtDebug>

#include <archive.h>
#include <archive_entry.h>

using namespace Qt::StringLiterals;

namespace KilnTest {

LayerBuilder &LayerBuilder::add(Entry entry)
{
    m_entries.push_back(std::move(entry));
    return *this;
}

LayerBuilder &LayerBuilder::dir(const QByteArray &path, unsigned mode)
{
    return add(Entry{.path = path, .type = AE_IFDIR, .mode = mode});
}

LayerBuilder &LayerBuilder::file(const QByteArray &path, const QByteArray &content, unsigned mode)
{
    return add(Entry{.path = path, .type = AE_IFREG, .mode = mode, .content = content});
}

LayerBuilder &LayerBuilder::symlink(const QByteArray &path, const QByteArray &target)
{
    return add(Entry{.path = path, .type = AE_IFLNK, .mode = 0777, .symlink = target});
}

LayerBuilder &LayerBuilder::hardlink(const QByteArray &path, const QByteArray &target)
{
    return add(Entry{.path = path, .type = AE_IFREG, .hardlink = target});
}

LayerBuilder &LayerBuilder::charDevice(const QByteArray &path, unsigned major, unsigned minor)
{
    return add(Entry{.path = path, .type = AE_IFCHR, .mode = 0666, .rdevMajor = major, .rdevMinor = minor});
}

LayerBuilder &LayerBuilder::blockDevice(const QByteArray &path, unsigned major, unsigned minor)
{
    return add(Entry{.path = path, .type = AE_IFBLK, .mode = 0660, .rdevMajor = major, .rdevMinor = minor});
}

LayerBuilder &LayerBuilder::fifo(const QByteArray &path)
{
    return add(Entry{.path = path, .type = AE_IFIFO});
}

LayerBuilder &LayerBuilder::whiteout(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return file(path.left(slash + 1) + ".wh." + path.mid(slash + 1), {});
}

LayerBuilder &LayerBuilder::opaque(const QByteArray &dir)
{
    return file(dir + "/.wh..wh..opq", {});
}

LayerBuilder &LayerBuilder::owner(unsigned uid, unsigned gid)
{
    m_entries.back().uid = uid;
    m_entries.back().gid = gid;
    return *this;
}

LayerBuilder &LayerBuilder::mode(unsigned mode)
{
    m_entries.back().mode = mode;
    return *this;
}

LayerBuilder &LayerBuilder::mtime(qint64 seconds, long nanoseconds)
{
    m_entries.back().mtime = seconds;
    m_entries.back().mtimeNsec = nanoseconds;
    return *this;
}

LayerBuilder &LayerBuilder::xattr(const QByteArray &name, const QByteArray &value)
{
    m_entries.back().xattrs.emplace_back(name, value);
    return *this;
}

QByteArray LayerBuilder::tar() const
{
    QByteArray out;
    struct archive *writer = archive_write_new();
    archive_write_set_format_pax_restricted(writer);
    archive_write_set_bytes_per_block(writer, 512);
    const auto append = [](struct archive *, void *client, const void *buffer, size_t length) -> la_ssize_t {
        static_cast<QByteArray *>(client)->append(static_cast<const char *>(buffer), qsizetype(length));
        return la_ssize_t(length);
    };
    archive_write_open(writer, &out, nullptr, append, nullptr);
    for (const Entry &e : m_entries) {
        struct archive_entry *entry = archive_entry_new();
        archive_entry_copy_pathname(entry, e.path.constData());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, e.mode);
        archive_entry_set_uid(entry, e.uid);
        archive_entry_set_gid(entry, e.gid);
        archive_entry_set_mtime(entry, e.mtime, e.mtimeNsec);
        if (!e.symlink.isEmpty())
            archive_entry_copy_symlink(entry, e.symlink.constData());
        if (!e.hardlink.isEmpty())
            archive_entry_copy_hardlink(entry, e.hardlink.constData());
        archive_entry_set_rdevmajor(entry, e.rdevMajor);
        archive_entry_set_rdevminor(entry, e.rdevMinor);
        for (const auto &[name, value] : e.xattrs)
            archive_entry_xattr_add_entry(entry, name.constData(), value.constData(), size_t(value.size()));
        archive_entry_set_size(entry, e.content.size());
        if (archive_write_header(writer, entry) != ARCHIVE_OK)
            qWarning("LayerBuilder: %s: %s", e.path.constData(), archive_error_string(writer));
        if (!e.content.isEmpty())
            archive_write_data(writer, e.content.constData(), size_t(e.content.size()));
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
    return out;
}

QByteArray compressWithTool(const QByteArray &data, LayerBuilder::Compression compression)
{
    if (compression == LayerBuilder::Compression::Plain)
        return data;
    QProcess tool;
    tool.start(compression == LayerBuilder::Compression::Gzip ? u"gzip"_s : u"zstd"_s, {u"-c"_s, u"-q"_s});
    if (!tool.waitForStarted()) {
        qWarning() << "LayerBuilder: cannot start the compressor:" << tool.errorString();
        return {};
    }
    // Feed in pieces while reading, so big layers do not fill both pipes.
    QByteArray out;
    for (qsizetype at = 0; at < data.size(); at += 1 << 20) {
        tool.write(data.mid(at, 1 << 20));
        while (tool.bytesToWrite() > 0) {
            tool.waitForBytesWritten(100);
            out += tool.readAllStandardOutput();
        }
    }
    tool.closeWriteChannel();
    tool.waitForFinished(120000);
    out += tool.readAllStandardOutput();
    if (tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0) {
        qWarning() << "LayerBuilder: the compressor failed:" << tool.readAllStandardError();
        return {};
    }
    return out;
}

bool LayerBuilder::write(const QString &path, Compression compression) const
{
    const QByteArray data = compressWithTool(tar(), compression);
    if (data.isEmpty())
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        qWarning() << "LayerBuilder: cannot write" << path << file.errorString();
        return false;
    }
    return true;
}

} // namespace KilnTest
