#include "secretlistmodel.h"

#include "catalogueloader.h"
#include "store/catalogue.h"

#include <QDateTime>
#include <QLocale>

#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Runs on a pool thread, with that thread's catalogue connection.
SecretListModel::Snapshot readSnapshot(const Catalogue &catalogue, bool usageOnly)
{
    SecretListModel::Snapshot snapshot;
    const SecretRepository secrets(catalogue);
    if (!usageOnly) {
        auto all = secrets.list();
        if (!all.ok()) {
            snapshot.error = all.error().message;
            return snapshot;
        }
        snapshot.secrets = std::move(all).value();
    }
    auto usage = secrets.usageOfAll();
    if (!usage.ok()) {
        snapshot.error = usage.error().message;
        return snapshot;
    }
    snapshot.usage = std::move(usage).value();
    return snapshot;
}

QString formatTime(qint64 msecs)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msecs), QLocale::ShortFormat);
}

} // namespace

SecretListModel::SecretListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_loader(new CatalogueLoader(catalogue, this))
    , m_rows(
          this, [](const Row &row) { return row.secret.id; }, [](const Row &row) { return row.secret.name; })
{
    reload();
}

QString SecretListModel::kindLabel(SecretKind kind)
{
    switch (kind) {
    case SecretKind::RegistryCredential:
        return tr("Registry credential");
    case SecretKind::PullSecret:
        return tr("Pull secret");
    case SecretKind::WorkerToken:
        return tr("Worker token");
    }
    return {};
}

QStringList SecretListModel::usageLabels(const SecretRepository::Usage &usage)
{
    QStringList labels;
    for (const QString &name : usage.registries)
        labels.append(tr("registry %1").arg(name));
    for (const QString &name : usage.specs)
        labels.append(tr("spec %1").arg(name));
    for (const QString &name : usage.images)
        labels.append(tr("image %1").arg(name));
    for (const QString &name : usage.workers)
        labels.append(tr("worker %1").arg(name));
    return labels;
}

int SecretListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int SecretListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SecretListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Secret &s = row.secret;
    const qint64 changedAt = s.rotatedAt.value_or(s.createdAt);
    const int useCount = int(row.usage.registries.size() + row.usage.specs.size() + row.usage.images.size() +
                             row.usage.workers.size());
    switch (role) {
    case SecretIdRole:
        return s.id;
    case NameRole:
        return s.name;
    case KindRole:
        return secretKindName(s.kind);
    case UsernameRole:
        return s.username;
    case UsedByRole:
        return usageLabels(row.usage);
    case UseCountRole:
        return useCount;
    case CreatedAtRole:
        return s.createdAt;
    case RotatedAtRole:
        return s.rotatedAt ? QVariant(*s.rotatedAt) : QVariant();
    case ChangedAtRole:
        return changedAt;
    case SortRole:
        switch (Column(index.column())) {
        case NameColumn:
            return s.name;
        case KindColumn:
            return kindLabel(s.kind);
        case UsernameColumn:
            return s.username;
        case UsedByColumn:
            return useCount;
        case ChangedColumn:
            return changedAt;
        case ColumnCount:
            break;
        }
        break;
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return s.name;
        case KindColumn:
            return kindLabel(s.kind);
        case UsernameColumn:
            return s.username;
        case UsedByColumn:
            return useCount == 0 ? tr("not used") : usageLabels(row.usage).join(u", "_s);
        case ChangedColumn:
            return s.rotatedAt ? tr("rotated %1").arg(formatTime(*s.rotatedAt))
                               : tr("created %1").arg(formatTime(s.createdAt));
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case NameColumn:
        case KindColumn:
            return tr("%1 (%2); the value is kept in the keychain or the encrypted file, never in the "
                      "catalogue")
                .arg(s.name, kindLabel(s.kind));
        case UsernameColumn:
            return s.username.isEmpty() ? tr("No username") : s.username;
        case UsedByColumn:
            return useCount == 0 ? tr("Nothing uses this secret")
                                 : tr("Used by: %1").arg(usageLabels(row.usage).join(u"\n"_s));
        case ChangedColumn:
            return s.rotatedAt ? tr("Created %1, last rotated %2")
                                     .arg(formatTime(s.createdAt), formatTime(*s.rotatedAt))
                               : tr("Created %1, never rotated").arg(formatTime(s.createdAt));
        case ColumnCount:
            break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant SecretListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case UsernameColumn:
        return tr("Username");
    case UsedByColumn:
        return tr("Used by");
    case ChangedColumn:
        return tr("Rotated / Created");
    case ColumnCount:
        break;
    }
    return {};
}

bool SecretListModel::isLoading() const
{
    return m_loader->isBusy();
}

void SecretListModel::reload()
{
    m_rows.load(
        *m_loader, [](const Catalogue &catalogue) { return readSnapshot(catalogue, false); },
        [this](const Snapshot &snapshot) { onRead(snapshot, false); });
}

void SecretListModel::usageChanged()
{
    m_loader->run([](const Catalogue &catalogue) { return readSnapshot(catalogue, true); },
                  [this](const Snapshot &snapshot) { onRead(snapshot, true); });
}

void SecretListModel::onRead(const Snapshot &snapshot, bool usageOnly)
{
    if (!snapshot.error.isEmpty()) {
        if (!usageOnly)
            m_rows.finishLoad();
        Q_EMIT problem(tr("Could not load the secrets: %1").arg(snapshot.error));
        return;
    }
    if (usageOnly)
        onUsage(snapshot);
    else
        onReset(snapshot);
    Q_EMIT loaded();
}

void SecretListModel::onReset(const Snapshot &snapshot)
{
    QList<Row> rows;
    rows.reserve(snapshot.secrets.size());
    for (const Secret &secret : snapshot.secrets)
        rows.append(Row{secret, snapshot.usage.value(secret.id)});
    m_rows.reset(std::move(rows));
    m_rows.finishLoad([this](const QString &id) { secretRemoved(id); },
                      [this](const QString &id) { secretSaved(id); });
}

void SecretListModel::onUsage(const Snapshot &snapshot)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        const SecretRepository::Usage usage = snapshot.usage.value(m_rows.at(row).secret.id);
        if (usage == m_rows.at(row).usage)
            continue;
        m_rows[row].usage = usage;
        m_rows.changed(row, UsedByColumn, UsedByColumn);
    }
}

QModelIndex SecretListModel::indexOfSecret(const QString &secretId) const
{
    const int row = m_rows.rowOf(secretId);
    return row < 0 ? QModelIndex() : index(row, 0);
}

void SecretListModel::secretSaved(const QString &secretId)
{
    m_rows.noteSaved(secretId);
    const SecretRepository secrets(m_catalogue);
    auto read = secrets.get(secretId);
    if (!read.ok()) {
        if (read.error().code == StoreError::Code::NotFound)
            secretRemoved(secretId);
        else
            Q_EMIT problem(tr("Could not read the secret %1: %2").arg(secretId, read.error().message));
        return;
    }
    auto usage = secrets.usage(secretId);
    if (!usage.ok()) {
        Q_EMIT problem(
            tr("Could not read what uses the secret %1: %2").arg(read.value().name, usage.error().message));
        return;
    }
    const Row fresh{read.value(), usage.value()};
    const int row = m_rows.rowOf(secretId);
    if (row < 0) {
        m_rows.insert(fresh);
        return;
    }
    Row &current = m_rows[row];
    if (current.secret == fresh.secret && current.usage == fresh.usage)
        return;
    current = fresh; // the name never changes: the row stays where it is
    m_rows.changed(row);
}

void SecretListModel::secretRemoved(const QString &secretId)
{
    m_rows.noteRemoved(secretId);
    m_rows.remove(secretId);
}

} // namespace Kiln
