#include "registrybrowser.h"

#include "common/formhints.h"
#include "registrybrowsermodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

RegistryBrowser::RegistryBrowser(OciClient *client, CredentialLookup credentials, QWidget *parent)
    : QWidget(parent)
{
    m_model = new RegistryBrowserModel(client, std::move(credentials), this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true); // a matching tag keeps its repository
    m_proxy->setFilterRole(RegistryBrowserModel::ReferenceRole);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit;
    m_filter->setObjectName(u"browserFilter"_s);
    m_filter->setPlaceholderText(tr("Filter repositories and tags"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_refreshAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Re&load"), this);
    m_refreshAction->setToolTip(tr("List the registry's repositories again"));
    auto *reload = new QToolButton;
    reload->setObjectName(u"browserReload"_s);
    reload->setDefaultAction(m_refreshAction);
    bar->addWidget(reload);
    layout->addLayout(bar);

    m_status = new QLabel;
    m_status->setObjectName(u"browserStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_tree = new QTreeView;
    m_tree->setObjectName(u"browserTree"_s);
    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setHeaderHidden(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_tree, 1);

    m_copyAction =
        new QAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Copy Reference"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the full image reference, e.g. host/repository:tag (Ctrl+C)"));
    m_tree->addAction(m_copyAction);

    connect(m_copyAction, &QAction::triggered, this, &RegistryBrowser::copyReference);
    connect(m_refreshAction, &QAction::triggered, this, &RegistryBrowser::refresh);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &RegistryBrowser::showContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this] { m_copyAction->setEnabled(!currentReference().isEmpty()); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });
    connect(m_model, &RegistryBrowserModel::stateChanged, this, &RegistryBrowser::updateStatus);
    connect(m_model, &RegistryBrowserModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_copyAction->setEnabled(false);
    updateStatus();
}

RegistryBrowser::~RegistryBrowser() = default;

void RegistryBrowser::setRegistry(const std::optional<Registry> &registry)
{
    m_model->setRegistry(registry);
}

void RegistryBrowser::refresh()
{
    m_model->refresh();
}

QString RegistryBrowser::currentReference() const
{
    return m_tree->currentIndex().data(RegistryBrowserModel::ReferenceRole).toString();
}

void RegistryBrowser::copyReference()
{
    const QString reference = currentReference();
    if (reference.isEmpty())
        return;
    QApplication::clipboard()->setText(reference);
    Q_EMIT statusMessage(tr("Copied %1").arg(reference), 5000);
}

void RegistryBrowser::updateStatus()
{
    QString text;
    switch (m_model->state()) {
    case RegistryBrowserModel::State::NoRegistry:
        text = tr("Select a registry to see its repositories.");
        break;
    case RegistryBrowserModel::State::Loading:
        text = tr("Listing the repositories of %1\u2026")
                   .arg(m_model->registry() ? m_model->registry()->name : QString());
        break;
    case RegistryBrowserModel::State::Empty:
        text = tr("This registry holds no repositories yet.");
        break;
    case RegistryBrowserModel::State::Failed:
        text = m_model->errorMessage();
        break;
    case RegistryBrowserModel::State::Ready: {
        const int repositories = m_model->rowCount();
        const QString more = m_model->isComplete() ? QString() : tr(" (scroll for more)");
        if (!m_filter->text().trimmed().isEmpty() && m_proxy->rowCount() == 0)
            text = tr("Nothing listed so far matches \u201c%1\u201d.").arg(m_filter->text().trimmed());
        else if (m_model->isBusy())
            text = tr("%n repositories%1, listing\u2026", nullptr, repositories).arg(more);
        else
            text = tr("%n repositories%1", nullptr, repositories).arg(more);
        break;
    }
    }
    m_status->setText(text);
    setHintTone(m_status, m_model->state() == RegistryBrowserModel::State::Failed);
    m_tree->setEnabled(m_model->state() == RegistryBrowserModel::State::Ready);
}

void RegistryBrowser::showContextMenu(const QPoint &position)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (const QModelIndex index = m_tree->indexAt(position); index.isValid()) {
        m_tree->setCurrentIndex(index);
        menu->addAction(m_copyAction);
        menu->addSeparator();
    }
    menu->addAction(m_refreshAction);
    menu->popup(m_tree->viewport()->mapToGlobal(position));
}

} // namespace Kiln
