#include "bake/scanfindings.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr qsizetype kMaxTitleChars = 120;
constexpr qsizetype kMaxErrorLineChars = 300;

struct SeverityName
{
    ScanSeverity severity;
    QLatin1StringView name;
};

constexpr SeverityName kSeverityNames[] = {
    {ScanSeverity::Unknown, "UNKNOWN"_L1}, {ScanSeverity::Negligible, "NEGLIGIBLE"_L1},
    {ScanSeverity::Low, "LOW"_L1},         {ScanSeverity::Medium, "MEDIUM"_L1},
    {ScanSeverity::High, "HIGH"_L1},       {ScanSeverity::Critical, "CRITICAL"_L1},
};

// A JSON document that must be an object or an array, or the reason it is not one.
Result<QJsonDocument, ScanParseError> parseDocument(const QByteArray &json, const QString &what)
{
    if (json.trimmed().isEmpty())
        return ScanParseError{u"The %1 is empty."_s.arg(what)};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        // QJsonDocument's offset is just past the character it could not use, but
        // at it for a bad number or garbage after the document, and the end of a
        // document that stops early; name that character (or the end).
        const bool atCharacter =
            error.error == QJsonParseError::IllegalNumber || error.error == QJsonParseError::GarbageAtEnd;
        const qsizetype offset =
            error.offset > 0 && error.offset < json.size() && !atCharacter ? error.offset - 1 : error.offset;
        const TextPosition at = textPosition(json, offset);
        return ScanParseError{
            u"The %1 is not valid JSON: line %2, column %3: %4."_s.arg(what).arg(at.line).arg(at.column).arg(
                error.errorString())};
    }
    return doc;
}

// One line for a person: the first line of `text`, at most kMaxTitleChars long.
QString oneLine(const QString &text)
{
    QString line = text.section(QLatin1Char('\n'), 0, 0).simplified();
    if (line.size() > kMaxTitleChars) {
        line.truncate(kMaxTitleChars - 1);
        // At a word boundary when there is one in the second half.
        const qsizetype space = line.lastIndexOf(QLatin1Char(' '));
        if (space > kMaxTitleChars / 2)
            line.truncate(space);
        line = line.trimmed() + QChar(0x2026);
    }
    return line;
}

// Collects findings, keeping each (id, package, version) once.
class FindingSet
{
public:
    void add(ScanFinding finding)
    {
        const QString key =
            finding.id + QChar(0x1f) + finding.package + QChar(0x1f) + finding.installedVersion;
        if (m_seen.contains(key))
            return;
        m_seen.insert(key);
        m_findings.append(std::move(finding));
    }
    QList<ScanFinding> take() { return std::move(m_findings); }

private:
    QSet<QString> m_seen;
    QList<ScanFinding> m_findings;
};

bool worseFirst(const ScanFinding &a, const ScanFinding &b)
{
    if (a.severity != b.severity)
        return a.severity > b.severity;
    if (a.id != b.id)
        return a.id < b.id;
    if (a.package != b.package)
        return a.package < b.package;
    return a.installedVersion < b.installedVersion;
}

QString statusText(ScanStatus status)
{
    return scanStatusName(status);
}

} // namespace

QString scannerKindName(ScannerKind kind)
{
    switch (kind) {
    case ScannerKind::Trivy:
        return u"trivy"_s;
    case ScannerKind::Grype:
        return u"grype"_s;
    }
    return {};
}

std::optional<ScannerKind> scannerKindFromName(QStringView name)
{
    if (name == u"trivy")
        return ScannerKind::Trivy;
    if (name == u"grype")
        return ScannerKind::Grype;
    return std::nullopt;
}

QString scanSeverityName(ScanSeverity severity)
{
    for (const SeverityName &entry : kSeverityNames) {
        if (entry.severity == severity)
            return entry.name;
    }
    return u"UNKNOWN"_s;
}

ScanSeverity scanSeverityFromName(QStringView name)
{
    const QStringView trimmed = name.trimmed();
    for (const SeverityName &entry : kSeverityNames) {
        if (trimmed.compare(entry.name, Qt::CaseInsensitive) == 0)
            return entry.severity;
    }
    return ScanSeverity::Unknown;
}

TextPosition textPosition(const QByteArray &text, qsizetype offset)
{
    TextPosition at;
    const qsizetype end = qBound<qsizetype>(0, offset, text.size());
    for (qsizetype i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(text.at(i));
        if (byte == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((byte & 0xC0) != 0x80) { // not a UTF-8 continuation byte
            ++at.column;
        }
    }
    return at;
}

Result<QList<ScanFinding>, ScanParseError> parseTrivyReport(const QByteArray &json)
{
    auto doc = parseDocument(json, u"trivy report"_s);
    if (!doc)
        return doc.error();
    // trivy before 0.20 printed the list of results itself; later versions an object
    // (SchemaVersion 2) with the list under "Results" (left out when nothing was scanned).
    QJsonArray results;
    if (doc->isArray()) {
        results = doc->array();
    } else {
        const QJsonObject root = doc->object();
        if (!root.contains("SchemaVersion"_L1) && !root.contains("Results"_L1) &&
            !root.contains("ArtifactName"_L1))
            return ScanParseError{u"The trivy report has none of SchemaVersion, ArtifactName and Results: "
                                  u"it is not trivy's JSON format."_s};
        const QJsonValue value = root.value("Results"_L1);
        if (!value.isArray() && !value.isNull() && !value.isUndefined())
            return ScanParseError{u"The trivy report's Results is not a list."_s};
        results = value.toArray();
    }

    FindingSet findings;
    for (qsizetype r = 0; r < results.size(); ++r) {
        const QJsonValue vulnerabilities = results.at(r).toObject().value("Vulnerabilities"_L1);
        if (vulnerabilities.isNull() || vulnerabilities.isUndefined())
            continue;
        if (!vulnerabilities.isArray())
            return ScanParseError{u"Results[%1].Vulnerabilities in the trivy report is not a list."_s.arg(r)};
        const QJsonArray list = vulnerabilities.toArray();
        for (qsizetype v = 0; v < list.size(); ++v) {
            const QJsonObject vuln = list.at(v).toObject();
            const QString id = vuln.value("VulnerabilityID"_L1).toString();
            if (id.isEmpty())
                return ScanParseError{
                    u"Results[%1].Vulnerabilities[%2] in the trivy report has no VulnerabilityID."_s.arg(r)
                        .arg(v)};
            ScanFinding finding;
            finding.id = id;
            finding.package = vuln.value("PkgName"_L1).toString();
            finding.installedVersion = vuln.value("InstalledVersion"_L1).toString();
            finding.fixedVersion = vuln.value("FixedVersion"_L1).toString();
            finding.severity = scanSeverityFromName(vuln.value("Severity"_L1).toString());
            finding.title = oneLine(vuln.value("Title"_L1).toString());
            if (finding.title.isEmpty())
                finding.title = oneLine(vuln.value("Description"_L1).toString());
            findings.add(std::move(finding));
        }
    }
    return findings.take();
}

Result<QList<ScanFinding>, ScanParseError> parseGrypeReport(const QByteArray &json)
{
    auto doc = parseDocument(json, u"grype report"_s);
    if (!doc)
        return doc.error();
    const QJsonObject root = doc->object();
    if (!doc->isObject() || !root.contains("matches"_L1))
        return ScanParseError{u"The grype report has no \"matches\": it is not grype's JSON format."_s};
    const QJsonValue matchesValue = root.value("matches"_L1);
    if (!matchesValue.isArray() && !matchesValue.isNull())
        return ScanParseError{u"The grype report's \"matches\" is not a list."_s};
    const QJsonArray matches = matchesValue.toArray();

    FindingSet findings;
    for (qsizetype m = 0; m < matches.size(); ++m) {
        const QJsonObject match = matches.at(m).toObject();
        const QJsonObject vuln = match.value("vulnerability"_L1).toObject();
        const QJsonObject artifact = match.value("artifact"_L1).toObject();
        const QString id = vuln.value("id"_L1).toString();
        if (id.isEmpty())
            return ScanParseError{u"matches[%1] in the grype report has no vulnerability id."_s.arg(m)};
        ScanFinding finding;
        finding.id = id;
        finding.package = artifact.value("name"_L1).toString();
        finding.installedVersion = artifact.value("version"_L1).toString();
        QStringList fixed;
        for (const QJsonValue &version : vuln.value("fix"_L1).toObject().value("versions"_L1).toArray()) {
            if (!version.toString().isEmpty())
                fixed.append(version.toString());
        }
        finding.fixedVersion = fixed.join(u", "_s);
        finding.severity = scanSeverityFromName(vuln.value("severity"_L1).toString());
        // grype has no title: the first line of the description, or of the related
        // (e.g. NVD) record's when the distribution's record has none.
        finding.title = oneLine(vuln.value("description"_L1).toString());
        if (finding.title.isEmpty()) {
            for (const QJsonValue &related : match.value("relatedVulnerabilities"_L1).toArray()) {
                finding.title = oneLine(related.toObject().value("description"_L1).toString());
                if (!finding.title.isEmpty())
                    break;
            }
        }
        findings.add(std::move(finding));
    }
    return findings.take();
}

Result<QList<ScanFinding>, ScanParseError> parseScanReport(ScannerKind kind, const QByteArray &json)
{
    return kind == ScannerKind::Trivy ? parseTrivyReport(json) : parseGrypeReport(json);
}

int ScanOutcome::total() const
{
    int sum = 0;
    for (int count : counts)
        sum += count;
    return sum;
}

int ScanOutcome::blocking() const
{
    return counts.value(ScanSeverity::Critical) + counts.value(ScanSeverity::High);
}

ScanOutcome ScanOutcome::skipped(const QString &reason)
{
    ScanOutcome outcome;
    outcome.status = ScanStatus::Skipped;
    outcome.reason = reason;
    return outcome;
}

ScanOutcome ScanOutcome::failed(const QString &reason)
{
    ScanOutcome outcome;
    outcome.status = ScanStatus::Failed;
    outcome.reason = reason;
    return outcome;
}

QByteArray ScanOutcome::toJson() const
{
    QJsonObject countsObject;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > 0)
            countsObject.insert(scanSeverityName(it.key()), it.value());
    }
    QJsonArray findings;
    for (const ScanFinding &finding : topFindings) {
        findings.append(QJsonObject{
            {"id"_L1, finding.id},
            {"package"_L1, finding.package},
            {"installedVersion"_L1, finding.installedVersion},
            {"fixedVersion"_L1, finding.fixedVersion},
            {"severity"_L1, scanSeverityName(finding.severity)},
            {"title"_L1, finding.title},
        });
    }
    QJsonObject root{
        {"status"_L1, statusText(status)},
        {"reason"_L1, reason},
        {"scanner"_L1, scanner},
        {"scannerVersion"_L1, scannerVersion},
        {"scannedAt"_L1, scannedAt},
        {"counts"_L1, countsObject},
        {"total"_L1, total()},
        {"findings"_L1, findings},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

Result<ScanOutcome, ScanParseError> ScanOutcome::fromJson(const QByteArray &json)
{
    auto doc = parseDocument(json, u"stored scan result"_s);
    if (!doc)
        return doc.error();
    if (!doc->isObject())
        return ScanParseError{u"The stored scan result is not a JSON object."_s};
    const QJsonObject root = doc->object();
    const auto status = scanStatusFromName(root.value("status"_L1).toString());
    if (!status)
        return ScanParseError{u"The stored scan result has an unknown status \"%1\"."_s.arg(
            root.value("status"_L1).toString())};

    ScanOutcome outcome;
    outcome.status = *status;
    outcome.reason = root.value("reason"_L1).toString();
    outcome.scanner = root.value("scanner"_L1).toString();
    outcome.scannerVersion = root.value("scannerVersion"_L1).toString();
    outcome.scannedAt = qint64(root.value("scannedAt"_L1).toDouble());
    const QJsonObject countsObject = root.value("counts"_L1).toObject();
    for (auto it = countsObject.constBegin(); it != countsObject.constEnd(); ++it) {
        const int count = it.value().toInt();
        if (count > 0)
            outcome.counts[scanSeverityFromName(it.key())] += count;
    }
    for (const QJsonValue &value : root.value("findings"_L1).toArray()) {
        const QJsonObject object = value.toObject();
        outcome.topFindings.append(ScanFinding{
            object.value("id"_L1).toString(),
            object.value("package"_L1).toString(),
            object.value("installedVersion"_L1).toString(),
            object.value("fixedVersion"_L1).toString(),
            scanSeverityFromName(object.value("severity"_L1).toString()),
            object.value("title"_L1).toString(),
        });
    }
    return outcome;
}

ScanOutcome outcomeFromFindings(const QList<ScanFinding> &findings)
{
    ScanOutcome outcome;
    for (const ScanFinding &finding : findings)
        ++outcome.counts[finding.severity];
    QList<ScanFinding> sorted = findings;
    std::sort(sorted.begin(), sorted.end(), worseFirst);
    outcome.topFindings = sorted.mid(0, ScanOutcome::kMaxTopFindings);

    const int critical = outcome.counts.value(ScanSeverity::Critical);
    const int high = outcome.counts.value(ScanSeverity::High);
    const int total = outcome.total();
    if (critical == 0 && high == 0) {
        outcome.status = ScanStatus::Passed;
        outcome.reason =
            total == 0 ? u"No vulnerabilities found."_s
                       : u"No critical or high vulnerabilities found (%1 of lower severity)."_s.arg(total);
        return outcome;
    }
    QStringList parts;
    if (critical > 0)
        parts.append(u"%1 critical"_s.arg(critical));
    if (high > 0)
        parts.append(u"%1 high"_s.arg(high));
    outcome.status = ScanStatus::Failed;
    outcome.reason =
        u"%1 %2 found (%3 in all)."_s
            .arg(parts.join(u" and "_s), critical + high == 1 ? u"vulnerability"_s : u"vulnerabilities"_s)
            .arg(total);
    return outcome;
}

ScanOutcome outcomeFromReport(ScannerKind kind, const QByteArray &report)
{
    auto findings = parseScanReport(kind, report);
    ScanOutcome outcome = findings
                              ? outcomeFromFindings(*findings)
                              : ScanOutcome::failed(u"%1 ran, but its report could not be read: %2"_s.arg(
                                    scannerKindName(kind), findings.error().message));
    outcome.scanner = scannerKindName(kind);
    return outcome;
}

QStringList lastErrorLines(const QStringList &stderrLines, int maxLines)
{
    static const QRegularExpression ansi(u"\x1b\\[[0-9;?]*[ -/]*[@-~]"_s);
    QStringList lines;
    for (qsizetype i = stderrLines.size() - 1; i >= 0 && lines.size() < maxLines; --i) {
        QString line = stderrLines.at(i);
        line.remove(ansi);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        if (line.size() > kMaxErrorLineChars)
            line = line.left(kMaxErrorLineChars - 1) + QChar(0x2026);
        lines.prepend(line);
    }
    return lines;
}

} // namespace Kiln
