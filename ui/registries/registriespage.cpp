#include "registriespage.h"

#include "bake/registryhealthmonitor.h"
#include "common/listpage.h"
#include "common/uistate.h"
#include "registries/registrydialog.h"
#include "registries/registryimportdialog.h"
#include "registrylistmodel.h"
#include "registryproxymodel.h"
#include "store/catalogue.h"
#include "store/registryfilter.h"
#include "store/secretrepository.h"

#include "registries/registrybrowser.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QtConcurrent>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

constexpr int kFilterDelayMs = 150;
constexpr int kClockMs = 60 * 1000;

QString yesNo(bool value)
{
    return value ? RegistriesPage::tr("Yes") : RegistriesPage::tr("No");
}

QString sizeText(qint64 mb, const QString &none)
{
    return mb < 0 ? none : RegistriesPage::tr("%1 MB").arg(QLocale().toString(mb));
}

struct ImportOutcome
{
    RegistryImportReport report;
    QString error; // the file could not be read
};

} // namespace

RegistriesPage::RegistriesPage(const Catalogue &catalogue, RegistriesPageServices services, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_services(std::move(services))
{
    m_model = new RegistryListModel(m_catalogue, this);
    m_proxy = new RegistryProxyModel(this);
    m_proxy->setSourceModel(m_model);

    ListPageOptions options;
    options.listName = u"registryList"_s;
    options.filterPlaceholder = tr("Filter by name, URL, prefix, tag or metadata (Ctrl+F)");
    options.filterBesideToolbar = false;
    options.findContext = Qt::WidgetWithChildrenShortcut;
    options.filterDelayMs = kFilterDelayMs;
    options.applyFilter = [this](const QString &text) {
        m_proxy->setFilterText(text);
        applyFieldFilter();
    };
    options.sortColumn = RegistryListModel::NameColumn;
    options.stretchColumn = RegistryListModel::UrlColumn;
    options.columnWidths = {{RegistryListModel::NameColumn, 130},
                            {RegistryListModel::TagsColumn, 110},
                            {RegistryListModel::HealthColumn, 140},
                            {RegistryListModel::LastCheckedColumn, 95},
                            {RegistryListModel::PushTargetColumn, 85}};
    options.headerState = &UiState::registryListHeader;
    options.splitterState = &UiState::registriesSplitter;
    options.splitterStretch = {2, 1};
    options.splitterSizes = {2000, 1000}; // two thirds for the list until the user moves it
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        return m_model->rowCount() > 0
                   ? tr("No registry matches the filters.")
                   : tr("<h3>No registries yet</h3><p>A registry is where images live: the Image Builder "
                        "pushes what it builds to the <i>push target</i>, and images and base images are "
                        "pulled from the others. Kiln checks that each one answers and browses what it "
                        "holds.</p><p>Press <b>New Registry</b> (Ctrl+N) to add the first one, or "
                        "<b>Import</b> a container-registry JSON file.</p>");
    };
    options.countText = [this] {
        // No registries: the empty state says so, not "0 of 0".
        const int total = m_model->rowCount();
        if (total == 0)
            return QString();
        return total == 1 ? tr("1 registry")
                          : tr("%1 of %2 registries shown").arg(m_proxy->rowCount()).arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_listPage);

    QToolBar *toolbar = m_listPage->toolBar();
    m_newAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Registry\u2026"));
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setToolTip(tr("Add a registry to push to or pull from (Ctrl+N)"));
    m_editAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Edit\u2026"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_deleteAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete\u2026"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    toolbar->addSeparator();
    m_pushTargetAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Make &Push Target"));
    m_pushTargetAction->setToolTip(
        tr("The Image Builder pushes built images to this registry (only one at a time)"));
    m_checkAction = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Check Now"));
    m_checkAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_checkAction->setToolTip(tr("Ping the registry's /v2/ API now (F5)"));
    toolbar->addSeparator();
    m_importAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Import\u2026"));
    m_importAction->setToolTip(tr("Add registries from a container-registry JSON file"));
    m_exportAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("E&xport\u2026"));
    m_exportAction->setToolTip(tr("Save every registry as container-registry JSON (without credentials)"));
    for (QAction *action : {m_newAction, m_editAction, m_deleteAction, m_checkAction})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    for (QAction *action : {m_newAction, m_editAction, m_deleteAction, m_checkAction})
        addAction(action);
    m_listPage->setContextMenuActions(
        {m_editAction, m_pushTargetAction, m_checkAction, nullptr, m_deleteAction},
        {m_newAction, m_importAction, m_exportAction});

    m_tagButton = new QToolButton;
    m_tagButton->setObjectName(u"tagFilterButton"_s);
    m_tagButton->setPopupMode(QToolButton::InstantPopup);
    m_tagButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_tagMenu = new QMenu(m_tagButton);
    m_tagButton->setMenu(m_tagMenu);
    m_tagMode = new QComboBox;
    m_tagMode->setObjectName(u"tagModeCombo"_s);
    m_tagMode->addItem(tr("Any of the tags"), false);
    m_tagMode->addItem(tr("All of the tags"), true);
    m_tagMode->setToolTip(tr("Any of: at least one checked tag (like $in). All of: every checked tag."));
    m_fieldFilter = new QLineEdit;
    m_fieldFilter->setObjectName(u"fieldFilterEdit"_s);
    m_fieldFilter->setPlaceholderText(tr("field=value; \u2026"));
    m_fieldFilter->setClearButtonEnabled(true);
    m_fieldFilter->setToolTip(
        tr("Filter by any field, e.g. storage_type=s3; registry_type=internal. Fields: %1")
            .arg(registryFilterFieldNames().join(u", "_s)));
    QHBoxLayout *filters = m_listPage->filterRow();
    filters->setStretchFactor(m_listPage->filterEdit(), 2);
    filters->addWidget(m_tagButton);
    filters->addWidget(m_tagMode);
    filters->addWidget(m_fieldFilter, 1);

    // The detail pane: the selected registry's fields, its health and the browser.
    m_details = new QWidget;
    m_details->setObjectName(u"registryDetails"_s);
    auto *detailLayout = new QVBoxLayout(m_details);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detailTitle = new QLabel;
    m_detailTitle->setObjectName(u"detailTitle"_s);
    m_detailTitle->setTextFormat(Qt::PlainText);
    QFont titleFont = m_detailTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_detailTitle->setFont(titleFont);
    detailLayout->addWidget(m_detailTitle);
    m_detailHealth = new QLabel;
    m_detailHealth->setObjectName(u"detailHealth"_s);
    m_detailHealth->setTextFormat(Qt::PlainText);
    m_detailHealth->setWordWrap(true);
    m_detailHealth->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_detailHealth);
    auto *formHolder = new QWidget;
    m_detailForm = new QFormLayout(formHolder);
    m_detailForm->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(formHolder);
    auto *detailSplitter = new QSplitter(Qt::Vertical);
    detailSplitter->addWidget(scroll);
    if (m_services.oci) {
        m_browser = new RegistryBrowser(m_services.oci, m_services.credentials);
        m_browser->setObjectName(u"registryBrowser"_s);
        detailSplitter->addWidget(m_browser);
    }
    detailSplitter->setSizes({1000, 1000});
    detailLayout->addWidget(detailSplitter, 1);
    m_listPage->setDetailPane(m_details, ListPage::EmptyCovers::WholeArea, u"registriesSplitter"_s);
    QPushButton *emptyNew = m_listPage->addEmptyButton(tr("New Registry\u2026"));
    emptyNew->setObjectName(u"emptyNewButton"_s);
    connect(emptyNew, &QPushButton::clicked, this, &RegistriesPage::newRegistry);

    connect(m_newAction, &QAction::triggered, this, &RegistriesPage::newRegistry);
    connect(m_editAction, &QAction::triggered, this, [this] { editRegistry(currentRegistryId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteRegistry(currentRegistryId()); });
    connect(m_pushTargetAction, &QAction::triggered, this, [this] { makePushTarget(currentRegistryId()); });
    connect(m_checkAction, &QAction::triggered, this, [this] { checkNow(currentRegistryId()); });
    connect(m_importAction, &QAction::triggered, this, &RegistriesPage::chooseImportFile);
    connect(m_exportAction, &QAction::triggered, this, &RegistriesPage::chooseExportFile);
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex &index) {
        editRegistry(index.data(RegistryListModel::RegistryIdRole).toString());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_listPage, &ListPage::refreshed, this, &RegistriesPage::updateActions);
    connect(m_model, &RegistryListModel::loaded, this, [this] {
        updateTagMenu();
        m_listPage->refresh();
    });
    // The tag menu lists the tags of the registries there are.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &RegistriesPage::updateTagMenu);
    connect(m_model, &RegistryListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    connect(m_tagMenu, &QMenu::triggered, this, [this](QAction *action) {
        const QString tag = action->data().toString();
        if (action->isChecked())
            m_checkedTags.append(tag);
        else
            m_checkedTags.removeAll(tag);
        applyTagFilter();
    });
    connect(m_tagMode, &QComboBox::currentIndexChanged, this, &RegistriesPage::applyTagFilter);

    connect(m_fieldFilter, &QLineEdit::textChanged, m_listPage, &ListPage::scheduleFilter);
    // "Last checked" is relative: it moves on once a minute.
    m_clockTimer.setInterval(kClockMs);
    connect(&m_clockTimer, &QTimer::timeout, m_model, &RegistryListModel::refreshRelativeTimes);
    m_clockTimer.start();

    if (m_services.monitor) {
        connect(m_services.monitor, &RegistryHealthMonitor::healthChanged, m_model,
                &RegistryListModel::applyHealth);
        connect(m_services.monitor, &RegistryHealthMonitor::statusChanged, this,
                [this](const QString &id, const RegistryHealth &health) {
                    const QModelIndex index = m_model->indexOfRegistry(id);
                    if (index.isValid())
                        Q_EMIT statusMessage(tr("Registry %1: %2")
                                                 .arg(index.data(RegistryListModel::NameRole).toString(),
                                                      RegistryListModel::healthText(health)),
                                             8000);
                });
        connect(m_services.monitor, &RegistryHealthMonitor::failed, this,
                [this](const QString &message) { Q_EMIT statusMessage(message, 8000); });
    }
    updateTagMenu();
    m_listPage->refresh();
    updateDetails();
}

RegistriesPage::~RegistriesPage() = default;

QString RegistriesPage::currentRegistryId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(RegistryListModel::RegistryIdRole).toString() : QString();
}

bool RegistriesPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

RegistryImportDialog *RegistriesPage::importReport() const
{
    return findChild<RegistryImportDialog *>(QString(), Qt::FindDirectChildrenOnly);
}

void RegistriesPage::selectRegistry(const QString &registryId)
{
    const QModelIndex source = m_model->indexOfRegistry(registryId);
    if (source.isValid())
        m_list->setCurrentIndex(m_proxy->mapFromSource(source));
}

void RegistriesPage::updateActions()
{
    const QModelIndex current = m_list->currentIndex();
    const bool any = current.isValid();
    const bool target = any && current.data(RegistryListModel::PushTargetRole).toBool();
    m_editAction->setEnabled(any);
    m_deleteAction->setEnabled(any);
    m_pushTargetAction->setEnabled(any && !target);
    m_pushTargetAction->setText(target ? tr("Push Target") : tr("Make &Push Target"));
    m_checkAction->setEnabled(any && (m_services.monitor || m_services.checker));
    m_exportAction->setEnabled(m_model->rowCount() > 0);
}

void RegistriesPage::updateDetails()
{
    const QModelIndex current = m_list->currentIndex();
    while (m_detailForm->rowCount() > 0)
        m_detailForm->removeRow(0);
    if (!current.isValid()) {
        m_detailTitle->setText(tr("No registry selected"));
        m_detailHealth->clear();
        showInBrowser(std::nullopt);
        return;
    }
    const int row = m_proxy->mapToSource(current).row();
    const Registry registry = m_model->registry(row);
    const RegistryHealth health = m_model->health(row);
    m_detailTitle->setText(registry.pushTarget ? tr("%1 (push target)").arg(registry.name) : registry.name);
    QString healthLine = RegistryListModel::healthText(health);
    if (!health.message.isEmpty())
        healthLine = tr("%1: %2").arg(healthLine, health.message);
    if (health.checkedAt > 0)
        healthLine += u'\n' + tr("Checked %1")
                                  .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(health.checkedAt),
                                                          QLocale::ShortFormat));
    m_detailHealth->setText(healthLine);

    auto add = [this](const QString &label, const QString &value) {
        auto *text = new QLabel(value);
        text->setTextFormat(Qt::PlainText);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_detailForm->addRow(label, text);
    };
    add(tr("Public URL:"), registry.publicUrl);
    add(tr("Image prefix:"), registry.imagePrefix);
    add(tr("Tags:"), registry.tags.isEmpty() ? tr("none") : registry.tags.join(u", "_s));
    add(tr("Type:"), registry.registryType == RegistryType::Internal ? tr("Internal") : tr("External"));
    add(tr("Authentication:"), registry.authRequired ? tr("required") : tr("not required"));
    add(tr("Mirror:"), yesNo(registry.mirrorEnabled));
    add(tr("TLS:"), registry.tlsVerify ? tr("verified") : tr("insecure (not verified)"));
    if (!registry.customCaFile.isEmpty())
        add(tr("CA file:"), registry.customCaFile);
    add(tr("Max layer size:"), sizeText(registry.maxLayerSizeMb, tr("unlimited")));
    add(tr("Storage:"), tr("%1, %2").arg(registryStorageName(registry.storageType),
                                         sizeText(registry.storageSizeMb, tr("size unknown"))));
    add(tr("Memory:"), sizeText(registry.memoryMb, tr("unknown")));
    QString credentials = tr("none (anonymous)");
    if (!registry.credentialsSecretId.isEmpty()) {
        const auto secret = SecretRepository(m_catalogue).get(registry.credentialsSecretId);
        credentials =
            secret ? (secret->username.isEmpty() ? secret->name
                                                 : tr("%1 (user %2)").arg(secret->name, secret->username))
                   : registry.credentialsSecretId;
    }
    add(tr("Credentials:"), credentials);
    for (auto it = registry.metadata.cbegin(); it != registry.metadata.cend(); ++it)
        add(tr("%1:").arg(it.key()), it.value());
    showInBrowser(registry);
}

void RegistriesPage::showInBrowser(std::optional<Registry> registry)
{
    if (!m_browser)
        return;
    // Health results and the clock change the row, not what the browser lists:
    // it reloads only for another registry or another way to reach it.
    if (registry) {
        registry->healthStatus.clear();
        registry->healthLatencyMs.reset();
        registry->healthCheckedAt.reset();
        registry->healthMessage.clear();
    }
    if (registry == m_browsing && m_browsingSet)
        return;
    m_browsing = registry;
    m_browsingSet = true;
    m_browser->setRegistry(registry);
}

void RegistriesPage::updateTagMenu()
{
    const QStringList known = m_model->knownTags();
    m_checkedTags.erase(std::remove_if(m_checkedTags.begin(), m_checkedTags.end(),
                                       [&known](const QString &tag) { return !known.contains(tag); }),
                        m_checkedTags.end());
    m_tagMenu->clear();
    if (known.isEmpty()) {
        QAction *none = m_tagMenu->addAction(tr("No tags yet"));
        none->setEnabled(false);
    }
    for (const QString &tag : known) {
        QAction *action = m_tagMenu->addAction(tag);
        action->setCheckable(true);
        action->setData(tag);
        action->setChecked(m_checkedTags.contains(tag));
    }
    applyTagFilter();
}

void RegistriesPage::setTagFilter(const QStringList &tags, bool all)
{
    m_checkedTags = tags;
    {
        const QSignalBlocker blocker(m_tagMode);
        m_tagMode->setCurrentIndex(all ? 1 : 0);
    }
    for (QAction *action : m_tagMenu->actions())
        action->setChecked(m_checkedTags.contains(action->data().toString()));
    applyTagFilter();
}

void RegistriesPage::applyTagFilter()
{
    const bool all = m_tagMode->currentData().toBool();
    m_proxy->setTagsAnyOf(all ? QStringList() : m_checkedTags);
    m_proxy->setTagsAllOf(all ? m_checkedTags : QStringList());
    m_tagButton->setText(m_checkedTags.isEmpty() ? tr("Tags: any")
                                                 : tr("Tags: %1").arg(m_checkedTags.join(u", "_s)));
    m_listPage->refresh();
}

void RegistriesPage::applyFieldFilter()
{
    QList<QPair<QString, QString>> fields;
    m_fieldProblem.clear();
    const QStringList parts = m_fieldFilter->text().split(u';', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part.trimmed().isEmpty())
            continue;
        const auto parsed = parseRegistryFieldFilter(part.trimmed());
        if (!parsed) {
            m_fieldProblem = tr("%1: %2").arg(part.trimmed(), parsed.error().describe());
            break;
        }
        fields.append(parsed.value());
    }
    // A filter that does not parse is not applied; the field says why.
    QPalette palette = m_fieldFilter->palette();
    palette.setColor(QPalette::Text, m_fieldProblem.isEmpty() ? QWidget::palette().color(QPalette::Text)
                                                              : QColor(0xd3, 0x2f, 0x2f));
    m_fieldFilter->setPalette(palette);
    m_fieldFilter->setToolTip(m_fieldProblem.isEmpty()
                                  ? tr("Filter by any field, e.g. storage_type=s3; registry_type=internal. "
                                       "Fields: %1")
                                        .arg(registryFilterFieldNames().join(u", "_s))
                                  : m_fieldProblem);
    if (m_fieldProblem.isEmpty())
        m_proxy->setFieldFilters(fields);
    else
        Q_EMIT statusMessage(m_fieldProblem, 5000);
}

RegistryDialogServices RegistriesPage::dialogServices() const
{
    RegistryDialogServices services;
    services.catalogue = &m_catalogue;
    services.vault = m_services.vault;
    services.checker = m_services.checker;
    if (const auto secrets = SecretRepository(m_catalogue).list(); secrets)
        services.secrets = secrets.value();
    services.knownTags = m_model->knownTags();
    services.nameTaken = [this](const QString &name) {
        return RegistryRepository(m_catalogue).getByName(name).ok();
    };
    return services;
}

RegistryDialog *RegistriesPage::newRegistry()
{
    RegistryDialog *dialog = RegistryDialog::create(this, dialogServices());
    connect(dialog, &RegistryDialog::saved, this, [this](const Registry &registry) {
        m_model->registrySaved(registry.id);
        if (registry.pushTarget)
            m_model->pushTargetChanged(registry.id);
        updateTagMenu();
        selectRegistry(registry.id);
        if (m_services.monitor)
            m_services.monitor->checkNow(registry.id);
        Q_EMIT registriesChanged();
        Q_EMIT statusMessage(tr("Added the registry %1").arg(registry.name), 5000);
    });
    return dialog;
}

RegistryDialog *RegistriesPage::editRegistry(const QString &registryId)
{
    if (registryId.isEmpty())
        return nullptr;
    const auto registry = RegistryRepository(m_catalogue).get(registryId);
    if (!registry) {
        Q_EMIT statusMessage(registry.error().message);
        return nullptr;
    }
    RegistryDialog *dialog = RegistryDialog::edit(this, dialogServices(), registry.value());
    connect(dialog, &RegistryDialog::saved, this, [this](const Registry &saved) {
        m_model->registrySaved(saved.id);
        updateTagMenu();
        updateDetails();
        if (m_services.monitor)
            m_services.monitor->checkNow(saved.id);
        Q_EMIT registriesChanged();
        Q_EMIT statusMessage(tr("Saved the registry %1").arg(saved.name), 5000);
    });
    return dialog;
}

void RegistriesPage::deleteRegistry(const QString &registryId)
{
    const auto registry = RegistryRepository(m_catalogue).get(registryId);
    if (!registry)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Registry"),
                                tr("Delete the registry \u201c%1\u201d?").arg(registry->name),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"deleteRegistryBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString details = tr("Kiln forgets the registry; the images in it are not touched.");
    if (registry->pushTarget)
        details += u"\n\n"_s +
                   tr("It is the Image Builder's push target: builds cannot be pushed until another registry "
                      "is made the push target.");
    if (!registry->credentialsSecretId.isEmpty())
        details += u"\n\n"_s + tr("Its credentials stay in the Secrets list.");
    box->setInformativeText(details);
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    const QString name = registry->name;
    connect(confirm, &QPushButton::clicked, this, [this, registryId, name] {
        const auto removed = RegistryRepository(m_catalogue).remove(registryId);
        if (!removed) {
            Q_EMIT statusMessage(removed.error().message);
            return;
        }
        m_model->registryRemoved(registryId);
        updateTagMenu();
        Q_EMIT registriesChanged();
        Q_EMIT statusMessage(tr("Deleted the registry %1.").arg(name), 5000);
    });
    box->open();
}

void RegistriesPage::makePushTarget(const QString &registryId)
{
    if (registryId.isEmpty())
        return;
    const auto target = RegistryRepository(m_catalogue).setPushTarget(registryId);
    if (!target) {
        Q_EMIT statusMessage(target.error().message);
        return;
    }
    m_model->pushTargetChanged(registryId);
    updateActions();
    updateDetails();
    Q_EMIT registriesChanged();
    Q_EMIT statusMessage(tr("The Image Builder now pushes to %1.").arg(target->name), 5000);
}

void RegistriesPage::checkNow(const QString &registryId)
{
    if (registryId.isEmpty())
        return;
    const QModelIndex index = m_model->indexOfRegistry(registryId);
    const QString name = index.isValid() ? index.data(RegistryListModel::NameRole).toString() : registryId;
    if (m_services.monitor) {
        m_services.monitor->checkNow(registryId);
        Q_EMIT statusMessage(tr("Checking %1\u2026").arg(name), 5000);
        return;
    }
    if (!m_services.checker || !index.isValid())
        return;
    // Without a monitor the result is shown, not stored.
    const Registry registry = m_model->registry(index.row());
    auto *watcher = new QFutureWatcher<RegistryHealth>(this);
    connect(watcher, &QFutureWatcher<RegistryHealth>::finished, this, [this, watcher, registryId] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0)
            m_model->applyHealth(registryId, watcher->result());
    });
    watcher->setFuture(m_services.checker->check(registry));
    Q_EMIT statusMessage(tr("Checking %1\u2026").arg(name), 5000);
}

void RegistriesPage::chooseImportFile()
{
    auto *dialog =
        new QFileDialog(this, tr("Import Registries"), QString(), tr("JSON files (*.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    connect(dialog, &QFileDialog::fileSelected, this, &RegistriesPage::importFrom);
    dialog->open();
}

void RegistriesPage::chooseExportFile()
{
    auto *dialog = new QFileDialog(this, tr("Export Registries"), u"registries.json"_s,
                                   tr("JSON files (*.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"json"_s);
    connect(dialog, &QFileDialog::fileSelected, this, &RegistriesPage::exportTo);
    dialog->open();
}

void RegistriesPage::importFrom(const QString &path)
{
    m_importAction->setEnabled(false);
    Q_EMIT statusMessage(tr("Importing %1\u2026").arg(QFileInfo(path).fileName()));
    auto *watcher = new QFutureWatcher<ImportOutcome>(this);
    connect(watcher, &QFutureWatcher<ImportOutcome>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_importAction->setEnabled(true);
        const ImportOutcome outcome = watcher->result();
        if (!outcome.error.isEmpty()) {
            Q_EMIT statusMessage(outcome.error);
            RegistryImportReport report;
            report.problems.append({0, 0, QString(), outcome.error});
            RegistryImportDialog::show(this, path, report);
            Q_EMIT importFinished(report);
            return;
        }
        const RegistryImportReport &report = outcome.report;
        for (const Registry &registry : report.created)
            m_model->registrySaved(registry.id);
        for (const Registry &registry : report.updated)
            m_model->registrySaved(registry.id);
        updateTagMenu();
        if (!report.created.isEmpty() || !report.updated.isEmpty()) {
            Q_EMIT registriesChanged();
            if (m_services.monitor)
                m_services.monitor->checkAll();
        }
        RegistryImportDialog *dialog = RegistryImportDialog::show(this, path, report);
        Q_EMIT statusMessage(dialog->summary(), 8000);
        Q_EMIT importFinished(report);
    });
    const Catalogue *catalogue = &m_catalogue;
    watcher->setFuture(QtConcurrent::run([catalogue, path] {
        ImportOutcome outcome;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            outcome.error = tr("Could not read %1: %2").arg(path, file.errorString());
            return outcome;
        }
        // Entries whose id or name exists already are reported as skipped.
        outcome.report =
            importRegistries(RegistryRepository(*catalogue), file.readAll(), ImportConflict::Skip);
        return outcome;
    }));
}

void RegistriesPage::exportTo(const QString &path)
{
    struct Exported
    {
        QString error;
        qsizetype count = 0;
    };
    auto *watcher = new QFutureWatcher<Exported>(this);
    connect(watcher, &QFutureWatcher<Exported>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const Exported result = watcher->result();
        Q_EMIT statusMessage(result.error.isEmpty()
                                 ? tr("Exported %n registries to %1.", nullptr, int(result.count)).arg(path)
                                 : result.error,
                             result.error.isEmpty() ? 8000 : 0);
        Q_EMIT exportFinished(path, result.error);
    });
    // Read and write on the pool: the catalogue can be a remote PostgreSQL.
    watcher->setFuture(QtConcurrent::run([catalogue = &m_catalogue, path]() -> Exported {
        const auto registries = RegistryRepository(*catalogue).list();
        if (!registries)
            return {registries.error().message};
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {tr("Could not write %1: %2").arg(path, file.errorString())};
        file.write(exportRegistries(registries.value()));
        if (!file.commit())
            return {tr("Could not write %1: %2").arg(path, file.errorString())};
        return {QString(), registries->size()};
    }));
}

} // namespace Kiln
