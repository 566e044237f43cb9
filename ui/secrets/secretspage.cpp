#include "secretspage.h"

#include "common/listpage.h"
#include "secretlistmodel.h"
#include "secrets/secretdialog.h"
#include "store/catalogue.h"
#include "store/secretvault.h"

#include <QAction>
#include <QFutureWatcher>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

// How many users the delete confirmation names before it says "and N more".
constexpr int kNamedUsers = 10;

} // namespace

SecretsPage::SecretsPage(const Catalogue &catalogue, SecretVault &vault, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_vault(vault)
{
    m_model = new SecretListModel(m_catalogue, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(SecretListModel::SortRole);
    m_proxy->setFilterKeyColumn(-1); // name, kind, username and users

    ListPageOptions options;
    options.listName = u"secretList"_s;
    options.filterPlaceholder = tr("Filter secrets (Ctrl+F)");
    options.sortColumn = SecretListModel::NameColumn;
    options.columnWidths = {{SecretListModel::NameColumn, 180},
                            {SecretListModel::KindColumn, 150},
                            {SecretListModel::UsernameColumn, 140},
                            {SecretListModel::UsedByColumn, 260}};
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        const QString filter = m_listPage->filterText();
        return filter.isEmpty()
                   ? tr("No secrets yet. Add the login of a registry (for pushes and health checks) "
                        "or a pull secret for private base images.")
                   : tr("No secret matches \u201c%1\u201d.").arg(filter);
    };
    options.countText = [this] {
        const int total = m_model->rowCount();
        const int shown = m_proxy->rowCount();
        if (!m_listPage->filterText().isEmpty())
            return total == 1 ? tr("%1 of 1 secret").arg(shown)
                              : tr("%1 of %2 secrets").arg(shown).arg(total);
        return total == 1 ? tr("1 secret") : tr("%1 secrets").arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_listPage);

    m_banner = new QLabel;
    m_banner->setObjectName(u"fallbackBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    QPalette tone = m_banner->palette();
    tone.setColor(QPalette::Window, QColor(0xff, 0xf3, 0xcd));
    tone.setColor(QPalette::WindowText, QColor(0x66, 0x4d, 0x03));
    m_banner->setPalette(tone);
    m_banner->hide();
    m_listPage->insertAboveToolbar(m_banner);

    QToolBar *toolbar = m_listPage->toolBar();
    m_addAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&Add Secret\u2026"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add a registry credential or a pull secret (Ctrl+N)"));
    m_rotateAction = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Rotate\u2026"));
    m_rotateAction->setToolTip(tr("Replace the stored password or token"));
    m_deleteAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete\u2026"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setToolTip(tr("Delete the secret and its stored value (Del)"));
    // Ctrl+N works wherever the focus is while the page shows; Del acts on the
    // list, so it needs its focus (Del in the filter box edits the filter).
    m_addAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_addAction);
    m_listPage->addListAction(m_rotateAction);
    m_listPage->addListAction(m_deleteAction);
    m_listPage->setContextMenuActions({m_rotateAction, m_deleteAction}, {m_addAction});
    QPushButton *emptyAdd = m_listPage->addEmptyButton(tr("Add Secret\u2026"));
    emptyAdd->setObjectName(u"emptyAddButton"_s);
    connect(emptyAdd, &QPushButton::clicked, this, &SecretsPage::addSecret);

    connect(m_addAction, &QAction::triggered, this, &SecretsPage::addSecret);
    connect(m_rotateAction, &QAction::triggered, this, [this] { rotateSecret(currentSecretId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteSecret(currentSecretId()); });
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex &index) {
        rotateSecret(index.data(SecretListModel::SecretIdRole).toString());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SecretsPage::updateActions);
    connect(m_model, &SecretListModel::loaded, this, [this] {
        m_listPage->refresh();
        updateActions();
    });
    connect(m_model, &SecretListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    // Where the values live is known once the vault has probed for a keychain;
    // usingFallback() would block until then, so ask only when the probe is done.
    auto *probe = new QFutureWatcher<SecretBackend>(this);
    connect(probe, &QFutureWatcher<SecretBackend>::finished, this, [this, probe] {
        probe->deleteLater();
        m_backendKnown = true;
        const QString warning = m_vault.usingFallback() ? m_vault.fallbackWarning() : QString();
        m_banner->setText(warning);
        m_banner->setVisible(!warning.isEmpty());
    });
    probe->setFuture(m_vault.backend());

    m_listPage->refresh();
    updateActions();
}

SecretsPage::~SecretsPage() = default;

bool SecretsPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

QLineEdit *SecretsPage::filterEdit() const
{
    return m_listPage->filterEdit();
}

QString SecretsPage::currentSecretId() const
{
    return m_list->currentIndex().data(SecretListModel::SecretIdRole).toString();
}

void SecretsPage::setCurrentSecret(const QString &secretId)
{
    m_listPage->setCurrentSource(m_model->indexOfSecret(secretId));
}

SecretDialog *SecretsPage::addSecret()
{
    auto *dialog = SecretDialog::create(this, m_catalogue, m_vault);
    connect(dialog, &SecretDialog::saved, this,
            [this](const Secret &secret, bool created) { onSaved(secret.id, secret.name, created); });
    return dialog;
}

SecretDialog *SecretsPage::rotateSecret(const QString &secretId)
{
    if (secretId.isEmpty())
        return nullptr;
    const auto secret = SecretRepository(m_catalogue).get(secretId);
    if (!secret) {
        Q_EMIT statusMessage(secret.error().message);
        if (secret.error().code == StoreError::Code::NotFound)
            m_model->secretRemoved(secretId);
        return nullptr;
    }
    auto *dialog = SecretDialog::rotate(this, m_catalogue, m_vault, secret.value());
    connect(dialog, &SecretDialog::saved, this,
            [this](const Secret &saved, bool created) { onSaved(saved.id, saved.name, created); });
    return dialog;
}

void SecretsPage::onSaved(const QString &secretId, const QString &name, bool created)
{
    m_model->secretSaved(secretId);
    setCurrentSecret(secretId);
    Q_EMIT statusMessage(
        created ? tr("Added the secret %1.").arg(name) : tr("Rotated the secret %1.").arg(name), 5000);
    Q_EMIT secretsChanged();
}

QMessageBox *SecretsPage::deleteSecret(const QString &secretId)
{
    if (secretId.isEmpty())
        return nullptr;
    const SecretRepository secrets(m_catalogue);
    const auto secret = secrets.get(secretId);
    if (!secret) {
        Q_EMIT statusMessage(secret.error().message);
        return nullptr;
    }
    const auto usage = secrets.usage(secretId);
    if (!usage) {
        Q_EMIT statusMessage(usage.error().message);
        return nullptr;
    }
    const QStringList users = SecretListModel::usageLabels(usage.value());
    const QString name = secret->name;
    const QString ref = secret->keychainRef;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Secret"),
                                tr("Delete the secret \u201c%1\u201d?").arg(name), QMessageBox::Cancel, this);
    box->setObjectName(u"deleteSecretBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString details;
    if (users.isEmpty()) {
        details = tr("Nothing uses this secret.");
    } else {
        QStringList named = users.mid(0, kNamedUsers);
        if (users.size() > kNamedUsers)
            named.append(tr("and %1 more").arg(users.size() - kNamedUsers));
        details = users.size() == 1 ? tr("It is in use: %1 loses its login.").arg(named.join(u", "_s))
                                    : tr("It is in use: %1 (%2 in all) lose their login.")
                                          .arg(named.join(u", "_s))
                                          .arg(users.size());
    }
    details += u"\n\n"_s + tr("The stored value is erased too. This cannot be undone.");
    box->setInformativeText(details);
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this,
            [this, secretId, name, ref] { finishDelete(secretId, name, ref); });
    box->open();
    return box;
}

void SecretsPage::finishDelete(const QString &secretId, const QString &name, const QString &keychainRef)
{
    // The row first (the references to it are cleared), then its value.
    const auto removed = SecretRepository(m_catalogue).remove(secretId);
    if (!removed && removed.error().code != StoreError::Code::NotFound) {
        Q_EMIT statusMessage(removed.error().message);
        return;
    }
    m_model->secretRemoved(secretId);
    m_listPage->refresh();
    Q_EMIT secretsChanged();
    auto *watcher = new QFutureWatcher<Result<Done, VaultError>>(this);
    connect(watcher, &QFutureWatcher<Result<Done, VaultError>>::finished, this, [this, watcher, name] {
        watcher->deleteLater();
        const Result<Done, VaultError> erased = watcher->result();
        if (erased.ok())
            Q_EMIT statusMessage(tr("Deleted the secret %1.").arg(name), 5000);
        else
            Q_EMIT statusMessage(tr("Deleted the secret %1, but its value could not be erased: %2")
                                     .arg(name, erased.error().message));
    });
    watcher->setFuture(m_vault.remove(keychainRef));
}

void SecretsPage::refresh()
{
    m_model->usageChanged();
}

void SecretsPage::reload()
{
    m_model->reload();
}

void SecretsPage::updateActions()
{
    const bool current = m_list->currentIndex().isValid();
    m_rotateAction->setEnabled(current);
    m_deleteAction->setEnabled(current);
}

} // namespace Kiln
