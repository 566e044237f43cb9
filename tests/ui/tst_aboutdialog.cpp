#include "about/aboutdialog.h"

#include "common/codeview.h"

#include <QLabel>
#include <QPointer>
#include <QTreeWidget>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_AboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsDetails();
    void opensWithoutBlockingAndDeletesItself();
};

void tst_AboutDialog::showsDetails()
{
    QCoreApplication::setApplicationVersion(u"1.2.3"_s);
    AboutDialog dialog({{u"Catalogue"_s, u"/tmp/c.sqlite"_s}});
    QVERIFY(dialog.findChild<QLabel *>(u"titleLabel"_s)->text().contains(u"Kiln 1.2.3"));
    auto *tree = dialog.findChild<QTreeWidget *>(u"detailsTree"_s);
    QStringList rows;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        rows.append(tree->topLevelItem(i)->text(0) + u'=' + tree->topLevelItem(i)->text(1));
    QVERIFY(rows.contains(u"Catalogue=/tmp/c.sqlite"_s));
    QVERIFY(rows.contains(u"Syntax highlighting="_s + CodeView::highlighterBackend()));
    QVERIFY(rows.first().startsWith(u"Qt="_s + QString::fromLatin1(qVersion())));
}

void tst_AboutDialog::opensWithoutBlockingAndDeletesItself()
{
    QWidget parent;
    parent.show();
    QPointer<AboutDialog> dialog = AboutDialog::show(&parent, {});
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());
}

QTEST_MAIN(tst_AboutDialog)
#include "tst_aboutdialog.moc"
