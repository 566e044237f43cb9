// Tests for parseImageReference(). The cases are ported from distribution/reference
// (reference_test.go, normalize_test.go, regexp_test.go) and opencontainers/go-digest
// (digest_test.go), read through ParseNormalizedNamed(): every valid input is
// checked for its normalised domain and path, tag, digest, normalized() and
// familiar(); every invalid one for the column and the reason.

#include "domain/imagereference.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::ImageReference;
using Kiln::parseImageReference;

namespace {

const QString kNone; // an absent tag or digest
const QString kFF64 = QString(64, u'f');
const QString kSha256Ff = u"sha256:"_s + kFF64;
const QString kSha256Be = u"sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"_s;
const QString kSha256Dbcc = u"sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"_s;
const QString kSha384 =
    u"sha384:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d"_s;
const QString kSha512Ff = u"sha512:"_s + QString(128, u'f');
const QString kImageId = u"1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"_s;

QString describe(const Kiln::Result<ImageReference> &r)
{
    if (r.ok())
        return QString::fromUtf8(QJsonDocument(r.value().toJson()).toJson(QJsonDocument::Compact));
    return r.error().describe();
}

} // namespace

class TestImageReference : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void toJson_data();
    void toJson();
    void defaultConstructed();
    void randomInputNeverCrashesAndRoundTrips();
};

void TestImageReference::valid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<QString>("familiar");

    const auto row = [](const QString &input, const QString &domain, const QString &path, const QString &tag,
                        const QString &digest, const QString &normalized, const QString &familiar) {
        QTest::newRow(qPrintable(input.left(70)))
            << input << domain << path << tag << digest << normalized << familiar;
    };
    const QString d = u"docker.io"_s;

    // --- reference_test.go TestReferenceParse (valid cases), normalised.
    row(u"test_com"_s, d, u"library/test_com"_s, kNone, kNone, u"docker.io/library/test_com:latest"_s,
        u"test_com"_s);
    row(u"test.com:tag"_s, d, u"library/test.com"_s, u"tag"_s, kNone, u"docker.io/library/test.com:tag"_s,
        u"test.com:tag"_s);
    row(u"test.com:5000"_s, d, u"library/test.com"_s, u"5000"_s, kNone, u"docker.io/library/test.com:5000"_s,
        u"test.com:5000"_s);
    row(u"test.com/repo:tag"_s, u"test.com"_s, u"repo"_s, u"tag"_s, kNone, u"test.com/repo:tag"_s,
        u"test.com/repo:tag"_s);
    row(u"test:5000/repo"_s, u"test:5000"_s, u"repo"_s, kNone, kNone, u"test:5000/repo:latest"_s,
        u"test:5000/repo"_s);
    row(u"test:5000/repo:tag"_s, u"test:5000"_s, u"repo"_s, u"tag"_s, kNone, u"test:5000/repo:tag"_s,
        u"test:5000/repo:tag"_s);
    row(u"test:5000/repo@"_s + kSha256Ff, u"test:5000"_s, u"repo"_s, kNone, kSha256Ff,
        u"test:5000/repo@"_s + kSha256Ff, u"test:5000/repo@"_s + kSha256Ff);
    row(u"test:5000/repo:tag@"_s + kSha256Ff, u"test:5000"_s, u"repo"_s, u"tag"_s, kSha256Ff,
        u"test:5000/repo:tag@"_s + kSha256Ff, u"test:5000/repo:tag@"_s + kSha256Ff);
    row(u"lowercase:Uppercase"_s, d, u"library/lowercase"_s, u"Uppercase"_s, kNone,
        u"docker.io/library/lowercase:Uppercase"_s, u"lowercase:Uppercase"_s);
    {
        const QString path = u"a/"_s.repeated(127) + u'a'; // 255 characters: the limit
        row(path + u":tag-puts-this-over-max"_s, d, path, u"tag-puts-this-over-max"_s, kNone,
            u"docker.io/"_s + path + u":tag-puts-this-over-max"_s, path + u":tag-puts-this-over-max"_s);
    }
    row(u"sub-dom1.foo.com/bar/baz/quux"_s, u"sub-dom1.foo.com"_s, u"bar/baz/quux"_s, kNone, kNone,
        u"sub-dom1.foo.com/bar/baz/quux:latest"_s, u"sub-dom1.foo.com/bar/baz/quux"_s);
    row(u"sub-dom1.foo.com/bar/baz/quux:some-long-tag"_s, u"sub-dom1.foo.com"_s, u"bar/baz/quux"_s,
        u"some-long-tag"_s, kNone, u"sub-dom1.foo.com/bar/baz/quux:some-long-tag"_s,
        u"sub-dom1.foo.com/bar/baz/quux:some-long-tag"_s);
    row(u"b.gcr.io/test.example.com/my-app:test.example.com"_s, u"b.gcr.io"_s, u"test.example.com/my-app"_s,
        u"test.example.com"_s, kNone, u"b.gcr.io/test.example.com/my-app:test.example.com"_s,
        u"b.gcr.io/test.example.com/my-app:test.example.com"_s);
    row(u"xn--n3h.com/myimage:xn--n3h.com"_s, u"xn--n3h.com"_s, u"myimage"_s, u"xn--n3h.com"_s, kNone,
        u"xn--n3h.com/myimage:xn--n3h.com"_s, u"xn--n3h.com/myimage:xn--n3h.com"_s);
    row(u"xn--7o8h.com/myimage:xn--7o8h.com@"_s + kSha512Ff, u"xn--7o8h.com"_s, u"myimage"_s,
        u"xn--7o8h.com"_s, kSha512Ff, u"xn--7o8h.com/myimage:xn--7o8h.com@"_s + kSha512Ff,
        u"xn--7o8h.com/myimage:xn--7o8h.com@"_s + kSha512Ff);
    row(u"foo_bar.com:8080"_s, d, u"library/foo_bar.com"_s, u"8080"_s, kNone,
        u"docker.io/library/foo_bar.com:8080"_s, u"foo_bar.com:8080"_s);
    row(u"foo/foo_bar.com:8080"_s, d, u"foo/foo_bar.com"_s, u"8080"_s, kNone,
        u"docker.io/foo/foo_bar.com:8080"_s, u"foo/foo_bar.com:8080"_s);
    row(u"192.168.1.1"_s, d, u"library/192.168.1.1"_s, kNone, kNone,
        u"docker.io/library/192.168.1.1:latest"_s, u"192.168.1.1"_s);
    row(u"192.168.1.1:tag"_s, d, u"library/192.168.1.1"_s, u"tag"_s, kNone,
        u"docker.io/library/192.168.1.1:tag"_s, u"192.168.1.1:tag"_s);
    row(u"192.168.1.1:5000"_s, d, u"library/192.168.1.1"_s, u"5000"_s, kNone,
        u"docker.io/library/192.168.1.1:5000"_s, u"192.168.1.1:5000"_s);
    row(u"192.168.1.1/repo"_s, u"192.168.1.1"_s, u"repo"_s, kNone, kNone, u"192.168.1.1/repo:latest"_s,
        u"192.168.1.1/repo"_s);
    row(u"192.168.1.1:5000/repo"_s, u"192.168.1.1:5000"_s, u"repo"_s, kNone, kNone,
        u"192.168.1.1:5000/repo:latest"_s, u"192.168.1.1:5000/repo"_s);
    row(u"192.168.1.1:5000/repo:5050"_s, u"192.168.1.1:5000"_s, u"repo"_s, u"5050"_s, kNone,
        u"192.168.1.1:5000/repo:5050"_s, u"192.168.1.1:5000/repo:5050"_s);
    row(u"[2001:db8::1]/repo"_s, u"[2001:db8::1]"_s, u"repo"_s, kNone, kNone, u"[2001:db8::1]/repo:latest"_s,
        u"[2001:db8::1]/repo"_s);
    row(u"[2001:db8:1:2:3:4:5:6]/repo:tag"_s, u"[2001:db8:1:2:3:4:5:6]"_s, u"repo"_s, u"tag"_s, kNone,
        u"[2001:db8:1:2:3:4:5:6]/repo:tag"_s, u"[2001:db8:1:2:3:4:5:6]/repo:tag"_s);
    row(u"[2001:db8::1]:5000/repo"_s, u"[2001:db8::1]:5000"_s, u"repo"_s, kNone, kNone,
        u"[2001:db8::1]:5000/repo:latest"_s, u"[2001:db8::1]:5000/repo"_s);
    row(u"[2001:db8::1]:5000/repo:tag"_s, u"[2001:db8::1]:5000"_s, u"repo"_s, u"tag"_s, kNone,
        u"[2001:db8::1]:5000/repo:tag"_s, u"[2001:db8::1]:5000/repo:tag"_s);
    row(u"[2001:db8::1]:5000/repo@"_s + kSha256Ff, u"[2001:db8::1]:5000"_s, u"repo"_s, kNone, kSha256Ff,
        u"[2001:db8::1]:5000/repo@"_s + kSha256Ff, u"[2001:db8::1]:5000/repo@"_s + kSha256Ff);
    row(u"[2001:db8::1]:5000/repo:tag@"_s + kSha256Ff, u"[2001:db8::1]:5000"_s, u"repo"_s, u"tag"_s,
        kSha256Ff, u"[2001:db8::1]:5000/repo:tag@"_s + kSha256Ff,
        u"[2001:db8::1]:5000/repo:tag@"_s + kSha256Ff);
    row(u"[2001:db8::]:5000/repo"_s, u"[2001:db8::]:5000"_s, u"repo"_s, kNone, kNone,
        u"[2001:db8::]:5000/repo:latest"_s, u"[2001:db8::]:5000/repo"_s);
    row(u"[::1]:5000/repo"_s, u"[::1]:5000"_s, u"repo"_s, kNone, kNone, u"[::1]:5000/repo:latest"_s,
        u"[::1]:5000/repo"_s);
    {
        const QString longPath = QString(255, u'a');
        row(u"example.com/"_s + longPath + u":tag"_s, u"example.com"_s, longPath, u"tag"_s, kNone,
            u"example.com/"_s + longPath + u":tag"_s, u"example.com/"_s + longPath + u":tag"_s);
    }

    // --- TestDomainAndPath / TestNormalizedSplitHostname.
    row(u"test.com/foo"_s, u"test.com"_s, u"foo"_s, kNone, kNone, u"test.com/foo:latest"_s,
        u"test.com/foo"_s);
    row(u"test_com/foo"_s, d, u"test_com/foo"_s, kNone, kNone, u"docker.io/test_com/foo:latest"_s,
        u"test_com/foo"_s);
    row(u"docker/migrator"_s, d, u"docker/migrator"_s, kNone, kNone, u"docker.io/docker/migrator:latest"_s,
        u"docker/migrator"_s);
    row(u"test:8080/foo"_s, u"test:8080"_s, u"foo"_s, kNone, kNone, u"test:8080/foo:latest"_s,
        u"test:8080/foo"_s);
    row(u"test.com:8080/foo"_s, u"test.com:8080"_s, u"foo"_s, kNone, kNone, u"test.com:8080/foo:latest"_s,
        u"test.com:8080/foo"_s);
    row(u"test-com:8080/foo"_s, u"test-com:8080"_s, u"foo"_s, kNone, kNone, u"test-com:8080/foo:latest"_s,
        u"test-com:8080/foo"_s);
    row(u"foo"_s, d, u"library/foo"_s, kNone, kNone, u"docker.io/library/foo:latest"_s, u"foo"_s);
    row(u"xn--n3h.com/foo"_s, u"xn--n3h.com"_s, u"foo"_s, kNone, kNone, u"xn--n3h.com/foo:latest"_s,
        u"xn--n3h.com/foo"_s);
    row(u"xn--n3h.com:18080/foo"_s, u"xn--n3h.com:18080"_s, u"foo"_s, kNone, kNone,
        u"xn--n3h.com:18080/foo:latest"_s, u"xn--n3h.com:18080/foo"_s);
    row(u"docker.io/foo"_s, d, u"library/foo"_s, kNone, kNone, u"docker.io/library/foo:latest"_s, u"foo"_s);
    row(u"docker.io/library/foo"_s, d, u"library/foo"_s, kNone, kNone, u"docker.io/library/foo:latest"_s,
        u"foo"_s);
    row(u"docker.io/library/foo/bar"_s, d, u"library/foo/bar"_s, kNone, kNone,
        u"docker.io/library/foo/bar:latest"_s, u"library/foo/bar"_s);

    // --- normalize_test.go TestParseRepositoryInfo (familiar, full and ambiguous names).
    row(u"fooo/bar"_s, d, u"fooo/bar"_s, kNone, kNone, u"docker.io/fooo/bar:latest"_s, u"fooo/bar"_s);
    row(u"docker.io/fooo/bar"_s, d, u"fooo/bar"_s, kNone, kNone, u"docker.io/fooo/bar:latest"_s,
        u"fooo/bar"_s);
    row(u"index.docker.io/fooo/bar"_s, d, u"fooo/bar"_s, kNone, kNone, u"docker.io/fooo/bar:latest"_s,
        u"fooo/bar"_s);
    row(u"ubuntu"_s, d, u"library/ubuntu"_s, kNone, kNone, u"docker.io/library/ubuntu:latest"_s, u"ubuntu"_s);
    row(u"library/ubuntu"_s, d, u"library/ubuntu"_s, kNone, kNone, u"docker.io/library/ubuntu:latest"_s,
        u"ubuntu"_s);
    row(u"docker.io/library/ubuntu"_s, d, u"library/ubuntu"_s, kNone, kNone,
        u"docker.io/library/ubuntu:latest"_s, u"ubuntu"_s);
    row(u"nonlibrary/ubuntu"_s, d, u"nonlibrary/ubuntu"_s, kNone, kNone,
        u"docker.io/nonlibrary/ubuntu:latest"_s, u"nonlibrary/ubuntu"_s);
    row(u"other/library"_s, d, u"other/library"_s, kNone, kNone, u"docker.io/other/library:latest"_s,
        u"other/library"_s);
    row(u"127.0.0.1:8000/private/moonbase"_s, u"127.0.0.1:8000"_s, u"private/moonbase"_s, kNone, kNone,
        u"127.0.0.1:8000/private/moonbase:latest"_s, u"127.0.0.1:8000/private/moonbase"_s);
    row(u"127.0.0.1:8000/privatebase"_s, u"127.0.0.1:8000"_s, u"privatebase"_s, kNone, kNone,
        u"127.0.0.1:8000/privatebase:latest"_s, u"127.0.0.1:8000/privatebase"_s);
    row(u"example.com/private/moonbase"_s, u"example.com"_s, u"private/moonbase"_s, kNone, kNone,
        u"example.com/private/moonbase:latest"_s, u"example.com/private/moonbase"_s);
    row(u"example.com/privatebase"_s, u"example.com"_s, u"privatebase"_s, kNone, kNone,
        u"example.com/privatebase:latest"_s, u"example.com/privatebase"_s);
    row(u"example.com:8000/private/moonbase"_s, u"example.com:8000"_s, u"private/moonbase"_s, kNone, kNone,
        u"example.com:8000/private/moonbase:latest"_s, u"example.com:8000/private/moonbase"_s);
    row(u"example.com:8000/privatebasee"_s, u"example.com:8000"_s, u"privatebasee"_s, kNone, kNone,
        u"example.com:8000/privatebasee:latest"_s, u"example.com:8000/privatebasee"_s);
    row(u"ubuntu-12.04-base"_s, d, u"library/ubuntu-12.04-base"_s, kNone, kNone,
        u"docker.io/library/ubuntu-12.04-base:latest"_s, u"ubuntu-12.04-base"_s);
    row(u"index.docker.io/library/ubuntu-12.04-base"_s, d, u"library/ubuntu-12.04-base"_s, kNone, kNone,
        u"docker.io/library/ubuntu-12.04-base:latest"_s, u"ubuntu-12.04-base"_s);
    row(u"library/foo/bar"_s, d, u"library/foo/bar"_s, kNone, kNone, u"docker.io/library/foo/bar:latest"_s,
        u"library/foo/bar"_s);
    row(u"store/foo/bar"_s, d, u"store/foo/bar"_s, kNone, kNone, u"docker.io/store/foo/bar:latest"_s,
        u"store/foo/bar"_s);
    // An uppercase first element is taken as a domain.
    row(u"Foo/bar"_s, u"Foo"_s, u"bar"_s, kNone, kNone, u"Foo/bar:latest"_s, u"Foo/bar"_s);
    row(u"FOO/bar"_s, u"FOO"_s, u"bar"_s, kNone, kNone, u"FOO/bar:latest"_s, u"FOO/bar"_s);

    // --- TestValidateReferenceName / TestValidateRemoteName (valid names).
    row(u"docker/docker"_s, d, u"docker/docker"_s, kNone, kNone, u"docker.io/docker/docker:latest"_s,
        u"docker/docker"_s);
    row(u"debian"_s, d, u"library/debian"_s, kNone, kNone, u"docker.io/library/debian:latest"_s, u"debian"_s);
    row(u"docker.io/debian"_s, d, u"library/debian"_s, kNone, kNone, u"docker.io/library/debian:latest"_s,
        u"debian"_s);
    row(u"index.docker.io/docker/docker"_s, d, u"docker/docker"_s, kNone, kNone,
        u"docker.io/docker/docker:latest"_s, u"docker/docker"_s);
    row(u"index.docker.io/debian"_s, d, u"library/debian"_s, kNone, kNone,
        u"docker.io/library/debian:latest"_s, u"debian"_s);
    row(u"127.0.0.1:5000/library/debian"_s, u"127.0.0.1:5000"_s, u"library/debian"_s, kNone, kNone,
        u"127.0.0.1:5000/library/debian:latest"_s, u"127.0.0.1:5000/library/debian"_s);
    row(u"127.0.0.1:5000/debian"_s, u"127.0.0.1:5000"_s, u"debian"_s, kNone, kNone,
        u"127.0.0.1:5000/debian:latest"_s, u"127.0.0.1:5000/debian"_s);
    row(u"192.168.0.1:80"_s, d, u"library/192.168.0.1"_s, u"80"_s, kNone,
        u"docker.io/library/192.168.0.1:80"_s, u"192.168.0.1:80"_s);
    row(u"192.168.0.1:8/debian"_s, u"192.168.0.1:8"_s, u"debian"_s, kNone, kNone,
        u"192.168.0.1:8/debian:latest"_s, u"192.168.0.1:8/debian"_s);
    row(u"192.168.0.2:25000/debian"_s, u"192.168.0.2:25000"_s, u"debian"_s, kNone, kNone,
        u"192.168.0.2:25000/debian:latest"_s, u"192.168.0.2:25000/debian"_s);
    row(u"thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"_s, d,
        u"library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"_s, kNone, kNone,
        u"docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest"_s,
        u"thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"_s);
    row(u"[fc00::1]:5000/docker"_s, u"[fc00::1]:5000"_s, u"docker"_s, kNone, kNone,
        u"[fc00::1]:5000/docker:latest"_s, u"[fc00::1]:5000/docker"_s);
    row(u"[fc00::1]:5000/docker/docker"_s, u"[fc00::1]:5000"_s, u"docker/docker"_s, kNone, kNone,
        u"[fc00::1]:5000/docker/docker:latest"_s, u"[fc00::1]:5000/docker/docker"_s);
    row(u"[fc00:1:2:3:4:5:6:7]:5000/library/debian"_s, u"[fc00:1:2:3:4:5:6:7]:5000"_s, u"library/debian"_s,
        kNone, kNone, u"[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest"_s,
        u"[fc00:1:2:3:4:5:6:7]:5000/library/debian"_s);
    // With a domain, a 64-digit hex path is a name, not an image ID.
    row(u"docker.io/"_s + kImageId, d, u"library/"_s + kImageId, kNone, kNone,
        u"docker.io/library/"_s + kImageId + u":latest"_s, kImageId);
    row(u"Docker/docker"_s, u"Docker"_s, u"docker"_s, kNone, kNone, u"Docker/docker:latest"_s,
        u"Docker/docker"_s);
    row(u"DOCKER/docker"_s, u"DOCKER"_s, u"docker"_s, kNone, kNone, u"DOCKER/docker:latest"_s,
        u"DOCKER/docker"_s);
    row(u"docker-rules/docker"_s, d, u"docker-rules/docker"_s, kNone, kNone,
        u"docker.io/docker-rules/docker:latest"_s, u"docker-rules/docker"_s);
    row(u"docker---rules/docker"_s, d, u"docker---rules/docker"_s, kNone, kNone,
        u"docker.io/docker---rules/docker:latest"_s, u"docker---rules/docker"_s);
    row(u"doc/docker"_s, d, u"doc/docker"_s, kNone, kNone, u"docker.io/doc/docker:latest"_s, u"doc/docker"_s);
    row(u"d/docker"_s, d, u"d/docker"_s, kNone, kNone, u"docker.io/d/docker:latest"_s, u"d/docker"_s);
    row(u"jess/t"_s, d, u"jess/t"_s, kNone, kNone, u"docker.io/jess/t:latest"_s, u"jess/t"_s);
    row(u"dock__er/docker"_s, d, u"dock__er/docker"_s, kNone, kNone, u"docker.io/dock__er/docker:latest"_s,
        u"dock__er/docker"_s);

    // --- TestParseReferenceWithTagAndDigest / TestParseAnyReference.
    {
        const QString digest = u"sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"_s;
        row(u"busybox:latest@"_s + digest, d, u"library/busybox"_s, u"latest"_s, digest,
            u"docker.io/library/busybox:latest@"_s + digest, u"busybox:latest@"_s + digest);
    }
    row(u"redis"_s, d, u"library/redis"_s, kNone, kNone, u"docker.io/library/redis:latest"_s, u"redis"_s);
    row(u"redis:latest"_s, d, u"library/redis"_s, u"latest"_s, kNone, u"docker.io/library/redis:latest"_s,
        u"redis:latest"_s);
    row(u"docker.io/library/redis:latest"_s, d, u"library/redis"_s, u"latest"_s, kNone,
        u"docker.io/library/redis:latest"_s, u"redis:latest"_s);
    row(u"redis@"_s + kSha256Dbcc, d, u"library/redis"_s, kNone, kSha256Dbcc,
        u"docker.io/library/redis@"_s + kSha256Dbcc, u"redis@"_s + kSha256Dbcc);
    row(u"docker.io/library/redis@"_s + kSha256Dbcc, d, u"library/redis"_s, kNone, kSha256Dbcc,
        u"docker.io/library/redis@"_s + kSha256Dbcc, u"redis@"_s + kSha256Dbcc);
    row(u"dmcgowan/myapp"_s, d, u"dmcgowan/myapp"_s, kNone, kNone, u"docker.io/dmcgowan/myapp:latest"_s,
        u"dmcgowan/myapp"_s);
    row(u"dmcgowan/myapp:latest"_s, d, u"dmcgowan/myapp"_s, u"latest"_s, kNone,
        u"docker.io/dmcgowan/myapp:latest"_s, u"dmcgowan/myapp:latest"_s);
    row(u"docker.io/mcgowan/myapp:latest"_s, d, u"mcgowan/myapp"_s, u"latest"_s, kNone,
        u"docker.io/mcgowan/myapp:latest"_s, u"mcgowan/myapp:latest"_s);
    row(u"dmcgowan/myapp@"_s + kSha256Dbcc, d, u"dmcgowan/myapp"_s, kNone, kSha256Dbcc,
        u"docker.io/dmcgowan/myapp@"_s + kSha256Dbcc, u"dmcgowan/myapp@"_s + kSha256Dbcc);
    {
        const QString hex63 = kSha256Dbcc.mid(7, 63); // one digit short of an image ID
        row(hex63, d, u"library/"_s + hex63, kNone, kNone, u"docker.io/library/"_s + hex63 + u":latest"_s,
            hex63);
    }
    row(u"dbcc1"_s, d, u"library/dbcc1"_s, kNone, kNone, u"docker.io/library/dbcc1:latest"_s, u"dbcc1"_s);
    // A 64-digit hex name with a tag is not an image ID.
    row(kImageId + u":v1"_s, d, u"library/"_s + kImageId, u"v1"_s, kNone,
        u"docker.io/library/"_s + kImageId + u":v1"_s, kImageId + u":v1"_s);

    // --- regexp_test.go TestFullNameRegexp (valid names).
    row(u"short"_s, d, u"library/short"_s, kNone, kNone, u"docker.io/library/short:latest"_s, u"short"_s);
    row(u"simple/name"_s, d, u"simple/name"_s, kNone, kNone, u"docker.io/simple/name:latest"_s,
        u"simple/name"_s);
    row(u"docker/stevvooe/app"_s, d, u"docker/stevvooe/app"_s, kNone, kNone,
        u"docker.io/docker/stevvooe/app:latest"_s, u"docker/stevvooe/app"_s);
    row(u"aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"_s, d,
        u"aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"_s, kNone, kNone,
        u"docker.io/aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb:latest"_s,
        u"aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"_s);
    row(u"a/a/a/a"_s, d, u"a/a/a/a"_s, kNone, kNone, u"docker.io/a/a/a/a:latest"_s, u"a/a/a/a"_s);
    row(u"a"_s, d, u"library/a"_s, kNone, kNone, u"docker.io/library/a:latest"_s, u"a"_s);
    row(u"a/aa/a"_s, d, u"a/aa/a"_s, kNone, kNone, u"docker.io/a/aa/a:latest"_s, u"a/aa/a"_s);
    row(u"foo.com"_s, d, u"library/foo.com"_s, kNone, kNone, u"docker.io/library/foo.com:latest"_s,
        u"foo.com"_s);
    row(u"foo.com:8080/bar"_s, u"foo.com:8080"_s, u"bar"_s, kNone, kNone, u"foo.com:8080/bar:latest"_s,
        u"foo.com:8080/bar"_s);
    row(u"foo.com/bar/baz"_s, u"foo.com"_s, u"bar/baz"_s, kNone, kNone, u"foo.com/bar/baz:latest"_s,
        u"foo.com/bar/baz"_s);
    row(u"localhost:8080/bar"_s, u"localhost:8080"_s, u"bar"_s, kNone, kNone, u"localhost:8080/bar:latest"_s,
        u"localhost:8080/bar"_s);
    row(u"blog.foo.com/bar/baz"_s, u"blog.foo.com"_s, u"bar/baz"_s, kNone, kNone,
        u"blog.foo.com/bar/baz:latest"_s, u"blog.foo.com/bar/baz"_s);
    row(u"aa-a/a"_s, d, u"aa-a/a"_s, kNone, kNone, u"docker.io/aa-a/a:latest"_s, u"aa-a/a"_s);
    row(u"foo_bar"_s, d, u"library/foo_bar"_s, kNone, kNone, u"docker.io/library/foo_bar:latest"_s,
        u"foo_bar"_s);
    row(u"foo_bar.com"_s, d, u"library/foo_bar.com"_s, kNone, kNone,
        u"docker.io/library/foo_bar.com:latest"_s, u"foo_bar.com"_s);
    row(u"foo.com/foo_bar"_s, u"foo.com"_s, u"foo_bar"_s, kNone, kNone, u"foo.com/foo_bar:latest"_s,
        u"foo.com/foo_bar"_s);
    row(u"xn--7o8h.com/myimage"_s, u"xn--7o8h.com"_s, u"myimage"_s, kNone, kNone,
        u"xn--7o8h.com/myimage:latest"_s, u"xn--7o8h.com/myimage"_s);
    row(u"example.com/xn--7o8h.com/myimage"_s, u"example.com"_s, u"xn--7o8h.com/myimage"_s, kNone, kNone,
        u"example.com/xn--7o8h.com/myimage:latest"_s, u"example.com/xn--7o8h.com/myimage"_s);
    row(u"example.com/some_separator__underscore/myimage"_s, u"example.com"_s,
        u"some_separator__underscore/myimage"_s, kNone, kNone,
        u"example.com/some_separator__underscore/myimage:latest"_s,
        u"example.com/some_separator__underscore/myimage"_s);
    row(u"do__cker/docker"_s, d, u"do__cker/docker"_s, kNone, kNone, u"docker.io/do__cker/docker:latest"_s,
        u"do__cker/docker"_s);
    row(u"registry.io/foo/project--id.module--name.ver---sion--name"_s, u"registry.io"_s,
        u"foo/project--id.module--name.ver---sion--name"_s, kNone, kNone,
        u"registry.io/foo/project--id.module--name.ver---sion--name:latest"_s,
        u"registry.io/foo/project--id.module--name.ver---sion--name"_s);
    row(u"Asdf.com/foo/bar"_s, u"Asdf.com"_s, u"foo/bar"_s, kNone, kNone, u"Asdf.com/foo/bar:latest"_s,
        u"Asdf.com/foo/bar"_s);

    // --- regexp_test.go TestReferenceRegexp (valid references).
    row(u"registry.com:8080/myapp:tag"_s, u"registry.com:8080"_s, u"myapp"_s, u"tag"_s, kNone,
        u"registry.com:8080/myapp:tag"_s, u"registry.com:8080/myapp:tag"_s);
    row(u"registry.com:8080/myapp@"_s + kSha256Be, u"registry.com:8080"_s, u"myapp"_s, kNone, kSha256Be,
        u"registry.com:8080/myapp@"_s + kSha256Be, u"registry.com:8080/myapp@"_s + kSha256Be);
    row(u"registry.com:8080/myapp:tag2@"_s + kSha256Be, u"registry.com:8080"_s, u"myapp"_s, u"tag2"_s,
        kSha256Be, u"registry.com:8080/myapp:tag2@"_s + kSha256Be,
        u"registry.com:8080/myapp:tag2@"_s + kSha256Be);
    // Without a '/', "localhost:8080" is a name and a tag.
    row(u"localhost:8080@"_s + kSha256Be, d, u"library/localhost"_s, u"8080"_s, kSha256Be,
        u"docker.io/library/localhost:8080@"_s + kSha256Be, u"localhost:8080@"_s + kSha256Be);
    row(u"localhost:8080/name@"_s + kSha256Be, u"localhost:8080"_s, u"name"_s, kNone, kSha256Be,
        u"localhost:8080/name@"_s + kSha256Be, u"localhost:8080/name@"_s + kSha256Be);
    row(u"localhost@"_s + kSha256Be, d, u"library/localhost"_s, kNone, kSha256Be,
        u"docker.io/library/localhost@"_s + kSha256Be, u"localhost@"_s + kSha256Be);

    // --- regexp_test.go TestDomainRegexp (valid domains), followed by a path.
    const QStringList domains = {
        u"test.com"_s,
        u"test.com:10304"_s,
        u"localhost"_s,
        u"localhost:8080"_s,
        u"a.b"_s,
        u"ab.cd.com"_s,
        u"a-b.com"_s,
        u"ab.c-om"_s,
        u"0101.com"_s,
        u"001a.com"_s,
        u"b.gbc.io:443"_s,
        u"b.gbc.io"_s,
        u"xn--n3h.com"_s,
        u"Asdf.com"_s,
        // The reference accepts these IPv6 forms with any port; Kiln limits the
        // port to 1-65535, so they are checked here with a valid one.
        u"[fd00:1:2::3]:5000"_s,
        u"[fd00123123123]:5000"_s,
        u"[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:5000"_s,
        u"192.168.1.1:65535"_s,
    };
    for (const QString &domain : domains) {
        row(domain + u"/foo"_s, domain, u"foo"_s, kNone, kNone, domain + u"/foo:latest"_s,
            domain + u"/foo"_s);
    }

    // --- go-digest TestParseDigest (valid digests, registered algorithms).
    row(u"repo@sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b"_s, d,
        u"library/repo"_s, kNone,
        u"sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b"_s,
        u"docker.io/library/repo@sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b"_s,
        u"repo@sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b"_s);
    row(u"repo@"_s + kSha384, d, u"library/repo"_s, kNone, kSha384, u"docker.io/library/repo@"_s + kSha384,
        u"repo@"_s + kSha384);

    // --- Kiln edge cases.
    row(u"localhost:5000/foo"_s, u"localhost:5000"_s, u"foo"_s, kNone, kNone, u"localhost:5000/foo:latest"_s,
        u"localhost:5000/foo"_s);
    row(u"localhost/foo"_s, u"localhost"_s, u"foo"_s, kNone, kNone, u"localhost/foo:latest"_s,
        u"localhost/foo"_s);
    row(u"localhost"_s, d, u"library/localhost"_s, kNone, kNone, u"docker.io/library/localhost:latest"_s,
        u"localhost"_s);
    row(u"[::1]:5000/foo"_s, u"[::1]:5000"_s, u"foo"_s, kNone, kNone, u"[::1]:5000/foo:latest"_s,
        u"[::1]:5000/foo"_s);
    row(u"[::1]/foo"_s, u"[::1]"_s, u"foo"_s, kNone, kNone, u"[::1]/foo:latest"_s, u"[::1]/foo"_s);
    row(u"[FC00::1]:1/foo"_s, u"[FC00::1]:1"_s, u"foo"_s, kNone, kNone, u"[FC00::1]:1/foo:latest"_s,
        u"[FC00::1]:1/foo"_s);
    row(u"quay.io/org/app@"_s + kSha256Ff, u"quay.io"_s, u"org/app"_s, kNone, kSha256Ff,
        u"quay.io/org/app@"_s + kSha256Ff, u"quay.io/org/app@"_s + kSha256Ff);
    row(u"docker.io/library/ubuntu:22.04"_s, d, u"library/ubuntu"_s, u"22.04"_s, kNone,
        u"docker.io/library/ubuntu:22.04"_s, u"ubuntu:22.04"_s);
    row(u"ubuntu:22.04"_s, d, u"library/ubuntu"_s, u"22.04"_s, kNone, u"docker.io/library/ubuntu:22.04"_s,
        u"ubuntu:22.04"_s);
    row(u"REGISTRY.EXAMPLE.COM/team/app:V1"_s, u"REGISTRY.EXAMPLE.COM"_s, u"team/app"_s, u"V1"_s, kNone,
        u"REGISTRY.EXAMPLE.COM/team/app:V1"_s, u"REGISTRY.EXAMPLE.COM/team/app:V1"_s);
    // Only exactly "index.docker.io" is the legacy name; "docker.io." is not a domain.
    row(u"Docker.io/foo"_s, u"Docker.io"_s, u"foo"_s, kNone, kNone, u"Docker.io/foo:latest"_s,
        u"Docker.io/foo"_s);
    row(u"registry-1.docker.io/library/foo"_s, u"registry-1.docker.io"_s, u"library/foo"_s, kNone, kNone,
        u"registry-1.docker.io/library/foo:latest"_s, u"registry-1.docker.io/library/foo"_s);
    row(u"foo:_tag"_s, d, u"library/foo"_s, u"_tag"_s, kNone, u"docker.io/library/foo:_tag"_s, u"foo:_tag"_s);
    row(u"foo:v1.0-rc.1_b"_s, d, u"library/foo"_s, u"v1.0-rc.1_b"_s, kNone,
        u"docker.io/library/foo:v1.0-rc.1_b"_s, u"foo:v1.0-rc.1_b"_s);
    {
        const QString tag128 = QString(128, u'T');
        row(u"foo:"_s + tag128, d, u"library/foo"_s, tag128, kNone, u"docker.io/library/foo:"_s + tag128,
            u"foo:"_s + tag128);
    }
    {
        // Familiar single-element names get "library/": 247 + 8 = 255, the limit.
        const QString name247 = QString(247, u'a');
        row(name247, d, u"library/"_s + name247, kNone, kNone,
            u"docker.io/library/"_s + name247 + u":latest"_s, name247);
    }
    row(u"a0/b1-c2/d3.e4/f5_g6/h7__i8"_s, d, u"a0/b1-c2/d3.e4/f5_g6/h7__i8"_s, kNone, kNone,
        u"docker.io/a0/b1-c2/d3.e4/f5_g6/h7__i8:latest"_s, u"a0/b1-c2/d3.e4/f5_g6/h7__i8"_s);
}

void TestImageReference::valid()
{
    QFETCH(QString, input);
    QFETCH(QString, domain);
    QFETCH(QString, path);
    QFETCH(QString, tag);
    QFETCH(QString, digest);
    QFETCH(QString, normalized);
    QFETCH(QString, familiar);

    const auto result = parseImageReference(input);
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    const ImageReference &ref = result.value();
    QCOMPARE(ref.domain, domain);
    QCOMPARE(ref.path, path);
    QCOMPARE(ref.tag, tag);
    QCOMPARE(ref.tag.isNull(), tag.isNull());
    QCOMPARE(ref.digest, digest);
    QCOMPARE(ref.digest.isNull(), digest.isNull());
    QCOMPARE(ref.name(), domain + u'/' + path);
    QCOMPARE(ref.normalized(), normalized);
    QCOMPARE(ref.familiar(), familiar);

    // The normalised form parses back to the same reference (with :latest made explicit).
    const auto again = parseImageReference(ref.normalized());
    QVERIFY2(again.ok(), qPrintable(describe(again)));
    QCOMPARE(again.value().name(), ref.name());
    QCOMPARE(again.value().normalized(), ref.normalized());

    // So does the familiar form, except for the known ambiguity of a 64-digit
    // hex name without a tag (ParseNormalizedNamed refuses it as an image ID).
    if (familiar != kImageId) {
        const auto fromFamiliar = parseImageReference(ref.familiar());
        QVERIFY2(fromFamiliar.ok(), qPrintable(describe(fromFamiliar)));
        QCOMPARE(fromFamiliar.value(), ref);
    }
}

void TestImageReference::invalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // a fragment the message must contain

    const auto row = [](const char *name, const QString &input, int column, const QString &message) {
        QTest::newRow(name) << input << column << message;
    };

    // --- reference_test.go TestReferenceParse (errors).
    row("empty", QString(), 1, u"image reference is empty"_s);
    row(":justtag", u":justtag"_s, 1, u"repository name is missing before ':'"_s);
    row("@digest only", u"@"_s + kSha256Ff, 1, u"repository name is missing before '@'"_s);
    row("short sha256", u"repo@sha256:ffffffffffffffffffffffffffffffffff"_s, 47,
        u"sha256 digest must be 64 hexadecimal digits, found 34"_s);
    row("unsupported algorithm", u"validname@invaliddigest:"_s + kFF64, 11,
        u"unsupported digest algorithm 'invaliddigest'"_s);
    row("Uppercase:tag", u"Uppercase:tag"_s, 1, u"repository name must be lowercase; 'U' is uppercase"_s);
    row("uppercase after port", u"test:5000/Uppercase/lowercase:tag"_s, 11,
        u"repository name must be lowercase"_s);
    row("domain/ + 256", u"domain/"_s + QString(256, u'a') + u":tag"_s, 256,
        u"repository path is longer than 255 characters"_s);
    row("a/ x128 + a:tag", u"a/"_s.repeated(128) + u"a:tag"_s, 256, u"longer than 255"_s);
    row("aa/asdf$$^/aa", u"aa/asdf$$^/aa"_s, 8, u"'$' is not allowed in a repository name"_s);
    row("[2001:db8::1]", u"[2001:db8::1]"_s, 1, u"'[' is not allowed in a repository name"_s);
    row("[2001:db8::1]:5000", u"[2001:db8::1]:5000"_s, 1, u"'['"_s);
    row("[2001:db8::1]:tag", u"[2001:db8::1]:tag"_s, 1, u"'['"_s);
    row("zone", u"[fe80::1%eth0]:5000/repo"_s, 9, u"IPv6 zone identifiers"_s);
    row("zone with @", u"[fe80::1%@invalidzone]:5000/repo"_s, 9, u"IPv6 zone identifiers"_s);
    // TestWithNameFailure.
    row("example.com/ + 256", u"example.com/"_s + QString(256, u'a'), 268, u"longer than 255"_s);

    // --- normalize_test.go TestValidateReferenceName / TestValidateRemoteName (errors).
    row("https URL", u"https://github.com/docker/docker"_s, 1, u"no URL scheme; remove 'https://'"_s);
    row("docker/Docker", u"docker/Docker"_s, 8, u"must be lowercase; 'D' is uppercase"_s);
    row("-docker", u"-docker"_s, 1, u"must start with a lowercase letter or digit, not '-'"_s);
    row("-docker/docker", u"-docker/docker"_s, 1, u"not '-'"_s);
    row("-docker.io/docker/docker", u"-docker.io/docker/docker"_s, 1,
        u"a domain part must start with a letter or digit, not '-'"_s);
    row("docker///docker", u"docker///docker"_s, 8, u"path component is missing after '/'"_s);
    row("docker.io/docker/Docker", u"docker.io/docker/Docker"_s, 18, u"must be lowercase"_s);
    row("docker.io/docker///docker", u"docker.io/docker///docker"_s, 18, u"path component is missing"_s);
    row("[fc00::1]", u"[fc00::1]"_s, 1, u"'['"_s);
    row("[fc00::1]:5000", u"[fc00::1]:5000"_s, 1, u"'['"_s);
    row("fc00::1:5000/debian", u"fc00::1:5000/debian"_s, 6,
        u"port must be a number; found ':' (write an IPv6 address in brackets"_s);
    row("[fe80::1%eth0]:5000/debian", u"[fe80::1%eth0]:5000/debian"_s, 9, u"zone"_s);
    row("IPv4-mapped IPv6", u"[2001:db8:3:4::192.0.2.33]:5000/debian"_s, 19,
        u"'.' is not allowed in an IPv6 address"_s);
    row("image ID", kImageId, 1, u"is an image ID, not a repository name"_s);
    row("docker-/docker", u"docker-/docker"_s, 7, u"must end with a lowercase letter or digit, not '-'"_s);
    row("-docker-/docker", u"-docker-/docker"_s, 1, u"not '-'"_s);
    row("____/____", u"____/____"_s, 1, u"must start with a lowercase letter or digit, not '_'"_s);
    row("_docker/_docker", u"_docker/_docker"_s, 1, u"not '_'"_s);
    // These three have a '.' in the first element, so (as in normalize.go) it is read as a domain.
    row("dock..er/docker", u"dock..er/docker"_s, 6, u"domain has an empty part between two dots"_s);
    row("dock_.er/docker", u"dock_.er/docker"_s, 5, u"'_' is not allowed in a domain"_s);
    row("dock-.er/docker", u"dock-.er/docker"_s, 5,
        u"a domain part must end with a letter or digit, not '-'"_s);
    // The same separators inside the path.
    row("docker/dock..er", u"docker/dock..er"_s, 13, u"'..' is not a valid separator"_s);
    row("docker/dock_.er", u"docker/dock_.er"_s, 13, u"'_.' is not a valid separator"_s);
    row("docker/dock-.er", u"docker/dock-.er"_s, 13, u"'-.' is not a valid separator"_s);
    row("docker/dock._er", u"docker/dock._er"_s, 13, u"'._' is not a valid separator"_s);
    row("triple underscore", u"a___b"_s, 4, u"'___' is not a valid separator"_s);
    row("dash underscore", u"a--_b"_s, 4, u"'--_' is not a valid separator"_s);
    row("docker/", u"docker/"_s, 8, u"path component is missing after '/'"_s);
    row("namespace too long",
        u"this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_"
        u"because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_"
        u"than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker"_s,
        256, u"longer than 255"_s);
    row("-foo", u"-foo"_s, 1, u"not '-'"_s);

    // --- regexp_test.go TestFullNameRegexp / TestReferenceRegexp / TestDomainRegexp (no match).
    row("a/a/a/a/", u"a/a/a/a/"_s, 9, u"path component is missing after '/'"_s);
    row("a//a/a", u"a//a/a"_s, 3, u"path component is missing after '/'"_s);
    row("foo.com/", u"foo.com/"_s, 9, u"repository path is missing after the domain 'foo.com/'"_s);
    row("foo.com:http/bar", u"foo.com:http/bar"_s, 9, u"port must be a number; found 'h'"_s);
    row("a^a", u"a^a"_s, 2, u"'^' is not allowed in a repository name"_s);
    row("asdf$$^/aa", u"asdf$$^/aa"_s, 5, u"'$'"_s);
    row("a-/a/a/a", u"a-/a/a/a"_s, 2, u"must end with a lowercase letter or digit, not '-'"_s);
    row("foo.com/a-/a/a", u"foo.com/a-/a/a"_s, 10, u"not '-'"_s);
    row("foo/bar-", u"foo/bar-"_s, 8, u"must end"_s);
    row("foo-/bar", u"foo-/bar"_s, 4, u"must end"_s);
    row("foo/-bar", u"foo/-bar"_s, 5, u"must start"_s);
    row("_foo/bar", u"_foo/bar"_s, 1, u"must start"_s);
    row("foo_bar.com:8080/app", u"foo_bar.com:8080/app"_s, 4, u"'_' is not allowed in a domain"_s);
    row("docker_/docker_", u"docker_/docker_"_s, 7, u"not '_'"_s);
    row("__underscore", u"example.com/__underscore/myimage"_s, 13, u"must start"_s);
    row("..dots", u"example.com/..dots/myimage"_s, 13, u"not '.'"_s);
    row(".dots", u"example.com/.dots/myimage"_s, 13, u"not '.'"_s);
    row("nodouble..dots", u"example.com/nodouble..dots/myimage"_s, 22, u"'..' is not a valid separator"_s);
    row("docker./docker", u"docker./docker"_s, 7, u"domain must not end with '.'"_s);
    row(".docker/docker", u".docker/docker"_s, 1, u"domain must not start with '.'"_s);
    row("do..cker/docker", u"do..cker/docker"_s, 4, u"empty part between two dots"_s);
    row("do__cker:8080/docker", u"do__cker:8080/docker"_s, 3, u"'_' is not allowed in a domain"_s);
    row("Foo/FarB", u"Foo/FarB"_s, 5, u"'F' is uppercase"_s);
    row("badbadbadbad", u"registry.com:8080/myapp@sha256:badbadbadbad"_s, 44,
        u"must be 64 hexadecimal digits, found 12"_s);
    row("invalid~tag", u"registry.com:8080/myapp:invalid~tag"_s, 32, u"'~' is not allowed in a tag"_s);
    row("bad_hostname", u"bad_hostname.com:8080/myapp:tag"_s, 4, u"'_' is not allowed in a domain"_s);
    row("localhost:http", u"localhost:http/name@"_s + kSha256Be, 11, u"port must be a number"_s);
    row("@bad", u"registry.com:8080/myapp@bad"_s, 28, u"digest is missing ':'"_s);
    row("@2bad", u"registry.com:8080/myapp@2bad"_s, 25, u"'2' cannot start a digest algorithm"_s);
    row("test.com:http", u"test.com:http/foo"_s, 10, u"port must be a number"_s);
    row("-ab.com", u"-ab.com/foo"_s, 1, u"must start with a letter or digit, not '-'"_s);
    row("ab-.com", u"ab-.com/foo"_s, 3, u"a domain part must end with a letter or digit, not '-'"_s);
    row("ab.-com", u"ab.-com/foo"_s, 4, u"must start with a letter or digit, not '-'"_s);
    row("ab.com-", u"ab.com-/foo"_s, 7, u"must end with a letter or digit, not '-'"_s);
    row("IPv6 no port separator", u"[fd00:1:2::3]75050/foo"_s, 14, u"expected ':' and a port or '/'"_s);
    row("IPv6 double colon port", u"[fd00:1:2::3]::75050/foo"_s, 15, u"port must be a number; found ':'"_s);
    row("IPv6 zone", u"[fd00:1:2::3%eth0]:75050/foo"_s, 13, u"zone"_s);
    row("IPv6 without brackets", u"fd00:1:2::3:75050/foo"_s, 7, u"in brackets"_s);
    // The reference's regexp accepts any digits as a port ("it will fail on
    // validation"); Kiln does that validation here.
    row("port 75050", u"192.168.1.1:75050/foo"_s, 13, u"port 75050 is out of range; use 1 to 65535"_s);
    row("port 750050", u"192.168.1.1:750050/foo"_s, 13, u"port 750050 is out of range"_s);
    row("IPv6 port 75050", u"[fd00:1:2::3]:75050/foo"_s, 15, u"out of range"_s);
    row("IPv6 long port", u"[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505/foo"_s, 43, u"out of range"_s);
    row("port 0", u"localhost:0/foo"_s, 11, u"port 0 is out of range"_s);
    row("port 65536", u"localhost:65536/foo"_s, 11, u"out of range"_s);
    row("huge port", u"localhost:99999999999999999999/foo"_s, 11, u"out of range"_s);

    // --- go-digest TestParseDigest (errors), as the digest of "repo@".
    row("empty hex", u"repo@sha256:"_s, 13, u"digest value is missing after 'sha256:'"_s);
    row("hex of spaces", u"repo@sha256:"_s + QString(64, u' '), 13, u"a space is not allowed"_s);
    row("just a colon", u"repo@:"_s, 6, u"digest algorithm (e.g. sha256) is missing before ':'"_s);
    row("just hex", u"repo@d41d8cd98f00b204e9800998ecf8427e"_s, 38, u"digest is missing ':'"_s);
    row("not hex", u"repo@sha256:d41d8cd98f00b204e9800m98ecf8427e"_s, 34,
        u"'m' is not allowed in a digest; use hexadecimal digits"_s);
    row("too short", u"repo@sha256:abcdef0123456789"_s, 29, u"found 16"_s);
    row("sha512 too short", u"repo@sha512:"_s + QString(64, u'a'), 77,
        u"sha512 digest must be 128 hexadecimal digits, found 64"_s);
    row("foo algorithm", u"repo@foo:d41d8cd98f00b204e9800998ecf8427e"_s, 6,
        u"unsupported digest algorithm 'foo'"_s);
    row("repeated separators", u"repo@sha384__foo+bar:"_s + kSha384.mid(7), 13,
        u"'_' cannot start a digest"_s);
    row("sha384.foo+bar", u"repo@sha384.foo+bar:"_s + kSha384.mid(7), 6,
        u"unsupported digest algorithm 'sha384.foo+bar'"_s);
    row("sha384_foo+bar", u"repo@sha384_foo+bar:"_s + kSha384.mid(7), 6, u"unsupported"_s);
    row("base64", u"repo@sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"_s, 6,
        u"unsupported digest algorithm 'sha256+b64'"_s);
    row("uppercase hex", u"repo@sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B"_s,
        13, u"uppercase hexadecimal digit 'E' is not allowed in a digest; use lowercase"_s);
    row("blake3", u"repo@blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"_s, 6,
        u"unsupported digest algorithm 'blake3'; use sha256, sha384 or sha512"_s);
    row("uppercase algorithm", u"repo@SHA256:"_s + kFF64, 6, u"unsupported digest algorithm 'SHA256'"_s);

    // --- Kiln edge cases: digests.
    row("sha256 65 digits", u"repo@sha256:"_s + QString(65, u'a'), 77,
        u"sha256 digest must be exactly 64 hexadecimal digits"_s);
    row("sha256 one short", u"repo@sha256:"_s + QString(63, u'a'), 76, u"found 63"_s);
    row("trailing @", u"ubuntu@"_s, 8, u"digest is missing after '@'"_s);
    row("double @", u"ubuntu@@sha256:"_s + kFF64, 8, u"'@' cannot start a digest algorithm"_s);
    row("two digests", u"ubuntu@"_s + kSha256Ff + u'@' + kSha256Ff, 8 + 71,
        u"'@' is not allowed in a digest"_s);
    row("digest then tag", u"ubuntu@"_s + kSha256Ff + u":latest"_s, 79, u"':' is not allowed in a digest"_s);
    row("algorithm without colon", u"ubuntu@sha256"_s, 14, u"digest is missing ':'"_s);
    row("algorithm trailing separator", u"ubuntu@sha256+:"_s + kFF64, 15,
        u"':' cannot start a digest algorithm"_s);
    row("slash in digest", u"foo@sha256:abc/def"_s, 4, u"'@' is not allowed in a domain"_s);

    // --- Kiln edge cases: tags.
    row("trailing colon", u"ubuntu:"_s, 8, u"tag is missing after ':'"_s);
    row("colon then @", u"ubuntu:@"_s + kSha256Ff, 8, u"tag is missing between ':' and '@'"_s);
    row("tag starts with .", u"ubuntu:.tag"_s, 8, u"a tag must start with a letter, digit or '_', not '.'"_s);
    row("tag starts with -", u"ubuntu:-tag"_s, 8, u"not '-'"_s);
    row("tag with colon", u"ubuntu:tag:tag2"_s, 11, u"':' is not allowed in a tag"_s);
    row("tag 129", u"ubuntu:"_s + QString(129, u'x'), 8 + 128, u"tag is longer than 128 characters"_s);
    row("tag 500", u"ubuntu:"_s + QString(500, u'x'), 8 + 128, u"longer than 128"_s);
    row("tag with plus", u"ubuntu:1.0+build"_s, 11, u"'+' is not allowed in a tag"_s);
    row("domain port then tag slash", u"ubuntu:22.04/foo"_s, 10, u"port must be a number; found '.'"_s);

    // --- Kiln edge cases: domains, ports, IPv6.
    row("port missing", u"localhost:/foo"_s, 11, u"port is missing after ':'"_s);
    row("empty IPv6", u"[]:5000/foo"_s, 2, u"IPv6 address between '[' and ']' is empty"_s);
    row("IPv6 unclosed", u"[::1/foo"_s, 5, u"missing its closing ']'"_s);
    row("IPv6 junk after", u"[::1]x/foo"_s, 6, u"expected ':' and a port or '/'"_s);
    row("domain only colon", u":5000/foo"_s, 1, u"domain name is missing before the port"_s);
    row("leading slash", u"/foo"_s, 1, u"image reference must not start with '/'"_s);
    row("double slash after domain", u"quay.io//foo"_s, 9, u"repository path is missing after the domain"_s);
    row("domain with colon tag", u"quay.io/foo:"_s, 13, u"tag is missing"_s);

    // --- Kiln edge cases: whitespace.
    row("leading space", u" ubuntu"_s, 1, u"a space is not allowed in an image reference"_s);
    row("trailing space", u"ubuntu "_s, 7, u"a space is not allowed in an image reference"_s);
    row("space in tag", u"ubuntu:22.04 "_s, 13, u"a space is not allowed"_s);
    row("tab", u"ubuntu\t"_s, 7, u"a tab is not allowed"_s);
    row("newline", u"ubuntu\n"_s, 7, u"a line break is not allowed"_s);
    row("space only", u" "_s, 1, u"a space"_s);
    row("space in domain", u"quay.io /foo"_s, 8, u"a space is not allowed in a domain"_s);
    row("space after digest", u"ubuntu@"_s + kSha256Ff + u' ', 79, u"a space is not allowed"_s);
    row("NUL", QString(u"ubuntu\0"_s), 7, u"control or unprintable character U+0000"_s);

    // --- Kiln edge cases: non-ASCII (columns count UTF-16 code units).
    row("umlaut in path", u"ub\u00fcntu"_s, 3, u"'\u00fc' (U+00FC) is not allowed in a repository name"_s);
    row("umlaut in domain", u"ex\u00e4mple.com/foo"_s, 3, u"punycode"_s);
    row("accent in tag", u"ubuntu:lat\u00e9"_s, 11, u"'\u00e9' (U+00E9) is not allowed in a tag"_s);
    row("emoji path", u"\U0001F433/foo"_s, 1, u"(U+1F433)"_s);
    row("after emoji", u"foo/bar\U0001F600"_s, 8, u"U+1F600"_s);
    row("uppercase non-ASCII domain", u"\u00c4/foo"_s, 1, u"'\u00c4' (U+00C4) is not allowed in a domain"_s);
    row("fullwidth colon", u"ubuntu\uff1alatest"_s, 7, u"U+FF1A"_s);
    row("cyrillic a", u"ubuntu/\u0430pp"_s, 8, u"U+0430"_s);

    // --- Length limit: the first character past it, unless an error comes first.
    row("library/ pushes over", QString(248, u'a'), 248, u"counting the 'library/' prefix"_s);
    row("error before limit", u"aB"_s + QString(300, u'a'), 2, u"uppercase"_s);
    row("error after limit", QString(300, u'a') + u'B', 248, u"longer than 255"_s);
    row("long path with domain", u"quay.io/"_s + QString(256, u'a'), 8 + 256, u"longer than 255"_s);
}

void TestImageReference::invalid()
{
    QFETCH(QString, input);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto result = parseImageReference(input);
    QVERIFY2(!result.ok(), qPrintable(u"accepted: "_s + describe(result)));
    QVERIFY2(result.error().message.contains(message),
             qPrintable(u"message \""_s + result.error().message + u"\" lacks \""_s + message + u'"'));
    QCOMPARE(result.error().column, column);
    QVERIFY(result.error().column >= 1 && result.error().column <= input.size() + 1);
}

void TestImageReference::toJson_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("familiar")
        << u"ubuntu"_s
        << QByteArray(R"({"valid":true,"domain":"docker.io","path":"library/ubuntu",)"
                      R"("tag":null,"digest":null,)"
                      R"("normalized":"docker.io/library/ubuntu:latest","familiar":"ubuntu"})");
    QTest::newRow("tag")
        << u"index.docker.io/ubuntu:22.04"_s
        << QByteArray(R"({"valid":true,"domain":"docker.io","path":"library/ubuntu",)"
                      R"("tag":"22.04","digest":null,)"
                      R"("normalized":"docker.io/library/ubuntu:22.04","familiar":"ubuntu:22.04"})");
    QTest::newRow("port and digest")
        << u"localhost:5000/team/app@"_s + kSha256Ff
        << (R"({"valid":true,"domain":"localhost:5000","path":"team/app","tag":null,"digest":")" +
            kSha256Ff.toLatin1() + R"(","normalized":"localhost:5000/team/app@)" + kSha256Ff.toLatin1() +
            R"(","familiar":"localhost:5000/team/app@)" + kSha256Ff.toLatin1() + R"("})");
    QTest::newRow("tag and digest")
        << u"[::1]:5000/foo:v1@"_s + kSha256Ff
        << (R"({"valid":true,"domain":"[::1]:5000","path":"foo","tag":"v1","digest":")" +
            kSha256Ff.toLatin1() + R"(","normalized":"[::1]:5000/foo:v1@)" + kSha256Ff.toLatin1() +
            R"(","familiar":"[::1]:5000/foo:v1@)" + kSha256Ff.toLatin1() + R"("})");
}

void TestImageReference::toJson()
{
    QFETCH(QString, input);
    QFETCH(QByteArray, json);
    const auto result = parseImageReference(input);
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QJsonParseError parseError;
    const QJsonDocument expected = QJsonDocument::fromJson(json, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const QJsonObject actual = result.value().toJson();
    QCOMPARE(actual, expected.object());
    QCOMPARE(actual.keys().size(), 7);
    QVERIFY(actual.value(u"valid"_s).isBool());
}

void TestImageReference::defaultConstructed()
{
    const ImageReference empty;
    QVERIFY(empty.normalized().isEmpty());
    QVERIFY(empty.familiar().isEmpty());
    const QJsonObject json = empty.toJson();
    QVERIFY(json.value(u"domain"_s).isNull());
    QVERIFY(json.value(u"tag"_s).isNull());
    QVERIFY(json.value(u"digest"_s).isNull());
}

// Random strings from the reference's alphabet and a few troublemakers: parsing
// never crashes, every error column is inside the input (or one past it), and
// whatever is accepted round-trips through normalized().
void TestImageReference::randomInputNeverCrashesAndRoundTrips()
{
    const QString alphabet = u"abz09AZ.-_/:@[]%+~ \u00e9\U0001F433"_s;
    const QStringList seeds = {u"ubuntu"_s,       u"quay.io/org/app"_s,  u"localhost:5000/x"_s,
                               u"[::1]:5000/y"_s, u"foo@"_s + kSha256Ff, u"a:b"_s};
    QRandomGenerator random(1123);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        QString input = seeds[random.bounded(int(seeds.size()))];
        const int edits = random.bounded(4);
        for (int e = 0; e < edits; ++e) {
            const int at = random.bounded(int(input.size()) + 1);
            const QChar c = alphabet[random.bounded(int(alphabet.size()))];
            if (random.bounded(3) == 0 && at < input.size())
                input.remove(at, 1);
            else
                input.insert(at, c);
        }
        const auto result = parseImageReference(input);
        if (!result.ok()) {
            QVERIFY2(result.error().column >= 1 && result.error().column <= input.size() + 1,
                     qPrintable(input));
            QVERIFY2(!result.error().message.isEmpty(), qPrintable(input));
            continue;
        }
        ++accepted;
        const auto again = parseImageReference(result.value().normalized());
        QVERIFY2(again.ok(), qPrintable(input + u" -> "_s + result.value().normalized()));
        QCOMPARE(again.value().normalized(), result.value().normalized());
    }
    QVERIFY(accepted > 1000);
}

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_imagereference.moc"
