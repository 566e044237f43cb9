#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace KilnTest {

// What to put into a test base image.
struct BaseImageSpec
{
    QString name = QStringLiteral("kiln/base"); // repository in the registry: [a-z0-9._/-]
    QString tag = QStringLiteral("latest");
    QString user; // the image's USER ("1000", "kiln", ...); empty: none (root)
    // Extra files by absolute path inside the image, e.g. stand-in scripts. A
    // file whose content starts with "#!" is made executable.
    QMap<QString, QByteArray> files;
};

struct PushedImage
{
    QString reference; // 127.0.0.1:PORT/name:tag
    QString digest;    // sha256:... of the pushed manifest
};

// Builds a minimal base image without network and pushes it to a registry:
// a rootfs with the static /bin/busybox and its applet symlinks, /etc/passwd and
// /etc/group with root and kiln (1000:1000), /tmp, /root, /home/kiln; then real
// buildah (from scratch, add, config, then commit straight to docker://registry)
// on a throw-away storage (--root/--runroot in a temporary directory, vfs
// driver), removed again at the end of build(), whatever happened. Each
// buildah call has a timeout, and its stderr goes into errorString(). A
// watchdog removes the directory if the test process dies during a build.
class BaseImage
{
public:
    explicit BaseImage(const QString &registryAddress);
    ~BaseImage();
    BaseImage(const BaseImage &) = delete;
    BaseImage &operator=(const BaseImage &) = delete;

    static QString busyboxPath(); // $KILN_BUSYBOX, else /bin/busybox; empty when missing
    static QString buildahPath(); // buildah in PATH; empty when missing

    bool build(const BaseImageSpec &spec);
    PushedImage pushed() const { return m_pushed; }
    QString errorString() const { return m_error; }
    // The temporary directory the last build() used (gone once build() returned).
    QString lastWorkDirectory() const { return m_workDir; }

private:
    bool buildIn(const QString &dir, const BaseImageSpec &spec);
    bool makeRootfs(const QString &rootfs, const BaseImageSpec &spec);
    bool buildah(const QString &dir, const QStringList &arguments, int timeoutMs, QString *output = nullptr);
    bool run(const QString &program, const QStringList &arguments, int timeoutMs, QString *output = nullptr,
             const QString &workDir = {}, const QString &label = {});

    QString m_registry;
    QString m_workDir;
    PushedImage m_pushed;
    QString m_error;
};

} // namespace KilnTest
