#pragma once

#include "bake/scanfindings.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace Kiln {

// What a vulnerability scan of a bake image found: the status with its reason,
// the count of findings per severity, and the worst findings (id, package,
// installed and fixed version, severity, title) in a table. Reads the catalogue's
// findings text (ScanOutcome::toJson()); a text it cannot read is said so.
class ScanFindingsView : public QWidget
{
    Q_OBJECT

public:
    explicit ScanFindingsView(QWidget *parent = nullptr);

    // `findingsJson` empty: no findings recorded (pending, skipped, or nothing found).
    void setScan(ScanStatus status, const QString &reason, const QString &findingsJson,
                 std::optional<qint64> scannedAt);

    QLabel *statusLabel() const { return m_status; }
    QLabel *countsLabel() const { return m_counts; }
    QTreeWidget *table() const { return m_table; }

    enum Column
    {
        IdColumn,
        PackageColumn,
        InstalledColumn,
        FixedColumn,
        SeverityColumn,
        TitleColumn,
        ColumnCount
    };

    // A colour per severity (critical red ... unknown grey).
    static QColor severityColor(ScanSeverity severity);

private:
    QLabel *m_status = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_counts = nullptr;
    QTreeWidget *m_table = nullptr;
};

} // namespace Kiln
