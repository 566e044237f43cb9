#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace KilnTest {

// Builds real image layers (pax tar through libarchive's writer, compressed with
// the gzip / zstd command line tools) for unpacking tests. Paths go in exactly
// as given, so malicious layers ("../x", "/etc/shadow") can be made too.
// Setters after an entry (owner, mode, mtime, xattr) change that entry.
class LayerBuilder
{
public:
    enum class Compression
    {
        Plain,
        Gzip,
        Zstd,
    };

    LayerBuilder &dir(const QByteArray &path, unsigned mode = 0755);
    LayerBuilder &file(const QByteArray &path, const QByteArray &content, unsigned mode = 0644);
    LayerBuilder &symlink(const QByteArray &path, const QByteArray &target);
    LayerBuilder &hardlink(const QByteArray &path, const QByteArray &target);
    LayerBuilder &charDevice(const QByteArray &path, unsigned major, unsigned minor);
    LayerBuilder &blockDevice(const QByteArray &path, unsigned major, unsigned minor);
    LayerBuilder &fifo(const QByteArray &path);
    // "<dir>/.wh.<name>" for `path` "<dir>/<name>".
    LayerBuilder &whiteout(const QByteArray &path);
    // "<dir>/.wh..wh..opq"
    LayerBuilder &opaque(const QByteArray &dir);

    LayerBuilder &owner(unsigned uid, unsigned gid);
    LayerBuilder &mode(unsigned mode);
    LayerBuilder &mtime(qint64 seconds, long nanoseconds = 0);
    LayerBuilder &xattr(const QByteArray &name, const QByteArray &value);

    QByteArray tar() const;
    // Writes the layer to `path`; false (with a qWarning) when a tool fails.
    bool write(const QString &path, Compression compression = Compression::Plain) const;

private:
    struct Entry
    {
        QByteArray path;
        unsigned type = 0; // AE_IF*
        unsigned mode = 0644;
        unsigned uid = 0;
        unsigned gid = 0;
        qint64 mtime = 1700000000;
        long mtimeNsec = 0;
        QByteArray content{};
        QByteArray symlink{};
        QByteArray hardlink{};
        unsigned rdevMajor = 0;
        unsigned rdevMinor = 0;
        std::vector<std::pair<QByteArray, QByteArray>> xattrs{};
    };
    LayerBuilder &add(Entry entry);
    std::vector<Entry> m_entries;
};

// `data` through `gzip -c` / `zstd -c` (empty with a qWarning on failure).
QByteArray compressWithTool(const QByteArray &data, LayerBuilder::Compression compression);

} // namespace KilnTest
