#pragma once

#include "storeerror.h"

namespace Kiln {

class Catalogue;

// How many records of each kind a catalogue holds (the overview page and
// `kilnctl catalog info`).
struct CatalogueCounts
{
    qint64 specs = 0;
    qint64 jobs = 0;
    qint64 images = 0;
    qint64 bakeImages = 0;
    qint64 groups = 0;
    qint64 registries = 0;
    qint64 workers = 0;

    friend bool operator==(const CatalogueCounts &, const CatalogueCounts &) = default;
};

Result<CatalogueCounts, StoreError> countRecords(const Catalogue &catalogue);

} // namespace Kiln
