#pragma once

#include "baseimage.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace KilnTest {

// A real Debian 12 (bookworm) base image with python3 and pip, for the slow tests
// that install real APT packages (from deb.debian.org) and wheels (WheelServer):
//   debootstrap --variant=minbase --include=python3-pip,ca-certificates bookworm
//       <tree> http://deb.debian.org/debian
// The tree is made once and cached as a tarball in cacheDirectory() (written under a
// temporary name and renamed when complete, so a half-written one is never used;
// a lock file keeps two processes from making it at the same time). Every build()
// pushes the image anew from the tarball with real buildah (from scratch, add,
// config, commit straight to docker://registry, plain HTTP) on a throw-away vfs
// storage in a temporary directory, removed at the end of build() whatever
// happened; a watchdog removes it if the test process dies first.
//
// The image's config: CMD /bin/bash, PATH, LANG=C.UTF-8 and every entry of `env`
// (for instance PIP_INDEX_URL, PIP_TRUSTED_HOST and PIP_BREAK_SYSTEM_PACKAGES=1,
// without which Debian 12's pip refuses to install outside a virtual environment).
// Needs root (debootstrap) on a cold cache.
class DebianBase
{
public:
    DebianBase();
    ~DebianBase();
    DebianBase(const DebianBase &) = delete;
    DebianBase &operator=(const DebianBase &) = delete;

    static QString debootstrapPath(); // debootstrap in PATH or /usr/sbin; empty when missing
    static QStringList debootstrapArguments(const QString &target); // without the program
    static QString cacheDirectory();                                // $KILN_CI_CACHE, else /var/cache/kiln-ci
    // cacheDirectory()/debian-bookworm-pip-<12 hex of sha256 over the arguments>.tar
    static QString cachedTarball();

    bool build(const QString &registryAddress, const QMap<QString, QString> &env = {},
               const QString &name = QStringLiteral("kiln/debian"),
               const QString &tag = QStringLiteral("bookworm"));
    PushedImage pushed() const { return m_pushed; }
    QString errorString() const { return m_error; }
    // Whether the last build() found the tarball in the cache (false: it ran debootstrap).
    bool usedCache() const { return m_usedCache; }
    // The temporary directory the last build() used (gone once build() returned).
    QString lastWorkDirectory() const { return m_workDir; }

private:
    bool buildIn(const QString &dir, const QString &registry, const QMap<QString, QString> &env,
                 const QString &name, const QString &tag);
    bool ensureTarball(const QString &dir);
    bool makeTarball(const QString &dir, const QString &tarball);
    bool buildah(const QString &dir, const QStringList &arguments, int timeoutMs);
    bool run(const QString &program, const QStringList &arguments, int timeoutMs, const QString &label,
             const QString &logFile = {});

    QString m_workDir;
    PushedImage m_pushed;
    QString m_error;
    bool m_usedCache = false;
};

} // namespace KilnTest
