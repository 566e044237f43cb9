#pragma once

#include "domain/bakeimage.h"
#include "domain/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

// The vulnerability scanners Kiln can run.
enum class ScannerKind
{
    Trivy,
    Grype,
};

// "trivy", "grype": the program names and the names stored with a scan.
QString scannerKindName(ScannerKind kind);
std::optional<ScannerKind> scannerKindFromName(QStringView name);

// Severities from the lowest to the highest. Trivy knows UNKNOWN, LOW, MEDIUM, HIGH,
// CRITICAL; grype also Negligible.
enum class ScanSeverity
{
    Unknown,
    Negligible,
    Low,
    Medium,
    High,
    Critical,
};

// "UNKNOWN", "NEGLIGIBLE", "LOW", "MEDIUM", "HIGH", "CRITICAL".
QString scanSeverityName(ScanSeverity severity);
// Case-insensitive ("High" from grype, "HIGH" from trivy); anything else is Unknown.
ScanSeverity scanSeverityFromName(QStringView name);

// One vulnerability of one package, as either scanner reports it.
struct ScanFinding
{
    QString id;               // "CVE-2023-4911", "GHSA-...", "DLA-..."
    QString package;          // "libc6"
    QString installedVersion; // "2.36-9+deb12u1"
    QString fixedVersion;     // "2.36-9+deb12u3"; several joined with ", "; empty: no fix yet
    ScanSeverity severity = ScanSeverity::Unknown;
    QString title; // one line for a person; may be empty

    friend bool operator==(const ScanFinding &, const ScanFinding &) = default;
};

// Why a report could not be read (a sentence, with the line and column of broken JSON).
struct ScanParseError
{
    QString message;
};

// The findings of a `trivy ... --format json` report (Results[].Vulnerabilities[]),
// or of a `grype ... -o json` report (matches[]). The same vulnerability of the same
// package and version reported twice (two targets or locations) is kept once, in
// the order first seen. A report with nothing found gives an empty list.
Result<QList<ScanFinding>, ScanParseError> parseTrivyReport(const QByteArray &json);
Result<QList<ScanFinding>, ScanParseError> parseGrypeReport(const QByteArray &json);
Result<QList<ScanFinding>, ScanParseError> parseScanReport(ScannerKind kind, const QByteArray &json);

// 1-based line and column of the byte `offset` of `text` (QJsonParseError::offset),
// counting UTF-8 characters, not bytes, for the column.
struct TextPosition
{
    int line = 1;
    int column = 1;
};
TextPosition textPosition(const QByteArray &text, qsizetype offset);

// What a scan found, for the catalogue (bake_images.scan_*) and for people.
//
// - Passed: the scanner ran and found nothing CRITICAL or HIGH.
// - Failed: CRITICAL or HIGH findings (counts and the worst findings), or the scanner
//   could not scan (reason: its exit code and last error lines, or the broken JSON).
// - Skipped: nothing a scanner can read (a plain rootfs tar) or no scanner installed.
struct ScanOutcome
{
    static constexpr int kMaxTopFindings = 10;

    ScanStatus status = ScanStatus::Skipped; // Passed, Failed or Skipped
    QString reason;                          // a sentence for a person (a summary when Passed)
    QString scanner;                         // "trivy" or "grype"; empty when none ran
    QString scannerVersion;                  // e.g. "0.50.1"; empty when not known
    QMap<ScanSeverity, int> counts;          // findings per severity (only those > 0)
    QList<ScanFinding> topFindings;          // at most kMaxTopFindings, worst first, then by id
    qint64 scannedAt = 0;                    // ms since the epoch (UTC); 0 when not set

    int total() const;
    // Findings that fail a scan: CRITICAL plus HIGH.
    int blocking() const;

    // Compact JSON text, stored as the catalogue's findings text:
    // {"status":"failed","reason":...,"scanner":...,"scannerVersion":...,
    //  "scannedAt":ms,"counts":{"CRITICAL":1,"HIGH":2},"total":3,
    //  "findings":[{"id","package","installedVersion","fixedVersion","severity","title"}]}
    QByteArray toJson() const;
    // Reads toJson() text back. Unknown keys are ignored; a bad document is an error.
    static Result<ScanOutcome, ScanParseError> fromJson(const QByteArray &json);

    static ScanOutcome skipped(const QString &reason);
    static ScanOutcome failed(const QString &reason);

    friend bool operator==(const ScanOutcome &, const ScanOutcome &) = default;
};

// The outcome of a scan that found `findings`: Passed without CRITICAL/HIGH ones,
// else Failed with "N critical, M high vulnerabilities found (of T)". Counts every
// finding; keeps the kMaxTopFindings worst (severity descending, then id, package).
ScanOutcome outcomeFromFindings(const QList<ScanFinding> &findings);

// The outcome of a scanner run that exited 0 with `report` on stdout: parsed with
// the parser of `kind`; a broken report is Failed, naming the line and column.
// scanner is set; scannerVersion and scannedAt are left to the caller.
ScanOutcome outcomeFromReport(ScannerKind kind, const QByteArray &report);

// The last `maxLines` non-empty lines of a scanner's stderr, trimmed, each cut to
// 300 characters, with the ANSI colour codes trivy and grype print removed.
QStringList lastErrorLines(const QStringList &stderrLines, int maxLines = 5);

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::ScanOutcome)
