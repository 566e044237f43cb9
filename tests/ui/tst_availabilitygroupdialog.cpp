#include "availability/availabilitygroupdialog.h"
#include "cataloguefixture.h"
#include "store/availabilitygrouprepository.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::AvailabilityGroup)

// The availability group dialog with real widgets on a real catalogue.
class tst_AvailabilityGroupDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void validatesName_data();
    void validatesName();
    void reportsATakenName();
    void createsAGroupOnThePool();
    void renamesAndRedescribes();
    void conflictOnSaveIsShownInline();
    void openAndDeleteThemselves();

private:
    static QPushButton *ok(QDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    template <typename W>
    static W *child(QDialog &dialog, const QString &name)
    {
        auto *widget = dialog.findChild<W *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }
    static AvailabilityGroup makeGroup(const Catalogue &catalogue, const QString &name)
    {
        AvailabilityGroup group;
        group.name = name;
        group.description = u"About "_s + name;
        auto created = AvailabilityGroupRepository(catalogue).create(group);
        if (!created)
            qFatal("makeGroup: %s", qPrintable(created.error().message));
        return created.value();
    }
};

void tst_AvailabilityGroupDialog::validatesName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::addColumn<QString>("hint");    // what the inline hint under the name says
    QTest::newRow("valid") << u"gpu-eu"_s << QString() << u"Lowercase letters"_s;
    QTest::newRow("dots") << u"gpu.eu-2"_s << QString() << u"Lowercase letters"_s;
    QTest::newRow("empty") << QString() << u"Name: A name is required."_s << u"Lowercase letters"_s;
    QTest::newRow("uppercase") << u"GPU"_s << u"Name, column 1: "_s << u"Column 1: "_s;
    QTest::newRow("underscore") << u"gpu_eu"_s << u"Name, column 4: "_s << u"Column 4: "_s;
    QTest::newRow("leading dash") << u"-gpu"_s << u"Name, column 1: "_s << u"Column 1: "_s;
    QTest::newRow("trailing dash") << u"gpu-"_s << u"Name, column 4: "_s << u"Column 4: "_s;
    QTest::newRow("space") << u"gpu eu"_s << u"Name, column 4: "_s << u"Column 4: "_s;
    QTest::newRow("too long") << QString(64, u'a') << u"Name, column 64: "_s << u"Column 64: "_s;
    QTest::newRow("taken") << u"taken"_s
                           << u"Name: An availability group named \u201ctaken\u201d already exists."_s
                           << u"An availability group named \u201ctaken\u201d already exists."_s;
}

void tst_AvailabilityGroupDialog::validatesName()
{
    QFETCH(QString, name);
    QFETCH(QString, problem);
    QFETCH(QString, hint);
    TempCatalogue catalogue;
    QVERIFY2(catalogue.isOpen(), qPrintable(catalogue.errorString()));
    AvailabilityGroupDialog dialog(catalogue.catalogue(), std::nullopt);
    dialog.setNameTakenCheck([](const QString &candidate) { return candidate == u"taken"_s; });
    QVERIFY(!ok(dialog)->isEnabled()); // nothing typed yet
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(name);
    QCOMPARE(ok(dialog)->isEnabled(), problem.isEmpty());
    QCOMPARE(dialog.isInputValid(), problem.isEmpty());
    QVERIFY2(problem.isEmpty() ? dialog.validationMessage().isEmpty()
                               : dialog.validationMessage().startsWith(problem),
             qPrintable(dialog.validationMessage()));
    const QString shown = child<QLabel>(dialog, u"nameHint"_s)->text();
    QVERIFY2(shown.startsWith(hint), qPrintable(shown));
    QCOMPARE(ok(dialog)->toolTip(), dialog.validationMessage());
}

void tst_AvailabilityGroupDialog::reportsATakenName()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    const AvailabilityGroup gpu = makeGroup(catalogue.catalogue(), u"gpu"_s);
    AvailabilityGroupDialog dialog(catalogue.catalogue(), gpu);
    dialog.setNameTakenCheck(
        [](const QString &candidate) { return candidate == u"gpu"_s || candidate == u"cpu"_s; });
    // Its own name is not taken.
    QVERIFY(ok(dialog)->isEnabled());
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"cpu"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(dialog.validationMessage().contains(u"already exists"_s));
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"gpu-2"_s);
    QVERIFY(ok(dialog)->isEnabled());
}

void tst_AvailabilityGroupDialog::createsAGroupOnThePool()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    AvailabilityGroupDialog dialog(catalogue.catalogue(), std::nullopt);
    QSignalSpy saved(&dialog, &AvailabilityGroupDialog::saved);
    QTest::keyClicks(child<QLineEdit>(dialog, u"nameEdit"_s), u"gpu-eu"_s);
    child<QPlainTextEdit>(dialog, u"descriptionEdit"_s)->setPlainText(u"  Frankfurt GPU hosts \n"_s);
    QVERIFY(ok(dialog)->isEnabled());
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QVERIFY(dialog.isSaving());
    QVERIFY(!ok(dialog)->isEnabled()); // no second save meanwhile
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const auto stored = AvailabilityGroupRepository(catalogue.catalogue()).getByName(u"gpu-eu"_s);
    QVERIFY(stored.ok());
    QCOMPARE(stored->description, u"Frankfurt GPU hosts"_s);
    QCOMPARE(saved.constFirst().at(0).value<AvailabilityGroup>(), stored.value());
}

void tst_AvailabilityGroupDialog::renamesAndRedescribes()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    const AvailabilityGroup gpu = makeGroup(catalogue.catalogue(), u"gpu"_s);
    AvailabilityGroupDialog dialog(catalogue.catalogue(), gpu);
    QVERIFY(dialog.isEditing());
    QCOMPARE(child<QLineEdit>(dialog, u"nameEdit"_s)->text(), u"gpu"_s);
    QCOMPARE(child<QPlainTextEdit>(dialog, u"descriptionEdit"_s)->toPlainText(), u"About gpu"_s);
    QSignalSpy saved(&dialog, &AvailabilityGroupDialog::saved);
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"gpu-eu"_s);
    child<QPlainTextEdit>(dialog, u"descriptionEdit"_s)->setPlainText(u"Moved"_s);
    dialog.accept();
    QTRY_COMPARE(saved.size(), 1);
    const auto stored = AvailabilityGroupRepository(catalogue.catalogue()).get(gpu.id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->name, u"gpu-eu"_s);
    QCOMPARE(stored->description, u"Moved"_s);
}

void tst_AvailabilityGroupDialog::conflictOnSaveIsShownInline()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    makeGroup(catalogue.catalogue(), u"gpu"_s);
    // The page's list did not know it yet: the catalogue refuses, the dialog stays open.
    AvailabilityGroupDialog dialog(catalogue.catalogue(), std::nullopt);
    dialog.show();
    QSignalSpy saved(&dialog, &AvailabilityGroupDialog::saved);
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"gpu"_s);
    QVERIFY(ok(dialog)->isEnabled());
    dialog.accept();
    QTRY_VERIFY(!dialog.isSaving());
    QVERIFY(saved.isEmpty());
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(u"already exists"_s), qPrintable(dialog.errorText()));
    QVERIFY(child<QLabel>(dialog, u"errorLabel"_s)->isVisible());
}

void tst_AvailabilityGroupDialog::openAndDeleteThemselves()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    QWidget parent;
    parent.show();
    QPointer<AvailabilityGroupDialog> dialog =
        AvailabilityGroupDialog::create(&parent, catalogue.catalogue());
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->isModal() || dialog->windowModality() != Qt::NonModal);
    QVERIFY(!dialog->isEditing());
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());
}

QTEST_MAIN(tst_AvailabilityGroupDialog)
#include "tst_availabilitygroupdialog.moc"
