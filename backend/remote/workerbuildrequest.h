#pragma once

#include "remote/workerapi.h"
#include "store/storeerror.h"

#include <QString>

namespace Kiln {

class Catalogue;

// The BuildRequest that runs a revision of a spec of `catalogue` on a worker (the
// Image Builder's "Run on: worker X"): the spec's name, the revision's base image
// and packages, and its number among the spec's revisions (1: the first one).
// `targetImage` empty lets the worker choose. A revision that needs a pull secret
// is refused (Invalid, naming it): a worker keeps no credentials.
Result<BuildRequest, StoreError> buildRequestFor(const Catalogue &catalogue, const QString &revisionId,
                                                 const QString &targetImage = {});

} // namespace Kiln
