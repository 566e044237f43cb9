// kilnctl: composition root only. The commands live in backend/cli.
#include "cli/cli.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kilnctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KILN_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Kiln"));

    // Messages and help in the user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG),
    // from the translations built into kilnctl; Qt's own (--help's headings) too.
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("kiln"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    const int code = Kiln::Cli::run(QCoreApplication::arguments(), {out, err, &in});
    out.flush();
    err.flush();
    return code;
}
