#include "cataloguefixture.h"
#include "imagebuilder/pushregistrydialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

class tst_PushRegistryDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void validatesPrefix_data();
    void validatesPrefix();
    void createsThePushTarget();
    void editsTheCurrentTarget();

private:
    static QPushButton *ok(QDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
};

void tst_PushRegistryDialog::validatesPrefix_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::newRow("host and port") << u"localhost:5000"_s << QString();
    QTest::newRow("host and path") << u"registry.example.com/team/ml"_s << QString();
    QTest::newRow("empty") << QString() << u"Image prefix: a registry host is required"_s;
    QTest::newRow("scheme") << u"https://registry.example.com"_s << u"Image prefix"_s;
    QTest::newRow("trailing slash") << u"registry.example.com/"_s << u"Image prefix"_s;
    QTest::newRow("tag") << u"registry.example.com/team:1"_s << u"Image prefix"_s;
}

void tst_PushRegistryDialog::validatesPrefix()
{
    QFETCH(QString, prefix);
    QFETCH(QString, problem);
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    PushRegistryDialog dialog(catalogue.catalogue());
    dialog.findChild<QLineEdit *>(u"prefixEdit"_s)->setText(prefix);
    QCOMPARE(ok(dialog)->isEnabled(), problem.isEmpty());
    QVERIFY2(dialog.validationMessage().startsWith(problem), qPrintable(dialog.validationMessage()));
    QCOMPARE(dialog.findChild<QLabel *>(u"errorLabel"_s)->text(), dialog.validationMessage());
}

void tst_PushRegistryDialog::createsThePushTarget()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    PushRegistryDialog dialog(catalogue.catalogue());
    QSignalSpy saved(&dialog, &PushRegistryDialog::saved);
    dialog.findChild<QLineEdit *>(u"prefixEdit"_s)->setText(u"localhost:5000/kiln"_s);
    dialog.findChild<QCheckBox *>(u"tlsCheck"_s)->setChecked(false);
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    const auto target = RegistryRepository(catalogue.catalogue()).pushTarget();
    QVERIFY(target && target->has_value());
    QCOMPARE(target->value().name, u"push"_s);
    QCOMPARE(target->value().imagePrefix, u"localhost:5000/kiln"_s);
    QCOMPARE(target->value().publicUrl, u"http://localhost:5000"_s);
    QVERIFY(!target->value().tlsVerify);
}

void tst_PushRegistryDialog::editsTheCurrentTarget()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    Registry registry;
    registry.name = u"corp"_s;
    registry.publicUrl = u"https://registry.example.com"_s;
    registry.imagePrefix = u"registry.example.com/old"_s;
    registry.pushTarget = true;
    registry.tags = {u"prod"_s};
    QVERIFY(RegistryRepository(catalogue.catalogue()).create(registry).ok());

    PushRegistryDialog dialog(catalogue.catalogue());
    auto *name = dialog.findChild<QLineEdit *>(u"nameEdit"_s);
    QCOMPARE(name->text(), u"corp"_s);
    QVERIFY(name->isReadOnly());
    auto *prefix = dialog.findChild<QLineEdit *>(u"prefixEdit"_s);
    QCOMPARE(prefix->text(), u"registry.example.com/old"_s);
    prefix->setText(u"registry.example.com/new"_s);
    dialog.accept();
    const auto list = RegistryRepository(catalogue.catalogue()).list();
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().imagePrefix, u"registry.example.com/new"_s);
    QVERIFY(list->first().pushTarget);
    // What the dialog does not show is kept.
    QCOMPARE(list->first().tags, QStringList{u"prod"_s});
    QCOMPARE(list->first().publicUrl, u"https://registry.example.com"_s);
}

QTEST_MAIN(tst_PushRegistryDialog)
#include "tst_pushregistrydialog.moc"
