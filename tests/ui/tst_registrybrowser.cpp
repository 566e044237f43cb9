#include "registryserver.h"
#include "testsupport.h"

#include "bake/ociclient.h"
#include "registries/registrybrowser.h"
#include "registrybrowsermodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPromise>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

const QString kUser = u"kiln"_s;
// `htpasswd -Bbn kiln kiln-right-password` (cost 4).
const QString kBcrypt = u"$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO"_s;

struct Http
{
    int status = 0;
    QByteArray body;
    QByteArray location;
};

Http request(const QByteArray &verb, const QUrl &url, const QByteArray &auth,
             const QByteArray &contentType = {}, const QByteArray &body = {})
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest req(url);
    if (!auth.isEmpty())
        req.setRawHeader("Authorization", auth);
    if (!contentType.isEmpty())
        req.setRawHeader("Content-Type", contentType);
    std::unique_ptr<QNetworkReply> reply(manager.sendCustomRequest(req, verb, body));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 20000))
        reply->abort();
    Http out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.location = reply->rawHeader("Location");
    return out;
}

// Pushes an OCI image (a config blob, no layers) under each tag through the real
// distribution API (as tst_ociclient does). Returns an error sentence or "".
QString pushImage(const QString &address, const QString &repository, const QStringList &tags,
                  const QByteArray &auth = {})
{
    const QUrl base(u"http://"_s + address);
    const QByteArray config =
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
    const QByteArray digest =
        "sha256:" + QCryptographicHash::hash(config, QCryptographicHash::Sha256).toHex();
    const Http started =
        request("POST", base.resolved(QUrl(u"/v2/"_s + repository + u"/blobs/uploads/"_s)), auth);
    if (started.status != 202)
        return u"upload start answered %1"_s.arg(started.status);
    QUrl upload = base.resolved(QUrl(QString::fromLatin1(started.location)));
    const QString query = upload.query();
    upload.setQuery(query + (query.isEmpty() ? u""_s : u"&"_s) + u"digest="_s + QString::fromLatin1(digest));
    if (const Http put = request("PUT", upload, auth, "application/octet-stream", config); put.status != 201)
        return u"blob upload answered %1"_s.arg(put.status);
    const QJsonObject manifest{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, u"application/vnd.oci.image.manifest.v1+json"_s},
        {u"config"_s, QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.config.v1+json"_s},
                                  {u"digest"_s, QString::fromLatin1(digest)},
                                  {u"size"_s, config.size()}}},
        {u"layers"_s, QJsonArray()},
    };
    const QByteArray bytes = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    for (const QString &tag : tags) {
        const Http pushed =
            request("PUT", base.resolved(QUrl(u"/v2/"_s + repository + u"/manifests/"_s + tag)), auth,
                    "application/vnd.oci.image.manifest.v1+json", bytes);
        if (pushed.status != 201)
            return u"manifest %1 answered %2"_s.arg(tag).arg(pushed.status);
    }
    return {};
}

Registry registryAt(const QString &address, const QString &secretId = {})
{
    Registry registry;
    registry.name = u"local"_s;
    registry.publicUrl = u"http://"_s + address;
    registry.imagePrefix = address + u"/team"_s;
    registry.tlsVerify = false;
    registry.credentialsSecretId = secretId;
    return registry;
}

} // namespace

// The registry browser widget against a real docker-registry: expanding, the
// filter, Copy Reference (Ctrl+C and the context menu), and the status label for
// the empty, loading and failed states. KILN_SCREENSHOT_DIR keeps screenshots.
class tst_RegistryBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void browsesFiltersAndCopies();
    void showsWhyItCannotList();

private:
    static void shoot(QWidget *widget, const QString &name);

    std::unique_ptr<RegistryServer> m_registry;
    std::unique_ptr<OciClient> m_client;
};

void tst_RegistryBrowser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    m_registry = std::make_unique<RegistryServer>();
    QVERIFY2(m_registry->start(), qPrintable(m_registry->errorString()));
    QCOMPARE(pushImage(m_registry->address(), u"team/cuda"_s, {u"12.4"_s, u"latest"_s}), QString());
    QCOMPARE(pushImage(m_registry->address(), u"team/torch"_s, {u"2.3"_s}), QString());
    m_client = std::make_unique<OciClient>();
    m_client->setRetryPolicy(2, 50);
}

void tst_RegistryBrowser::shoot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KILN_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + u'/' + name + u".png"_s));
}

void tst_RegistryBrowser::browsesFiltersAndCopies()
{
    RegistryBrowser browser(m_client.get(), {});
    browser.resize(500, 400);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QCOMPARE(browser.statusLabel()->text(), u"Select a registry to see its repositories."_s);
    QVERIFY(!browser.copyAction()->isEnabled());
    browser.setRegistry(registryAt(m_registry->address()));
    QTRY_COMPARE(browser.model()->state(), RegistryBrowserModel::State::Ready);
    QTRY_VERIFY(!browser.model()->isBusy());
    QCOMPARE(browser.statusLabel()->text(), u"2 repositories"_s);
    QTreeView *tree = browser.treeView();
    QCOMPARE(tree->model()->rowCount(), 2);

    // Expanding lists the tags.
    const QModelIndex cuda = tree->model()->index(0, 0);
    QCOMPARE(cuda.data().toString(), u"team/cuda"_s);
    tree->expand(cuda);
    QTRY_COMPARE(tree->model()->rowCount(cuda), 2);
    const QModelIndex latest = tree->model()->index(1, 0, cuda);
    QCOMPARE(latest.data().toString(), u"latest"_s);
    shoot(&browser, u"registrybrowser-tags"_s);

    // Ctrl+C copies the full reference of the current tag.
    tree->setCurrentIndex(latest);
    QVERIFY(browser.copyAction()->isEnabled());
    QSignalSpy status(&browser, &RegistryBrowser::statusMessage);
    tree->setFocus();
    QApplication::clipboard()->clear();
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    const QString expected = m_registry->address() + u"/team/cuda:latest"_s;
    QTRY_COMPARE(QApplication::clipboard()->text(), expected);
    QCOMPARE(status.last().at(0).toString(), u"Copied "_s + expected);

    // The context menu offers it too, for a repository as well.
    tree->setCurrentIndex(tree->model()->index(1, 0));
    Q_EMIT tree->customContextMenuRequested(tree->visualRect(tree->currentIndex()).center());
    QMenu *menu = browser.findChild<QMenu *>();
    QVERIFY(menu);
    QVERIFY(menu->actions().contains(browser.copyAction()));
    menu->close();
    browser.copyReference();
    QCOMPARE(QApplication::clipboard()->text(), m_registry->address() + u"/team/torch"_s);

    // The filter keeps a repository whose listed tag matches, and says when nothing does.
    browser.filterEdit()->setText(u"12.4"_s);
    QCOMPARE(tree->model()->rowCount(), 1);
    QCOMPARE(tree->model()->index(0, 0).data().toString(), u"team/cuda"_s);
    browser.filterEdit()->setText(u"nothing-like-this"_s);
    QCOMPARE(tree->model()->rowCount(), 0);
    QVERIFY(browser.statusLabel()->text().startsWith(u"Nothing listed so far matches"_s));
    browser.filterEdit()->clear();
    QCOMPARE(tree->model()->rowCount(), 2);
}

void tst_RegistryBrowser::showsWhyItCannotList()
{
    RegistryServer locked;
    locked.setHtpasswd(kUser, kBcrypt);
    QVERIFY2(locked.start(), qPrintable(locked.errorString()));
    RegistryBrowser browser(m_client.get(), [](const QString &) {
        QPromise<Result<Credential, QString>> promise;
        promise.start();
        promise.addResult(Credential{kUser, u"wrong-password"_s});
        promise.finish();
        return promise.future();
    });
    browser.resize(500, 300);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    browser.setRegistry(registryAt(locked.address(), u"secret"_s));
    QVERIFY(browser.statusLabel()->text().startsWith(u"Listing the repositories of local"_s));
    QTRY_COMPARE(browser.model()->state(), RegistryBrowserModel::State::Failed);
    QVERIFY2(browser.statusLabel()->text().startsWith(u"Authentication failed: "_s),
             qPrintable(browser.statusLabel()->text()));
    QVERIFY(!browser.statusLabel()->text().contains(u"wrong-password"_s));
    QVERIFY(!browser.treeView()->isEnabled());
    shoot(&browser, u"registrybrowser-auth-failed"_s);

    RegistryServer empty;
    QVERIFY2(empty.start(), qPrintable(empty.errorString()));
    browser.setRegistry(registryAt(empty.address()));
    QTRY_COMPARE(browser.model()->state(), RegistryBrowserModel::State::Empty);
    QCOMPARE(browser.statusLabel()->text(), u"This registry holds no repositories yet."_s);
}

QTEST_MAIN(tst_RegistryBrowser)
#include "tst_registrybrowser.moc"
