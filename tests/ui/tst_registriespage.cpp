// kiln-test-properties: TIMEOUT 600
#include "bake/ociclient.h"
#include "bake/registryhealth.h"
#include "bake/registryhealthmonitor.h"
#include "cataloguefixture.h"
#include "mainwindow/mainwindow.h"
#include "registries/registriespage.h"
#include "registries/registrydialog.h"
#include "registries/registryimportdialog.h"
#include "registries/tagchipedit.h"
#include "registrylistmodel.h"
#include "registryproxymodel.h"
#include "registryserver.h"
#include "store/registryexchange.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "testsupport.h"
#include "widgettesting.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// The Registries page driven through real widgets, with a real catalogue, a
// real docker-registry for the health checks and the monitor that stores them.
// KILN_SCREENSHOT_DIR keeps screenshots of each step.
class tst_RegistriesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createsThroughTheDialog();
    void keyboard();
    void pushTargetIsExclusive();
    void filters();
    void importsWithAReport();
    void exports();
    void deletesAfterAsking();

private:
    Registry stored(const QString &name) const
    {
        return RegistryRepository(m_catalogue->catalogue()).getByName(name).value();
    }
    QModelIndex row(const QString &name) const
    {
        const auto registry = RegistryRepository(m_catalogue->catalogue()).getByName(name);
        return registry ? m_page->model()->indexOfRegistry(registry->id) : QModelIndex();
    }
    Registry addDirect(const QString &name, const QStringList &tags, RegistryStorage storage)
    {
        Registry registry;
        registry.name = name;
        registry.publicUrl = u"https://"_s + name + u".example.org"_s;
        registry.imagePrefix = name + u".example.org/kiln"_s;
        registry.tags = tags;
        registry.storageType = storage;
        const Registry created = RegistryRepository(m_catalogue->catalogue()).create(registry).value();
        m_page->model()->registrySaved(created.id);
        return created;
    }
    static QPushButton *ok(QDialog *dialog)
    {
        return dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<OciClient> m_oci;
    std::unique_ptr<RegistryHealthChecker> m_checker;
    std::unique_ptr<RegistryHealthMonitor> m_monitor;
    std::unique_ptr<MainWindow> m_window;
    RegistriesPage *m_page = nullptr;
    RegistryServer m_registry;
};

void tst_RegistriesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    if (RegistryServer::program().isEmpty())
        QFAIL("docker-registry is needed: run scripts/dev deps");
    QVERIFY2(m_registry.start(), qPrintable(m_registry.errorString()));
    m_dir = std::make_unique<QTemporaryDir>();
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_catalogue->catalogue().setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
    m_vault = std::make_unique<SecretVault>(fileVaultOptions(m_dir->filePath(u"vault"_s)));
    m_oci = std::make_unique<OciClient>();
    m_oci->setRetryPolicy(1, 50);
    CredentialLookup credentials = [catalogue = &m_catalogue->catalogue(),
                                    vault = m_vault.get()](const QString &ref) {
        return resolveCredential(SecretRepository(*catalogue), *vault, ref);
    };
    m_checker = std::make_unique<RegistryHealthChecker>(m_oci.get(), credentials);
    m_monitor = std::make_unique<RegistryHealthMonitor>(m_catalogue->catalogue(), m_checker.get());
    // No scheduled round during the test: only Check Now and the checks of new entries.
    m_monitor->setIntervalMs(3600 * 1000);
    m_monitor->setStartOffsetMs(3600 * 1000);
    m_monitor->start();

    RegistriesPageServices services;
    services.checker = m_checker.get();
    services.monitor = m_monitor.get();
    services.oci = m_oci.get();
    services.credentials = credentials;
    services.vault = m_vault.get();
    m_window = std::make_unique<MainWindow>();
    m_page = new RegistriesPage(m_catalogue->catalogue(), services);
    m_window->addPage(u"registries"_s, QIcon(), u"Registries"_s, m_page);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"No registries yet"_s));
    saveScreenshot(m_window.get(), u"registries-empty"_s);
}

void tst_RegistriesPage::cleanupTestCase()
{
    m_window.reset();
    m_monitor.reset();
    m_checker.reset();
    m_oci.reset();
    m_vault.reset();
    m_catalogue.reset();
    m_registry.stop();
}

void tst_RegistriesPage::createsThroughTheDialog()
{
    // The empty state's button opens the dialog.
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"emptyNewButton"_s), Qt::LeftButton);
    auto *dialog = m_page->findChild<RegistryDialog *>();
    QVERIFY(dialog);
    QVERIFY(!ok(dialog)->isEnabled());
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"local"_s);
    dialog->findChild<QLineEdit *>(u"urlEdit"_s)->setText(u"http://"_s + m_registry.address());
    dialog->findChild<QLineEdit *>(u"prefixEdit"_s)->setText(m_registry.address() + u"/kiln"_s);
    dialog->findChild<QCheckBox *>(u"tlsVerifyCheck"_s)->setChecked(false);
    dialog->findChild<QCheckBox *>(u"pushTargetCheck"_s)->setChecked(true);
    auto *chips = dialog->findChild<TagChipEdit *>(u"tagsEdit"_s);
    QVERIFY(chips->addTag(u"gpu"_s));
    QVERIFY(chips->addTag(u"dev"_s));
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QTRY_VERIFY(row(u"local"_s).isValid());
    QVERIFY(!m_page->isEmptyStateShown());
    QCOMPARE(m_page->currentRegistryId(), stored(u"local"_s).id);
    QVERIFY(row(u"local"_s).data(RegistryListModel::PushTargetRole).toBool());
    // The new entry is checked at once by the monitor: Healthy with a latency.
    QTRY_COMPARE_WITH_TIMEOUT(row(u"local"_s).data(RegistryListModel::HealthStatusRole).toInt(),
                              int(RegistryHealthStatus::Healthy), 30000);
    const QString health =
        m_page->model()->index(row(u"local"_s).row(), RegistryListModel::HealthColumn).data().toString();
    QVERIFY2(health.startsWith(u"Healthy \u00b7 "_s), qPrintable(health));
    QCOMPARE(stored(u"local"_s).healthStatus, u"healthy"_s);
    // The detail pane shows it.
    QCOMPARE(m_page->findChild<QLabel *>(u"detailTitle"_s)->text(), u"local (push target)"_s);
    QVERIFY(m_page->findChild<QLabel *>(u"detailHealth"_s)->text().startsWith(u"Healthy"_s));
    saveScreenshot(m_window.get(), u"registries-list"_s);
}

void tst_RegistriesPage::keyboard()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_page->listView()->setFocus();
    m_page->listView()->setCurrentIndex(m_page->proxy()->mapFromSource(row(u"local"_s)));
    QTest::keyClick(m_page->listView(), Qt::Key_F2);
    auto *edit = m_page->findChild<RegistryDialog *>();
    QVERIFY(edit);
    QVERIFY(edit->windowTitle().contains(u"local"_s));
    edit->reject();
    QTRY_VERIFY(!m_page->findChild<RegistryDialog *>());
    // F5: Check Now through the monitor (a new, stored result).
    const qint64 before = row(u"local"_s).data(RegistryListModel::HealthCheckedAtRole).toLongLong();
    QTest::qWait(5);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_page->listView()->setFocus();
    QTest::keyClick(m_page->listView(), Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(
        row(u"local"_s).data(RegistryListModel::HealthCheckedAtRole).toLongLong() > before, 30000);
    // Ctrl+N opens a new one.
    QTest::keyClick(m_page->listView(), Qt::Key_N, Qt::ControlModifier);
    auto *created = m_page->findChild<RegistryDialog *>();
    QVERIFY(created);
    QCOMPARE(created->windowTitle(), u"New Registry"_s);
    created->reject();
    QTRY_VERIFY(!m_page->findChild<RegistryDialog *>());
}

void tst_RegistriesPage::pushTargetIsExclusive()
{
    const Registry other = addDirect(u"other"_s, {u"gpu"_s, u"prod"_s}, RegistryStorage::S3);
    QVERIFY(row(u"local"_s).data(RegistryListModel::PushTargetRole).toBool());
    m_page->makePushTarget(other.id);
    QVERIFY(row(u"other"_s).data(RegistryListModel::PushTargetRole).toBool());
    QVERIFY(!row(u"local"_s).data(RegistryListModel::PushTargetRole).toBool());
    const auto target = RegistryRepository(m_catalogue->catalogue()).pushTarget();
    QVERIFY(target.ok() && target->has_value());
    QCOMPARE(target->value().id, other.id);
    int targets = 0;
    for (const Registry &registry : RegistryRepository(m_catalogue->catalogue()).list().value())
        targets += registry.pushTarget ? 1 : 0;
    QCOMPARE(targets, 1);
    // And back through the toolbar action on the selected row.
    m_page->listView()->setCurrentIndex(m_page->proxy()->mapFromSource(row(u"local"_s)));
    QAction *action = nullptr;
    for (QAction *candidate : m_page->findChildren<QAction *>()) {
        if (candidate->text() == u"Make &Push Target"_s)
            action = candidate;
    }
    QVERIFY(action && action->isEnabled());
    action->trigger();
    QVERIFY(row(u"local"_s).data(RegistryListModel::PushTargetRole).toBool());
    QVERIFY(!row(u"other"_s).data(RegistryListModel::PushTargetRole).toBool());
    QVERIFY(!action->isEnabled()); // it is the push target already
}

void tst_RegistriesPage::filters()
{
    addDirect(u"archive"_s, {u"cold"_s}, RegistryStorage::Fs);
    QCOMPARE(m_page->proxy()->rowCount(), 3);
    auto *text = m_page->findChild<QLineEdit *>(u"filterEdit"_s);
    text->setText(u"arch"_s);
    QTRY_COMPARE(m_page->proxy()->rowCount(), 1);
    text->clear();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 3);
    // Tags: any-of, then all-of.
    m_page->setTagFilter({u"dev"_s, u"prod"_s}, false);
    QCOMPARE(m_page->proxy()->rowCount(), 2);
    m_page->setTagFilter({u"gpu"_s, u"prod"_s}, true);
    QCOMPARE(m_page->proxy()->rowCount(), 1);
    QCOMPARE(m_page->proxy()->index(0, 0).data(RegistryListModel::NameRole).toString(), u"other"_s);
    m_page->setTagFilter({}, false);
    QCOMPARE(m_page->proxy()->rowCount(), 3);
    // The tag menu lists every known tag, checkable.
    auto *tagButton = m_page->findChild<QToolButton *>(u"tagFilterButton"_s);
    QStringList menuTags;
    for (QAction *action : tagButton->menu()->actions()) {
        QVERIFY(action->isCheckable());
        menuTags << action->text();
    }
    QCOMPARE(menuTags, (QStringList{u"cold"_s, u"dev"_s, u"gpu"_s, u"prod"_s}));
    // field=value, several with ';'.
    auto *fields = m_page->findChild<QLineEdit *>(u"fieldFilterEdit"_s);
    fields->setText(u"storage_type=fs"_s);
    QTRY_COMPARE(m_page->proxy()->rowCount(), 1);
    fields->setText(u"storage_type=s3; name=other"_s);
    QTRY_COMPARE(m_page->proxy()->index(0, 0).data(RegistryListModel::NameRole).toString(), u"other"_s);
    QCOMPARE(m_page->proxy()->rowCount(), 1);
    fields->setText(u"storage_type=s3; name=local"_s);
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QCOMPARE(m_page->findChild<QLabel *>(u"emptyText"_s)->text(), u"No registry matches the filters."_s);
    // A filter that does not parse says why and is not applied.
    fields->setText(u"colour=blue"_s);
    QTRY_VERIFY(!m_page->fieldFilterProblem().isEmpty());
    QVERIFY(m_page->fieldFilterProblem().contains(u"colour"_s));
    fields->clear();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 3);
    QVERIFY(m_page->fieldFilterProblem().isEmpty());
}

void tst_RegistriesPage::importsWithAReport()
{
    auto entry = [](const QString &name, const QString &url) {
        Registry registry;
        registry.name = name;
        registry.publicUrl = url;
        registry.imagePrefix = name + u".example.org"_s;
        registry.tags = {u"imported"_s};
        QJsonObject json = registryToExchangeJson(registry);
        json.remove(u"container_registry_id"_s);
        json.insert(u"container_registry_public_url"_s, url);
        return json;
    };
    QJsonArray entries;
    entries.append(entry(u"fresh"_s, u"https://fresh.example.org"_s));
    entries.append(entry(u"broken"_s, u"ftp://broken.example.org"_s));
    entries.append(entry(u"archive"_s, u"https://archive.example.org"_s)); // exists already
    const QString path = m_dir->filePath(u"import.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(entries).toJson(QJsonDocument::Indented));
    file.close();

    QSignalSpy finished(m_page, &RegistriesPage::importFinished);
    m_page->importFrom(path);
    QVERIFY(finished.wait(20000));
    const auto report = finished.at(0).at(0).value<RegistryImportReport>();
    QCOMPARE(report.created.size(), 1);
    QCOMPARE(report.created.at(0).name, u"fresh"_s);
    QCOMPARE(report.skipped.size(), 1);
    QCOMPARE(report.problems.size(), 1);
    QCOMPARE(report.problems.at(0).index, 1);
    QVERIFY(report.problems.at(0).line > 1);
    QVERIFY(row(u"fresh"_s).isValid());
    QVERIFY(!row(u"broken"_s).isValid());
    RegistryImportDialog *dialog = m_page->importReport();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->entryCount(), 3);
    QCOMPARE(dialog->summary(), u"1 created, 0 updated, 1 skipped, 1 with problems."_s);
    auto *list = dialog->findChild<QTreeWidget *>(u"entryList"_s);
    QStringList results;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        results << list->topLevelItem(i)->text(2);
    QCOMPARE(results, (QStringList{u"Created"_s, u"Problem"_s, u"Skipped"_s}));
    // Every line has its entry number, in file order, and the line it starts on.
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(list->topLevelItem(i)->text(0), QString::number(i + 1));
        QVERIFY(list->topLevelItem(i)->text(1).toInt() > 0);
    }
    QCOMPARE(list->topLevelItem(1)->text(1), QString::number(report.problems.at(0).line));
    QVERIFY2(list->topLevelItem(1)->text(3).contains(u"public_url"_s),
             qPrintable(list->topLevelItem(1)->text(3)));
    saveScreenshot(dialog, u"registries-import-report"_s);
    dialog->accept();
    QTRY_VERIFY(!m_page->importReport());
}

void tst_RegistriesPage::exports()
{
    const QString path = m_dir->filePath(u"export.json"_s);
    QSignalSpy finished(m_page, &RegistriesPage::exportFinished);
    m_page->exportTo(path);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(1).toString(), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QStringList names;
    for (const QJsonValue &value : array)
        names << value.toObject().value(u"container_registry_name"_s).toString();
    names.sort();
    QCOMPARE(names, (QStringList{u"archive"_s, u"fresh"_s, u"local"_s, u"other"_s}));
}

void tst_RegistriesPage::deletesAfterAsking()
{
    const Registry local = stored(u"local"_s);
    QVERIFY(local.pushTarget);
    m_page->deleteRegistry(local.id);
    auto *box = m_page->findChild<QMessageBox *>(u"deleteRegistryBox"_s);
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"local"_s));
    QVERIFY2(box->informativeText().contains(u"push target"_s), qPrintable(box->informativeText()));
    saveScreenshot(box, u"registries-delete"_s);
    // Cancel keeps it.
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>(u"deleteRegistryBox"_s));
    QVERIFY(row(u"local"_s).isValid());
    // Confirm removes it from the catalogue and the list (one row).
    QSignalSpy removed(m_page->model(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_page->model(), &QAbstractItemModel::modelReset);
    m_page->deleteRegistry(local.id);
    box = m_page->findChild<QMessageBox *>(u"deleteRegistryBox"_s);
    QVERIFY(box);
    box->findChild<QPushButton *>(u"confirmDelete"_s)->click();
    QTRY_VERIFY(!m_page->model()->indexOfRegistry(local.id).isValid());
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>(u"deleteRegistryBox"_s));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(reset.size(), 0);
    QVERIFY(!RegistryRepository(m_catalogue->catalogue()).get(local.id).ok());
    // Another registry's box does not talk about the push target.
    m_page->deleteRegistry(stored(u"archive"_s).id);
    box = m_page->findChild<QMessageBox *>(u"deleteRegistryBox"_s);
    QVERIFY(box);
    QVERIFY2(!box->informativeText().contains(u"push target"_s), qPrintable(box->informativeText()));
    box->button(QMessageBox::Cancel)->click();
}

QTEST_MAIN(tst_RegistriesPage)
#include "tst_registriespage.moc"
