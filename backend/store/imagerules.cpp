#include "imagerules.h"

#include "domain/imagereference.h"
#include "domain/names.h"

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

ValidationError located(ValidationError error, const QString &field)
{
    error.field = field;
    return error;
}

} // namespace

Result<Done> validateImageInput(const ManagedImage &image, ImageSource source)
{
    if (image.displayName.trimmed().isEmpty())
        return ValidationError(u"a display name is required"_s, 1, 0, u"Display name"_s);
    if (auto name = deriveImageName(image.displayName); !name)
        return located(name.error(), u"Display name"_s);

    if (source == ImageSource::Existing) {
        if (image.url.isEmpty())
            return ValidationError(u"an image URL is required"_s, 1, 0, u"Image URL"_s);
        if (auto reference = parseImageReference(image.url); !reference)
            return located(reference.error(), u"Image URL"_s);
    } else if (!image.url.isEmpty()) {
        if (auto reference = parseImageReference(image.url); !reference)
            return located(reference.error(), u"Image URL"_s);
    }

    if (!image.gpuUrl.isEmpty()) {
        if (image.type != ImageType::Universal) {
            return ValidationError(u"only universal images have a GPU-specific URL"_s, 1, 0, u"GPU URL"_s);
        }
        if (auto reference = parseImageReference(image.gpuUrl); !reference)
            return located(reference.error(), u"GPU URL"_s);
    }

    if (image.global && !image.groupIds.isEmpty())
        return ValidationError(u"a global image is available to every group; clear the groups or Global"_s, 1,
                               0, u"Groups"_s);
    return Done{};
}

} // namespace Kiln
