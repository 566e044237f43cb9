#pragma once

#include "imagerepository.h"

#include "domain/result.h"

namespace Kiln {

// Where an image comes from, as the add dialog and kilnctl image add ask it.
enum class ImageSource
{
    Existing, // an image that already exists at a URL
    Custom,   // built from packages by the bake service; the URL comes from the build
};

// What a person typed for an image, checked before anything is stored. The
// error names the field ("Display name", "Image URL", "GPU URL", "Groups") and
// the column. Rules:
// - a display name is required and must give an image name (deriveImageName);
// - an existing image needs a URL, a valid image reference; a custom one has none
//   until its build succeeds;
// - a GPU URL is for universal images only, and must be a valid reference;
// - an image is global or granted to groups, not both.
Result<Done> validateImageInput(const ManagedImage &image, ImageSource source);

} // namespace Kiln
