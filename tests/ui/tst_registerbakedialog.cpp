#include "bakeimages/registerbakedialog.h"
#include "cataloguefixture.h"
#include "domain/settingsschema.h"
#include "store/bakeimagerepository.h"
#include "store/secretrepository.h"
#include "store/settings.h"
#include "testsupport.h"
#include "widgettesting.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMutex>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

namespace {

// What an injected name check saw, shared with its pool threads (which may
// outlive a failed test function: the dialog's destructor waits for them).
struct NameChecks
{
    QMutex mutex;
    QStringList names;   // asked, in order
    int onGuiThread = 0; // asked on the GUI thread (never)
    int answered = 0;    // returned
    QSemaphore gate;     // "slow" waits for it
    QStringList asked()
    {
        QMutexLocker lock(&mutex);
        return names;
    }
    int answers()
    {
        QMutexLocker lock(&mutex);
        return answered;
    }
};

// Taken: "taken" and "slow-taken"; "slow…" names wait for the gate first.
std::function<bool(const QString &)> recordingCheck(const std::shared_ptr<NameChecks> &checks, QThread *gui)
{
    return [checks, gui](const QString &name) {
        {
            QMutexLocker lock(&checks->mutex);
            checks->names.append(name);
            if (QThread::currentThread() == gui)
                ++checks->onGuiThread;
        }
        if (name.startsWith(u"slow"_s))
            checks->gate.acquire();
        QMutexLocker lock(&checks->mutex);
        ++checks->answered;
        return name == u"taken"_s || name == u"slow-taken"_s;
    };
}

} // namespace

// The register dialog through its real widgets and a real catalogue: every
// mistake disables OK and is named under its field, a valid form registers.
class tst_RegisterBakeDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void invalidInputs_data();
    void invalidInputs();
    void platformScopeNeedsSuperAdmin();
    void registersAnOciImage();
    void registersATarWithItsKind();
    void missingTarKeepsTheDialogOpen();
    void nameTakenMeanwhileIsRefusedInline();
    void nameCheckWaitsForTheTypingToPause();
    void lastNameTypedWins_data();
    void lastNameTypedWins();
    void staleNameAnswerIsDropped();
    void choicesAreReadOnThePool();

private:
    RegisterBakeDialog *open(bool superAdmin = false);
    RegisterBakeDialog *openWithCheck(const std::shared_ptr<NameChecks> &checks);
    template <typename T>
    T *child(const QString &name) const
    {
        T *widget = m_dialog->findChild<T *>(name);
        if (!widget)
            qWarning("no %s", qPrintable(name));
        return widget;
    }
    QPushButton *ok() const { return child<QDialogButtonBox>(u"buttonBox"_s)->button(QDialogButtonBox::Ok); }
    void fillValid()
    {
        child<QLineEdit>(u"nameEdit"_s)->setText(u"debian-12"_s);
        child<QLineEdit>(u"sourceEdit"_s)->setText(u"docker.io/library/debian:12"_s);
        child<QLineEdit>(u"sizeEdit"_s)->setText(u"2048"_s);
    }
    // The catalogue answered for the name shown.
    bool nameChecked() const
    {
        return QTest::qWaitFor([this] { return !m_dialog->isCheckingName(); });
    }
    QString nameHint() const { return child<QLabel>(u"nameHint"_s)->text(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    QPointer<RegisterBakeDialog> m_dialog;
    Secret m_secret;
};

void tst_RegisterBakeDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    m_dir = std::make_unique<QTemporaryDir>();
}

void tst_RegisterBakeDialog::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    BakeImage taken;
    taken.name = u"taken"_s;
    taken.source = {BakeSourceKind::Oci, u"debian:12"_s};
    taken.sizeMib = 100;
    QVERIFY(BakeImageRepository(m_catalogue->catalogue()).registerImage(taken).ok());
    const auto secret = SecretRepository(m_catalogue->catalogue())
                            .create(u"quay-robot"_s, SecretKind::PullSecret, u"robot"_s, u"kiln:test"_s);
    QVERIFY2(secret.ok(), whyNot(secret).constData());
    m_secret = secret.value();
}

void tst_RegisterBakeDialog::cleanup()
{
    delete m_dialog;
    m_catalogue.reset();
}

RegisterBakeDialog *tst_RegisterBakeDialog::open(bool superAdmin)
{
    RegisterBakeDialogServices services;
    services.catalogue = &m_catalogue->catalogue();
    services.superAdmin = superAdmin;
    services.secrets = {m_secret};
    m_dialog = RegisterBakeDialog::create(nullptr, services);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose, false); // the test deletes it
    return m_dialog;
}

RegisterBakeDialog *tst_RegisterBakeDialog::openWithCheck(const std::shared_ptr<NameChecks> &checks)
{
    RegisterBakeDialogServices services;
    services.catalogue = &m_catalogue->catalogue();
    services.nameTaken = recordingCheck(checks, QThread::currentThread());
    m_dialog = RegisterBakeDialog::create(nullptr, services);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    return m_dialog;
}

void tst_RegisterBakeDialog::invalidInputs_data()
{
    QTest::addColumn<QString>("field");   // the object name of the edit
    QTest::addColumn<QString>("value");   // typed into it (the rest is valid)
    QTest::addColumn<bool>("tar");        // the Tar file radio
    QTest::addColumn<QString>("hint");    // the label that explains
    QTest::addColumn<QString>("message"); // in the hint
    QTest::addColumn<QString>("problem"); // the start of the OK button's tooltip

    QTest::newRow("name-empty") << u"nameEdit"_s << QString() << false << u"nameHint"_s << u"Lowercase"_s
                                << u"Name: A name is required."_s;
    QTest::newRow("name-bad") << u"nameEdit"_s << u"Debian"_s << false << u"nameHint"_s << u"Column 1:"_s
                              << u"Name, column 1:"_s;
    QTest::newRow("name-taken") << u"nameEdit"_s << u"taken"_s << false << u"nameHint"_s
                                << u"\u201ctaken\u201d already exists"_s << u"Name:"_s;
    QTest::newRow("display-control") << u"displayNameEdit"_s << u"Deb\tian"_s << false << u"displayNameHint"_s
                                     << u"Column 4:"_s << u"Display name, column 4:"_s;
    QTest::newRow("source-empty") << u"sourceEdit"_s << QString() << false << u"sourceHint"_s << u"Required"_s
                                  << u"Source, column"_s;
    QTest::newRow("source-bad-reference") << u"sourceEdit"_s << u"debian:12 x"_s << false << u"sourceHint"_s
                                          << u"Column 10:"_s << u"Source, column 10:"_s;
    QTest::newRow("tar-relative") << u"sourceEdit"_s << u"rootfs.tar"_s << true << u"sourceHint"_s
                                  << u"Column 1: the tar path must be absolute"_s << u"Source, column 1:"_s;
    QTest::newRow("tar-directory") << u"sourceEdit"_s << u"/srv/images/"_s << true << u"sourceHint"_s
                                   << u"Column 12: the tar path names a directory"_s
                                   << u"Source, column 12:"_s;
    QTest::newRow("size-empty") << u"sizeEdit"_s << QString() << false << u"sizeHint"_s << u"Required"_s
                                << u"Size, column 1:"_s;
    QTest::newRow("size-letter") << u"sizeEdit"_s << u"20x"_s << false << u"sizeHint"_s << u"Column 3:"_s
                                 << u"Size, column 3:"_s;
    QTest::newRow("size-zero") << u"sizeEdit"_s << u"0"_s << false << u"sizeHint"_s
                               << u"must be a positive number of MiB"_s << u"Size, column 1:"_s;
    QTest::newRow("size-too-big") << u"sizeEdit"_s << u"99999999999"_s << false << u"sizeHint"_s
                                  << u"more than the limit"_s << u"Size, column 1:"_s;
    QTest::newRow("cpu") << u"cpuEdit"_s << u"-5"_s << false << u"defaultsHint"_s << u"CPU, Column 1:"_s
                         << u"CPU, column 1:"_s;
    QTest::newRow("memory") << u"memoryEdit"_s << u"1.5"_s << false << u"defaultsHint"_s
                            << u"Memory, Column 2:"_s << u"Memory, column 2:"_s;
    QTest::newRow("disk") << u"diskEdit"_s << u"0"_s << false << u"defaultsHint"_s << u"Disk, Column 1:"_s
                          << u"Disk, column 1:"_s;
    QTest::newRow("preinstalled-empty-line")
        << u"preinstalledEdit"_s << u"gcc 12\n   \nvim"_s << false << u"preinstalledHint"_s
        << u"Line 2, column 1: the entry is empty"_s << u"Preinstalled, line 2, column 1:"_s;
}

void tst_RegisterBakeDialog::invalidInputs()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(bool, tar);
    QFETCH(QString, hint);
    QFETCH(QString, message);
    QFETCH(QString, problem);
    open();
    fillValid();
    if (tar) {
        child<QRadioButton>(u"tarRadio"_s)->setChecked(true);
        child<QLineEdit>(u"sourceEdit"_s)->setText(u"/srv/rootfs.tar"_s);
    }
    QTRY_VERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
    if (auto *edit = m_dialog->findChild<QLineEdit *>(field))
        edit->setText(value);
    else
        child<QPlainTextEdit>(field)->setPlainText(value);
    QVERIFY(!ok()->isEnabled());
    QVERIFY(nameChecked());
    QVERIFY(!ok()->isEnabled());
    QVERIFY(!m_dialog->isInputValid());
    const QString shown = child<QLabel>(hint)->text();
    QVERIFY2(shown.contains(message), qPrintable(shown));
    QVERIFY2(m_dialog->validationMessage().startsWith(problem), qPrintable(m_dialog->validationMessage()));
    QCOMPARE(ok()->toolTip(), m_dialog->validationMessage());
    // Accepting an invalid form does nothing.
    QSignalSpy registered(m_dialog.data(), &RegisterBakeDialog::registered);
    m_dialog->accept();
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_dialog->isSaving());
    QCOMPARE(registered.size(), 0);
}

void tst_RegisterBakeDialog::platformScopeNeedsSuperAdmin()
{
    open(false);
    fillValid();
    QVERIFY(nameChecked());
    auto *scope = child<QComboBox>(u"scopeCombo"_s);
    auto *items = qobject_cast<QStandardItemModel *>(scope->model());
    QVERIFY(items);
    QVERIFY(!items->item(2)->isEnabled()); // platform
    QVERIFY(child<QLabel>(u"scopeHint"_s)->text().contains(u"bake.superAdmin"_s));
    scope->setCurrentIndex(2); // as kilnctl could ask for it
    QVERIFY(!ok()->isEnabled());
    QVERIFY(m_dialog->validationMessage().startsWith(u"Scope"_s));
    delete m_dialog;

    open(true);
    fillValid();
    scope = child<QComboBox>(u"scopeCombo"_s);
    QVERIFY(qobject_cast<QStandardItemModel *>(scope->model())->item(2)->isEnabled());
    scope->setCurrentIndex(2);
    QTRY_VERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
}

void tst_RegisterBakeDialog::registersAnOciImage()
{
    open();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.data()));
    QVERIFY(!ok()->isEnabled()); // empty
    fillValid();
    child<QLineEdit>(u"displayNameEdit"_s)->setText(u"Debian 12"_s);
    child<QPlainTextEdit>(u"descriptionEdit"_s)->setPlainText(u"The plain base."_s);
    child<QLineEdit>(u"cpuEdit"_s)->setText(u"2000"_s);
    child<QLineEdit>(u"memoryEdit"_s)->setText(u"4096"_s);
    child<QComboBox>(u"scopeCombo"_s)->setCurrentIndex(1);
    child<QCheckBox>(u"lazyPullCheck"_s)->setChecked(true);
    child<QPlainTextEdit>(u"preinstalledEdit"_s)->setPlainText(u"python 3.11\ngcc 12\n\n"_s);
    auto *secrets = child<QComboBox>(u"pullSecretCombo"_s);
    QCOMPARE(secrets->count(), 2);
    secrets->setCurrentIndex(1);
    QVERIFY(child<QCheckBox>(u"bakeNowCheck"_s)->isChecked());
    QVERIFY(!child<QPushButton>(u"browseButton"_s)->isVisible()); // OCI: nothing to browse
    QTRY_VERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
    saveScreenshot(m_dialog.data(), u"bake-register-dialog"_s);

    QSignalSpy registered(m_dialog.data(), &RegisterBakeDialog::registered);
    QTest::mouseClick(ok(), Qt::LeftButton);
    QTRY_COMPARE(registered.size(), 1);
    QVERIFY(!m_dialog->isVisible());
    const BakeImage image = registered[0].at(0).value<BakeImage>();
    QCOMPARE(registered[0].at(1).toBool(), true);
    const BakeImage stored = BakeImageRepository(m_catalogue->catalogue()).getByName(u"debian-12"_s).value();
    QCOMPARE(stored.id, image.id);
    QCOMPARE(stored.displayName, u"Debian 12"_s);
    QCOMPARE(stored.description, u"The plain base."_s);
    QCOMPARE(stored.source, (BakeSource{BakeSourceKind::Oci, u"docker.io/library/debian:12"_s}));
    QCOMPARE(stored.sizeMib, qint64(2048));
    QCOMPARE(stored.defaultCpuMillicores, std::optional<qint64>(2000));
    QCOMPARE(stored.defaultMemoryMb, std::optional<qint64>(4096));
    QCOMPARE(stored.defaultDiskMb, std::nullopt);
    QCOMPARE(stored.scope, BakeScope::Partner);
    QCOMPARE(stored.lazyPull, true);
    QCOMPARE(stored.preinstalled, (QStringList{u"python 3.11"_s, u"gcc 12"_s}));
    QCOMPARE(stored.pullSecretId, m_secret.id);
    QCOMPARE(stored.state, BakeState::Registered);
}

void tst_RegisterBakeDialog::registersATarWithItsKind()
{
    // A small root file system tar, made with GNU tar.
    const QString root = m_dir->filePath(u"rootfs"_s);
    QVERIFY(QDir().mkpath(root + u"/etc"_s));
    QFile file(root + u"/etc/os-release"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("ID=kiln\n");
    file.close();
    const QString tarPath = m_dir->filePath(u"rootfs.tar"_s);
    QCOMPARE(QProcess::execute(u"tar"_s, {u"-cf"_s, tarPath, u"-C"_s, root, u"."_s}), 0);

    open();
    child<QLineEdit>(u"nameEdit"_s)->setText(u"tiny"_s);
    child<QRadioButton>(u"tarRadio"_s)->setChecked(true);
    QVERIFY(child<QPushButton>(u"browseButton"_s)->isEnabled());
    QVERIFY(!child<QComboBox>(u"pullSecretCombo"_s)->isEnabled());
    child<QLineEdit>(u"sourceEdit"_s)->setText(tarPath);
    child<QLineEdit>(u"sizeEdit"_s)->setText(u"64"_s);
    child<QCheckBox>(u"bakeNowCheck"_s)->setChecked(false);
    QTRY_VERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
    QSignalSpy registered(m_dialog.data(), &RegisterBakeDialog::registered);
    QTest::mouseClick(ok(), Qt::LeftButton);
    QTRY_COMPARE(registered.size(), 1);
    QCOMPARE(registered[0].at(1).toBool(), false);
    const BakeImage stored = BakeImageRepository(m_catalogue->catalogue()).getByName(u"tiny"_s).value();
    QCOMPARE(stored.source, (BakeSource{BakeSourceKind::RootfsTar, tarPath}));
    QVERIFY(stored.pullSecretId.isEmpty());
}

void tst_RegisterBakeDialog::missingTarKeepsTheDialogOpen()
{
    open();
    child<QLineEdit>(u"nameEdit"_s)->setText(u"ghost"_s);
    child<QRadioButton>(u"tarRadio"_s)->setChecked(true);
    child<QLineEdit>(u"sourceEdit"_s)->setText(m_dir->filePath(u"no-such.tar"_s));
    child<QLineEdit>(u"sizeEdit"_s)->setText(u"64"_s);
    QTRY_VERIFY(ok()->isEnabled());
    QSignalSpy registered(m_dialog.data(), &RegisterBakeDialog::registered);
    QTest::mouseClick(ok(), Qt::LeftButton);
    auto *error = child<QLabel>(u"errorLabel"_s);
    QTRY_VERIFY(!m_dialog->isSaving() && error->isVisibleTo(m_dialog));
    QVERIFY2(error->text().startsWith(u"Source: "_s), qPrintable(error->text()));
    QVERIFY(error->text().contains(u"no-such.tar"_s));
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(registered.size(), 0);
    QVERIFY(!BakeImageRepository(m_catalogue->catalogue()).getByName(u"ghost"_s).ok());
}

void tst_RegisterBakeDialog::nameTakenMeanwhileIsRefusedInline()
{
    RegisterBakeDialogServices services;
    services.catalogue = &m_catalogue->catalogue();
    services.nameTaken = [](const QString &) { return false; }; // as if the name was free when typed
    m_dialog = RegisterBakeDialog::create(nullptr, services);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    fillValid();
    child<QLineEdit>(u"nameEdit"_s)->setText(u"taken"_s);
    QTRY_VERIFY(ok()->isEnabled());
    QSignalSpy registered(m_dialog.data(), &RegisterBakeDialog::registered);
    QTest::mouseClick(ok(), Qt::LeftButton);
    QTRY_VERIFY(!m_dialog->isSaving() && !ok()->isEnabled());
    QVERIFY(child<QLabel>(u"nameHint"_s)->text().contains(u"already exists"_s));
    QVERIFY(m_dialog->validationMessage().startsWith(u"Name:"_s));
    QCOMPARE(registered.size(), 0);
    // Another name is fine again.
    child<QLineEdit>(u"nameEdit"_s)->setText(u"taken-2"_s);
    QTRY_VERIFY(ok()->isEnabled());
    // Back to the refused name: refused at once, nothing to ask.
    child<QLineEdit>(u"nameEdit"_s)->setText(u"taken"_s);
    QVERIFY(!m_dialog->isCheckingName());
    QVERIFY(nameHint().contains(u"already exists"_s));
}

void tst_RegisterBakeDialog::nameCheckWaitsForTheTypingToPause()
{
    auto checks = std::make_shared<NameChecks>();
    openWithCheck(checks);
    fillValid(); // "debian-12"
    auto *name = child<QLineEdit>(u"nameEdit"_s);
    // Typed quickly: nothing is asked yet (not on the GUI thread as you type), and
    // OK waits for the answer about the name shown.
    for (const QString &typed : {u"t"_s, u"ta"_s, u"tak"_s, u"take"_s, u"taken"_s})
        name->setText(typed);
    QVERIFY(checks->asked().isEmpty());
    QVERIFY(m_dialog->isCheckingName());
    QVERIFY(!ok()->isEnabled());
    QVERIFY2(m_dialog->validationMessage().startsWith(u"Name: Checking"_s),
             qPrintable(m_dialog->validationMessage()));
    QVERIFY(nameHint().contains(u"Checking"_s));
    QTRY_VERIFY(nameHint().contains(u"\u201ctaken\u201d already exists"_s));
    QVERIFY(!ok()->isEnabled());
    // Once, for the last text only, on a pool thread.
    QCOMPARE(checks->asked(), QStringList{u"taken"_s});
    QCOMPARE(checks->onGuiThread, 0);

    name->setText(u"fresh"_s);
    QVERIFY(!ok()->isEnabled()); // pending, though free
    QTRY_VERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
    QCOMPARE(checks->asked(), (QStringList{u"taken"_s, u"fresh"_s}));
}

void tst_RegisterBakeDialog::lastNameTypedWins_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::addColumn<bool>("taken"); // the last one, in the catalogue
    QTest::newRow("taken-then-free") << u"taken"_s << u"fresh"_s << false;
    QTest::newRow("free-then-taken") << u"fresh"_s << u"taken"_s << true;
}

void tst_RegisterBakeDialog::lastNameTypedWins()
{
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(bool, taken);
    open(); // the catalogue answers (it holds "taken")
    fillValid();
    QVERIFY(nameChecked());
    auto *name = child<QLineEdit>(u"nameEdit"_s);
    name->setText(first);
    name->setText(last);
    QVERIFY(nameChecked());
    QCOMPARE(nameHint().contains(u"already exists"_s), taken);
    if (taken)
        QVERIFY(nameHint().contains(u"\u201c%1\u201d"_s.arg(last)));
    QCOMPARE(ok()->isEnabled(), !taken);
    // No late answer changes that.
    QTest::qWait(RegisterBakeDialog::kNameCheckDelayMs * 2);
    QCOMPARE(nameHint().contains(u"already exists"_s), taken);
    QCOMPARE(ok()->isEnabled(), !taken);
}

void tst_RegisterBakeDialog::staleNameAnswerIsDropped()
{
    auto checks = std::make_shared<NameChecks>();
    const auto release = qScopeGuard([checks] { checks->gate.release(100); });
    openWithCheck(checks);
    fillValid();
    auto *name = child<QLineEdit>(u"nameEdit"_s);
    // "slow-free" is asked and its answer (free) held back...
    name->setText(u"slow-free"_s);
    QTRY_COMPARE(checks->asked(), QStringList{u"slow-free"_s});
    // ...while "taken" is typed and answered (taken).
    name->setText(u"taken"_s);
    QTRY_VERIFY(nameHint().contains(u"\u201ctaken\u201d already exists"_s));
    QVERIFY(!ok()->isEnabled());
    // The old answer arrives last: it must not make "taken" look free.
    checks->gate.release();
    QTRY_COMPARE(checks->answers(), 2);
    QTest::qWait(100); // its delivery
    QVERIFY2(nameHint().contains(u"\u201ctaken\u201d already exists"_s), qPrintable(nameHint()));
    QVERIFY(!ok()->isEnabled());
    QVERIFY(m_dialog->validationMessage().startsWith(u"Name:"_s));
    QVERIFY(!m_dialog->isCheckingName());
    // And the other way round: a stale "taken" does not refuse a free name.
    name->setText(u"slow-taken"_s);
    QTRY_COMPARE(checks->asked().size(), 3);
    name->setText(u"fresh"_s);
    QTRY_VERIFY(ok()->isEnabled());
    checks->gate.release();
    QTRY_COMPARE(checks->answers(), 4);
    QTest::qWait(100);
    QVERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
    QVERIFY(!nameHint().contains(u"already exists"_s));
}

void tst_RegisterBakeDialog::choicesAreReadOnThePool()
{
    QVERIFY(Settings(m_catalogue->catalogue()).set(Setting::BakeSuperAdmin, true).ok());
    RegisterBakeDialogServices services;
    services.catalogue = &m_catalogue->catalogue();
    services.readChoices = true;
    m_dialog = RegisterBakeDialog::create(nullptr, services);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    auto *secrets = child<QComboBox>(u"pullSecretCombo"_s);
    auto *scopes = qobject_cast<QStandardItemModel *>(child<QComboBox>(u"scopeCombo"_s)->model());
    // Open at once, before anything was read; OK waits for it.
    QVERIFY(m_dialog->isReadingChoices());
    QCOMPARE(secrets->count(), 1);
    QVERIFY(!secrets->isEnabled());
    QVERIFY(!scopes->item(2)->isEnabled());
    fillValid();
    QVERIFY(nameChecked());
    QTRY_VERIFY(!m_dialog->isReadingChoices());
    QCOMPARE(secrets->count(), 2);
    QCOMPARE(secrets->itemData(1).toString(), m_secret.id);
    QVERIFY(secrets->isEnabled());
    QVERIFY(scopes->item(2)->isEnabled()); // bake.superAdmin
    QVERIFY2(ok()->isEnabled(), qPrintable(m_dialog->validationMessage()));
}

QTEST_MAIN(tst_RegisterBakeDialog)
#include "tst_registerbakedialog.moc"
