#include "registryimportdialog.h"

#include "ui_registryimportdialog.h"

#include <QFileInfo>
#include <QPushButton>
#include <QStyle>

#include <algorithm>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

enum Column
{
    EntryColumn,
    LineColumn,
    ResultColumn,
    FieldColumn,
    DetailsColumn,
};

struct Line
{
    int index = -1; // -1: not known
    int line = 0;
    QString result;
    QString field;
    QString details;
    QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
};

} // namespace

RegistryImportDialog *RegistryImportDialog::show(QWidget *parent, const QString &fileName,
                                                 const RegistryImportReport &report)
{
    auto *dialog = new RegistryImportDialog(fileName, report, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

RegistryImportDialog::RegistryImportDialog(const QString &fileName, const RegistryImportReport &report,
                                           QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RegistryImportDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Import from %1").arg(QFileInfo(fileName).fileName()));
    // createdFrom/updatedFrom say which entry of the file each saved registry came from.
    auto saved = [](const Registry &registry, const RegistryImportEntry *entry, const QString &result,
                    QStyle::StandardPixmap icon) {
        return Line{
            entry ? entry->index : -1, entry ? entry->line : 0, result, QString(), registry.name, icon};
    };
    QList<Line> lines;
    for (qsizetype i = 0; i < report.created.size(); ++i)
        lines.append(saved(report.created.at(i),
                           i < report.createdFrom.size() ? &report.createdFrom.at(i) : nullptr, tr("Created"),
                           QStyle::SP_DialogApplyButton));
    for (qsizetype i = 0; i < report.updated.size(); ++i)
        lines.append(saved(report.updated.at(i),
                           i < report.updatedFrom.size() ? &report.updatedFrom.at(i) : nullptr, tr("Updated"),
                           QStyle::SP_BrowserReload));
    for (const RegistryImportProblem &problem : report.skipped)
        lines.append({problem.index, problem.line, tr("Skipped"), problem.field, problem.message,
                      QStyle::SP_MessageBoxInformation});
    for (const RegistryImportProblem &problem : report.problems)
        lines.append({problem.index, problem.line, tr("Problem"), problem.field, problem.message,
                      QStyle::SP_MessageBoxWarning});
    // In file order (an entry without a known position first).
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line &a, const Line &b) { return a.index < b.index; });
    for (const Line &line : std::as_const(lines)) {
        auto *item = new QTreeWidgetItem(m_ui->entryList);
        item->setText(EntryColumn, line.index < 0 ? QString() : QString::number(line.index + 1));
        item->setText(LineColumn, line.line > 0 ? QString::number(line.line) : QString());
        item->setText(ResultColumn, line.result);
        item->setIcon(ResultColumn, style()->standardIcon(line.icon));
        item->setText(FieldColumn, line.field);
        item->setText(DetailsColumn, line.details);
        item->setToolTip(DetailsColumn, line.details);
    }
    for (int column : {EntryColumn, LineColumn, ResultColumn, FieldColumn})
        m_ui->entryList->resizeColumnToContents(column);
    const qsizetype bad = report.problems.size();
    m_ui->summaryLabel->setText(tr("%1 created, %2 updated, %3 skipped, %4 with problems.")
                                    .arg(report.created.size())
                                    .arg(report.updated.size())
                                    .arg(report.skipped.size())
                                    .arg(bad));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
}

RegistryImportDialog::~RegistryImportDialog() = default;

int RegistryImportDialog::entryCount() const
{
    return m_ui->entryList->topLevelItemCount();
}

QString RegistryImportDialog::summary() const
{
    return m_ui->summaryLabel->text();
}

} // namespace Kiln
