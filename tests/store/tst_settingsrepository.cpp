#include "cataloguefixture.h"
#include "store/settingsrepository.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

class TestSettingsRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << u"builder.push_registry"_s << u"harbor"_s;
        QTest::newRow("empty value") << u"ui.filter"_s << u""_s;
        QTest::newRow("spaces kept") << u"k"_s << u"  padded  "_s;
        QTest::newRow("multi-line") << u"k"_s << u"line 1\nline 2\r\n"_s;
        QTest::newRow("quotes and SQL") << u"k'; DROP TABLE settings; --"_s << u"'\"; DELETE FROM settings"_s;
        QTest::newRow("unicode") << u"ключ"_s << u"值 – ✓ 🚀"_s;
        QTest::newRow("json") << u"ui.columns"_s << u"{\"a\":[1,2,3],\"b\":null}"_s;
        QTest::newRow("100k characters") << u"big"_s << QString(100000, u'x');
        QTest::newRow("looks like a number") << u"n"_s << u"007"_s;
    }

    void roundTrip()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        auto saved = settings.setValue(key, value);
        QVERIFY2(saved.ok(), KilnTest::whyNot(saved).constData());
        auto read = settings.value(key);
        QVERIFY(read.ok());
        QVERIFY(read.value().has_value());
        QCOMPARE(*read.value(), value);
        QCOMPARE(settings.all().value().size(), 1);
    }

    void missingKeyHasNoValue()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        auto read = SettingsRepository(temp.catalogue()).value(u"never.set"_s);
        QVERIFY(read.ok());
        QVERIFY(!read.value().has_value());
    }

    void nullValueIsStoredAsEmptyText()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        QVERIFY(settings.setValue(u"k"_s, QString()).ok());
        auto read = settings.value(u"k"_s);
        QVERIFY(read.ok() && read.value().has_value());
        QCOMPARE(*read.value(), u""_s);
    }

    void overwriteReplaces()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        QVERIFY(settings.setValue(u"k"_s, u"one"_s).ok());
        QVERIFY(settings.setValue(u"k"_s, u"two"_s).ok());
        QCOMPARE(settings.value(u"k"_s).value(), std::optional<QString>(u"two"_s));
        QCOMPARE(settings.all().value().size(), 1);
    }

    void keysAreCaseSensitive()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        QVERIFY(settings.setValue(u"Key"_s, u"upper"_s).ok());
        QVERIFY(settings.setValue(u"key"_s, u"lower"_s).ok());
        QCOMPARE(settings.value(u"Key"_s).value(), std::optional<QString>(u"upper"_s));
        QCOMPARE(settings.value(u"key"_s).value(), std::optional<QString>(u"lower"_s));
    }

    void removeForgetsAndIsIdempotent()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        QVERIFY(settings.setValue(u"a"_s, u"1"_s).ok());
        QVERIFY(settings.setValue(u"b"_s, u"2"_s).ok());
        QVERIFY(settings.remove(u"a"_s).ok());
        QVERIFY(!settings.value(u"a"_s).value().has_value());
        QVERIFY(settings.remove(u"a"_s).ok());
        QVERIFY(settings.remove(u"never"_s).ok());
        QCOMPARE(settings.all().value(), (QMap<QString, QString>{{u"b"_s, u"2"_s}}));
    }

    void allReturnsEverything()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        const QMap<QString, QString> values{{u"a"_s, u"1"_s}, {u"b"_s, u""_s}, {u"c.d"_s, u"x y"_s}};
        QVERIFY(settings.setValues(values).ok());
        QCOMPARE(settings.all().value(), values);
    }

    void emptyKeyIsInvalid()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SettingsRepository settings(temp.catalogue());
        auto saved = settings.setValue(QString(), u"v"_s);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, StoreError::Code::Invalid);
        auto many = settings.setValues({{u"ok"_s, u"1"_s}, {QString(), u"2"_s}});
        QVERIFY(!many.ok());
        QCOMPARE(many.error().code, StoreError::Code::Invalid);
        QVERIFY(settings.all().value().isEmpty());
    }

    void setValuesIsAllOrNothing()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        {
            QSqlQuery query(temp->database());
            QVERIFY(query.exec(u"CREATE TRIGGER refuse_bad BEFORE INSERT ON settings WHEN NEW.key = 'b' "
                               "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s));
        }
        SettingsRepository settings(temp.catalogue());
        QVERIFY(settings.setValue(u"a"_s, u"old"_s).ok());
        auto many = settings.setValues({{u"a"_s, u"new"_s}, {u"b"_s, u"2"_s}, {u"c"_s, u"3"_s}});
        QVERIFY(!many.ok());
        QCOMPARE(many.error().code, StoreError::Code::Invalid);
        QVERIFY2(many.error().message.contains(u"refused by the test"_s), qPrintable(many.error().message));
        QCOMPARE(settings.all().value(), (QMap<QString, QString>{{u"a"_s, u"old"_s}}));
    }
};

QTEST_GUILESS_MAIN(TestSettingsRepository)
#include "tst_settingsrepository.moc"
