#include "cataloguefixture.h"
#include "remote/workerclient.h"
#include "remote/workermonitor.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "widgettesting.h"
#include "workers/addworkerdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::Worker)
Q_DECLARE_METATYPE(Kiln::WorkerProbe)

// The Add Worker dialog with real widgets, a real catalogue and a file-backed
// vault. Test Connection against a real kiln-worker is in tst_workerspage; here
// against a port nobody listens on. KILN_SCREENSHOT_DIR keeps screenshots.
class tst_AddWorkerDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void okDisabledUntilValid();
    void inlineErrors_data();
    void inlineErrors();
    void takenName();
    void testConnectionUnreachable();
    void testNeedsAValidUrlFirst();
    void addsTheWorkerWithTheTokenInTheVault();

private:
    AddWorkerDialogServices services() const;
    static QLineEdit *edit(QDialog *dialog, const QString &name)
    {
        return dialog->findChild<QLineEdit *>(name);
    }
    static QLabel *label(QDialog *dialog, const QString &name) { return dialog->findChild<QLabel *>(name); }
    static QPushButton *ok(QDialog *dialog)
    {
        return dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    static void fill(QDialog *dialog, const QString &name, const QString &url, const QString &token,
                     const QString &ca = {})
    {
        edit(dialog, u"nameEdit"_s)->setText(name);
        edit(dialog, u"urlEdit"_s)->setText(url);
        edit(dialog, u"tokenEdit"_s)->setText(token);
        edit(dialog, u"caFileEdit"_s)->setText(ca);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<WorkerMonitor> m_monitor;
    QWidget m_parent;
};

static const QString kToken = u"kw_0123456789abcdef_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"_s;

void tst_AddWorkerDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    qRegisterMetaType<Worker>();
    qRegisterMetaType<WorkerProbe>();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_vault = std::make_unique<SecretVault>(fileVaultOptions(m_dir->filePath(u"vault"_s)));
    m_client = std::make_unique<WorkerClient>();
    m_client->setTimeout(3000);
    m_client->setRetryPolicy(1, 50);
    m_monitor = std::make_unique<WorkerMonitor>(m_catalogue->catalogue(), *m_vault, m_client.get());
    m_parent.resize(900, 700);
}

void tst_AddWorkerDialog::cleanupTestCase()
{
    m_monitor.reset();
    m_client.reset();
}

AddWorkerDialogServices tst_AddWorkerDialog::services() const
{
    AddWorkerDialogServices s;
    s.catalogue = &m_catalogue->catalogue();
    s.vault = m_vault.get();
    s.monitor = m_monitor.get();
    s.nameTaken = [](const QString &name) { return name == u"taken"; };
    return s;
}

void tst_AddWorkerDialog::okDisabledUntilValid()
{
    AddWorkerDialog *dialog = AddWorkerDialog::create(&m_parent, services());
    QVERIFY(dialog->isVisible());
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(!dialog->isInputValid());
    QCOMPARE(dialog->validationMessages().size(), 3); // name, URL, token
    QCOMPARE(edit(dialog, u"tokenEdit"_s)->echoMode(), QLineEdit::Password);
    // Empty fields keep their neutral hints: nothing is red before anything is typed.
    QVERIFY(label(dialog, u"tokenHint"_s)->text().contains(u"keychain"_s));

    edit(dialog, u"nameEdit"_s)->setText(u"gpu-1"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    edit(dialog, u"urlEdit"_s)->setText(u"http://127.0.0.1:8443"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QCOMPARE(ok(dialog)->toolTip(), dialog->validationMessage());
    QVERIFY(dialog->validationMessage().startsWith(u"Token: "_s));
    edit(dialog, u"tokenEdit"_s)->setText(kToken);
    QVERIFY(ok(dialog)->isEnabled());
    QVERIFY(dialog->isInputValid());
    saveScreenshot(dialog, u"workers-add-dialog"_s);
    const WorkerForm form = dialog->form();
    QCOMPARE(form.name, u"gpu-1"_s);
    QCOMPARE(form.token, kToken);
    edit(dialog, u"urlEdit"_s)->setText(u"http://worker.example.org"_s); // no https for a remote host
    QVERIFY(!ok(dialog)->isEnabled());
    dialog->reject();
}

void tst_AddWorkerDialog::inlineErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("hint");     // the label under the field that is wrong
    QTest::addColumn<QString>("expected"); // part of its text, naming the field

    const QString url = u"https://w1.example.org:8443"_s;
    QTest::newRow("name uppercase") << u"Gpu"_s << url << kToken << QString() << u"nameHint"_s << u"Name: "_s;
    QTest::newRow("name bad char column")
        << u"gpu_1"_s << url << kToken << QString() << u"nameHint"_s << u"Name, column 4: "_s;
    QTest::newRow("name taken") << u"taken"_s << url << kToken << QString() << u"nameHint"_s
                                << u"Name: a worker named taken exists already"_s;
    QTest::newRow("url no scheme") << u"w"_s << u"w1.example.org"_s << kToken << QString() << u"urlHint"_s
                                   << u"URL: the URL must start with https://"_s;
    QTest::newRow("url bad port column") << u"w"_s << u"https://w1:8x"_s << kToken << QString()
                                         << u"urlHint"_s << u"URL, column 13: a port is a number"_s;
    QTest::newRow("url http remote") << u"w"_s << u"http://w1.example.org"_s << kToken << QString()
                                     << u"urlHint"_s << u"URL: use https:// for w1.example.org"_s;
    QTest::newRow("token not kw") << u"w"_s << url << u"ghp_123"_s << QString() << u"tokenHint"_s
                                  << u"Token: a kiln-worker token starts with kw_"_s;
    QTest::newRow("token blank inside")
        << u"w"_s << url << u"kw_a b"_s << QString() << u"tokenHint"_s << u"Token, column 5: "_s;
    QTest::newRow("ca relative") << u"w"_s << url << kToken << u"ca.pem"_s << u"caHint"_s
                                 << u"CA file: 'ca.pem' is not an absolute path"_s;
}

void tst_AddWorkerDialog::inlineErrors()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, token);
    QFETCH(QString, ca);
    QFETCH(QString, hint);
    QFETCH(QString, expected);
    AddWorkerDialog *dialog = AddWorkerDialog::create(&m_parent, services());
    fill(dialog, name, url, token, ca);
    QVERIFY(!ok(dialog)->isEnabled());
    QLabel *label = tst_AddWorkerDialog::label(dialog, hint);
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().startsWith(expected), qPrintable(label->text()));
    QCOMPARE(dialog->validationMessages().size(), 1);
    QCOMPARE(dialog->validationMessage(), label->text());
    // Red, unlike the neutral hints.
    QCOMPARE(label->palette().color(QPalette::WindowText), QColor(0xd3, 0x2f, 0x2f));
    if (hint == u"nameHint")
        saveScreenshot(dialog, u"workers-add-dialog-error"_s);
    dialog->reject();
}

void tst_AddWorkerDialog::takenName()
{
    AddWorkerDialog *dialog = AddWorkerDialog::create(&m_parent, services());
    fill(dialog, u"taken"_s, u"https://w1.example.org"_s, kToken);
    QVERIFY(!ok(dialog)->isEnabled());
    edit(dialog, u"nameEdit"_s)->setText(u"free"_s);
    QVERIFY(ok(dialog)->isEnabled());
    dialog->reject();
}

void tst_AddWorkerDialog::testConnectionUnreachable()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    AddWorkerDialog *dialog = AddWorkerDialog::create(&m_parent, services());
    fill(dialog, u"w"_s, u"http://127.0.0.1:%1"_s.arg(port), kToken);
    QSignalSpy finished(dialog, &AddWorkerDialog::testFinished);
    auto *button = dialog->findChild<QPushButton *>(u"testButton"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(dialog->isTesting());
    QVERIFY(dialog->findChild<QWidget *>(u"testProgress"_s)->isVisible()); // busy
    QCOMPARE(button->text(), u"Cancel &Test"_s);
    QVERIFY(finished.wait(30000));
    QVERIFY(!dialog->isTesting());
    QVERIFY(!dialog->findChild<QWidget *>(u"testProgress"_s)->isVisible());
    QVERIFY(dialog->testResult().has_value());
    QCOMPARE(dialog->testResult()->check.status, u"unreachable"_s);
    const QString text = label(dialog, u"testResult"_s)->text();
    QVERIFY2(text.startsWith(u"Unreachable: "_s) && text.contains(u"127.0.0.1"_s), qPrintable(text));
    QVERIFY(!text.contains(u"c2VjcmV0"_s)); // never the token
    // Nothing was written.
    QCOMPARE(WorkerRepository(m_catalogue->catalogue()).list()->size(), 0);
    dialog->reject();
}

void tst_AddWorkerDialog::testNeedsAValidUrlFirst()
{
    AddWorkerDialog *dialog = AddWorkerDialog::create(&m_parent, services());
    fill(dialog, u"w"_s, u"ftp://x"_s, kToken);
    dialog->testConnection();
    QVERIFY(!dialog->isTesting());
    QVERIFY2(label(dialog, u"testResult"_s)->text().startsWith(u"Fix the URL first"_s),
             qPrintable(label(dialog, u"testResult"_s)->text()));
    dialog->reject();
}

void tst_AddWorkerDialog::addsTheWorkerWithTheTokenInTheVault()
{
    AddWorkerDialog *dialog = AddWorkerDialog::create(&m_parent, services());
    QPointer<AddWorkerDialog> guard(dialog);
    fill(dialog, u"gpu-2"_s, u"http://127.0.0.1:9"_s, kToken);
    QSignalSpy added(dialog, &AddWorkerDialog::added);
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QVERIFY(added.wait(20000) || !added.isEmpty());
    const Worker worker = added.at(0).at(0).value<Worker>();
    QCOMPARE(worker.name, u"gpu-2"_s);
    QVERIFY(!worker.tokenSecretId.isEmpty());
    QTRY_VERIFY(guard.isNull()); // closed (and deleted)
    const auto stored = WorkerRepository(m_catalogue->catalogue()).getByName(u"gpu-2"_s);
    QVERIFY(stored.ok());
    QCOMPARE(stored->url, u"http://127.0.0.1:9"_s);
    // The token is in the vault, not in the catalogue.
    auto token = workerToken(m_catalogue->catalogue(), *m_vault, stored->id);
    QTRY_VERIFY(token.isFinished());
    QVERIFY(token.result().ok());
    QCOMPARE(token.result().value(), kToken.toUtf8());
    QFile file(m_catalogue->path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("c2VjcmV0LXNlY3JldC1zZWNyZXQ"));
}

QTEST_MAIN(tst_AddWorkerDialog)
#include "tst_addworkerdialog.moc"
