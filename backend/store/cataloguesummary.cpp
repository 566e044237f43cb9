#include "cataloguesummary.h"

#include "catalogue.h"

#include <QSqlQuery>

namespace Kiln {

Result<CatalogueCounts, StoreError> countRecords(const Catalogue &catalogue)
{
    auto connection = catalogue.connection();
    if (!connection)
        return connection.error();
    QSqlDatabase db = connection.value();

    // One statement, one round trip; each COUNT(*) walks a primary-key index.
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM image_specs),"
                                              " (SELECT COUNT(*) FROM build_jobs),"
                                              " (SELECT COUNT(*) FROM managed_images),"
                                              " (SELECT COUNT(*) FROM user_groups),"
                                              " (SELECT COUNT(*) FROM registries),"
                                              " (SELECT COUNT(*) FROM workers),"
                                              " (SELECT COUNT(*) FROM bake_images)"));
    if (!ok || !query.next())
        return toStoreError(query.lastError(), catalogue.dialect(),
                            QStringLiteral("count the catalogue's records"));
    CatalogueCounts counts;
    counts.specs = query.value(0).toLongLong();
    counts.jobs = query.value(1).toLongLong();
    counts.images = query.value(2).toLongLong();
    counts.groups = query.value(3).toLongLong();
    counts.registries = query.value(4).toLongLong();
    counts.workers = query.value(5).toLongLong();
    counts.bakeImages = query.value(6).toLongLong();
    return counts;
}

} // namespace Kiln
