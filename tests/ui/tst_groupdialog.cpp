#include "cataloguefixture.h"
#include "groups/groupdialog.h"
#include "store/grouprepository.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// The group dialog with real widgets on a real catalogue.
class tst_GroupDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void validatesName_data();
    void validatesName();
    void reportsATakenName();
    void createsAGroup();
    void editsAGroup();
    void keepsOpenWhenSavingFails();
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
    static QString makeGroup(const Catalogue &catalogue, const QString &name)
    {
        Group group;
        group.name = name;
        group.displayName = u"Display of "_s + name;
        group.memberCount = u"7"_s;
        auto created = GroupRepository(catalogue).create(group);
        return created ? created->id : QString();
    }
};

void tst_GroupDialog::validatesName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::addColumn<QString>("hint");    // what the inline hint under the name says
    QTest::newRow("valid") << u"ml-research"_s << QString() << u"Lowercase letters"_s;
    QTest::newRow("dots") << u"team.gpu-2"_s << QString() << u"Lowercase letters"_s;
    // Empty is not a mistake yet: OK stays disabled, the hint stays neutral.
    QTest::newRow("empty") << QString() << u"Name: A name is required."_s << u"Lowercase letters"_s;
    QTest::newRow("uppercase") << u"ML"_s << u"Name, column 1: "_s << u"Column 1: "_s;
    QTest::newRow("underscore") << u"ml_team"_s << u"Name, column 3: "_s << u"Column 3: "_s;
    QTest::newRow("trailing dash") << u"team-"_s << u"Name, column 5: "_s << u"Column 5: "_s;
    QTest::newRow("space") << u"ml team"_s << u"Name, column 3: "_s << u"Column 3: "_s;
}

void tst_GroupDialog::validatesName()
{
    QFETCH(QString, name);
    QFETCH(QString, problem);
    QFETCH(QString, hint);
    TempCatalogue catalogue;
    QVERIFY2(catalogue.isOpen(), qPrintable(catalogue.errorString()));
    GroupDialog dialog(catalogue.catalogue(), std::nullopt);
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

void tst_GroupDialog::reportsATakenName()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    QVERIFY(!makeGroup(catalogue.catalogue(), u"ops"_s).isEmpty());
    GroupDialog dialog(catalogue.catalogue(), std::nullopt);
    auto *name = child<QLineEdit>(dialog, u"nameEdit"_s);
    name->setText(u"ops"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY2(dialog.validationMessage().contains(u"already exists"_s),
             qPrintable(dialog.validationMessage()));
    QVERIFY(child<QLabel>(dialog, u"nameHint"_s)->text().contains(u"\u201cops\u201d already exists"_s));
    name->setText(u"ops2"_s);
    QVERIFY(ok(dialog)->isEnabled());
    // The check is a callback: another source of truth can replace the catalogue's.
    dialog.setNameTakenCheck([](const QString &candidate) { return candidate == u"ops2"_s; });
    QVERIFY(!ok(dialog)->isEnabled());
}

void tst_GroupDialog::createsAGroup()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    GroupDialog dialog(catalogue.catalogue(), std::nullopt);
    QSignalSpy saved(&dialog, &GroupDialog::saved);
    QVERIFY(!child<QLineEdit>(dialog, u"nameEdit"_s)->isReadOnly());
    QTest::keyClicks(child<QLineEdit>(dialog, u"nameEdit"_s), u"ml-research"_s);
    child<QLineEdit>(dialog, u"displayNameEdit"_s)->setText(u"  ML Research "_s);
    child<QLineEdit>(dialog, u"membersEdit"_s)->setText(u"42"_s);
    child<QPlainTextEdit>(dialog, u"descriptionEdit"_s)->setPlainText(u"The research cluster's users."_s);
    QVERIFY(ok(dialog)->isEnabled());
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Group emitted = saved.at(0).at(0).value<Group>();
    const auto stored = GroupRepository(catalogue.catalogue()).getByName(u"ml-research"_s);
    QVERIFY2(stored.ok(), whyNot(stored).constData());
    QCOMPARE(stored.value(), emitted);
    QCOMPARE(stored->displayName, u"ML Research"_s);
    QCOMPARE(stored->memberCount, u"42"_s);
    QCOMPARE(stored->description, u"The research cluster's users."_s);
}

void tst_GroupDialog::editsAGroup()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    const QString id = makeGroup(catalogue.catalogue(), u"ops"_s);
    const Group before = GroupRepository(catalogue.catalogue()).get(id).value();
    GroupDialog dialog(catalogue.catalogue(), before);
    QVERIFY(dialog.isEditing());
    auto *name = child<QLineEdit>(dialog, u"nameEdit"_s);
    QCOMPARE(name->text(), u"ops"_s);
    QVERIFY(name->isReadOnly());
    // Its own name is not "taken".
    QVERIFY(ok(dialog)->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, u"displayNameEdit"_s)->text(), u"Display of ops"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"membersEdit"_s)->text(), u"7"_s);
    child<QLineEdit>(dialog, u"displayNameEdit"_s)->setText(u"Operations"_s);
    child<QLineEdit>(dialog, u"membersEdit"_s)->setText(u"unknown"_s);
    QSignalSpy saved(&dialog, &GroupDialog::saved);
    dialog.accept();
    QCOMPARE(saved.size(), 1);
    const Group after = GroupRepository(catalogue.catalogue()).get(id).value();
    QCOMPARE(after.name, u"ops"_s);
    QCOMPARE(after.displayName, u"Operations"_s);
    QCOMPARE(after.memberCount, u"unknown"_s);
    QCOMPARE(after.createdAt, before.createdAt);
    QVERIFY(after.updatedAt > before.updatedAt);
}

void tst_GroupDialog::keepsOpenWhenSavingFails()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    const QString id = makeGroup(catalogue.catalogue(), u"ops"_s);
    QWidget parent;
    QPointer<GroupDialog> dialog = GroupDialog::edit(&parent, catalogue.catalogue(),
                                                     GroupRepository(catalogue.catalogue()).get(id).value());
    QVERIFY(dialog->isVisible());
    // Someone else deletes the group while the dialog is open.
    QVERIFY(GroupRepository(catalogue.catalogue()).remove(id).ok());
    QSignalSpy saved(dialog.data(), &GroupDialog::saved);
    QTest::mouseClick(ok(*dialog), Qt::LeftButton);
    QCOMPARE(saved.size(), 0);
    QVERIFY(dialog->isVisible());
    auto *error = child<QLabel>(*dialog, u"errorLabel"_s);
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(id) || error->text().contains(u"not"_s), qPrintable(error->text()));
    dialog->reject();
}

void tst_GroupDialog::conflictOnSaveIsShownInline()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    GroupDialog dialog(catalogue.catalogue(), std::nullopt);
    dialog.show();
    // The name was free when checked; another administrator takes it before OK.
    dialog.setNameTakenCheck([](const QString &) { return false; });
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"ops"_s);
    QVERIFY(!makeGroup(catalogue.catalogue(), u"ops"_s).isEmpty());
    QSignalSpy saved(&dialog, &GroupDialog::saved);
    dialog.accept();
    QCOMPARE(saved.size(), 0);
    QVERIFY(dialog.isVisible());
    const QString error = child<QLabel>(dialog, u"errorLabel"_s)->text();
    QVERIFY2(error.contains(u"already exists"_s), qPrintable(error));
}

void tst_GroupDialog::openAndDeleteThemselves()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    QWidget parent;
    QPointer<GroupDialog> created = GroupDialog::create(&parent, catalogue.catalogue());
    QVERIFY(created->isVisible());
    QVERIFY(created->isModal());
    QVERIFY(!created->isEditing());
    QCOMPARE(created->windowTitle(), u"New Group"_s);
    created->reject();
    QTRY_VERIFY(created.isNull());
}

QTEST_MAIN(tst_GroupDialog)
#include "tst_groupdialog.moc"
