#include "ocitesting.h"
#include "registrybrowsing.h"
#include "registryserver.h"
#include "testsupport.h"

#include "bake/ociclient.h"
#include "registrybrowsermodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

QStringList repositoriesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(RegistryBrowserModel::RepositoryRole).toString();
    return out;
}

} // namespace

// The registry browser's model against real docker-registry servers on loopback:
// lazy repository pages, lazy tags, references, logins through a CredentialLookup,
// and readable errors for a refused login and a closed port.
class tst_RegistryBrowserModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noRegistryIsEmpty();
    void pagesRepositoriesLazily();
    void listsTagsWhenExpanded();
    void unknownRepositoryTagsAreAnError();
    void logsInWithTheCredentialsSecret();
    void wrongPasswordSaysAuthenticationFailed();
    void unreadableSecretSaysSo();
    void closedPortSaysUnreachable();
    void emptyRegistry();
    void switchingRegistryDropsOldAnswers();

private:
    // QAbstractItemModelTester fetches whatever it can (every page, every
    // repository's tags): the tests of laziness run without it.
    std::unique_ptr<RegistryBrowserModel> browse(const std::optional<Registry> &registry,
                                                 CredentialLookup credentials = {}, bool tested = true);

    std::unique_ptr<RegistryServer> m_registry;
    std::unique_ptr<RegistryServer> m_locked;
    std::unique_ptr<RegistryServer> m_empty;
    std::unique_ptr<OciClient> m_client;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QStringList m_repositories;
};

void tst_RegistryBrowserModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    RegistryImages images;
    for (int i = 0; i < 7; ++i) {
        m_repositories << u"team/app-%1"_s.arg(i);
        images.append({m_repositories.last(),
                       i == 0 ? QStringList{u"latest"_s, u"1.0"_s, u"2.0"_s} : QStringList{u"v1"_s}});
    }
    m_registry = std::make_unique<RegistryServer>();
    QString error = startHolding(*m_registry, images);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    m_locked = std::make_unique<RegistryServer>();
    m_locked->setHtpasswd(kRegistryUser, kRegistryBcrypt);
    error = startHolding(*m_locked, {{u"private/app"_s, {u"2.0"_s}}}, registryBasicAuth());
    QVERIFY2(error.isEmpty(), qPrintable(error));

    m_empty = std::make_unique<RegistryServer>();
    QVERIFY2(m_empty->start(), qPrintable(m_empty->errorString()));

    m_client = browsingClient();
}

std::unique_ptr<RegistryBrowserModel>
tst_RegistryBrowserModel::browse(const std::optional<Registry> &registry, CredentialLookup credentials,
                                 bool tested)
{
    auto model = std::make_unique<RegistryBrowserModel>(m_client.get(), std::move(credentials));
    m_tester.reset();
    if (tested)
        m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setPageSize(3);
    model->setRegistry(registry);
    return model;
}

void tst_RegistryBrowserModel::noRegistryIsEmpty()
{
    auto model = browse(std::nullopt);
    QCOMPARE(model->state(), RegistryBrowserModel::State::NoRegistry);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!model->canFetchMore({}));
}

void tst_RegistryBrowserModel::pagesRepositoriesLazily()
{
    {
        // Under the tester (which fetches every page): consistent signals, all listed.
        auto tested = browse(browsableRegistry(m_registry->address()));
        QTRY_VERIFY(tested->isComplete());
        QCOMPARE(repositoriesOf(*tested), m_repositories);
    }
    auto model = browse(browsableRegistry(m_registry->address()), {}, false);
    QCOMPARE(model->state(), RegistryBrowserModel::State::Loading);
    QCOMPARE(model->rowCount(), 0); // nothing arrives synchronously
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Ready);
    QCOMPARE(repositoriesOf(*model), m_repositories.mid(0, 3));
    QVERIFY(model->canFetchMore({}));
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    model->fetchMore({});
    QVERIFY(!model->canFetchMore({})); // one page at a time
    QTRY_COMPARE(model->rowCount(), 6);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QTRY_VERIFY(model->canFetchMore({}));
    model->fetchMore({});
    QTRY_VERIFY(model->isComplete());
    QCOMPARE(repositoriesOf(*model), m_repositories);
    QVERIFY(!model->canFetchMore({}));
    QVERIFY(!model->isBusy());
    const QModelIndex first = model->index(0, 0);
    QCOMPARE(first.data(RegistryBrowserModel::ReferenceRole).toString(),
             m_registry->address() + u"/team/app-0"_s);
    QCOMPARE(first.data(RegistryBrowserModel::NodeKindRole).value<RegistryBrowserModel::NodeKind>(),
             RegistryBrowserModel::NodeKind::Repository);
}

void tst_RegistryBrowserModel::listsTagsWhenExpanded()
{
    auto model = browse(browsableRegistry(m_registry->address()), {}, false);
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Ready);
    const QModelIndex repository = model->index(0, 0);
    QVERIFY(model->hasChildren(repository)); // expandable before its tags are known
    QCOMPARE(model->rowCount(repository), 0);
    QVERIFY(model->canFetchMore(repository));
    model->fetchMore(repository);
    QVERIFY(model->isBusy());
    QVERIFY(repository.data().toString().contains(u"listing tags"_s));
    QTRY_VERIFY(repository.data(RegistryBrowserModel::TagsLoadedRole).toBool());
    QCOMPARE(model->rowCount(repository), 3);
    QStringList tags;
    QStringList references;
    for (int row = 0; row < 3; ++row) {
        const QModelIndex tag = model->index(row, 0, repository);
        QCOMPARE(tag.parent(), repository);
        QCOMPARE(tag.data(RegistryBrowserModel::NodeKindRole).value<RegistryBrowserModel::NodeKind>(),
                 RegistryBrowserModel::NodeKind::Tag);
        tags << tag.data().toString();
        references << tag.data(RegistryBrowserModel::ReferenceRole).toString();
        QVERIFY(!model->hasChildren(tag));
    }
    QCOMPARE(tags, QStringList({u"1.0"_s, u"2.0"_s, u"latest"_s})); // sorted
    QCOMPARE(references.last(), m_registry->address() + u"/team/app-0:latest"_s);
    QCOMPARE(repository.data().toString(), u"team/app-0"_s);
    QVERIFY(!model->canFetchMore(repository));
    // Another repository's tags were not listed.
    QVERIFY(!model->index(1, 0).data(RegistryBrowserModel::TagsLoadedRole).toBool());
}

void tst_RegistryBrowserModel::unknownRepositoryTagsAreAnError()
{
    // The registry goes away between the listing and the expansion: the row says
    // its tags are unavailable, and the reason is reported.
    RegistryServer going;
    const QString started = startHolding(going, {{u"soon/gone"_s, {u"1"_s}}});
    QVERIFY2(started.isEmpty(), qPrintable(started));
    auto model = browse(browsableRegistry(going.address()), {}, false);
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Ready);
    QSignalSpy problems(model.get(), &RegistryBrowserModel::problem);
    going.stop();
    const QModelIndex repository = model->index(0, 0);
    model->fetchMore(repository);
    QTRY_VERIFY_WITH_TIMEOUT(repository.data(RegistryBrowserModel::TagsLoadedRole).toBool(), 30000);
    QCOMPARE(model->rowCount(repository), 0);
    QVERIFY(!model->hasChildren(repository));
    QCOMPARE(repository.data().toString(), u"soon/gone (tags unavailable)"_s);
    const QString error = repository.data(RegistryBrowserModel::ErrorRole).toString();
    QVERIFY2(error.startsWith(u"The registry cannot be reached: "_s), qPrintable(error));
    QCOMPARE(repository.data(Qt::ToolTipRole).toString(), error);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).at(0).toString().startsWith(u"Could not list the tags of soon/gone: "_s));
    QCOMPARE(model->state(), RegistryBrowserModel::State::Ready); // the list itself stays
}

void tst_RegistryBrowserModel::logsInWithTheCredentialsSecret()
{
    QStringList asked;
    auto model = browse(browsableRegistry(m_locked->address(), u"secret-1"_s),
                        credentialsAnswering(Credential{kRegistryUser, kRegistryPassword}, &asked));
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Ready);
    QCOMPARE(asked, QStringList{u"secret-1"_s});
    QCOMPARE(repositoriesOf(*model), QStringList{u"private/app"_s});
    const QModelIndex repository = model->index(0, 0);
    model->fetchMore(repository);
    QTRY_COMPARE(model->rowCount(repository), 1);
    QCOMPARE(model->index(0, 0, repository).data(RegistryBrowserModel::ReferenceRole).toString(),
             m_locked->address() + u"/private/app:2.0"_s);
}

void tst_RegistryBrowserModel::wrongPasswordSaysAuthenticationFailed()
{
    auto model = browse(browsableRegistry(m_locked->address(), u"secret-1"_s),
                        credentialsAnswering(Credential{kRegistryUser, u"not-the-password-4711"_s}));
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Failed);
    const QString message = model->errorMessage();
    QVERIFY2(message.startsWith(u"Authentication failed: "_s), qPrintable(message));
    QVERIFY2(message.contains(u"refused the login of user 'kiln'"_s), qPrintable(message));
    QVERIFY(!message.contains(u"not-the-password-4711"_s));
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!model->canFetchMore({}));

    // Without any login, the registry asks for one.
    auto anonymous = browse(browsableRegistry(m_locked->address()));
    QTRY_COMPARE(anonymous->state(), RegistryBrowserModel::State::Failed);
    QVERIFY2(anonymous->errorMessage().startsWith(u"Authentication failed: "_s),
             qPrintable(anonymous->errorMessage()));
}

void tst_RegistryBrowserModel::unreadableSecretSaysSo()
{
    auto model = browse(
        browsableRegistry(m_locked->address(), u"gone"_s),
        credentialsAnswering(Result<Credential, QString>(u"There is no secret with id or name “gone”."_s)));
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Failed);
    QVERIFY2(model->errorMessage().contains(u"the credentials of local cannot be read"_s) &&
                 model->errorMessage().contains(u"“gone”"_s),
             qPrintable(model->errorMessage()));
}

void tst_RegistryBrowserModel::closedPortSaysUnreachable()
{
    const int port = freePort();
    QVERIFY(port > 0);
    auto model = browse(browsableRegistry(u"127.0.0.1:%1"_s.arg(port)));
    QTRY_COMPARE_WITH_TIMEOUT(model->state(), RegistryBrowserModel::State::Failed, 30000);
    QVERIFY2(model->errorMessage().startsWith(u"The registry cannot be reached: "_s),
             qPrintable(model->errorMessage()));
    QVERIFY2(model->errorMessage().contains(u"127.0.0.1:%1"_s.arg(port)), qPrintable(model->errorMessage()));
}

void tst_RegistryBrowserModel::emptyRegistry()
{
    auto model = browse(browsableRegistry(m_empty->address()));
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Empty);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(model->isComplete());
    QVERIFY(!model->canFetchMore({}));
}

void tst_RegistryBrowserModel::switchingRegistryDropsOldAnswers()
{
    auto model = browse(browsableRegistry(m_registry->address()));
    model->setRegistry(browsableRegistry(m_empty->address())); // before the first answer
    QTRY_COMPARE(model->state(), RegistryBrowserModel::State::Empty);
    QTest::qWait(300); // the full registry's answer, had it not been dropped, would be here
    QCOMPARE(model->rowCount(), 0);
    model->setRegistry(std::nullopt);
    QCOMPARE(model->state(), RegistryBrowserModel::State::NoRegistry);
}

QTEST_MAIN(tst_RegistryBrowserModel)
#include "tst_registrybrowsermodel.moc"
