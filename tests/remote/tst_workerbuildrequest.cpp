#include "cataloguefixture.h"
#include "remote/workerbuildrequest.h"
#include "store/specrepository.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

// buildRequestFor(): a local spec revision as the body of POST /builds.
class TestWorkerBuildRequest : public QObject
{
    Q_OBJECT

private:
    static SpecContent content(const QString &hash, const QStringList &apt, const QString &secret = {})
    {
        SpecContent c;
        c.contentHash = hash;
        c.baseImage = u"debian:12"_s;
        c.aptPackages = apt;
        c.condaPackages = {u"numpy"_s};
        c.pipPackages = {u"requests==2.31"_s};
        c.pullSecretRef = secret;
        return c;
    }

private slots:
    void revisionsAreNumberedFromTheFirst()
    {
        KilnTest::TempCatalogue catalogue;
        QVERIFY2(catalogue.isOpen(), qPrintable(catalogue.errorString()));
        SpecRepository specs(catalogue.catalogue());
        auto created = specs.create(u"demo"_s, content(u"h1"_s, {u"curl"_s}));
        QVERIFY(created.ok());
        auto second = specs.addRevision(created.value().spec.id, content(u"h2"_s, {u"curl"_s, u"git"_s}));
        auto third = specs.addRevision(created.value().spec.id, content(u"h3"_s, {u"git"_s}));
        QVERIFY(second.ok() && third.ok());

        auto first = buildRequestFor(catalogue.catalogue(), created.value().revision.id);
        QVERIFY(first.ok());
        QCOMPARE(first.value().revision, 1);
        QCOMPARE(first.value().spec.name, u"demo"_s);
        QCOMPARE(first.value().spec.baseImage, u"debian:12"_s);
        QCOMPARE(first.value().spec.apt, QStringList{u"curl"_s});
        QCOMPARE(first.value().spec.conda, QStringList{u"numpy"_s});
        QCOMPARE(first.value().spec.pip, QStringList{u"requests==2.31"_s});
        QVERIFY(first.value().targetImage.isEmpty());

        auto middle = buildRequestFor(catalogue.catalogue(), second.value().id, u"r.example/k/demo:2"_s);
        QVERIFY(middle.ok());
        QCOMPARE(middle.value().revision, 2);
        QCOMPARE(middle.value().spec.apt, (QStringList{u"curl"_s, u"git"_s}));
        QCOMPARE(middle.value().targetImage, u"r.example/k/demo:2"_s);
        QCOMPARE(buildRequestFor(catalogue.catalogue(), third.value().id).value().revision, 3);
        // What the worker reads back is what was sent.
        QCOMPARE(BuildRequest::fromJson(middle.value().toJson()).value(), middle.value());
    }

    void refusals()
    {
        KilnTest::TempCatalogue catalogue;
        QVERIFY(catalogue.isOpen());
        auto missing = buildRequestFor(catalogue.catalogue(), u"no-such-revision"_s);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, StoreError::Code::NotFound);

        auto secret =
            SpecRepository(catalogue.catalogue()).create(u"private"_s, content(u"h"_s, {}, u"puller"_s));
        QVERIFY(secret.ok());
        auto refused = buildRequestFor(catalogue.catalogue(), secret.value().revision.id);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, StoreError::Code::Invalid);
        QVERIFY2(refused.error().message.contains(u"puller"_s), qPrintable(refused.error().message));
    }
};

QTEST_GUILESS_MAIN(TestWorkerBuildRequest)
#include "tst_workerbuildrequest.moc"
