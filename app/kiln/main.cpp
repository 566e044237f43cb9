// kiln: the GUI. Parses the command line and hands over to the composition root.
#include "composition.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kiln"));
    QApplication::setApplicationDisplayName(QStringLiteral("Kiln"));
    QApplication::setApplicationVersion(QStringLiteral(KILN_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Kiln"));
    QApplication::setDesktopFileName(QStringLiteral("kiln"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/kiln/icons/kiln.svg")));

    Kiln::Composition composition;
    const int setup = composition.start(QApplication::arguments());
    if (setup != Kiln::Composition::Continue)
        return setup;
    return QApplication::exec();
}
