#include "scanfindingsview.h"

#include "bakeimagelistmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

ScanFindingsView::ScanFindingsView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status = new QLabel;
    m_status->setObjectName(u"scanStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    layout->addWidget(m_status);
    m_reason = new QLabel;
    m_reason->setObjectName(u"scanReason"_s);
    m_reason->setTextFormat(Qt::PlainText);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_reason);
    m_counts = new QLabel;
    m_counts->setObjectName(u"scanCounts"_s);
    m_counts->setTextFormat(Qt::RichText);
    m_counts->setWordWrap(true);
    layout->addWidget(m_counts);
    m_table = new QTreeWidget;
    m_table->setObjectName(u"findingsTable"_s);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setHeaderLabels(
        {tr("ID"), tr("Package"), tr("Installed"), tr("Fixed in"), tr("Severity"), tr("Title")});
    m_table->header()->setStretchLastSection(true);
    m_table->setColumnWidth(IdColumn, 140);
    m_table->setColumnWidth(PackageColumn, 110);
    m_table->setColumnWidth(InstalledColumn, 110);
    m_table->setColumnWidth(FixedColumn, 110);
    m_table->setColumnWidth(SeverityColumn, 80);
    m_table->setMinimumHeight(120);
    layout->addWidget(m_table, 1);
    setScan(ScanStatus::Pending, {}, {}, std::nullopt);
}

QColor ScanFindingsView::severityColor(ScanSeverity severity)
{
    switch (severity) {
    case ScanSeverity::Critical:
        return QColor(0xb7, 0x1c, 0x1c);
    case ScanSeverity::High:
        return QColor(0xe6, 0x4a, 0x19);
    case ScanSeverity::Medium:
        return QColor(0xb2, 0x6a, 0x00);
    case ScanSeverity::Low:
        return QColor(0x1e, 0x6f, 0xb5);
    case ScanSeverity::Negligible:
    case ScanSeverity::Unknown:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

void ScanFindingsView::setScan(ScanStatus status, const QString &reason, const QString &findingsJson,
                               std::optional<qint64> scannedAt)
{
    QString statusText = BakeImageListModel::scanText(status);
    if (scannedAt && *scannedAt > 0)
        statusText = tr("%1 (scanned %2)")
                         .arg(statusText, QLocale().toString(QDateTime::fromMSecsSinceEpoch(*scannedAt),
                                                             QLocale::ShortFormat));
    m_status->setText(statusText);
    QPalette tone = m_status->palette();
    tone.setColor(QPalette::WindowText, BakeImageListModel::scanColor(status));
    m_status->setPalette(tone);
    if (status == ScanStatus::Pending && reason.isEmpty())
        m_reason->setText(tr("Not scanned yet: the scan runs once the image has content."));
    else
        m_reason->setText(reason);

    m_table->clear();
    m_counts->clear();
    m_counts->hide();
    m_table->hide();
    // Findings are what a scanner that ran found (a skipped scan has none).
    if (findingsJson.isEmpty() || (status != ScanStatus::Passed && status != ScanStatus::Failed))
        return;
    const auto outcome = ScanOutcome::fromJson(findingsJson.toUtf8());
    if (!outcome) {
        m_counts->setText(tr("The findings cannot be read: %1").arg(outcome.error().message.toHtmlEscaped()));
        m_counts->show();
        return;
    }
    QStringList counts;
    for (ScanSeverity severity : {ScanSeverity::Critical, ScanSeverity::High, ScanSeverity::Medium,
                                  ScanSeverity::Low, ScanSeverity::Negligible, ScanSeverity::Unknown}) {
        const int count = outcome->counts.value(severity);
        if (count > 0)
            counts.append(u"<span style=\"color:%1\"><b>%2</b> %3</span>"_s.arg(
                severityColor(severity).name(), QString::number(count),
                scanSeverityName(severity).toLower().toHtmlEscaped()));
    }
    QString countText = counts.isEmpty() ? tr("No vulnerabilities found.") : counts.join(u" \u00b7 "_s);
    if (!outcome->scanner.isEmpty())
        countText +=
            u"<br/>"_s + tr("Scanner: %1 %2")
                             .arg(outcome->scanner.toHtmlEscaped(), outcome->scannerVersion.toHtmlEscaped())
                             .trimmed();
    if (outcome->total() > outcome->topFindings.size() && !outcome->topFindings.isEmpty())
        countText +=
            u"<br/>"_s +
            tr("The %1 worst of %2 findings:").arg(outcome->topFindings.size()).arg(outcome->total());
    m_counts->setText(countText);
    m_counts->show();
    for (const ScanFinding &finding : outcome->topFindings) {
        auto *item = new QTreeWidgetItem(
            m_table, {finding.id, finding.package, finding.installedVersion,
                      finding.fixedVersion.isEmpty() ? tr("no fix yet") : finding.fixedVersion,
                      scanSeverityName(finding.severity), finding.title});
        item->setForeground(SeverityColumn, severityColor(finding.severity));
        QFont font = item->font(SeverityColumn);
        font.setBold(finding.severity >= ScanSeverity::High);
        item->setFont(SeverityColumn, font);
        item->setToolTip(TitleColumn, finding.title);
    }
    m_table->setVisible(!outcome->topFindings.isEmpty());
}

} // namespace Kiln
