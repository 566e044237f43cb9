#pragma once

// Internal to the ext4 writer: the e2fsprogs tools it runs and libext2fs's
// error texts.

#include <QString>
#include <QStringList>

#include <atomic>

namespace Kiln::Ext4Tools {

// libext2fs's text for an errcode_t (com_err's error_message()).
QString ext2Message(long err);

// An e2fsprogs program from PATH, else /usr/sbin or /sbin; empty when missing.
QString findTool(const QString &name);

struct ToolRun
{
    bool started = false;
    bool cancelled = false;
    int exitCode = -1; // -1 when it crashed
    QString output;    // stdout and stderr
};

// Runs a tool to its end in the C locale, killing it when `cancel` turns true.
// `environment`: extra variables ("NAME=value").
ToolRun runTool(const QString &program, const QStringList &arguments, const std::atomic_bool *cancel,
                const QStringList &environment = {});

// The mke2fs.conf mkfs runs with (MKE2FS_CONFIG), so that the layout is the one
// ext4SizeEstimate() counts on whatever the host's /etc/mke2fs.conf says: ext4
// with journal, extents, flex_bg, metadata_csum, 64bit, 256-byte inodes, and no
// newer defaults (orphan_file...).
QByteArray mke2fsConfig();

// `label` cut to ext4's 16 bytes of UTF-8 without splitting a character.
QString labelFor(const QString &label);

} // namespace Kiln::Ext4Tools
