#pragma once

#include "bake/registryhealth.h"
#include "store/registryrepository.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <optional>

namespace Kiln {

class OciClient;

// What one registry holds, as a tree: its repositories (top level, in the
// registry's order, fetched a page at a time through canFetchMore()/fetchMore())
// and, under each, its tags (sorted; listed the first time the repository is
// expanded, i.e. fetchMore() on it). Everything goes through the OciClient
// asynchronously with the login of the registry's credentials secret
// (CredentialLookup); nothing blocks and nothing is cached beyond the model.
class RegistryBrowserModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        NodeKindRole = Qt::UserRole + 1, // NodeKind
        RepositoryRole,                  // QString: the repository path, e.g. "team/app"
        TagRole,                         // QString: the tag; empty on a repository
        ReferenceRole,                   // QString: "host/repo:tag" (a repository: "host/repo")
        TagsLoadedRole,                  // bool (repositories)
        ErrorRole,                       // QString: why the tags could not be listed (repositories)
    };
    Q_ENUM(Role)
    enum class NodeKind
    {
        Repository,
        Tag
    };
    Q_ENUM(NodeKind)
    enum class State
    {
        NoRegistry, // setRegistry(nullopt)
        Loading,    // the login or the first page is under way
        Ready,      // at least one repository
        Empty,      // the registry holds no repository
        Failed,     // see errorMessage()
    };
    Q_ENUM(State)

    RegistryBrowserModel(OciClient *client, CredentialLookup credentials, QObject *parent = nullptr);
    ~RegistryBrowserModel() override;

    // Shows `registry` (nullopt: nothing) and starts listing it.
    void setRegistry(const std::optional<Registry> &registry);
    std::optional<Registry> registry() const { return m_registry; }
    // Repositories asked for per page; default 100.
    void setPageSize(int n) { m_pageSize = qMax(1, n); }

    State state() const { return m_state; }
    // A sentence saying what failed (authentication, reachability, ...); empty unless Failed.
    QString errorMessage() const { return m_error; }
    // Whether a page of repositories or some tags are being listed.
    bool isBusy() const { return m_state == State::Loading || m_repositoriesLoading || m_tagReads > 0; }
    // Whether every repository is listed.
    bool isComplete() const { return m_complete; }
    // "host/repo:tag", with the host of the image prefix (else of the public URL).
    QString reference(const QString &repository, const QString &tag = {}) const;
    // Reads the registry again from the start.
    void refresh();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // state(), errorMessage() or isBusy() changed.
    void stateChanged();
    // Listing the tags of a repository failed: a sentence naming it.
    void problem(const QString &message);

private:
    struct Repository
    {
        QString name;
        QStringList tags;
        bool tagsLoaded = false;
        bool tagsLoading = false;
        QString error;
    };
    void setState(State state, const QString &error = {});
    void start();
    void fetchRepositories();
    void fetchTags(int row);
    QString describe(const OciError &error) const;

    OciClient *m_client;
    CredentialLookup m_credentials;
    std::optional<Registry> m_registry;
    OciEndpoint m_endpoint;
    QList<Repository> m_repositories;
    State m_state = State::NoRegistry;
    QString m_error;
    int m_generation = 0; // answers for an earlier registry are dropped
    int m_pageSize = 100;
    bool m_complete = false;
    bool m_repositoriesLoading = false;
    bool m_endpointReady = false;
    int m_tagReads = 0;
};

} // namespace Kiln
