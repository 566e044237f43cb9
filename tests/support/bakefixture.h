#pragma once

#include "baseimage.h"
#include "registryserver.h"

#include "bake/bakeservice.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Kiln {
class Catalogue;
}

namespace KilnTest {

// What the stand-in apt-get, conda, mamba and pip of the fixture's base images do.
// Each appends "<name> arg|arg|...|" (one line per call) to /kiln-recorded inside the
// image, prints "<name> ran as uid N", and reacts to these package arguments:
//   kiln-sleep       prints "kiln-sleep started" and runs `sleep <sleepSeconds>`
//                    (cancel, timeout); the number is unique to the test process,
//                    so that tests running side by side do not see each other's
//                    sleeps
//   no-such-package  prints apt's "E: Unable to locate package no-such-package", exits 100
//   kiln-chatty      prints 5000 numbered lines (log tests)
//   kiln-full        prints "write /x: no space left on device" to stderr, exits 1
QByteArray standInScript(const QString &name, int sleepSeconds);

// Everything a real build needs, started once per test program:
// - a docker-registry on 127.0.0.1 (plain HTTP);
// - base images pushed there: kiln/base (root) and kiln/base-user (USER kiln),
//   both with the stand-ins in /usr/bin;
// - a throw-away engine storage (--root, --runroot, vfs) removed by cleanup().
class BakeFixture
{
public:
    BakeFixture();
    ~BakeFixture();

    // Starts the registry and pushes the bases; false with errorString() on failure.
    bool start();
    void cleanup();
    QString errorString() const { return m_error; }

    RegistryServer &registry() { return m_registry; }
    QString baseImage() const { return m_base.reference; }         // root
    QString userBaseImage() const { return m_userBase.reference; } // USER kiln
    QString storageRoot() const;
    // "sleep N": the command line of the stand-ins' kiln-sleep in this process's images.
    QByteArray sleepCommand() const { return "sleep " + QByteArray::number(m_sleepSeconds); }
    QString runRoot() const;

    // Registers the fixture's registry in `catalogue` as the insecure push target
    // with the image prefix "<registry>/kiln-built". Returns an error sentence or "".
    QString addPushRegistry(const Kiln::Catalogue &catalogue, const QString &name = QStringLiteral("local"),
                            const QString &address = {}) const;

    // Registers the fixture's registry (where the bases are) as an insecure
    // registry that is not the push target. Returns an error sentence or "".
    QString addBaseRegistry(const Kiln::Catalogue &catalogue) const;

    // Options for a BakeService (or kilnctl's --storage-* options) on the throw-away storage.
    Kiln::BakeOptions options() const;
    QStringList storageArguments() const;

    // The content of `path` (relative, without a leading '/') in the topmost layer
    // of the pushed image `repository:tag` that holds it; empty when none does.
    QByteArray fileInImage(const QString &repository, const QString &tag, const QString &path,
                           QString *error = nullptr) const;
    // The pushed image's config JSON ("config" blob), and its manifest digest.
    QByteArray imageConfig(const QString &repository, const QString &tag, QString *error = nullptr) const;
    QString manifestDigest(const QString &repository, const QString &tag) const;

private:
    QByteArray manifest(const QString &repository, const QString &tag, QString *digest, QString *error) const;

    RegistryServer m_registry;
    PushedImage m_base;
    PushedImage m_userBase;
    std::unique_ptr<QTemporaryDir> m_storage;
    QString m_error;
    int m_sleepSeconds = 600;
};

// Processes whose command line contains `needle` (from /proc), other than this one.
QList<qint64> processesMatching(const QByteArray &needle);

} // namespace KilnTest
