#include "core/tasklistmodel.h"

#include "core/tasktracker.h"

using namespace Qt::StringLiterals;

namespace bsp {

TaskListModel::TaskListModel(TaskTracker *tracker, QObject *parent)
    : QAbstractListModel(parent), m_tracker(tracker)
{
    if (m_tracker) {
        m_ids = m_tracker->taskIds();
        connect(m_tracker, &TaskTracker::taskAdded, this, &TaskListModel::onAdded);
        connect(m_tracker, &TaskTracker::taskChanged, this, &TaskListModel::onChanged);
        connect(m_tracker, &TaskTracker::taskRemoved, this, &TaskListModel::onRemoved);
    }
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &TaskListModel::refreshRunning);
    m_clock.start();
}

TaskListModel::~TaskListModel() = default;

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_tracker)
        return {};
    const VideoTask *t = m_tracker->task(m_ids.at(index.row()));
    if (!t)
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (role) {
    case Qt::DisplayRole:
    case PromptRole:
        return t->prompt;
    case Qt::ToolTipRole:
        return t->errorMessage.isEmpty() ? t->prompt : t->errorMessage;
    case TaskRole:
        return QVariant::fromValue(*t);
    case IdRole:
        return t->id;
    case ModelRole:
        return t->model;
    case StateRole:
        return int(t->state);
    case CancelRole:
        return int(t->cancel);
    case CancellableRole:
        return t->isCancellable();
    case ProgressRole: {
        const auto p = t->shownProgress(now);
        return p ? QVariant(*p) : QVariant();
    }
    case ProgressEstimatedRole: {
        bool estimated = false;
        t->shownProgress(now, &estimated);
        return estimated;
    }
    case ElapsedMsRole:
        return t->elapsedMs(now);
    case ReservedRole:
        return t->estimatedCredits ? QVariant(*t->estimatedCredits) : QVariant();
    case ChargedRole:
        return t->isTerminal() && t->creditsUsed ? QVariant(*t->creditsUsed) : QVariant();
    case CreatedRole:
        return t->createdAt;
    case StuckRole:
        return t->stuck;
    case FileRole:
        return t->filePath;
    case GroupRole:
        return t->group;
    default:
        return {};
    }
}

QHash<int, QByteArray> TaskListModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert(ModelRole, "model");
    r.insert(PromptRole, "prompt");
    r.insert(StateRole, "state");
    r.insert(ProgressRole, "progress");
    r.insert(ElapsedMsRole, "elapsedMs");
    return r;
}

QModelIndex TaskListModel::indexOfTask(qint64 id) const
{
    const qsizetype row = m_ids.indexOf(id);
    return row < 0 ? QModelIndex() : index(int(row));
}

void TaskListModel::onAdded(qint64 id)
{
    if (m_ids.contains(id))
        return;
    const int row = int(m_ids.size());
    beginInsertRows({}, row, row);
    m_ids.append(id);
    endInsertRows();
}

void TaskListModel::onChanged(qint64 id)
{
    const QModelIndex i = indexOfTask(id);
    if (i.isValid())
        Q_EMIT dataChanged(i, i);
}

void TaskListModel::onRemoved(qint64 id)
{
    const qsizetype row = m_ids.indexOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, int(row), int(row));
    m_ids.removeAt(row);
    endRemoveRows();
}

void TaskListModel::refreshRunning()
{
    if (!m_tracker)
        return;
    for (int row = 0; row < m_ids.size(); ++row) {
        const VideoTask *t = m_tracker->task(m_ids.at(row));
        if (t && !t->isTerminal()) {
            const QModelIndex i = index(row);
            Q_EMIT dataChanged(i, i, {ElapsedMsRole, ProgressRole, Qt::DisplayRole});
        }
    }
}

TaskFilterModel::TaskFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TaskListModel::CreatedRole);
    setDynamicSortFilter(true);
}

void TaskFilterModel::setStatusFilter(StatusFilter filter)
{
    if (m_status == filter)
        return;
    m_status = filter;
    invalidateFilter();
}

void TaskFilterModel::setSearchText(const QString &text)
{
    if (m_search == text)
        return;
    m_search = text;
    invalidateFilter();
}

bool TaskFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto state = static_cast<VideoTask::State>(i.data(TaskListModel::StateRole).toInt());
    bool ok = true;
    switch (m_status) {
    case StatusFilter::All:
        break;
    case StatusFilter::Active:
        ok = state == VideoTask::State::Submitting || state == VideoTask::State::Queued
            || state == VideoTask::State::Running;
        break;
    case StatusFilter::Completed:
        ok = state == VideoTask::State::Completed;
        break;
    case StatusFilter::Failed:
        ok = state == VideoTask::State::Failed;
        break;
    case StatusFilter::Cancelled:
        ok = state == VideoTask::State::Cancelled;
        break;
    }
    if (!ok)
        return false;
    const QString needle = m_search.trimmed();
    if (needle.isEmpty())
        return true;
    return i.data(TaskListModel::PromptRole).toString().contains(needle, Qt::CaseInsensitive)
        || i.data(TaskListModel::ModelRole).toString().contains(needle, Qt::CaseInsensitive);
}

} // namespace bsp
