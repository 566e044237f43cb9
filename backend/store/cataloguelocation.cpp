#include "cataloguelocation.h"

#include <QDir>
#include <QStandardPaths>

namespace Kiln {

QString defaultCataloguePath()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("kiln/catalogue.sqlite"));
}

} // namespace Kiln
