#include "aboutdialog.h"

#include "common/codeview.h"
#include "ui_aboutdialog.h"

#include <QApplication>
#include <QHeaderView>
#include <QPushButton>

namespace Kiln {

AboutDialog::AboutDialog(const Details &details, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    m_ui->titleLabel->setText(tr("<h2>Kiln %1</h2><p>Image administration for compute platforms</p>")
                                  .arg(QApplication::applicationVersion()));

    Details rows{
        {tr("Qt"),
         tr("%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR))},
        {tr("Syntax highlighting"), CodeView::highlighterBackend()},
    };
    rows += details;
    for (const auto &[label, value] : rows) {
        auto *item = new QTreeWidgetItem(m_ui->detailsTree, {label, value});
        item->setToolTip(1, value);
    }
    m_ui->detailsTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AboutDialog::~AboutDialog() = default;

AboutDialog *AboutDialog::show(QWidget *parent, const Details &details)
{
    auto *dialog = new AboutDialog(details, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

} // namespace Kiln
