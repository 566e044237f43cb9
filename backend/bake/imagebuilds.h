#pragma once

#include "bake/specedit.h"
#include "domain/result.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"

#include <QList>
#include <QStringList>

namespace Kiln {

class Catalogue;

// What a finished build means for the managed images built from its spec.
// For a succeeded job, every managed image whose specId is the job's spec gets
// url = job.targetImage; a universal image whose gpuUrl was empty or equal to its
// old url gets the new URL as gpuUrl too ("same URL"). Frozen images are left
// alone and their names added to *frozenSkipped. Images already at that URL and
// jobs that did not succeed change nothing. Returns the images changed.
Result<QList<ManagedImage>, StoreError> applyBuildToImages(const Catalogue &catalogue, const BuildJob &job,
                                                           QStringList *frozenSkipped = nullptr);

// A custom image: its spec and the image that its builds fill in.
struct CustomImage
{
    SpecSaved spec;
    ManagedImage image;
};

// Creates the spec named after the image (the image's name, derived from its
// display name when `draft.name` is empty) with saveSpec, then the image with
// specId set and an empty url, in that order. When the image cannot be stored the
// spec is deleted again (no orphan spec). Queueing the build is the caller's part
// (BuildQueue::enqueueSpec or BakeService::enqueue).
Result<CustomImage, SpecSaveError> createCustomImage(const Catalogue &catalogue, const ManagedImage &draft,
                                                     const SpecDraft &packages);

} // namespace Kiln
