#include "imagebuilds.h"

#include "domain/names.h"
#include "store/catalogue.h"
#include "store/specrepository.h"

using namespace Qt::StringLiterals;

namespace Kiln {

Result<QList<ManagedImage>, StoreError> applyBuildToImages(const Catalogue &catalogue, const BuildJob &job,
                                                           QStringList *frozenSkipped)
{
    QList<ManagedImage> changed;
    if (job.status != JobStatus::Succeeded || job.specId.isEmpty() || job.targetImage.isEmpty())
        return changed;
    const ImageRepository images(catalogue);
    auto all = images.list();
    if (!all.ok())
        return all.error();
    for (const ManagedImage &image : std::as_const(all.value())) {
        if (image.specId != job.specId)
            continue;
        ManagedImage updated = image;
        updated.url = job.targetImage;
        if (image.type == ImageType::Universal && (image.gpuUrl.isEmpty() || image.gpuUrl == image.url))
            updated.gpuUrl = job.targetImage;
        if (updated == image)
            continue;
        if (image.frozen) {
            if (frozenSkipped)
                frozenSkipped->append(image.name);
            continue;
        }
        auto saved = images.update(updated);
        if (!saved.ok()) {
            if (saved.error().code == StoreError::Code::Frozen) { // frozen since we read it
                if (frozenSkipped)
                    frozenSkipped->append(image.name);
                continue;
            }
            return saved.error();
        }
        changed.append(saved.value());
    }
    return changed;
}

Result<CustomImage, SpecSaveError> createCustomImage(const Catalogue &catalogue, const ManagedImage &draft,
                                                     const SpecDraft &packages)
{
    ManagedImage image = draft;
    if (image.name.isEmpty()) {
        auto derived = deriveImageName(image.displayName);
        if (!derived.ok()) {
            ValidationError error = derived.error();
            if (error.field.isEmpty())
                error.field = u"Display name"_s;
            return SpecSaveError{error, std::nullopt};
        }
        image.name = derived.value();
    }
    auto spec = saveSpec(catalogue, {}, image.name, packages);
    if (!spec.ok())
        return spec.error();
    image.specId = spec.value().stored.spec.id;
    image.url.clear();
    image.gpuUrl.clear();
    auto created = ImageRepository(catalogue).create(image);
    if (!created.ok()) {
        StoreError error = created.error();
        auto removed = SpecRepository(catalogue).remove(image.specId);
        if (!removed.ok())
            error.message += u" The spec %1 created for it could not be deleted again: %2"_s.arg(
                image.name, removed.error().message);
        return SpecSaveError{std::nullopt, error};
    }
    return CustomImage{spec.value(), created.value()};
}

} // namespace Kiln
