#pragma once

#include "bake/buildrun.h"
#include "store/imagerules.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QTreeView;

namespace Kiln {

class BakeService;
class Catalogue;
class ImageDialog;
class ImageListModel;
class ImageProxyModel;
class ListPage;
class OciClient;
struct SpecDraft;

// The Image Management screen (product.md §2): every image users may run, from a
// URL or built from packages, its type, access and status. Add, edit, delete,
// freeze; for a custom image the build details with the live log, Cancel Build
// and Rebuild.
class ImagesPage : public QWidget
{
    Q_OBJECT

public:
    ImagesPage(const Catalogue &catalogue, BakeService *bake, OciClient *oci = nullptr,
               CredentialResolver credentials = {}, QWidget *parent = nullptr);
    ~ImagesPage() override;

    ImageDialog *addImage();
    ImageDialog *editImage(const QString &imageId);
    void deleteImage(const QString &imageId);
    void setFrozen(const QString &imageId, bool frozen);
    void showBuildDetails(const QString &imageId);
    void cancelBuild(const QString &imageId);
    void rebuild(const QString &imageId);
    // Groups were added, renamed or removed elsewhere (the Groups page).
    void groupsChanged();

    ImageListModel *model() const { return m_model; }
    ImageProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    bool isEmptyStateShown() const;
    QString currentImageId() const;

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // An image was added, changed or removed (the Groups page shows what groups can use).
    void imagesChanged();

private:
    Result<ManagedImage, QString> save(const ManagedImage &image, ImageSource source,
                                       const SpecDraft &packages);
    void queueBuild(const QString &specId);
    void updateActions();
    void updateAccessFilter();
    QString imageLabel(const QString &imageId) const;

    const Catalogue &m_catalogue;
    BakeService *m_bake;
    OciClient *m_oci;
    CredentialResolver m_credentials;
    ImageListModel *m_model = nullptr;
    ImageProxyModel *m_proxy = nullptr;

    ListPage *m_listPage = nullptr; // filter, list, empty state and count
    QTreeView *m_list = nullptr;    // the list page's view
    QComboBox *m_typeFilter = nullptr;
    QComboBox *m_accessFilter = nullptr;
    QCheckBox *m_hideDeactivated = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_freezeAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_rebuildAction = nullptr;
};

} // namespace Kiln
