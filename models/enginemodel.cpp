#include "enginemodel.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace Kiln {

EngineModel::EngineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    for (ContainerEngineKind kind : allContainerEngines()) {
        ContainerEngineInfo info;
        info.kind = kind;
        m_rows.append(info);
    }
}

int EngineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EngineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EngineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ContainerEngineInfo &info = m_rows.at(index.row());
    switch (role) {
    case KindRole:
        return int(info.kind);
    case UsableRole:
        return info.usable();
    case ProblemRole:
        return info.problem;
    case Qt::ToolTipRole:
        return info.usable() ? info.path : info.problem;
    case Qt::ForegroundRole:
        if (!info.usable())
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return containerEngineName(info.kind);
        case VersionColumn:
            return info.version;
        case PathColumn:
            return info.path;
        case StatusColumn:
            if (info.usable())
                return tr("Available");
            if (info.path.isEmpty() && info.problem.isEmpty())
                return tr("Not checked yet");
            return info.path.isEmpty() ? tr("Not installed") : tr("Unusable: %1").arg(info.problem);
        case ColumnCount:
            break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant EngineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Engine");
    case VersionColumn:
        return tr("Version");
    case PathColumn:
        return tr("Path");
    case StatusColumn:
        return tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}

void EngineModel::setEngines(const QList<ContainerEngineInfo> &engines)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        for (const ContainerEngineInfo &info : engines) {
            if (info.kind != m_rows[row].kind)
                continue;
            const ContainerEngineInfo &old = m_rows[row];
            if (old.path != info.path || old.version != info.version || old.problem != info.problem) {
                m_rows[row] = info;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        }
    }
}

void EngineModel::setPreference(const QList<ContainerEngineKind> &preference)
{
    int target = 0;
    for (ContainerEngineKind kind : preference) {
        int from = -1;
        for (int row = target; row < m_rows.size(); ++row) {
            if (m_rows[row].kind == kind) {
                from = row;
                break;
            }
        }
        if (from < 0)
            continue; // unknown or duplicated kind: ignore, it names nothing new
        if (from != target) {
            beginMoveRows({}, from, from, {}, target);
            m_rows.move(from, target);
            endMoveRows();
        }
        ++target;
    }
}

QList<ContainerEngineKind> EngineModel::preference() const
{
    QList<ContainerEngineKind> out;
    for (const ContainerEngineInfo &info : m_rows)
        out.append(info.kind);
    return out;
}

bool EngineModel::moveUp(int row)
{
    if (row <= 0 || row >= m_rows.size())
        return false;
    beginMoveRows({}, row, row, {}, row - 1);
    m_rows.move(row, row - 1);
    endMoveRows();
    return true;
}

bool EngineModel::moveDown(int row)
{
    if (row < 0 || row >= m_rows.size() - 1)
        return false;
    // Moving row r below r+1 means inserting before r+2 in model terms.
    beginMoveRows({}, row, row, {}, row + 2);
    m_rows.move(row, row + 1);
    endMoveRows();
    return true;
}

} // namespace Kiln
