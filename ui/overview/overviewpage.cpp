#include "overviewpage.h"

#include "enginemodel.h"
#include "ui_overviewpage.h"

#include <QFontDatabase>
#include <QHeaderView>

namespace Kiln {

OverviewPage::OverviewPage(EngineModel *engines, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::OverviewPage>())
    , m_engines(engines)
{
    m_ui->setupUi(this);
    m_ui->enginesView->setModel(m_engines);
    m_ui->enginesView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->enginesView->horizontalHeader()->setStretchLastSection(true);
    m_ui->enginesView->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_ui->enginesView->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_ui->enginesView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_ui->scriptingExample->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_ui->detectButton, &QPushButton::clicked, this, &OverviewPage::detectEnginesRequested);
    connect(m_engines, &QAbstractItemModel::dataChanged, this, &OverviewPage::updateEngineHint);
    connect(m_engines, &QAbstractItemModel::rowsMoved, this, &OverviewPage::updateEngineHint);
    updateEngineHint();
}

OverviewPage::~OverviewPage() = default;

void OverviewPage::setCatalogue(const QString &location, int schemaVersion, const Counts &counts)
{
    m_ui->locationLabel->setText(location);
    m_ui->schemaLabel->setText(QString::number(schemaVersion));
    QStringList parts;
    for (const auto &[label, count] : counts)
        parts.append(tr("%1: %2").arg(label).arg(count));
    m_ui->contentsLabel->setText(parts.isEmpty() ? tr("Empty") : parts.join(QStringLiteral(" · ")));
}

void OverviewPage::updateEngineHint()
{
    QString chosen;
    bool checked = false;
    for (int row = 0; row < m_engines->rowCount(); ++row) {
        const ContainerEngineInfo &info = m_engines->engineAt(row);
        checked = checked || !info.path.isEmpty() || !info.problem.isEmpty();
        if (chosen.isEmpty() && info.usable())
            chosen = containerEngineName(info.kind);
    }
    if (!checked)
        m_ui->enginesHint->setText(tr("Looking for buildah, podman and docker…"));
    else if (chosen.isEmpty())
        m_ui->enginesHint->setText(
            tr("No container engine is installed. Install buildah (recommended), podman or docker to build "
               "images."));
    else
        m_ui->enginesHint->setText(tr("Builds use %1, the first available engine in your preference order. "
                                      "Change the order in Settings (Ctrl+,).")
                                       .arg(chosen));
}

} // namespace Kiln
