#include "catalogueloader.h"

namespace Kiln {

CatalogueLoader::CatalogueLoader(const Catalogue &catalogue, QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
{}

CatalogueLoader::~CatalogueLoader()
{
    // A read that has not started yet never will; a running one still reads the
    // catalogue: let it finish first. Nothing is delivered any more.
    const auto watchers = findChildren<QFutureWatcherBase *>(Qt::FindDirectChildrenOnly);
    for (QFutureWatcherBase *watcher : watchers) {
        watcher->disconnect(this);
        watcher->cancel();
    }
    for (QFutureWatcherBase *watcher : watchers)
        watcher->waitForFinished();
}

} // namespace Kiln
