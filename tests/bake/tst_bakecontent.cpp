// kiln-test-properties: LABELS slow TIMEOUT 600
#include "cataloguefixture.h"
#include "testsupport.h"

#include "bake/bakecontent.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

// Runs `program` with `arguments`; its stdout (and stderr) in *out. The exit code,
// or -1 when it did not start or finish.
int runTool(const QString &program, const QStringList &arguments, QString *out = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return -1;
    if (out)
        *out = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// The first word of `tool path` (sha256sum, sha1sum): an independent checksum.
QString checksumOf(const QString &tool, const QString &path)
{
    QString out;
    runTool(tool, {path}, &out);
    return out.section(u' ', 0, 0);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i + 4 <= size; i += 4) {
        const quint32 v = random.generate();
        memcpy(data.data() + i, &v, 4);
    }
    return data;
}

// A small root file system: etc/os-release, bin/tool (mode 0755), a symlink and a
// random file of `payloadBytes` (so that the image spans several 4 MiB chunks).
bool makeRootfs(const QString &dir, qint64 payloadBytes)
{
    QDir root(dir);
    if (!root.mkpath(u"etc"_s) || !root.mkpath(u"bin"_s) || !root.mkpath(u"data"_s))
        return false;
    if (!writeFile(root.filePath(u"etc/os-release"_s), "ID=kiln-test\n") ||
        !writeFile(root.filePath(u"bin/tool"_s), "#!/bin/sh\necho tool\n") ||
        !writeFile(root.filePath(u"data/payload"_s), randomBytes(payloadBytes, 7)))
        return false;
    QFile::setPermissions(root.filePath(u"bin/tool"_s),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                              QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    return QFile::link(u"tool"_s, root.filePath(u"bin/alias"_s));
}

// mkfs.ext4 -d of `rootfs` into `image` of `mib` MiB; an error sentence or "".
QString makeExt4(const QString &rootfs, const QString &image, int mib)
{
    QString out;
    const int code = runTool(
        u"mkfs.ext4"_s,
        {u"-q"_s, u"-F"_s, u"-L"_s, u"test"_s, u"-d"_s, rootfs, image, QString::number(mib) + u'M'}, &out);
    return code == 0 ? QString() : u"mkfs.ext4 failed: "_s + out;
}

} // namespace

class tst_BakeContent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void uploadExt4WithRightChecksum();
    void uploadExt4WithWrongChecksumIsRefused();
    void overCapUploadIsRefusedBeforeCopying();
    void corruptExt4IsRefusedByE2fsck();
    void otherFilesAreNotSupported();
    void downloadResumesAfterCancel();
    void downloadReplacesImplausiblePartial();
    void uploadTarBakesIt();
    void removeContentDeletesFile();
    void statReportsMissingFile();
    void busyImagesAreRefused();

private:
    QString registerImage(const QString &name, qint64 sizeMib = 32);
    QString contentDir() const { return QDir(m_catalogue->dirPath()).filePath(u"content"_s); }
    QStringList contentFiles() const
    {
        return QDir(contentDir()).entryList(QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden);
    }

    QTemporaryDir m_work;
    QString m_ext4;   // 24 MiB ext4 with ~9 MiB of random data
    QString m_rootfs; // its tree
    std::unique_ptr<TempCatalogue> m_catalogue;
};

void tst_BakeContent::initTestCase()
{
    QVERIFY(m_work.isValid());
    m_rootfs = m_work.filePath(u"rootfs"_s);
    QVERIFY(makeRootfs(m_rootfs, 9 * 1024 * 1024));
    m_ext4 = m_work.filePath(u"image.ext4"_s);
    const QString made = makeExt4(m_rootfs, m_ext4, 24);
    QVERIFY2(made.isEmpty(), qPrintable(made));
}

void tst_BakeContent::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
}

void tst_BakeContent::cleanup()
{
    m_catalogue.reset();
}

QString tst_BakeContent::registerImage(const QString &name, qint64 sizeMib)
{
    BakeImage image;
    image.name = name;
    image.source = {BakeSourceKind::Oci, u"registry.example/kiln/test:1"_s};
    image.sizeMib = sizeMib;
    auto registered = BakeImageRepository(m_catalogue->catalogue()).registerImage(image);
    return registered.ok() ? registered.value().id : QString();
}

void tst_BakeContent::uploadExt4WithRightChecksum()
{
    const QString id = registerImage(u"up"_s);
    QVERIFY(!id.isEmpty());
    const QString sha256 = checksumOf(u"sha256sum"_s, m_ext4);
    qint64 lastDone = -1;
    int calls = 0;
    TransferControl control;
    control.progress = [&](qint64 done, qint64 total) {
        QVERIFY(done > lastDone);
        QCOMPARE(total, QFileInfo(m_ext4).size());
        lastDone = done;
        ++calls;
    };
    auto uploaded = uploadContent(m_catalogue->catalogue(), u"up"_s, m_ext4, u"sha256:"_s + sha256, control);
    QVERIFY2(uploaded.ok(), uploaded.ok() ? "" : qPrintable(uploaded.error().message));
    QCOMPARE(uploaded.value().state, BakeState::Baked);
    QCOMPARE(uploaded.value().scanStatus, ScanStatus::Pending);
    QVERIFY(uploaded.value().content);
    const BakeContent content = *uploaded.value().content;
    QCOMPARE(content.sha256, sha256);
    QCOMPARE(content.sha1, checksumOf(u"sha1sum"_s, m_ext4));
    QCOMPARE(content.size, QFileInfo(m_ext4).size());
    QCOMPARE(content.fmt, u"ext4"_s);
    QCOMPARE(content.path, QDir(contentDir()).filePath(u"up.ext4"_s));
    QCOMPARE(checksumOf(u"sha256sum"_s, content.path), sha256);
    QCOMPARE(lastDone, content.size);
    QVERIFY(calls >= 6);                                 // 24 MiB in 4 MiB chunks
    QCOMPARE(contentFiles(), QStringList{u"up.ext4"_s}); // no .partial left

    auto info = contentInfo(m_catalogue->catalogue(), id);
    QVERIFY(info.ok());
    QCOMPARE(info.value().content, content);
    QCOMPARE(info.value().scanStatus, ScanStatus::Pending);

    // Content is never replaced in place.
    auto again = uploadContent(m_catalogue->catalogue(), id, m_ext4);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ContentError::Code::Busy);
}

void tst_BakeContent::uploadExt4WithWrongChecksumIsRefused()
{
    const QString id = registerImage(u"wrong"_s);
    const QString wrong = QString(64, u'a');
    auto uploaded = uploadContent(m_catalogue->catalogue(), id, m_ext4, wrong);
    QVERIFY(!uploaded.ok());
    QCOMPARE(uploaded.error().code, ContentError::Code::ChecksumMismatch);
    QVERIFY2(uploaded.error().message.contains(m_ext4), qPrintable(uploaded.error().message));
    QVERIFY2(uploaded.error().message.contains(u"wrong"_s), qPrintable(uploaded.error().message));
    QCOMPARE(contentFiles(), QStringList());
    auto image = BakeImageRepository(m_catalogue->catalogue()).get(id);
    QCOMPARE(image.value().state, BakeState::Registered);
    QVERIFY(!image.value().content);
}

void tst_BakeContent::overCapUploadIsRefusedBeforeCopying()
{
    const QString id = registerImage(u"small"_s, 16); // the image has 24 MiB
    bool copied = false;
    TransferControl control;
    control.progress = [&copied](qint64, qint64) { copied = true; };
    auto uploaded = uploadContent(m_catalogue->catalogue(), id, m_ext4, {}, control);
    QVERIFY(!uploaded.ok());
    QCOMPARE(uploaded.error().code, ContentError::Code::TooBig);
    QVERIFY2(uploaded.error().message.contains(u"cap is 16 MiB"_s), qPrintable(uploaded.error().message));
    QVERIFY(!copied);
    QCOMPARE(contentFiles(), QStringList());
}

void tst_BakeContent::corruptExt4IsRefusedByE2fsck()
{
    const QString corrupt = m_work.filePath(u"corrupt.ext4"_s);
    QFile::remove(corrupt);
    QVERIFY(QFile::copy(m_ext4, corrupt));
    QString out;
    QCOMPARE(runTool(u"debugfs"_s,
                     {u"-w"_s, u"-R"_s, u"set_inode_field /etc/os-release links_count 5"_s, corrupt}, &out),
             0);
    QVERIFY2(runTool(u"e2fsck"_s, {u"-fn"_s, corrupt}, &out) != 0, qPrintable(out));

    const QString id = registerImage(u"corrupt"_s);
    auto uploaded = uploadContent(m_catalogue->catalogue(), id, corrupt);
    QVERIFY(!uploaded.ok());
    QCOMPARE(uploaded.error().code, ContentError::Code::Corrupt);
    QVERIFY2(uploaded.error().message.contains(u"e2fsck"_s), qPrintable(uploaded.error().message));
    QCOMPARE(contentFiles(), QStringList());
    QVERIFY(!BakeImageRepository(m_catalogue->catalogue()).get(id).value().content);
}

void tst_BakeContent::otherFilesAreNotSupported()
{
    const QString id = registerImage(u"other"_s);
    const QString junk = m_work.filePath(u"junk.bin"_s);
    QVERIFY(writeFile(junk, randomBytes(64 * 1024, 3)));
    auto uploaded = uploadContent(m_catalogue->catalogue(), id, junk);
    QVERIFY(!uploaded.ok());
    QCOMPARE(uploaded.error().code, ContentError::Code::NotSupported);
    QVERIFY2(uploaded.error().message.contains(junk), qPrintable(uploaded.error().message));
    QVERIFY2(uploaded.error().message.contains(u"neither an ext4 image"_s),
             qPrintable(uploaded.error().message));

    auto missing = uploadContent(m_catalogue->catalogue(), id, m_work.filePath(u"nope.ext4"_s));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().message.contains(u"nope.ext4"_s));
    auto noImage = uploadContent(m_catalogue->catalogue(), u"no-such-image"_s, m_ext4);
    QVERIFY(!noImage.ok());
    QCOMPARE(noImage.error().code, ContentError::Code::NotFound);
}

void tst_BakeContent::downloadResumesAfterCancel()
{
    const QString id = registerImage(u"down"_s);
    QVERIFY(uploadContent(m_catalogue->catalogue(), id, m_ext4).ok());
    const QString target = m_work.filePath(u"downloaded.ext4"_s);
    QFile::remove(target);
    QFile::remove(target + u".partial"_s);

    // Cancelled after the second chunk: the partial file stays.
    std::atomic<bool> cancel{false};
    TransferControl control;
    control.cancel = &cancel;
    control.progress = [&cancel](qint64 done, qint64) {
        if (done >= 2 * kContentChunkBytes)
            cancel.store(true);
    };
    auto first = downloadContent(m_catalogue->catalogue(), id, target, control);
    QVERIFY(!first.ok());
    QCOMPARE(first.error().code, ContentError::Code::Cancelled);
    QVERIFY(!QFileInfo::exists(target));
    const qint64 partial = QFileInfo(target + u".partial"_s).size();
    QCOMPARE(partial, 2 * kContentChunkBytes);

    // Again: it starts where the partial ends.
    qint64 firstDone = -1;
    TransferControl resume;
    resume.progress = [&firstDone](qint64 done, qint64) {
        if (firstDone < 0)
            firstDone = done;
    };
    auto second = downloadContent(m_catalogue->catalogue(), u"down"_s, target, resume);
    QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(second.error().message));
    QCOMPARE(firstDone, partial);
    QVERIFY(!QFileInfo::exists(target + u".partial"_s));
    QCOMPARE(checksumOf(u"sha256sum"_s, target), checksumOf(u"sha256sum"_s, m_ext4));
    QCOMPARE(second.value().sha256, checksumOf(u"sha256sum"_s, target));

    // A partial whose bytes are not a prefix of the content fails the checksum and goes.
    QFile::remove(target);
    QVERIFY(writeFile(target + u".partial"_s, randomBytes(1024 * 1024, 99)));
    auto bad = downloadContent(m_catalogue->catalogue(), id, target);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, ContentError::Code::ChecksumMismatch);
    QVERIFY(!QFileInfo::exists(target + u".partial"_s));
    QVERIFY(!QFileInfo::exists(target));
    QVERIFY(downloadContent(m_catalogue->catalogue(), id, target).ok()); // and then it works
}

void tst_BakeContent::downloadReplacesImplausiblePartial()
{
    const QString id = registerImage(u"down2"_s);
    QVERIFY(uploadContent(m_catalogue->catalogue(), id, m_ext4).ok());
    const QString target = m_work.filePath(u"down2.ext4"_s);
    QFile::remove(target);
    // Bigger than the content: cannot be a prefix, so the copy starts over.
    QVERIFY(writeFile(target + u".partial"_s, randomBytes(QFileInfo(m_ext4).size() + 10, 5)));
    auto downloaded = downloadContent(m_catalogue->catalogue(), id, target);
    QVERIFY2(downloaded.ok(), downloaded.ok() ? "" : qPrintable(downloaded.error().message));
    QCOMPARE(checksumOf(u"sha256sum"_s, target), checksumOf(u"sha256sum"_s, m_ext4));

    auto none = downloadContent(m_catalogue->catalogue(), registerImage(u"empty"_s), target);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ContentError::Code::NoContent);
}

void tst_BakeContent::uploadTarBakesIt()
{
    const QString id = registerImage(u"fromtar"_s, 64);
    const QString tar = m_work.filePath(u"rootfs.tar"_s);
    QFile::remove(tar);
    QString out;
    QCOMPARE(runTool(u"tar"_s, {u"-C"_s, m_rootfs, u"-cf"_s, tar, u"."_s}, &out), 0);
    auto uploaded = uploadContent(m_catalogue->catalogue(), id, tar, checksumOf(u"sha256sum"_s, tar));
    QVERIFY2(uploaded.ok(), uploaded.ok() ? "" : qPrintable(uploaded.error().message));
    QCOMPARE(uploaded.value().state, BakeState::Baked);
    // The registered source stays; the tar only stood in for it.
    QCOMPARE(uploaded.value().source.kind, BakeSourceKind::Oci);
    const BakeContent content = *uploaded.value().content;
    QVERIFY(QFileInfo(content.path).isFile());
    QCOMPARE(checksumOf(u"sha256sum"_s, content.path), content.sha256);
    QVERIFY2(runTool(u"e2fsck"_s, {u"-fn"_s, content.path}, &out) == 0, qPrintable(out));
    QCOMPARE(runTool(u"debugfs"_s, {u"-R"_s, u"cat /etc/os-release"_s, content.path}, &out), 0);
    QVERIFY2(out.contains(u"ID=kiln-test"_s), qPrintable(out));
    QCOMPARE(contentFiles(), QStringList{u"fromtar.ext4"_s});
    // Nothing is left in the staging folder (the upload lock is gone too).
    const QDir staging(QDir(m_catalogue->dirPath()).filePath(u"staging"_s));
    QCOMPARE(staging.entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());

    // A wrong checksum of a tar bakes nothing.
    const QString id2 = registerImage(u"fromtar2"_s, 64);
    auto wrong = uploadContent(m_catalogue->catalogue(), id2, tar, QString(64, u'0'));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, ContentError::Code::ChecksumMismatch);
}

void tst_BakeContent::removeContentDeletesFile()
{
    const QString id = registerImage(u"gone"_s);
    auto uploaded = uploadContent(m_catalogue->catalogue(), id, m_ext4);
    QVERIFY(uploaded.ok());
    const QString path = uploaded.value().content->path;
    auto removed = removeContent(m_catalogue->catalogue(), u"gone"_s);
    QVERIFY2(removed.ok(), removed.ok() ? "" : qPrintable(removed.error().message));
    QCOMPARE(removed.value().state, BakeState::Registered);
    QVERIFY(!removed.value().content);
    QVERIFY(!QFileInfo::exists(path));
    // Removing nothing is fine; an upload works again.
    QVERIFY(removeContent(m_catalogue->catalogue(), id).ok());
    QVERIFY(uploadContent(m_catalogue->catalogue(), id, m_ext4).ok());
}

void tst_BakeContent::statReportsMissingFile()
{
    const QString id = registerImage(u"lost"_s);
    auto before = statContent(m_catalogue->catalogue(), id);
    QVERIFY(before.ok());
    QVERIFY(!before.value().recorded);
    QVERIFY(!before.value().exists);
    QVERIFY(before.value().problem.isEmpty());

    auto uploaded = uploadContent(m_catalogue->catalogue(), id, m_ext4);
    QVERIFY(uploaded.ok());
    auto stat = statContent(m_catalogue->catalogue(), id);
    QVERIFY(stat.ok());
    QVERIFY(stat.value().recorded);
    QVERIFY(stat.value().exists);
    QCOMPARE(stat.value().size, QFileInfo(m_ext4).size());
    QVERIFY(stat.value().mtime > 0);
    QVERIFY(stat.value().problem.isEmpty());

    QVERIFY(QFile::remove(uploaded.value().content->path));
    auto missing = statContent(m_catalogue->catalogue(), u"lost"_s);
    QVERIFY(missing.ok());
    QVERIFY(missing.value().recorded);
    QVERIFY(!missing.value().exists);
    QVERIFY2(missing.value().problem.contains(u"missing"_s), qPrintable(missing.value().problem));
    QVERIFY(missing.value().problem.contains(uploaded.value().content->path));
    // Downloading it says so too.
    auto download = downloadContent(m_catalogue->catalogue(), id, m_work.filePath(u"x.ext4"_s));
    QVERIFY(!download.ok());
    QCOMPARE(download.error().code, ContentError::Code::NoContent);
}

void tst_BakeContent::busyImagesAreRefused()
{
    const QString id = registerImage(u"busy"_s);
    const BakeImageRepository images(m_catalogue->catalogue());
    QVERIFY(images.requestBake(id).ok());
    auto queued = uploadContent(m_catalogue->catalogue(), id, m_ext4);
    QVERIFY(!queued.ok());
    QCOMPARE(queued.error().code, ContentError::Code::Busy);
    auto claimed = images.claimNextBake(u"elsewhere|1|1"_s);
    QVERIFY(claimed.ok() && claimed.value());
    auto removing = removeContent(m_catalogue->catalogue(), id);
    QVERIFY(!removing.ok());
    QCOMPARE(removing.error().code, ContentError::Code::Busy);
    QVERIFY(removing.error().message.contains(u"busy"_s));
}

QTEST_GUILESS_MAIN(tst_BakeContent)
#include "tst_bakecontent.moc"
