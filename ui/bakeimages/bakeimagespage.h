#pragma once

#include "bakeimagelistmodel.h"
#include "store/storeerror.h"

#include <QFutureWatcher>
#include <QSet>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QLineEdit;
class QMessageBox;
class QTreeView;

namespace Kiln {

class BakeImageDetailPane;
class BakeImageProxyModel;
class BakeService;
class CacheView;
class Catalogue;
class CatalogueLoader;
class ListPage;
class RegisterBakeDialog;
class WarmService;

// The Baked Images screen (Image Management, bake side): every bake image with
// its source, size cap, bake state, scan and content. Register… (Ctrl+N) opens
// RegisterBakeDialog; Bake (Ctrl+B) and Cancel Bake, Download Content… (Ctrl+S),
// Upload Content… (Ctrl+U, an ext4 file or a tar), Delete Content, Rescan (F5),
// Deactivate / Reactivate (Ctrl+D) and Delete (Del) are in the toolbar, the
// context menu and on the keyboard, each enabled only where the image's state
// allows it. A filter box (name, display name, source) and "Show deactivated";
// every column sorts; deactivated images are greyed with a badge. The detail pane
// shows the selected image, the running bake's phase and bytes, a running
// download or upload (with Cancel) and the scan's findings.
//
// Bakes, cancels and rescans go through the BakeService (null: those actions
// are disabled), whose bakeChanged()/bakeProgress() keep the list current;
// transfers, content removal, the registration, Deactivate / Reactivate and the
// pull secret's name in the detail pane run on the thread pool (each with its
// thread's own catalogue connection): the GUI thread never waits for the catalogue.
//
// The detail pane's "Workers" tab is a CacheView over the WarmService (null: it
// only reads). Registering an image with availability groups checked adds it to
// them and warms it; the summary goes to statusMessage() and the Workers tab.
class BakeImagesPage : public QWidget
{
    Q_OBJECT

public:
    BakeImagesPage(const Catalogue &catalogue, BakeService *bakeService, WarmService *warm = nullptr,
                   QWidget *parent = nullptr);
    // Cancels a running transfer and waits for it (the catalogue outlives the page).
    ~BakeImagesPage() override;

    BakeImageListModel *model() const { return m_model; }
    BakeImageProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    QLineEdit *filterEdit() const;
    QCheckBox *showDeactivatedCheck() const { return m_showDeactivated; }
    BakeImageDetailPane *detailPane() const { return m_details; }
    CacheView *cacheView() const { return m_cacheView; }
    bool isEmptyStateShown() const;
    QString currentImageId() const;
    void setCurrentImage(const QString &imageId);
    // A download or upload is running.
    bool isTransferring() const { return m_transfer != nullptr; }

    QAction *registerAction() const { return m_registerAction; }
    QAction *bakeAction() const { return m_bakeAction; }
    QAction *cancelBakeAction() const { return m_cancelBakeAction; }
    QAction *downloadAction() const { return m_downloadAction; }
    QAction *uploadAction() const { return m_uploadAction; }
    QAction *deleteContentAction() const { return m_deleteContentAction; }
    QAction *rescanAction() const { return m_rescanAction; }
    QAction *deactivateAction() const { return m_deactivateAction; }
    QAction *deleteAction() const { return m_deleteAction; }

public Q_SLOTS:
    RegisterBakeDialog *registerImage();
    void bake(const QString &imageId);
    void cancelBake(const QString &imageId);
    void rescan(const QString &imageId);
    // Deactivates an active image, reactivates a deactivated one (on the pool; the
    // row and the action follow when it is stored, the action is disabled meanwhile).
    void toggleDeactivated(const QString &imageId);
    // Copies the content to `path` (through "<path>.partial"), on the pool.
    void downloadTo(const QString &imageId, const QString &path);
    // Makes the ext4 file or tar at `path` the content, on the pool.
    void uploadFrom(const QString &imageId, const QString &path);
    void cancelTransfer();
    // Ask first (non-blocking); return the open confirmation.
    QMessageBox *deleteContent(const QString &imageId);
    QMessageBox *deleteImage(const QString &imageId);
    // Opens a file dialog (non-blocking), then downloadTo()/uploadFrom().
    void chooseDownloadFile(const QString &imageId);
    void chooseUploadFile(const QString &imageId);
    // Reads every image again (e.g. after kilnctl changed them).
    void reload();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // An image was registered, changed or deleted here.
    void bakeImagesChanged();
    // A download or upload ended; `error` empty when it worked.
    void transferFinished(const QString &imageId, const QString &error);

private:
    struct Transfer;

    std::optional<BakeImage> currentImage() const;
    std::optional<BakeImage> imageOf(const QString &imageId) const;
    void updateActions();
    void updateDetails();
    // The pull secret's name for the detail pane: "…" until it has been read.
    QString pullSecretText() const;
    void lookUpPullSecret();
    void onBakeProgress(const QString &imageId, int phaseIndex, int phaseCount, const QString &phaseText,
                        qint64 done, qint64 total);
    void watchImageFuture(QFuture<Result<BakeImage, StoreError>> future, const QString &done);
    void startTransfer(const QString &imageId, bool upload, const QString &path);
    void onTransferProgress(qint64 done, qint64 total);
    void finishTransfer(const QString &error, const std::optional<BakeImage> &image);

    const Catalogue &m_catalogue;
    BakeService *m_bake = nullptr;
    BakeImageListModel *m_model = nullptr;
    BakeImageProxyModel *m_proxy = nullptr;
    ListPage *m_listPage = nullptr;
    QTreeView *m_list = nullptr;
    QCheckBox *m_showDeactivated = nullptr;
    BakeImageDetailPane *m_details = nullptr;
    CacheView *m_cacheView = nullptr; // the detail pane's Workers tab
    QAction *m_registerAction = nullptr;
    QAction *m_bakeAction = nullptr;
    QAction *m_cancelBakeAction = nullptr;
    QAction *m_downloadAction = nullptr;
    QAction *m_uploadAction = nullptr;
    QAction *m_deleteContentAction = nullptr;
    QAction *m_rescanAction = nullptr;
    QAction *m_deactivateAction = nullptr;
    QAction *m_deleteAction = nullptr;
    std::unique_ptr<Transfer> m_transfer; // the running download or upload
    QString m_shownId;                    // the image the detail pane shows
    CatalogueLoader *m_calls = nullptr;   // Deactivate / Reactivate, a cancel without a service
    QSet<QString> m_toggling;             // images being deactivated or reactivated
    CatalogueLoader *m_secretLookup = nullptr;
    QString m_secretId;   // the pull secret of the shown image
    QString m_secretName; // its name, once read (the id when it no longer exists)
};

} // namespace Kiln
