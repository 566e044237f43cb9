#include "bakeimagespage.h"

#include "bake/bakecontent.h"
#include "bake/bakeservice.h"
#include "bakeimageproxymodel.h"
#include "bakeimages/bakeimagedetailpane.h"
#include "bakeimages/cacheview.h"
#include "bakeimages/registerbakedialog.h"
#include "catalogueloader.h"
#include "common/listpage.h"
#include "common/uistate.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/secretrepository.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QtConcurrent>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

// The Name cell of a deactivated image: the name, then a grey "deactivated" pill.
class NameBadgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (!index.data(BakeImageListModel::DeactivatedRole).toBool()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QFont small = option.font;
        small.setPointSizeF(small.pointSizeF() * 0.85);
        small.setItalic(false);
        const QFontMetrics metrics(small);
        const QString text = BakeImagesPage::tr("deactivated");
        const int width = metrics.horizontalAdvance(text) + 12;
        // The whole cell's background (selection too) first, then the name beside the pill.
        QStyleOptionViewItem full = option;
        initStyleOption(&full, index);
        full.text.clear();
        full.icon = QIcon();
        const QWidget *view = option.widget;
        QStyle *style = view ? view->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &full, painter, view);
        QStyleOptionViewItem shrunk = option;
        shrunk.rect.setRight(option.rect.right() - width - 6);
        QStyledItemDelegate::paint(painter, shrunk, index);
        // The pill goes over the full cell's selection background, after the name.
        const QRect pill(option.rect.right() - width - 2, option.rect.center().y() - metrics.height() / 2 - 1,
                         width, metrics.height() + 2);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x75, 0x75, 0x75));
        painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
        painter->setPen(Qt::white);
        painter->setFont(small);
        painter->drawText(pill, Qt::AlignCenter, text);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (index.data(BakeImageListModel::DeactivatedRole).toBool())
            size.rwidth() +=
                QFontMetrics(option.font).horizontalAdvance(BakeImagesPage::tr("deactivated")) + 20;
        return size;
    }
};

bool isRunning(const BakeImage &image)
{
    return image.state == BakeState::Queued || image.state == BakeState::Baking;
}

struct TransferOutcome
{
    QString error;
    bool cancelled = false;
    std::optional<BakeImage> image; // an upload's result
};

} // namespace

struct BakeImagesPage::Transfer
{
    QString imageId;
    QString name;
    QString path;
    bool upload = false;
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
    QFutureWatcher<TransferOutcome> *watcher = nullptr;
    qint64 done = 0;
    qint64 total = -1;
};

BakeImagesPage::BakeImagesPage(const Catalogue &catalogue, BakeService *bakeService, WarmService *warm,
                               QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_bake(bakeService)
{
    m_calls = new CatalogueLoader(m_catalogue, this);
    m_secretLookup = new CatalogueLoader(m_catalogue, this);
    m_model = new BakeImageListModel(m_catalogue, this);
    m_proxy = new BakeImageProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setShowDeactivated(UiState::bakeImagesShowDeactivated.get());

    ListPageOptions options;
    options.listName = u"bakeImageList"_s;
    options.filterPlaceholder = tr("Filter by name or source (Ctrl+F)");
    options.filterBesideToolbar = false; // the toolbar needs the whole row
    options.findContext = Qt::WidgetWithChildrenShortcut;
    options.applyFilter = [this](const QString &text) { m_proxy->setFilterText(text); };
    options.sortColumn = BakeImageListModel::NameColumn;
    options.stretchColumn = BakeImageListModel::SourceColumn;
    options.columnWidths = {
        {BakeImageListModel::NameColumn, 115},    {BakeImageListModel::SizeCapColumn, 65},
        {BakeImageListModel::StateColumn, 90},    {BakeImageListModel::ScanColumn, 80},
        {BakeImageListModel::ContentColumn, 110}, {BakeImageListModel::UpdatedColumn, 95}};
    options.headerState = &UiState::bakeImageListHeader;
    options.splitterState = &UiState::bakeImagesSplitter;
    options.splitterStretch = {3, 2};
    options.splitterSizes = {1800, 900};
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        return m_model->rowCount() > 0
                   ? tr("No bake image matches the filter.")
                   : tr("<h3>No bake images yet</h3><p>A bake image is a root file system baked into an ext4 "
                        "file that workers start from: register its source (an image in a registry or a "
                        "tar file) and a size cap, and Kiln pulls, unpacks, writes and scans it.</p>"
                        "<p>Press <b>Register</b> (Ctrl+N) to add the first one.</p>");
    };
    options.countText = [this] {
        const int total = m_model->rowCount();
        if (total == 0)
            return QString();
        return total == 1 ? tr("1 bake image")
                          : tr("%1 of %2 bake images shown").arg(m_proxy->rowCount()).arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    m_list->setItemDelegateForColumn(BakeImageListModel::NameColumn, new NameBadgeDelegate(m_list));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_listPage);

    m_showDeactivated = new QCheckBox(tr("Show &deactivated"));
    m_showDeactivated->setObjectName(u"showDeactivatedCheck"_s);
    m_showDeactivated->setChecked(m_proxy->showDeactivated());
    m_showDeactivated->setToolTip(tr("List the images nothing new may start from"));
    m_listPage->filterRow()->addWidget(m_showDeactivated);
    connect(m_showDeactivated, &QCheckBox::toggled, this, [this](bool show) {
        m_proxy->setShowDeactivated(show);
        UiState::bakeImagesShowDeactivated.set(show);
        m_listPage->refresh();
    });

    QToolBar *toolbar = m_listPage->toolBar();
    auto add = [this, toolbar](QStyle::StandardPixmap icon, const QString &text, const QKeySequence &keys,
                               const QString &tip) {
        QAction *action = toolbar->addAction(style()->standardIcon(icon), text);
        if (!keys.isEmpty()) {
            action->setShortcut(keys);
            action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
            addAction(action);
        }
        action->setToolTip(keys.isEmpty() ? tip
                                          : tr("%1 (%2)").arg(tip, keys.toString(QKeySequence::NativeText)));
        return action;
    };
    m_registerAction =
        add(QStyle::SP_FileIcon, tr("&Register\u2026"), QKeySequence::New, tr("Register a new bake image"));
    toolbar->addSeparator();
    m_bakeAction = add(QStyle::SP_MediaPlay, tr("&Bake"), QKeySequence(Qt::CTRL | Qt::Key_B),
                       tr("Pull, unpack and write the image's ext4 file"));
    m_cancelBakeAction =
        add(QStyle::SP_MediaStop, tr("&Cancel Bake"), {}, tr("Stop the queued or running bake"));
    m_rescanAction = add(QStyle::SP_BrowserReload, tr("Re&scan"), QKeySequence(Qt::Key_F5),
                         tr("Scan the content for vulnerabilities again"));
    toolbar->addSeparator();
    m_downloadAction = add(QStyle::SP_DialogSaveButton, tr("Do&wnload Content\u2026"),
                           QKeySequence(Qt::CTRL | Qt::Key_S), tr("Save a copy of the ext4 file"));
    m_uploadAction =
        add(QStyle::SP_DialogOpenButton, tr("&Upload Content\u2026"), QKeySequence(Qt::CTRL | Qt::Key_U),
            tr("Use an ext4 file or bake a tar as the content"));
    // The toolbar says less than the menus.
    m_downloadAction->setIconText(tr("Download\u2026"));
    m_uploadAction->setIconText(tr("Upload\u2026"));
    m_deleteContentAction = add(QStyle::SP_DialogDiscardButton, tr("Delete C&ontent\u2026"), {},
                                tr("Delete the ext4 file; the registration stays"));
    toolbar->addSeparator();
    m_deactivateAction = add(QStyle::SP_DialogNoButton, tr("Deac&tivate"), QKeySequence(Qt::CTRL | Qt::Key_D),
                             tr("Nothing new starts from a deactivated image"));
    m_deleteAction = add(QStyle::SP_TrashIcon, tr("&Delete\u2026"), QKeySequence::Delete,
                         tr("Delete the registration and its content"));
    m_listPage->setContextMenuActions({m_bakeAction, m_cancelBakeAction, m_rescanAction, nullptr,
                                       m_downloadAction, m_uploadAction, m_deleteContentAction, nullptr,
                                       m_deactivateAction, m_deleteAction},
                                      {m_registerAction});

    m_details = new BakeImageDetailPane;
    m_details->setObjectName(u"bakeImageDetails"_s);
    m_cacheView = new CacheView(m_catalogue, warm);
    m_details->setWorkersView(m_cacheView);
    connect(m_cacheView, &CacheView::statusMessage, this, &BakeImagesPage::statusMessage);
    m_listPage->setDetailPane(m_details, ListPage::EmptyCovers::WholeArea, u"bakeImagesSplitter"_s);
    QPushButton *emptyRegister = m_listPage->addEmptyButton(tr("Register\u2026"));
    emptyRegister->setObjectName(u"emptyRegisterButton"_s);
    connect(emptyRegister, &QPushButton::clicked, this, &BakeImagesPage::registerImage);

    connect(m_registerAction, &QAction::triggered, this, &BakeImagesPage::registerImage);
    connect(m_bakeAction, &QAction::triggered, this, [this] { bake(currentImageId()); });
    connect(m_cancelBakeAction, &QAction::triggered, this, [this] { cancelBake(currentImageId()); });
    connect(m_rescanAction, &QAction::triggered, this, [this] { rescan(currentImageId()); });
    connect(m_downloadAction, &QAction::triggered, this, [this] { chooseDownloadFile(currentImageId()); });
    connect(m_uploadAction, &QAction::triggered, this, [this] { chooseUploadFile(currentImageId()); });
    connect(m_deleteContentAction, &QAction::triggered, this, [this] { deleteContent(currentImageId()); });
    connect(m_deactivateAction, &QAction::triggered, this, [this] { toggleDeactivated(currentImageId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteImage(currentImageId()); });
    connect(m_details, &BakeImageDetailPane::cancelBakeRequested, this, [this] { cancelBake(m_shownId); });
    connect(m_details, &BakeImageDetailPane::cancelTransferRequested, this, &BakeImagesPage::cancelTransfer);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
                const QModelIndex current = m_model->indexOfImage(m_shownId);
                if (!current.isValid() || current.row() < topLeft.row() || current.row() > bottomRight.row())
                    return;
                updateActions();
                if (roles ==
                    QList<int>{BakeImageListModel::ProgressDoneRole, BakeImageListModel::ProgressTotalRole})
                    m_details->setProgress(m_model->progress(current.row()));
                else
                    updateDetails();
            });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_model, &BakeImageListModel::loaded, this, [this] {
        m_listPage->refresh();
        updateActions();
        updateDetails();
    });
    connect(m_model, &BakeImageListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    if (m_bake) {
        connect(m_bake, &BakeService::bakeChanged, this, [this](const BakeImage &image) {
            m_model->applyImage(image);
            m_listPage->refresh();
        });
        connect(m_bake, &BakeService::bakeProgress, this, &BakeImagesPage::onBakeProgress);
    }

    m_listPage->refresh();
    updateActions();
    updateDetails();
}

BakeImagesPage::~BakeImagesPage()
{
    if (m_transfer) {
        m_transfer->cancel->store(true);
        m_transfer->watcher->disconnect(this);
        m_transfer->watcher->waitForFinished();
    }
}

bool BakeImagesPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

QLineEdit *BakeImagesPage::filterEdit() const
{
    return m_listPage->filterEdit();
}

QString BakeImagesPage::currentImageId() const
{
    return m_list->currentIndex().data(BakeImageListModel::ImageIdRole).toString();
}

void BakeImagesPage::setCurrentImage(const QString &imageId)
{
    m_listPage->setCurrentSource(m_model->indexOfImage(imageId));
}

std::optional<BakeImage> BakeImagesPage::imageOf(const QString &imageId) const
{
    const QModelIndex index = m_model->indexOfImage(imageId);
    if (!index.isValid())
        return std::nullopt;
    return m_model->image(index.row());
}

std::optional<BakeImage> BakeImagesPage::currentImage() const
{
    return imageOf(currentImageId());
}

void BakeImagesPage::updateActions()
{
    const std::optional<BakeImage> image = currentImage();
    const bool has = image.has_value();
    const bool running = has && isRunning(*image);
    const bool content = has && image->content.has_value();
    const bool active = has && !image->deactivated;
    const bool transfer = m_transfer != nullptr;
    m_bakeAction->setEnabled(m_bake && active && !running && !content);
    m_cancelBakeAction->setEnabled(running);
    m_rescanAction->setEnabled(m_bake && content && !running);
    m_downloadAction->setEnabled(content && !running && !transfer);
    m_uploadAction->setEnabled(active && !content && !running && !transfer);
    m_deleteContentAction->setEnabled(content && !running && !transfer);
    m_deactivateAction->setEnabled(has && !m_toggling.contains(image->id));
    m_deactivateAction->setText(has && image->deactivated ? tr("Reac&tivate") : tr("Deac&tivate"));
    m_deleteAction->setEnabled(has && image->state != BakeState::Baking &&
                               !(transfer && m_transfer->imageId == image->id));
}

void BakeImagesPage::updateDetails()
{
    const std::optional<BakeImage> image = currentImage();
    m_shownId = image ? image->id : QString();
    const QString secretId = image ? image->pullSecretId : QString();
    if (secretId != m_secretId) {
        m_secretId = secretId;
        lookUpPullSecret();
    }
    m_cacheView->setImage(m_shownId, image ? image->name : QString());
    const QModelIndex index = m_model->indexOfImage(m_shownId);
    m_details->setImage(image, index.isValid() ? m_model->progress(index.row()) : BakeProgress{},
                        pullSecretText());
    if (m_transfer && m_transfer->imageId == m_shownId)
        onTransferProgress(m_transfer->done, m_transfer->total);
    else
        m_details->clearTransfer();
}

QString BakeImagesPage::pullSecretText() const
{
    if (m_secretId.isEmpty())
        return {};
    return m_secretName.isEmpty() ? tr("\u2026") : m_secretName;
}

void BakeImagesPage::lookUpPullSecret()
{
    m_secretLookup->discardPending(); // the answer for another secret is dropped
    m_secretName.clear();
    if (m_secretId.isEmpty())
        return;
    const QString secretId = m_secretId;
    m_secretLookup->run(
        [secretId](const Catalogue &catalogue) {
            const auto secret = SecretRepository(catalogue).get(secretId);
            return secret ? secret->name : secretId;
        },
        [this, secretId](const QString &name) {
            if (secretId != m_secretId)
                return;
            m_secretName = name;
            m_details->setPullSecret(pullSecretText());
        });
}

void BakeImagesPage::onBakeProgress(const QString &imageId, int phaseIndex, int phaseCount,
                                    const QString &phaseText, qint64 done, qint64 total)
{
    m_model->applyProgress(imageId, {phaseIndex + 1, phaseCount, phaseText, done, total});
}

RegisterBakeDialog *BakeImagesPage::registerImage()
{
    RegisterBakeDialogServices services;
    services.catalogue = &m_catalogue;
    services.readChoices = true; // bake.superAdmin and the pull secrets, read on the pool
    auto *dialog = RegisterBakeDialog::create(this, std::move(services));
    connect(dialog, &RegisterBakeDialog::registered, this,
            [this, dialog](const BakeImage &image, bool bakeNow) {
                m_model->applyImage(image);
                m_listPage->refresh();
                setCurrentImage(image.id);
                // Into the checked availability groups, and warmed on their workers.
                if (const QStringList groups = dialog->availabilityGroupIds(); !groups.isEmpty()) {
                    m_details->showWorkersTab();
                    m_cacheView->addToGroups(image.id, groups);
                }
                Q_EMIT bakeImagesChanged();
                Q_EMIT statusMessage(tr("Registered the bake image %1.").arg(image.name), 5000);
                if (bakeNow)
                    bake(image.id);
            });
    return dialog;
}

void BakeImagesPage::watchImageFuture(QFuture<Result<BakeImage, StoreError>> future, const QString &done)
{
    using R = Result<BakeImage, StoreError>;
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, done] {
        watcher->deleteLater();
        if (watcher->future().resultCount() == 0)
            return;
        const R result = watcher->result();
        if (!result) {
            Q_EMIT statusMessage(result.error().message);
            return;
        }
        // The row follows bakeChanged(), which the service emits for this change
        // too: the result here may arrive after later transitions.
        Q_EMIT statusMessage(done.arg(result->name), 5000);
    });
    watcher->setFuture(std::move(future));
}

void BakeImagesPage::bake(const QString &imageId)
{
    if (imageId.isEmpty() || !m_bake)
        return;
    watchImageFuture(m_bake->requestBake(imageId), tr("Queued the bake of %1."));
}

void BakeImagesPage::cancelBake(const QString &imageId)
{
    if (imageId.isEmpty())
        return;
    if (m_bake) {
        m_bake->cancelBake(imageId);
        Q_EMIT statusMessage(tr("Cancelling the bake\u2026"), 5000);
        return;
    }
    // No service here: the runner (another process) polls the request.
    m_calls->run(
        [imageId](const Catalogue &catalogue) {
            return BakeImageRepository(catalogue).requestCancel(imageId);
        },
        [this](const Result<BakeImage, StoreError> &cancelled) {
            if (!cancelled) {
                Q_EMIT statusMessage(cancelled.error().message);
                return;
            }
            m_model->applyImage(cancelled.value());
        });
}

void BakeImagesPage::rescan(const QString &imageId)
{
    if (imageId.isEmpty() || !m_bake)
        return;
    watchImageFuture(m_bake->rescan(imageId), tr("Scanning %1 again\u2026"));
}

void BakeImagesPage::toggleDeactivated(const QString &imageId)
{
    const std::optional<BakeImage> image = imageOf(imageId);
    if (!image || m_toggling.contains(imageId))
        return;
    const bool deactivate = !image->deactivated;
    m_toggling.insert(imageId);
    updateActions();
    m_calls->run(
        [imageId, deactivate](const Catalogue &catalogue) {
            return BakeImageRepository(catalogue).setDeactivated(imageId, deactivate);
        },
        [this, imageId](const Result<BakeImage, StoreError> &changed) {
            m_toggling.remove(imageId);
            if (!changed) {
                updateActions();
                Q_EMIT statusMessage(changed.error().message);
                return;
            }
            m_model->applyImage(changed.value());
            m_listPage->refresh();
            updateActions();
            Q_EMIT bakeImagesChanged();
            Q_EMIT statusMessage(changed->deactivated
                                     ? tr("Deactivated %1: nothing new starts from it.").arg(changed->name)
                                     : tr("Reactivated %1.").arg(changed->name),
                                 5000);
        });
}

void BakeImagesPage::chooseDownloadFile(const QString &imageId)
{
    const std::optional<BakeImage> image = imageOf(imageId);
    if (!image || !image->content)
        return;
    auto *dialog = new QFileDialog(this, tr("Download Content of %1").arg(image->name),
                                   image->name + u".ext4"_s, tr("ext4 images (*.ext4 *.img);;All files (*)"));
    dialog->setObjectName(u"downloadFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, imageId](const QString &path) { downloadTo(imageId, path); });
    dialog->open();
}

void BakeImagesPage::chooseUploadFile(const QString &imageId)
{
    const std::optional<BakeImage> image = imageOf(imageId);
    if (!image)
        return;
    auto *dialog =
        new QFileDialog(this, tr("Upload Content to %1").arg(image->name), QString(),
                        tr("ext4 images and tar files (*.ext4 *.img *.tar *.tar.gz *.tgz *.tar.zst);;"
                           "All files (*)"));
    dialog->setObjectName(u"uploadFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, imageId](const QString &path) { uploadFrom(imageId, path); });
    dialog->open();
}

void BakeImagesPage::downloadTo(const QString &imageId, const QString &path)
{
    startTransfer(imageId, false, path);
}

void BakeImagesPage::uploadFrom(const QString &imageId, const QString &path)
{
    startTransfer(imageId, true, path);
}

void BakeImagesPage::startTransfer(const QString &imageId, bool upload, const QString &path)
{
    const std::optional<BakeImage> image = imageOf(imageId);
    if (!image || m_transfer || path.isEmpty())
        return;
    m_transfer = std::make_unique<Transfer>();
    m_transfer->imageId = imageId;
    m_transfer->name = image->name;
    m_transfer->path = path;
    m_transfer->upload = upload;
    m_transfer->watcher = new QFutureWatcher<TransferOutcome>(this);
    connect(m_transfer->watcher, &QFutureWatcher<TransferOutcome>::finished, this, [this] {
        const TransferOutcome outcome = m_transfer->watcher->result();
        finishTransfer(outcome.cancelled ? tr("Cancelled.") : outcome.error, outcome.image);
    });

    // The progress comes from the pool thread: queued to this page (dropped once it is gone).
    TransferControl control;
    control.cancel = m_transfer->cancel.get();
    control.progress = [this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            this, [this, done, total] { onTransferProgress(done, total); }, Qt::QueuedConnection);
    };
    const Catalogue *catalogue = &m_catalogue;
    auto cancel = m_transfer->cancel; // kept alive by the task
    m_transfer->watcher->setFuture(QtConcurrent::run([catalogue, imageId, path, upload, control,
                                                      cancel]() -> TransferOutcome {
        if (upload) {
            auto uploaded = uploadContent(*catalogue, imageId, path, {}, control);
            if (!uploaded)
                return {uploaded.error().message, uploaded.error().code == ContentError::Code::Cancelled, {}};
            return {{}, false, uploaded.value()};
        }
        auto downloaded = downloadContent(*catalogue, imageId, path, control);
        if (!downloaded)
            return {downloaded.error().message, downloaded.error().code == ContentError::Code::Cancelled, {}};
        return {};
    }));
    onTransferProgress(0, upload ? QFileInfo(path).size() : (image->content ? image->content->size : -1));
    updateActions();
    Q_EMIT statusMessage(upload ? tr("Uploading %1 to %2\u2026").arg(QFileInfo(path).fileName(), image->name)
                                : tr("Downloading %1 to %2\u2026").arg(image->name, path));
}

void BakeImagesPage::onTransferProgress(qint64 done, qint64 total)
{
    if (!m_transfer)
        return;
    m_transfer->done = done;
    m_transfer->total = total;
    if (m_transfer->imageId != m_shownId)
        return;
    m_details->setTransfer(m_transfer->upload ? tr("Uploading %1").arg(QFileInfo(m_transfer->path).fileName())
                                              : tr("Downloading to %1").arg(m_transfer->path),
                           done, total);
}

void BakeImagesPage::cancelTransfer()
{
    if (m_transfer)
        m_transfer->cancel->store(true);
}

void BakeImagesPage::finishTransfer(const QString &error, const std::optional<BakeImage> &image)
{
    const std::unique_ptr<Transfer> transfer = std::move(m_transfer);
    transfer->watcher->deleteLater();
    if (image)
        m_model->applyImage(*image);
    m_details->clearTransfer();
    updateActions();
    if (error.isEmpty()) {
        Q_EMIT statusMessage(transfer->upload
                                 ? tr("Uploaded the content of %1.").arg(transfer->name)
                                 : tr("Downloaded %1 to %2.").arg(transfer->name, transfer->path),
                             8000);
        if (transfer->upload)
            Q_EMIT bakeImagesChanged();
    } else {
        Q_EMIT statusMessage(transfer->upload ? tr("Upload to %1 failed: %2").arg(transfer->name, error)
                                              : tr("Download of %1 failed: %2").arg(transfer->name, error));
    }
    Q_EMIT transferFinished(transfer->imageId, error);
}

QMessageBox *BakeImagesPage::deleteContent(const QString &imageId)
{
    const std::optional<BakeImage> image = imageOf(imageId);
    if (!image || !image->content)
        return nullptr;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Content"),
                                tr("Delete the content of \u201c%1\u201d?").arg(image->name),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"deleteContentBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("The ext4 file %1 is deleted; the registration stays, so the image can be baked "
           "or uploaded again.")
            .arg(image->content->path));
    QPushButton *confirm = box->addButton(tr("&Delete Content"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    const QString name = image->name;
    connect(confirm, &QPushButton::clicked, this, [this, imageId, name] {
        using R = Result<BakeImage, ContentError>;
        auto *watcher = new QFutureWatcher<R>(this);
        connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, name] {
            watcher->deleteLater();
            const R removed = watcher->result();
            if (!removed) {
                Q_EMIT statusMessage(removed.error().message);
                return;
            }
            m_model->applyImage(removed.value());
            Q_EMIT bakeImagesChanged();
            Q_EMIT statusMessage(tr("Deleted the content of %1.").arg(name), 5000);
        });
        watcher->setFuture(QtConcurrent::run(
            [catalogue = &m_catalogue, imageId] { return removeContent(*catalogue, imageId); }));
    });
    box->open();
    return box;
}

QMessageBox *BakeImagesPage::deleteImage(const QString &imageId)
{
    const std::optional<BakeImage> image = imageOf(imageId);
    if (!image)
        return nullptr;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Bake Image"),
                                tr("Delete the bake image \u201c%1\u201d?").arg(image->name),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"deleteImageBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(image->content
                                ? tr("Its registration and its ext4 file %1 are deleted. This cannot be "
                                     "undone; to keep it but stop its use, deactivate it instead.")
                                      .arg(image->content->path)
                                : tr("Its registration is deleted. This cannot be undone."));
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    const QString name = image->name;
    const bool hasContent = image->content.has_value();
    connect(confirm, &QPushButton::clicked, this, [this, imageId, name, hasContent] {
        auto *watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, imageId, name] {
            watcher->deleteLater();
            const QString error = watcher->result();
            if (!error.isEmpty()) {
                Q_EMIT statusMessage(error);
                m_model->imageSaved(imageId); // what is left of it
                return;
            }
            m_model->imageRemoved(imageId);
            m_listPage->refresh();
            Q_EMIT bakeImagesChanged();
            Q_EMIT statusMessage(tr("Deleted the bake image %1.").arg(name), 5000);
        });
        // The file first (its path is in the row), then the row.
        watcher->setFuture(QtConcurrent::run([catalogue = &m_catalogue, imageId, hasContent]() -> QString {
            if (hasContent) {
                if (const auto removed = removeContent(*catalogue, imageId); !removed)
                    return removed.error().message;
            }
            const auto gone = BakeImageRepository(*catalogue).remove(imageId);
            return gone ? QString() : gone.error().message;
        }));
    });
    box->open();
    return box;
}

void BakeImagesPage::reload()
{
    m_secretId.clear(); // read the shown pull secret's name again too (it may have been renamed)
    m_model->reload();
}

} // namespace Kiln
