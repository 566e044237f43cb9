#include "domain/packagelist.h"

#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_PackageList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lists_data();
    void lists();
    void singleLine_data();
    void singleLine();
};

// Each row: the list text, then the expected "line:ok" or "line:column" per
// reported line.
void tst_PackageList::lists_data()
{
    QTest::addColumn<int>("manager");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("apt ok") << int(PackageManager::Apt) << u"curl\nca-certificates\n"_s
                            << QStringList{u"1:ok"_s, u"2:ok"_s};
    QTest::newRow("blank lines skipped")
        << int(PackageManager::Apt) << u"\n  \ncurl\n\n"_s << QStringList{u"3:ok"_s};
    QTest::newRow("indented error column")
        << int(PackageManager::Apt) << u"curl\n   Bad\n"_s << QStringList{u"1:ok"_s, u"2:4"_s};
    QTest::newRow("crlf") << int(PackageManager::Pip) << u"requests>=2\r\nflask\r\n"_s
                          << QStringList{u"1:ok"_s, u"2:ok"_s};
    QTest::newRow("comment is reported, not dropped")
        << int(PackageManager::Pip) << u"# tools\nrequests\n"_s << QStringList{u"1:1"_s, u"2:ok"_s};
    QTest::newRow("pip specifiers kept") << int(PackageManager::Pip) << u"pkg>=1.0\npkg[extra]\npkg~=1.0\n"_s
                                         << QStringList{u"1:ok"_s, u"2:ok"_s, u"3:ok"_s};
    QTest::newRow("conda") << int(PackageManager::Conda) << u"conda-forge::numpy==1.17*\nnumpy>=\n"_s
                           << QStringList{u"1:ok"_s, u"2:8"_s};
    QTest::newRow("empty") << int(PackageManager::Conda) << QString() << QStringList{};
}

void tst_PackageList::lists()
{
    QFETCH(int, manager);
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    const QList<PackageLine> lines = validatePackageList(PackageManager(manager), text);
    QStringList actual;
    for (const PackageLine &line : lines) {
        if (!line.error) {
            actual.append(QStringLiteral("%1:ok").arg(line.line));
            continue;
        }
        actual.append(QStringLiteral("%1:%2").arg(line.line).arg(line.error->column));
        QCOMPARE(line.error->line, line.line);
        QCOMPARE(line.error->field, packageManagerName(PackageManager(manager)) + u" packages"_s);
        QVERIFY(!line.error->message.isEmpty());
        QVERIFY(line.error->describe().contains(QStringLiteral("line %1, column").arg(line.line)));
    }
    QCOMPARE(actual, expected);
}

void tst_PackageList::singleLine_data()
{
    QTest::addColumn<int>("manager");
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("valid");
    QTest::newRow("apt") << int(PackageManager::Apt) << u"libssl3=3.0.11-1~deb12u2"_s << true;
    QTest::newRow("apt injection") << int(PackageManager::Apt) << u"foo; rm -rf /"_s << false;
    QTest::newRow("conda backticks") << int(PackageManager::Conda) << u"numpy`id`"_s << false;
    QTest::newRow("pip subshell") << int(PackageManager::Pip) << u"$(curl x)"_s << false;
    QTest::newRow("pip marker") << int(PackageManager::Pip) << u"pkg; os_name == \"posix\""_s << true;
}

void tst_PackageList::singleLine()
{
    QFETCH(int, manager);
    QFETCH(QString, line);
    QFETCH(bool, valid);
    QCOMPARE(!validatePackageLine(PackageManager(manager), line).has_value(), valid);
}

QTEST_GUILESS_MAIN(tst_PackageList)
#include "tst_packagelist.moc"
