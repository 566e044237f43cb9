#include "registrybrowsermodel.h"

#include "bake/ociclient.h"

#include <QFutureWatcher>

#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Calls `done` with the future's result on the thread of `context` (never blocks).
template <typename T, typename Done>
void whenFinished(QObject *context, QFuture<T> future, Done done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(std::move(future));
}

} // namespace

RegistryBrowserModel::RegistryBrowserModel(OciClient *client, CredentialLookup credentials, QObject *parent)
    : QAbstractItemModel(parent)
    , m_client(client)
    , m_credentials(std::move(credentials))
{}

RegistryBrowserModel::~RegistryBrowserModel() = default;

void RegistryBrowserModel::setRegistry(const std::optional<Registry> &registry)
{
    m_registry = registry;
    start();
}

void RegistryBrowserModel::refresh()
{
    start();
}

void RegistryBrowserModel::start()
{
    ++m_generation;
    beginResetModel();
    m_repositories.clear();
    m_complete = false;
    m_repositoriesLoading = false;
    m_endpointReady = false;
    m_tagReads = 0;
    endResetModel();
    if (!m_registry) {
        setState(State::NoRegistry);
        return;
    }
    m_endpoint = endpointFor(*m_registry);
    setState(State::Loading);
    const QString secretId = m_registry->credentialsSecretId;
    if (secretId.isEmpty() || !m_credentials) {
        m_endpointReady = true;
        fetchRepositories();
        return;
    }
    const int generation = m_generation;
    const QString registryName = m_registry->name;
    whenFinished(this, m_credentials(secretId),
                 [this, generation, registryName](const Result<Credential, QString> &login) {
                     if (generation != m_generation)
                         return;
                     if (!login.ok()) {
                         setState(State::Failed, tr("Authentication failed: the credentials of %1 cannot be "
                                                    "read: %2")
                                                     .arg(registryName, login.error()));
                         return;
                     }
                     m_endpoint.basic = std::pair{login.value().username, login.value().password};
                     m_endpointReady = true;
                     fetchRepositories();
                 });
}

QString RegistryBrowserModel::describe(const OciError &error) const
{
    switch (error.code) {
    case OciError::Code::Unauthorized:
        return tr("Authentication failed: %1").arg(error.message);
    case OciError::Code::Network:
    case OciError::Code::Timeout:
    case OciError::Code::Tls:
        return tr("The registry cannot be reached: %1").arg(error.message);
    case OciError::Code::NotFound:
    case OciError::Code::Protocol:
    case OciError::Code::Cancelled:
        break;
    }
    return error.message;
}

void RegistryBrowserModel::setState(State state, const QString &error)
{
    m_state = state;
    m_error = error;
    Q_EMIT stateChanged();
}

void RegistryBrowserModel::fetchRepositories()
{
    if (m_repositoriesLoading || m_complete || !m_endpointReady)
        return;
    m_repositoriesLoading = true;
    const int generation = m_generation;
    const int limit = int(m_repositories.size()) + m_pageSize;
    // The client follows the registry's Link pages up to `limit`: the names we
    // already have come again and are skipped.
    whenFinished(this, m_client->repositories(m_endpoint, limit),
                 [this, generation, limit](const Result<QStringList, OciError> &listed) {
                     if (generation != m_generation)
                         return;
                     if (!listed.ok()) {
                         m_repositoriesLoading = false;
                         if (m_repositories.isEmpty()) {
                             setState(State::Failed, describe(listed.error()));
                         } else {
                             Q_EMIT problem(describe(listed.error()));
                             Q_EMIT stateChanged();
                         }
                         return;
                     }
                     const QStringList &names = listed.value();
                     m_complete = names.size() < limit;
                     const int have = int(m_repositories.size());
                     if (names.size() > have) {
                         // Still "loading" while the rows go in: a view (or a
                         // tester) asking for more from rowsInserted waits for this.
                         beginInsertRows({}, have, int(names.size()) - 1);
                         for (qsizetype i = have; i < names.size(); ++i)
                             m_repositories.append(Repository{names.at(i), {}, false, false, {}});
                         endInsertRows();
                     }
                     m_repositoriesLoading = false;
                     setState(m_repositories.isEmpty() ? State::Empty : State::Ready);
                 });
    Q_EMIT stateChanged();
}

void RegistryBrowserModel::fetchTags(int row)
{
    Repository &repository = m_repositories[row];
    if (repository.tagsLoaded || repository.tagsLoading)
        return;
    repository.tagsLoading = true;
    ++m_tagReads;
    Q_EMIT dataChanged(index(row, 0), index(row, 0)); // "listing tags…"
    const int generation = m_generation;
    const QString name = repository.name;
    whenFinished(this, m_client->tags(m_endpoint, name),
                 [this, generation, row, name](const Result<QStringList, OciError> &listed) {
                     if (generation != m_generation)
                         return;
                     --m_tagReads;
                     Repository &r = m_repositories[row];
                     r.tagsLoading = false;
                     r.tagsLoaded = true;
                     const QModelIndex parent = index(row, 0);
                     if (!listed.ok()) {
                         r.error = describe(listed.error());
                         Q_EMIT dataChanged(parent, parent);
                         Q_EMIT problem(tr("Could not list the tags of %1: %2").arg(name, r.error));
                         Q_EMIT stateChanged();
                         return;
                     }
                     QStringList tags = listed.value();
                     tags.sort();
                     if (!tags.isEmpty()) {
                         beginInsertRows(parent, 0, int(tags.size()) - 1);
                         r.tags = tags;
                         endInsertRows();
                     }
                     r.error.clear();
                     Q_EMIT dataChanged(parent, parent);
                     Q_EMIT stateChanged();
                 });
    Q_EMIT stateChanged();
}

QString RegistryBrowserModel::reference(const QString &repository, const QString &tag) const
{
    if (!m_registry)
        return {};
    const QString host = registryHost(*m_registry);
    return host + u'/' + repository + (tag.isEmpty() ? QString() : u':' + tag);
}

QModelIndex RegistryBrowserModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    // A tag: its internal id is its repository's row + 1.
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex RegistryBrowserModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int RegistryBrowserModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_repositories.size());
    if (parent.column() != 0 || parent.internalId() != 0)
        return 0;
    return int(m_repositories.at(parent.row()).tags.size());
}

int RegistryBrowserModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool RegistryBrowserModel::hasChildren(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return !m_repositories.isEmpty();
    if (parent.column() != 0 || parent.internalId() != 0)
        return false;
    const Repository &r = m_repositories.at(parent.row());
    return !r.tagsLoaded || !r.tags.isEmpty(); // unknown until listed: expandable
}

bool RegistryBrowserModel::canFetchMore(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_endpointReady && !m_complete && !m_repositoriesLoading && m_state != State::Failed;
    if (parent.column() != 0 || parent.internalId() != 0)
        return false;
    const Repository &r = m_repositories.at(parent.row());
    return !r.tagsLoaded && !r.tagsLoading;
}

void RegistryBrowserModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    if (!parent.isValid())
        fetchRepositories();
    else
        fetchTags(parent.row());
}

QVariant RegistryBrowserModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isTag = index.internalId() != 0;
    const Repository &r = m_repositories.at(isTag ? int(index.internalId() - 1) : index.row());
    const QString tag = isTag ? r.tags.at(index.row()) : QString();
    switch (role) {
    case NodeKindRole:
        return QVariant::fromValue(isTag ? NodeKind::Tag : NodeKind::Repository);
    case RepositoryRole:
        return r.name;
    case TagRole:
        return tag;
    case ReferenceRole:
        return reference(r.name, tag);
    case TagsLoadedRole:
        return isTag ? QVariant() : QVariant(r.tagsLoaded);
    case ErrorRole:
        return isTag ? QString() : r.error;
    case Qt::DisplayRole:
        if (isTag)
            return tag;
        if (r.tagsLoading)
            return tr("%1 (listing tags\u2026)").arg(r.name);
        if (!r.error.isEmpty())
            return tr("%1 (tags unavailable)").arg(r.name);
        if (r.tagsLoaded && r.tags.isEmpty())
            return tr("%1 (no tags)").arg(r.name);
        return r.name;
    case Qt::ToolTipRole:
        if (isTag)
            return reference(r.name, tag);
        return r.error.isEmpty() ? reference(r.name) : r.error;
    default:
        break;
    }
    return {};
}

QVariant RegistryBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section != NameColumn)
        return {};
    return tr("Repository / Tag");
}

} // namespace Kiln
