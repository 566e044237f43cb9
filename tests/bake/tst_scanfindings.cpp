#include "bake/scanfindings.h"

#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::ScannerKind)
Q_DECLARE_METATYPE(Kiln::ScanStatus)

// The reports under tests/data/scan follow the JSON that trivy (SchemaVersion 2,
// `trivy image --format json`) and grype 0.74 (`grype -o json`) print, field for
// field: Results[].Vulnerabilities[] and matches[]{vulnerability, relatedVulnerabilities,
// matchDetails, artifact}, with the same package reported twice as both tools do.
namespace {

QByteArray readData(const QString &name)
{
    QFile file(KilnTest::dataPath(u"scan/"_s + name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

QString describe(const ScanFinding &f)
{
    return u"%1 %2 %3 -> %4 %5"_s.arg(f.id, f.package, f.installedVersion, f.fixedVersion,
                                      scanSeverityName(f.severity));
}

} // namespace

class TestScanFindings : public QObject
{
    Q_OBJECT

private slots:
    void severityNames_data();
    void severityNames();
    void reports_data();
    void reports();
    void trivyTopFindings();
    void grypeFindings();
    void oldTrivyArray();
    void malformed_data();
    void malformed();
    void textPositions_data();
    void textPositions();
    void jsonRoundTrip();
    void fromJsonRejects_data();
    void fromJsonRejects();
    void errorLines();
};

void TestScanFindings::severityNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ScanSeverity>("severity");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("trivy CRITICAL") << u"CRITICAL"_s << ScanSeverity::Critical << u"CRITICAL"_s;
    QTest::newRow("grype High") << u"High"_s << ScanSeverity::High << u"HIGH"_s;
    QTest::newRow("grype Negligible") << u"Negligible"_s << ScanSeverity::Negligible << u"NEGLIGIBLE"_s;
    QTest::newRow("medium") << u" medium "_s << ScanSeverity::Medium << u"MEDIUM"_s;
    QTest::newRow("low") << u"LOW"_s << ScanSeverity::Low << u"LOW"_s;
    QTest::newRow("unknown") << u"Unknown"_s << ScanSeverity::Unknown << u"UNKNOWN"_s;
    QTest::newRow("empty") << QString() << ScanSeverity::Unknown << u"UNKNOWN"_s;
    QTest::newRow("garbage") << u"severe"_s << ScanSeverity::Unknown << u"UNKNOWN"_s;
}

void TestScanFindings::severityNames()
{
    QFETCH(QString, name);
    QFETCH(ScanSeverity, severity);
    QFETCH(QString, canonical);
    QCOMPARE(scanSeverityFromName(name), severity);
    QCOMPARE(scanSeverityName(severity), canonical);
}

void TestScanFindings::reports_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<ScannerKind>("kind");
    QTest::addColumn<ScanStatus>("status");
    QTest::addColumn<QString>("counts"); // "CRITICAL=2 HIGH=4 ..." (only those > 0)
    QTest::addColumn<int>("top");
    QTest::addColumn<QString>("reason");

    QTest::newRow("trivy high") << u"trivy-high.json"_s << ScannerKind::Trivy << ScanStatus::Failed
                                << u"UNKNOWN=1 LOW=5 MEDIUM=2 HIGH=4 CRITICAL=2"_s << 10
                                << u"2 critical and 4 high vulnerabilities found (14 in all)."_s;
    QTest::newRow("trivy low") << u"trivy-low.json"_s << ScannerKind::Trivy << ScanStatus::Passed
                               << u"UNKNOWN=1 LOW=4"_s << 5
                               << u"No critical or high vulnerabilities found (5 of lower severity)."_s;
    QTest::newRow("trivy clean") << u"trivy-clean.json"_s << ScannerKind::Trivy << ScanStatus::Passed
                                 << QString() << 0 << u"No vulnerabilities found."_s;
    QTest::newRow("grype high") << u"grype-high.json"_s << ScannerKind::Grype << ScanStatus::Failed
                                << u"UNKNOWN=1 NEGLIGIBLE=2 MEDIUM=2 HIGH=2 CRITICAL=1"_s << 8
                                << u"1 critical and 2 high vulnerabilities found (8 in all)."_s;
    QTest::newRow("grype low") << u"grype-low.json"_s << ScannerKind::Grype << ScanStatus::Passed
                               << u"UNKNOWN=1 NEGLIGIBLE=2 LOW=1"_s << 4
                               << u"No critical or high vulnerabilities found (4 of lower severity)."_s;
    QTest::newRow("grype clean") << u"grype-clean.json"_s << ScannerKind::Grype << ScanStatus::Passed
                                 << QString() << 0 << u"No vulnerabilities found."_s;
    // The other tool's report is not silently "nothing found".
    QTest::newRow("trivy report to grype")
        << u"trivy-high.json"_s << ScannerKind::Grype << ScanStatus::Failed << QString() << 0
        << u"grype ran, but its report could not be read: The grype report has no \"matches\": it is not "
           u"grype's JSON format."_s;
    QTest::newRow("grype report to trivy")
        << u"grype-high.json"_s << ScannerKind::Trivy << ScanStatus::Failed << QString() << 0
        << u"trivy ran, but its report could not be read: The trivy report has none of SchemaVersion, "
           u"ArtifactName and Results: it is not trivy's JSON format."_s;
}

void TestScanFindings::reports()
{
    QFETCH(QString, file);
    QFETCH(ScannerKind, kind);
    QFETCH(ScanStatus, status);
    QFETCH(QString, counts);
    QFETCH(int, top);
    QFETCH(QString, reason);

    const ScanOutcome outcome = outcomeFromReport(kind, readData(file));
    QCOMPARE(outcome.reason, reason);
    QCOMPARE(outcome.status, status);
    QCOMPARE(outcome.scanner, scannerKindName(kind));
    QStringList actual;
    for (auto it = outcome.counts.cbegin(); it != outcome.counts.cend(); ++it)
        actual.append(u"%1=%2"_s.arg(scanSeverityName(it.key())).arg(it.value()));
    QCOMPARE(actual.join(QLatin1Char(' ')), counts);
    QCOMPARE(outcome.topFindings.size(), top);
    // Worst first, then by id.
    for (qsizetype i = 1; i < outcome.topFindings.size(); ++i) {
        const ScanFinding &a = outcome.topFindings.at(i - 1);
        const ScanFinding &b = outcome.topFindings.at(i);
        QVERIFY2(a.severity > b.severity || (a.severity == b.severity && a.id <= b.id),
                 qPrintable(describe(a) + u" before "_s + describe(b)));
    }
}

void TestScanFindings::trivyTopFindings()
{
    const auto findings = parseTrivyReport(readData(u"trivy-high.json"_s));
    QVERIFY2(findings, qPrintable(findings ? QString() : findings.error().message));
    // 15 entries in the report; CVE-2023-4911 of libc6 is listed twice.
    QCOMPARE(findings->size(), 14);

    const ScanOutcome outcome = outcomeFromFindings(*findings);
    QStringList top;
    for (const ScanFinding &finding : outcome.topFindings)
        top.append(describe(finding));
    const QStringList expected{
        u"CVE-2023-38545 curl 7.88.1-10+deb12u1 -> 7.88.1-10+deb12u4 CRITICAL"_s,
        u"CVE-2023-38545 libcurl4 7.88.1-10+deb12u1 -> 7.88.1-10+deb12u4 CRITICAL"_s,
        u"CVE-2023-37920 certifi 2022.12.7 -> 2023.7.22 HIGH"_s,
        u"CVE-2023-4911 libc-bin 2.36-9+deb12u1 -> 2.36-9+deb12u3 HIGH"_s,
        u"CVE-2023-4911 libc6 2.36-9+deb12u1 -> 2.36-9+deb12u3 HIGH"_s,
        u"CVE-2023-5363 libssl3 3.0.11-1~deb12u1 -> 3.0.11-1~deb12u2 HIGH"_s,
        u"CVE-2023-4039 gcc-12-base 12.2.0-14 ->  MEDIUM"_s,
        u"CVE-2023-43804 urllib3 1.26.16 -> 2.0.6, 1.26.17 MEDIUM"_s,
        u"CVE-2005-2541 tar 1.34+dfsg-1.2 ->  LOW"_s,
        u"CVE-2011-3374 apt 2.6.1 ->  LOW"_s,
    };
    QCOMPARE(top, expected);
    QCOMPARE(outcome.topFindings.first().title,
             u"curl: heap based buffer overflow in the SOCKS5 proxy handshake"_s);
    // A long title is cut to one short line.
    const ScanFinding &apt = outcome.topFindings.last();
    QVERIFY2(apt.title.size() <= 120, qPrintable(apt.title));
    QVERIFY(apt.title.startsWith(u"It was found that apt-key in apt"_s));
    QVERIFY(apt.title.endsWith(QChar(0x2026)));
}

void TestScanFindings::grypeFindings()
{
    const auto findings = parseGrypeReport(readData(u"grype-high.json"_s));
    QVERIFY2(findings, qPrintable(findings ? QString() : findings.error().message));
    QCOMPARE(findings->size(), 8); // 9 matches, libcurl4's twice (two locations)

    const ScanFinding &glibc = findings->at(0);
    QCOMPARE(glibc.id, u"CVE-2023-4911"_s);
    QCOMPARE(glibc.package, u"libc6"_s);
    QCOMPARE(glibc.installedVersion, u"2.36-9+deb12u1"_s);
    QCOMPARE(glibc.fixedVersion, u"2.36-9+deb12u3"_s);
    QCOMPARE(glibc.severity, ScanSeverity::High);
    // The Debian record has no description: the first line of NVD's, cut at a word.
    QCOMPARE(glibc.title,
             u"A buffer overflow was discovered in the GNU C Library's dynamic loader ld.so while "
             u"processing the GLIBC_TUNABLES\u2026"_s);

    const ScanFinding &urllib3 = findings->at(6);
    QCOMPARE(urllib3.id, u"GHSA-v845-jxx5-vc9f"_s);
    QCOMPARE(urllib3.fixedVersion, u"2.0.6, 1.26.17"_s);
    QCOMPARE(urllib3.severity, ScanSeverity::Medium);

    const ScanFinding &ncurses = findings->at(7);
    QCOMPARE(ncurses.fixedVersion, QString());
    QCOMPARE(ncurses.title, QString());
    QCOMPARE(ncurses.severity, ScanSeverity::Unknown);
}

void TestScanFindings::oldTrivyArray()
{
    // trivy before 0.20 printed the results list itself.
    const QByteArray json = R"json([
  {"Target": "alpine:3.7 (alpine 3.7.1)", "Vulnerabilities": [
    {"VulnerabilityID": "CVE-2018-16840", "PkgName": "curl", "InstalledVersion": "7.61.0-r0",
     "FixedVersion": "7.61.1-r1", "Title": "curl: Use-after-free when closing \"easy\" handle in Curl_close()",
     "Severity": "HIGH"}]},
  {"Target": "php-app/composer.lock", "Vulnerabilities": null}
])json";
    const ScanOutcome outcome = outcomeFromReport(ScannerKind::Trivy, json);
    QCOMPARE(outcome.status, ScanStatus::Failed);
    QCOMPARE(outcome.counts.value(ScanSeverity::High), 1);
    QCOMPARE(outcome.topFindings.first().title,
             u"curl: Use-after-free when closing \"easy\" handle in Curl_close()"_s);
}

void TestScanFindings::malformed_data()
{
    QTest::addColumn<ScannerKind>("kind");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    // A scanner killed while writing: the document stops in the middle (the column is
    // one past the end of the last line). Otherwise the column names the first character
    // that does not fit.
    QTest::newRow("truncated trivy")
        << ScannerKind::Trivy << readData(u"trivy-truncated.json"_s)
        << u"The trivy report is not valid JSON: line 63, column 18: unterminated "
           u"object."_s;
    QTest::newRow("missing comma") << ScannerKind::Trivy << readData(u"trivy-missing-comma.json"_s)
                                   << u"The trivy report is not valid JSON: line 48, column 11: unterminated "
                                      u"object."_s;
    QTest::newRow("grype garbage")
        << ScannerKind::Grype << QByteArray("{\"matches\": [}\n")
        << u"The grype report is not valid JSON: line 1, column 14: object is missing after a comma."_s;
    QTest::newRow("log line")
        << ScannerKind::Grype << QByteArray("[0000]  WARN some log line the scanner printed on stdout\n")
        << u"The grype report is not valid JSON: line 1, column 3: missing value separator."_s;
    QTest::newRow("empty") << ScannerKind::Trivy << QByteArray("\n") << u"The trivy report is empty."_s;
    QTest::newRow("bad Results") << ScannerKind::Trivy << QByteArray(R"({"SchemaVersion": 2, "Results": 7})")
                                 << u"The trivy report's Results is not a list."_s;
    QTest::newRow("no id")
        << ScannerKind::Trivy
        << QByteArray(R"({"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{"PkgName": "a"}]}]})")
        << u"Results[0].Vulnerabilities[0] in the trivy report has no VulnerabilityID."_s;
    QTest::newRow("grype no id") << ScannerKind::Grype
                                 << QByteArray(
                                        R"({"matches": [{"vulnerability": {}, "artifact": {"name": "a"}}]})")
                                 << u"matches[0] in the grype report has no vulnerability id."_s;
}

void TestScanFindings::malformed()
{
    QFETCH(ScannerKind, kind);
    QFETCH(QByteArray, json);
    QFETCH(QString, message);

    const auto findings = parseScanReport(kind, json);
    QVERIFY(!findings);
    QCOMPARE(findings.error().message, message);
    const ScanOutcome outcome = outcomeFromReport(kind, json);
    QCOMPARE(outcome.status, ScanStatus::Failed);
    QCOMPARE(outcome.reason,
             u"%1 ran, but its report could not be read: %2"_s.arg(scannerKindName(kind), message));
    QVERIFY(outcome.counts.isEmpty());
}

void TestScanFindings::textPositions_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("start") << QByteArray("abc") << 0 << 1 << 1;
    QTest::newRow("first line") << QByteArray("abc") << 2 << 1 << 3;
    QTest::newRow("after newline") << QByteArray("ab\ncd") << 3 << 2 << 1;
    QTest::newRow("third line") << QByteArray("a\nb\ncde") << 6 << 3 << 3;
    // "é" is two bytes but one column.
    QTest::newRow("utf-8") << QByteArray("\"\xc3\xa9t\xc3\xa9\" x") << 7 << 1 << 6;
    QTest::newRow("past the end") << QByteArray("ab\n") << 99 << 2 << 1;
    QTest::newRow("negative") << QByteArray("ab") << -1 << 1 << 1;
}

void TestScanFindings::textPositions()
{
    QFETCH(QByteArray, text);
    QFETCH(int, offset);
    QFETCH(int, line);
    QFETCH(int, column);
    const TextPosition at = textPosition(text, offset);
    QCOMPARE(at.line, line);
    QCOMPARE(at.column, column);
}

void TestScanFindings::jsonRoundTrip()
{
    ScanOutcome outcome = outcomeFromReport(ScannerKind::Grype, readData(u"grype-high.json"_s));
    outcome.scannerVersion = u"0.74.0"_s;
    outcome.scannedAt = 1700000000123;
    const QByteArray json = outcome.toJson();
    QVERIFY(!json.contains('\n')); // compact: one line of text in the catalogue

    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QCOMPARE(root.value("status"_L1).toString(), u"failed"_s);
    QCOMPARE(root.value("total"_L1).toInt(), 8);
    QCOMPARE(root.value("counts"_L1).toObject().value("CRITICAL"_L1).toInt(), 1);
    QCOMPARE(root.value("counts"_L1).toObject().value("HIGH"_L1).toInt(), 2);
    QCOMPARE(root.value("findings"_L1).toArray().first().toObject().value("id"_L1).toString(),
             u"CVE-2023-38545"_s);

    const auto back = ScanOutcome::fromJson(json);
    QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
    QCOMPARE(*back, outcome);

    for (const ScanOutcome &other : {ScanOutcome::skipped(u"no scanner installed: install trivy or grype"_s),
                                     ScanOutcome::failed(u"trivy exited with code 2.\nFATAL boom"_s)}) {
        const auto again = ScanOutcome::fromJson(other.toJson());
        QVERIFY(again);
        QCOMPARE(*again, other);
    }
}

void TestScanFindings::fromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json")
        << QByteArray("{\n  \"status\": passed\n}")
        << u"The stored scan result is not valid JSON: line 2, column 13: illegal number."_s;
    QTest::newRow("array") << QByteArray("[]") << u"The stored scan result is not a JSON object."_s;
    QTest::newRow("bad status") << QByteArray(R"({"status": "great"})")
                                << u"The stored scan result has an unknown status \"great\"."_s;
}

void TestScanFindings::fromJsonRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto outcome = ScanOutcome::fromJson(json);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().message, message);
}

void TestScanFindings::errorLines()
{
    // trivy's log lines as it prints them to a terminal (colour codes included).
    const QStringList stderrLines{
        u"2024-01-20T09:41:12.395Z\t\x1b[34mINFO\x1b[0m\tVulnerability scanning is enabled"_s,
        QString(),
        u"2024-01-20T09:41:13.100Z\t\x1b[31mFATAL\x1b[0m\timage scan error: scan error: unable to initialize "
        u"a "
        u"scanner: unable to find the specified image \"nope:1\""_s,
        u"   "_s,
    };
    const QStringList lines = lastErrorLines(stderrLines, 2);
    QCOMPARE(lines,
             (QStringList{
                 u"2024-01-20T09:41:12.395Z\tINFO\tVulnerability scanning is enabled"_s,
                 u"2024-01-20T09:41:13.100Z\tFATAL\timage scan error: scan error: unable to initialize a "
                 u"scanner: unable to find the specified image \"nope:1\""_s,
             }));
    const QStringList longLine = lastErrorLines({QString(1000, QLatin1Char('x'))});
    QCOMPARE(longLine.size(), 1);
    QCOMPARE(longLine.first().size(), 300);
    QVERIFY(lastErrorLines({}).isEmpty());
}

QTEST_GUILESS_MAIN(TestScanFindings)
#include "tst_scanfindings.moc"
