// kiln-test-properties: LABELS slow TIMEOUT 1500
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "debianbase.h"
#include "testsupport.h"
#include "wheelserver.h"

#include "bake/bakeservice.h"
#include "bake/recipe.h"
#include "store/catalogue.h"
#include "store/specrepository.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

// The slow end-to-end build: Kiln's bake service on a real Debian 12 base
// (debootstrap, cached between runs), installing a real package from
// deb.debian.org with apt and a real wheel with pip from a local index.
class tst_DebianBuild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void aptAndPipOnDebian();

private:
    BakeFixture m_fixture;
    WheelServer m_wheels;
    QString m_base;
};

void tst_DebianBuild::initTestCase()
{
    if (DebianBase::debootstrapPath().isEmpty())
        QFAIL("debootstrap is needed: run scripts/dev deps");
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    QVERIFY(m_wheels.addWheel(u"kiln_marker"_s, u"1.0"_s, "MARKER = 'installed by Kiln'\n"));
    QVERIFY2(m_wheels.start(), qPrintable(m_wheels.errorString()));
    DebianBase debian;
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(debian.build(m_fixture.registry().address(), {{u"PIP_INDEX_URL"_s, m_wheels.indexUrl()},
                                                           {u"PIP_TRUSTED_HOST"_s, u"127.0.0.1"_s},
                                                           {u"PIP_BREAK_SYSTEM_PACKAGES"_s, u"1"_s}}),
             qPrintable(debian.errorString()));
    qInfo("Debian base ready in %lld s (%s)", timer.elapsed() / 1000,
          debian.usedCache() ? "cached tree" : "debootstrap");
    m_base = debian.pushed().reference;
}

void tst_DebianBuild::cleanupTestCase()
{
    m_wheels.stop();
    m_fixture.cleanup();
}

void tst_DebianBuild::aptAndPipOnDebian()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    QVERIFY(m_fixture.addPushRegistry(catalogue.catalogue()).isEmpty());
    RecipeInput input;
    input.baseImage = m_base;
    input.apt = {u"hello"_s};
    input.pip = {u"kiln_marker==1.0"_s};
    SpecContent content;
    content.contentHash = revisionHash(input);
    content.baseImage = input.baseImage;
    content.aptPackages = input.apt;
    content.pipPackages = input.pip;
    QVERIFY(SpecRepository(catalogue.catalogue()).create(u"debian-hello"_s, content).ok());

    BakeService service(catalogue.catalogue(), m_fixture.options(), CredentialResolver());
    service.start();
    auto queued = BuildQueue(catalogue.catalogue()).enqueueSpec(u"debian-hello"_s, false);
    QVERIFY(queued.ok());
    JobRepository jobs(catalogue.catalogue());
    BuildJob job;
    QTRY_VERIFY_WITH_TIMEOUT(isFinal((job = jobs.get(queued.value().job.id).value()).status), 900000);
    QFile log(job.logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY2(job.status == JobStatus::Succeeded,
             qPrintable(job.errorText + u"\n"_s + QString::fromUtf8(text.right(4000))));
    // apt's and pip's own output is in the log.
    QVERIFY(text.contains("Setting up hello"));
    QVERIFY(text.contains("Successfully installed kiln_marker-1.0") ||
            text.contains("Successfully installed kiln-marker-1.0"));

    const QString tag = job.targetImage.section(u':', -1);
    QString error;
    const QByteArray hello =
        m_fixture.fileInImage(u"kiln-built/debian-hello"_s, tag, u"usr/bin/hello"_s, &error);
    QVERIFY2(hello.startsWith("\x7f"
                              "ELF"),
             qPrintable(error));
    const QByteArray marker =
        m_fixture.fileInImage(u"kiln-built/debian-hello"_s, tag,
                              u"usr/local/lib/python3.11/dist-packages/kiln_marker/__init__.py"_s, &error);
    QVERIFY2(marker.contains("installed by Kiln"), qPrintable(error));
    // The apt lists were cleaned in the same step (nothing left in the layer).
    QVERIFY(m_fixture.fileInImage(u"kiln-built/debian-hello"_s, tag, u"var/lib/apt/lists/lock"_s).isEmpty());
}

QTEST_GUILESS_MAIN(tst_DebianBuild)
#include "tst_debianbuild.moc"
