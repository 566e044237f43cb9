// Tests for validateBakeRegistration() and parseBakeSource(), and the name <-> enum
// functions of bakeimage.h.

#include "domain/bakeregistration.h"
#include "domain/imagereference.h"
#include "domain/settingsschema.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

BakeRegistration validInput()
{
    BakeRegistration r;
    r.name = u"ubuntu-22-04-v1"_s;
    r.source = u"oci:docker.io/library/ubuntu:22.04"_s;
    r.sizeMib = u"2048"_s;
    return r;
}

// Sets one text field of `r` by its name in the tables below.
void setField(BakeRegistration &r, const QString &field, const QString &value)
{
    if (field == u"name")
        r.name = value;
    else if (field == u"displayName")
        r.displayName = value;
    else if (field == u"source")
        r.source = value;
    else if (field == u"size")
        r.sizeMib = value;
    else if (field == u"cpu")
        r.cpuMillicores = value;
    else if (field == u"memory")
        r.memoryMb = value;
    else if (field == u"disk")
        r.diskMb = value;
    else if (field == u"scope")
        r.scope = value;
    else if (field == u"preinstalled")
        r.preinstalled = value.split(u'|');
    else
        QFAIL(qPrintable(u"unknown field "_s + field));
}

QStringList described(const QList<ValidationError> &errors)
{
    QStringList out;
    for (const ValidationError &e : errors)
        out << e.describe();
    return out;
}

} // namespace

class TestBakeRegistration : public QObject
{
    Q_OBJECT

private slots:
    void enumNamesRoundTrip()
    {
        for (auto k : {BakeSourceKind::Oci, BakeSourceKind::DockerArchive, BakeSourceKind::OciArchive,
                       BakeSourceKind::RootfsTar})
            QCOMPARE(bakeSourceKindFromName(bakeSourceKindName(k)), std::optional<BakeSourceKind>(k));
        QCOMPARE(bakeSourceKindName(BakeSourceKind::DockerArchive), u"docker-archive"_s);
        QCOMPARE(bakeSourceKindName(BakeSourceKind::OciArchive), u"oci-archive"_s);
        QCOMPARE(bakeSourceKindName(BakeSourceKind::RootfsTar), u"rootfs-tar"_s);
        for (auto s : {BakeScope::Tenant, BakeScope::Partner, BakeScope::Platform})
            QCOMPARE(bakeScopeFromName(bakeScopeName(s)), std::optional<BakeScope>(s));
        for (auto s : {ScanStatus::Pending, ScanStatus::Passed, ScanStatus::Failed, ScanStatus::Skipped})
            QCOMPARE(scanStatusFromName(scanStatusName(s)), std::optional<ScanStatus>(s));
        for (auto s : {BakeState::Registered, BakeState::Queued, BakeState::Baking, BakeState::Baked,
                       BakeState::Failed, BakeState::Cancelled})
            QCOMPARE(bakeStateFromName(bakeStateName(s)), std::optional<BakeState>(s));
        QCOMPARE(bakeStateName(BakeState::Registered), u"registered"_s);
        QVERIFY(!bakeStateFromName(u"Baked"_s));
        QVERIFY(!bakeScopeFromName(u""_s));
        QVERIFY(!scanStatusFromName(u"ok"_s));
        QVERIFY(!bakeSourceKindFromName(u"tar"_s));
        QVERIFY((BakeSource{BakeSourceKind::RootfsTar, u"/a.tar"_s}.isTar()));
        QVERIFY(!(BakeSource{BakeSourceKind::Oci, u"ubuntu"_s}.isTar()));
        QCOMPARE((BakeSource{BakeSourceKind::DockerArchive, u"/a.tar"_s}.text()), u"tar:/a.tar"_s);
        QCOMPARE((BakeSource{BakeSourceKind::Oci, u"ubuntu"_s}.text()), u"oci:ubuntu"_s);
    }

    void accepted_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("superAdmin");
        QTest::addColumn<QString>("check"); // what the validated image must show
        QTest::addColumn<QString>("expected");

        QTest::newRow("defaults") << u"name"_s << u"ubuntu-22-04-v1"_s << false << u"summary"_s
                                  << u"ubuntu-22-04-v1|ubuntu-22-04-v1|oci|2048|tenant|-|-|-"_s;
        QTest::newRow("display name kept")
            << u"displayName"_s << u"  Ubuntu 22.04 "_s << false << u"displayName"_s << u"Ubuntu 22.04"_s;
        QTest::newRow("oci digest") << u"source"_s << u"oci:quay.io/org/app@sha256:"_s + QString(64, u'a')
                                    << false << u"source"_s
                                    << u"oci|quay.io/org/app@sha256:"_s + QString(64, u'a');
        QTest::newRow("oci short") << u"source"_s << u"oci:ubuntu"_s << false << u"source"_s
                                   << u"oci|ubuntu"_s;
        QTest::newRow("tar detect") << u"source"_s << u"tar:/srv/images/rootfs.tar"_s << false << u"source"_s
                                    << u"rootfs-tar|/srv/images/rootfs.tar|detect"_s;
        QTest::newRow("docker-archive") << u"source"_s << u"docker-archive:/tmp/x.tar"_s << false
                                        << u"source"_s << u"docker-archive|/tmp/x.tar"_s;
        QTest::newRow("oci-archive") << u"source"_s << u"oci-archive:/tmp/x.tar"_s << false << u"source"_s
                                     << u"oci-archive|/tmp/x.tar"_s;
        QTest::newRow("rootfs-tar") << u"source"_s << u"rootfs-tar:/a b/x.tar.gz"_s << false << u"source"_s
                                    << u"rootfs-tar|/a b/x.tar.gz"_s;
        QTest::newRow("size 1") << u"size"_s << u"1"_s << false << u"size"_s << u"1"_s;
        QTest::newRow("size max") << u"size"_s << QString::number(kMaxBakeSizeMib) << false << u"size"_s
                                  << QString::number(kMaxBakeSizeMib);
        QTest::newRow("size leading zero") << u"size"_s << u"0100"_s << false << u"size"_s << u"100"_s;
        QTest::newRow("cpu") << u"cpu"_s << u"1500"_s << false << u"cpu"_s << u"1500"_s;
        QTest::newRow("memory") << u"memory"_s << u"4096"_s << false << u"memory"_s << u"4096"_s;
        QTest::newRow("disk") << u"disk"_s << u"20480"_s << false << u"disk"_s << u"20480"_s;
        QTest::newRow("partner") << u"scope"_s << u"partner"_s << false << u"scope"_s << u"partner"_s;
        QTest::newRow("platform as super-admin")
            << u"scope"_s << u"platform"_s << true << u"scope"_s << u"platform"_s;
        QTest::newRow("preinstalled trimmed") << u"preinstalled"_s << u"python3| cuda 12.2 |git"_s << false
                                              << u"preinstalled"_s << u"python3,cuda 12.2,git"_s;
    }

    void accepted()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(bool, superAdmin);
        QFETCH(QString, check);
        QFETCH(QString, expected);
        BakeRegistration input = validInput();
        setField(input, field, value);
        auto result = validateBakeRegistration(input, superAdmin);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : described(result.error()).join(u'\n')));
        const BakeImage &image = result.value().image;
        auto opt = [](std::optional<qint64> v) { return v ? QString::number(*v) : u"-"_s; };
        QString actual;
        if (check == u"summary") {
            actual = QStringList{image.name,
                                 image.displayName,
                                 bakeSourceKindName(image.source.kind),
                                 QString::number(image.sizeMib),
                                 bakeScopeName(image.scope),
                                 opt(image.defaultCpuMillicores),
                                 opt(image.defaultMemoryMb),
                                 opt(image.defaultDiskMb)}
                         .join(u'|');
            QVERIFY(!result.value().detectTarKind);
            QVERIFY(!image.lazyPull);
            QVERIFY(image.preinstalled.isEmpty());
        } else if (check == u"displayName") {
            actual = image.displayName;
        } else if (check == u"source") {
            actual = bakeSourceKindName(image.source.kind) + u'|' + image.source.ref +
                     (result.value().detectTarKind ? u"|detect"_s : QString());
        } else if (check == u"size") {
            actual = QString::number(image.sizeMib);
        } else if (check == u"cpu") {
            actual = opt(image.defaultCpuMillicores);
        } else if (check == u"memory") {
            actual = opt(image.defaultMemoryMb);
        } else if (check == u"disk") {
            actual = opt(image.defaultDiskMb);
        } else if (check == u"scope") {
            actual = bakeScopeName(image.scope);
        } else if (check == u"preinstalled") {
            actual = image.preinstalled.join(u',');
        }
        QCOMPARE(actual, expected);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("superAdmin");
        QTest::addColumn<QStringList>("errors"); // ValidationError::describe() of each, in order

        const QString positiveMiB = u"must be a positive number of MiB"_s;
        QTest::newRow("name empty")
            << u"name"_s << u""_s << false
            << QStringList{u"Name, column 1: name is empty; use lowercase letters, digits, '-' and '.'"_s};
        QTest::newRow("name uppercase")
            << u"name"_s << u"Ubuntu"_s << false
            << QStringList{u"Name, column 1: uppercase letter 'U' is not allowed; use lowercase"_s};
        QTest::newRow("name trailing dash")
            << u"name"_s << u"ubuntu-"_s << false
            << QStringList{u"Name, column 7: name must end with a lowercase letter or digit, not '-'"_s};
        QTest::newRow("display name line break")
            << u"displayName"_s << u"Ubuntu\n22"_s << false
            << QStringList{u"Display name, column 7: a line break is not allowed"_s};

        QTest::newRow("size zero") << u"size"_s << u"0"_s << false
                                   << QStringList{u"Size, column 1: "_s + positiveMiB};
        QTest::newRow("size zeros") << u"size"_s << u"000"_s << false
                                    << QStringList{u"Size, column 1: "_s + positiveMiB};
        QTest::newRow("size empty") << u"size"_s << u""_s << false
                                    << QStringList{u"Size, column 1: "_s + positiveMiB};
        QTest::newRow("size negative")
            << u"size"_s << u"-5"_s << false
            << QStringList{u"Size, column 1: '-' is not a digit; "_s + positiveMiB};
        QTest::newRow("size unit") << u"size"_s << u"20G"_s << false
                                   << QStringList{u"Size, column 3: 'G' is not a digit; "_s + positiveMiB};
        QTest::newRow("size decimal") << u"size"_s << u"1.5"_s << false
                                      << QStringList{u"Size, column 2: '.' is not a digit; "_s + positiveMiB};
        QTest::newRow("size space") << u"size"_s << u"20 48"_s << false
                                    << QStringList{u"Size, column 3: a space is not a digit; "_s +
                                                   positiveMiB};
        QTest::newRow("size too large")
            << u"size"_s << QString::number(kMaxBakeSizeMib + 1) << false
            << QStringList{u"Size, column 1: is more than the limit of 16777216; "_s + positiveMiB};
        QTest::newRow("size overflow")
            << u"size"_s << u"99999999999999999999999"_s << false
            << QStringList{u"Size, column 1: is more than the limit of 16777216; "_s + positiveMiB};

        QTest::newRow("cpu zero") << u"cpu"_s << u"0"_s << false
                                  << QStringList{
                                         u"CPU, column 1: must be a positive whole number of millicores"_s};
        QTest::newRow("cpu unit") << u"cpu"_s << u"2c"_s << false
                                  << QStringList{
                                         u"CPU, column 2: 'c' is not a digit; must be a positive whole "
                                         "number of millicores"_s};
        QTest::newRow("memory negative")
            << u"memory"_s << u"-1"_s << false
            << QStringList{u"Memory, column 1: '-' is not a digit; must be a positive whole number of MB"_s};
        QTest::newRow("disk text") << u"disk"_s << u"lots"_s << false
                                   << QStringList{
                                          u"Disk, column 1: 'l' is not a digit; must be a positive whole "
                                          "number of MB"_s};

        const QString usage = u"use oci:REFERENCE for an image in a registry or tar:/PATH for a tar file"_s;
        QTest::newRow("source empty") << u"source"_s << u""_s << false
                                      << QStringList{u"Source, column 1: the source is empty; "_s + usage};
        QTest::newRow("source no prefix")
            << u"source"_s << u"docker.io/library/ubuntu:22.04"_s << false
            << QStringList{u"Source, column 1: the source must start with oci: or tar:; "_s + usage};
        QTest::newRow("source bare name")
            << u"source"_s << u"ubuntu"_s << false
            << QStringList{u"Source, column 1: the source must start with oci: or "
                           "tar:; "_s +
                           usage};
        QTest::newRow("source unknown kind")
            << u"source"_s << u"http:/x"_s << false
            << QStringList{u"Source, column 1: unknown source kind 'http'; "_s + usage};
        QTest::newRow("source prefix uppercase")
            << u"source"_s << u"OCI:/x.tar"_s << false
            << QStringList{u"Source, column 1: unknown source kind 'OCI'; "_s + usage};
        QTest::newRow("source tag without prefix")
            << u"source"_s << u"ubuntu:22.04"_s << false
            << QStringList{u"Source, column 1: the source must start with oci: or tar:; "_s + usage};
        QTest::newRow("tar relative")
            << u"source"_s << u"tar:images/x.tar"_s << false
            << QStringList{u"Source, column 5: the tar path must be absolute (start "
                           "with '/')"_s};
        QTest::newRow("tar empty") << u"source"_s << u"tar:"_s << false
                                   << QStringList{
                                          u"Source, column 5: the tar path is empty; give an absolute "
                                          "path, e.g. tar:/srv/rootfs.tar"_s};
        QTest::newRow("docker-archive relative")
            << u"source"_s << u"docker-archive:x.tar"_s << false
            << QStringList{u"Source, column 16: the tar path must be absolute (start with '/')"_s};
        QTest::newRow("tar directory")
            << u"source"_s << u"tar:/srv/"_s << false
            << QStringList{u"Source, column 9: the tar path names a directory; give "
                           "the path of a tar file"_s};
        QTest::newRow("tar line break") << u"source"_s << u"tar:/srv/a\nb.tar"_s << false
                                        << QStringList{u"Source, column 11: a line break is not allowed in a "
                                                       "path"_s};

        QTest::newRow("scope unknown") << u"scope"_s << u"global"_s << false
                                       << QStringList{u"Scope, column 1: unknown scope 'global'; use tenant, "
                                                      "partner or platform"_s};
        QTest::newRow("scope uppercase")
            << u"scope"_s << u"Tenant"_s << true
            << QStringList{u"Scope, column 1: unknown scope 'Tenant'; use tenant, "
                           "partner or platform"_s};
        QTest::newRow("platform refused")
            << u"scope"_s << u"platform"_s << false
            << QStringList{u"Scope, column 1: platform scope is for super-admins; enable the bake.superAdmin "
                           "setting to register platform images"_s};

        QTest::newRow("preinstalled empty entry")
            << u"preinstalled"_s << u"python3||git"_s << false
            << QStringList{
                   u"Preinstalled, line 2, column 1: the entry is empty; remove it or name the software"_s};
        QTest::newRow("preinstalled blank entry")
            << u"preinstalled"_s << u"  "_s << false
            << QStringList{
                   u"Preinstalled, line 1, column 1: the entry is empty; remove it or name the software"_s};
        QTest::newRow("preinstalled newline")
            << u"preinstalled"_s << u"python3|git\ncurl"_s << false
            << QStringList{
                   u"Preinstalled, line 2, column 4: a line break is not allowed in an entry; give one "
                   "entry each"_s};
        QTest::newRow("preinstalled two bad")
            << u"preinstalled"_s << u"|a\rb"_s << false
            << QStringList{
                   u"Preinstalled, line 1, column 1: the entry is empty; remove it or name the software"_s,
                   u"Preinstalled, line 2, column 2: a line break is not allowed in an entry; give one entry each"_s};
    }

    void refused()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(bool, superAdmin);
        QFETCH(QStringList, errors);
        BakeRegistration input = validInput();
        setField(input, field, value);
        auto result = validateBakeRegistration(input, superAdmin);
        QVERIFY(!result.ok());
        QCOMPARE(described(result.error()), errors);
    }

    // An OCI reference error is the reference parser's, moved right by "oci:".
    void ociReferenceErrors_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<int>("column"); // in the whole source text
        QTest::newRow("empty") << u""_s << 5;
        QTest::newRow("uppercase repository") << u"docker.io/Ubuntu"_s << 15;
        QTest::newRow("empty tag") << u"ubuntu:"_s << 12;
        QTest::newRow("bad digest") << u"ubuntu@sha256:abc"_s << 0;
        QTest::newRow("space") << u"ubuntu :1"_s << 11;
        QTest::newRow("scheme") << u"https://quay.io/x"_s << 0;
    }

    void ociReferenceErrors()
    {
        QFETCH(QString, reference);
        QFETCH(int, column);
        auto parsed = parseImageReference(reference);
        QVERIFY(!parsed.ok());
        if (column > 0)
            QCOMPARE(parsed.error().column + 4, column);
        BakeRegistration input = validInput();
        input.source = u"oci:"_s + reference;
        auto result = validateBakeRegistration(input, false);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().size(), 1);
        const ValidationError &error = result.error().constFirst();
        QCOMPARE(error.field, u"Source"_s);
        QCOMPARE(error.column, parsed.error().column + 4);
        QCOMPARE(error.message, u"image reference: "_s + parsed.error().message);
        QCOMPARE(error.line, 0);
    }

    void everyFieldReportedAtOnce()
    {
        BakeRegistration input;
        input.name = u"Bad Name"_s;
        input.source = u"tar:rel.tar"_s;
        input.sizeMib = u"0"_s;
        input.cpuMillicores = u"x"_s;
        input.memoryMb = u"0"_s;
        input.diskMb = u"1e3"_s;
        input.scope = u"platform"_s;
        input.preinstalled = {u""_s};
        auto result = validateBakeRegistration(input, false);
        QVERIFY(!result.ok());
        QStringList fields;
        for (const ValidationError &e : result.error())
            fields << e.field;
        QCOMPARE(fields, (QStringList{u"Name"_s, u"Source"_s, u"Size"_s, u"CPU"_s, u"Memory"_s, u"Disk"_s,
                                      u"Scope"_s, u"Preinstalled"_s}));
    }

    // The setting that allows platform scope: off by default, a typed bool.
    void superAdminSetting()
    {
        QCOMPARE(Setting::BakeSuperAdmin.key, u"bake.superAdmin"_s);
        QVERIFY(!Setting::BakeSuperAdmin.defaultValue);
        const std::optional<SettingInfo> info = findSetting(u"bake.superAdmin");
        QVERIFY(info);
        QCOMPARE(info->defaultText, u"false"_s);
        QCOMPARE(info->description, u"Allow platform-scope bake images (super-admin)"_s);
        QCOMPARE(info->canonicalize(u"yes").value(), u"true"_s);
        QVERIFY(!info->canonicalize(u"maybe").ok());
    }

    void parseBakeSourceAlone()
    {
        bool detect = true;
        auto oci = parseBakeSource(u"oci:localhost:5000/x:1", &detect);
        QVERIFY(oci.ok());
        QCOMPARE(oci.value(), (BakeSource{BakeSourceKind::Oci, u"localhost:5000/x:1"_s}));
        QVERIFY(!detect);
        auto tar = parseBakeSource(u"tar:/x.tar", &detect);
        QVERIFY(tar.ok());
        QVERIFY(detect);
        QCOMPARE(tar.value().kind, BakeSourceKind::RootfsTar);
        auto bad = parseBakeSource(u"tar:x");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().field, u"Source"_s);
    }
};

QTEST_APPLESS_MAIN(TestBakeRegistration)
#include "tst_bakeregistration.moc"
