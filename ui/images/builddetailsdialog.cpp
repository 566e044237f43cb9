#include "builddetailsdialog.h"

#include "bake/bakeservice.h"
#include "imagebuilder/specview.h"
#include "ui_builddetailsdialog.h"

#include <QPushButton>
#include <QTabWidget>

namespace Kiln {

BuildDetailsDialog *BuildDetailsDialog::open(QWidget *parent, const Catalogue &catalogue, BakeService *bake,
                                             const QString &specId, const QString &imageDisplayName)
{
    auto *dialog = new BuildDetailsDialog(catalogue, bake, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!dialog->showSpec(specId, imageDisplayName)) {
        delete dialog;
        return nullptr;
    }
    dialog->show();
    return dialog;
}

BuildDetailsDialog::BuildDetailsDialog(const Catalogue &catalogue, BakeService *bake, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::BuildDetailsDialog>())
{
    m_ui->setupUi(this);
    m_view = new SpecView(catalogue, bake);
    m_ui->viewLayout->addWidget(m_view);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_view, &SpecView::backRequested, this, &QDialog::reject);
    connect(m_view, &SpecView::editRequested, this, &BuildDetailsDialog::editRequested);
    // The image is deleted from the Images page, not from here.
    if (auto *remove = m_view->findChild<QPushButton *>(QStringLiteral("deleteButton")))
        remove->hide();
    if (auto *back = m_view->findChild<QWidget *>(QStringLiteral("backButton")))
        back->hide();
    if (bake) {
        connect(bake, &BakeService::jobChanged, m_view, &SpecView::applyJob);
        connect(bake, &BakeService::jobOutput, m_view, &SpecView::applyOutput);
    }
}

BuildDetailsDialog::~BuildDetailsDialog() = default;

bool BuildDetailsDialog::showSpec(const QString &specId, const QString &imageDisplayName)
{
    if (!m_view->showSpec(specId))
        return false;
    setWindowTitle(tr("Build Details of %1").arg(imageDisplayName));
    m_ui->intro->setText(tr("The image %1 is built from this spec. Edit it and save to rebuild, or rebuild a "
                            "finished job as it was.")
                             .arg(imageDisplayName));
    m_view->tabs()->setCurrentIndex(SpecView::JobsTab);
    return true;
}

} // namespace Kiln
