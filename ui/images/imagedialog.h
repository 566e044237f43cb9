#pragma once

#include "bake/specedit.h"
#include "store/grouprepository.h"
#include "store/imagerules.h"
#include "store/secretrepository.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QStringListModel;

namespace Ui {
class ImageDialog;
}

namespace Kiln {

class Catalogue;
class PackageEditor;

// What the image dialog needs from the outside. The page fills it.
struct ImageDialogServices
{
    // Stores the image (a custom one with its spec); errors are sentences. The
    // page queues the build of a new or changed custom image.
    using Save = std::function<Result<ManagedImage, QString>(const ManagedImage &image, ImageSource source,
                                                             const SpecDraft &packages)>;
    Save save;
    std::function<Result<ManagedImage, QString>(const QString &imageId)> unfreeze;
    std::function<bool(const QString &name)> nameTaken; // may be empty
    const Catalogue *catalogue = nullptr;               // for Edit Groups
    QList<Group> groups;
    QList<Secret> secrets;
    QList<ManagedImage> images; // the parents to choose from
    QStringList baseImageSuggestions;
    std::optional<SpecContent> spec; // a custom image's current spec revision (edit)
};

// Add or edit a managed image (product.md §2): an existing image at a URL, or a
// custom image built from packages. Every field is checked as you type
// (validateImageInput and the package grammars); OK stays disabled until the
// input is valid. A frozen image opens read-only with an Unfreeze button.
class ImageDialog : public QDialog
{
    Q_OBJECT

public:
    static ImageDialog *create(QWidget *parent, ImageDialogServices services);
    static ImageDialog *edit(QWidget *parent, ImageDialogServices services, const ManagedImage &image);

    ImageDialog(ImageDialogServices services, std::optional<ManagedImage> existing,
                QWidget *parent = nullptr);
    ~ImageDialog() override;

    ManagedImage image() const;
    ImageSource source() const;
    SpecDraft packages() const;
    bool isInputValid() const { return m_problem.isEmpty(); }
    QString validationMessage() const { return m_problem; }
    QStringList groupIds() const { return m_groupIds; }
    void setGroupIds(const QStringList &ids);
    void addBaseImageSuggestions(const QStringList &suggestions);

    void accept() override;

Q_SIGNALS:
    void saved(const Kiln::ManagedImage &image);

protected:
    void done(int result) override;

private:
    void revalidate();
    void updateFrozen();
    void updateSourcePage();
    void editGroups();
    void checkReference(QLineEdit *edit, QLabel *hint, QStringList &problems, const QString &field);

    std::unique_ptr<Ui::ImageDialog> m_ui;
    ImageDialogServices m_services;
    std::optional<ManagedImage> m_existing;
    QStringList m_groupIds;
    QString m_problem;
    QStringListModel *m_suggestions = nullptr;
};

} // namespace Kiln
