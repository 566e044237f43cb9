#include "bake/ext4tools.h"
#include "bake/ext4writer.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

// com_err.h has no C++ guards; ext2fs.h includes it too, so it comes first.
extern "C" {
#include <et/com_err.h>
}
#include <ext2fs/ext2fs.h>

#include <mutex>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace Ext4Tools {

QString ext2Message(long err)
{
    static std::once_flag once;
    std::call_once(once, [] { add_error_table(&et_ext2_error_table); });
    return QString::fromLocal8Bit(error_message(err));
}

QString findTool(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, {u"/usr/sbin"_s, u"/sbin"_s});
    return path;
}

// Runs a tool to its end (polling `cancel`), in the C locale.
ToolRun runTool(const QString &program, const QStringList &arguments, const std::atomic_bool *cancel,
                const QStringList &environment)
{
    ToolRun run;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LC_ALL"_s, u"C"_s);
    for (const QString &variable : environment)
        env.insert(variable.section(u'=', 0, 0), variable.section(u'=', 1));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(30000)) {
        run.output = process.errorString();
        return run;
    }
    run.started = true;
    while (!process.waitForFinished(100)) {
        if (process.state() == QProcess::NotRunning)
            break;
        if (cancel && cancel->load()) {
            process.kill();
            process.waitForFinished(5000);
            run.cancelled = true;
            return run;
        }
    }
    run.output = QString::fromLocal8Bit(process.readAll()).trimmed();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

// The label cut to 16 bytes of UTF-8 without splitting a character.
QString labelFor(const QString &label)
{
    QByteArray bytes = label.toUtf8();
    if (bytes.size() <= 16)
        return label;
    bytes.truncate(16);
    while (!bytes.isEmpty() && (quint8(bytes.back()) & 0xC0) == 0x80)
        bytes.chop(1);
    if (!bytes.isEmpty() && (quint8(bytes.back()) & 0x80))
        bytes.chop(1); // the lead byte of the character that was cut
    return QString::fromUtf8(bytes);
}

QByteArray mke2fsConfig()
{
    // The size types only repeat the defaults: without them mke2fs warns.
    return QByteArrayLiteral(
        "[defaults]\n"
        "\tbase_features = sparse_super,large_file,filetype,resize_inode,dir_index,ext_attr\n"
        "\tdefault_mntopts = acl,user_xattr\n"
        "\tenable_periodic_fsck = 0\n"
        "\tblocksize = 4096\n"
        "\tinode_size = 256\n"
        "\tinode_ratio = 16384\n"
        "\n"
        "[fs_types]\n"
        "\text4 = {\n"
        "\t\tfeatures = has_journal,extent,huge_file,flex_bg,metadata_csum,64bit,dir_nlink,"
        "extra_isize\n"
        "\t\tinode_size = 256\n"
        "\t}\n"
        "\tfloppy = {\n\t\tinode_size = 256\n\t}\n"
        "\tsmall = {\n\t\tinode_size = 256\n\t}\n"
        "\tbig = {\n\t\tinode_size = 256\n\t}\n"
        "\thuge = {\n\t\tinode_size = 256\n\t}\n");
}

} // namespace Ext4Tools

Result<Done, Ext4Error> Ext4Writer::check(const QString &imagePath)
{
    Ext4Error error;
    error.code = Ext4Error::Code::Check;
    const QString program = Ext4Tools::findTool(u"e2fsck"_s);
    if (program.isEmpty()) {
        error.message = u"e2fsck is not installed (e2fsprogs)."_s;
        return error;
    }
    const Ext4Tools::ToolRun run = Ext4Tools::runTool(program, {u"-fn"_s, imagePath}, nullptr);
    if (run.started && run.exitCode == 0)
        return Done{};
    error.message =
        u"e2fsck found problems in %1 (exit code %2): %3"_s.arg(imagePath).arg(run.exitCode).arg(run.output);
    return error;
}

} // namespace Kiln
