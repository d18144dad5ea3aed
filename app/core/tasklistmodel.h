#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QTimer>

namespace bsp {

class TaskTracker;

// One row per video task of a TaskTracker, newest last; a view sorts and filters it
// through TaskFilterModel. Rows follow the tracker's signals; while any task runs, a
// one-second timer refreshes the elapsed time (dataChanged on those rows only).
class TaskListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskListModel)

public:
    enum Role {
        TaskRole = Qt::UserRole + 1, // QVariant<VideoTask>
        IdRole,
        ModelRole,
        PromptRole,
        StateRole, // int(VideoTask::State)
        CancelRole, // int(VideoTask::CancelState)
        CancellableRole,
        ProgressRole, // double 0..1, or invalid
        ProgressEstimatedRole,
        ElapsedMsRole,
        ReservedRole, // Credits, or invalid
        ChargedRole, // Credits, or invalid while not terminal
        CreatedRole, // QDateTime (sorting)
        StuckRole,
        FileRole,
        GroupRole,
    };

    explicit TaskListModel(TaskTracker *tracker, QObject *parent = nullptr);
    ~TaskListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QModelIndex indexOfTask(qint64 id) const;
    qint64 taskAt(int row) const { return m_ids.value(row); }

private:
    void onAdded(qint64 id);
    void onChanged(qint64 id);
    void onRemoved(qint64 id);
    void refreshRunning();

    QPointer<TaskTracker> m_tracker;
    QList<qint64> m_ids;
    QTimer m_clock;
};

// Status filter and prompt/model search over a TaskListModel; sorts by any role.
class TaskFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskFilterModel)

public:
    enum class StatusFilter { All, Active, Completed, Failed, Cancelled };

    explicit TaskFilterModel(QObject *parent = nullptr);

    void setStatusFilter(StatusFilter filter);
    StatusFilter statusFilter() const { return m_status; }
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    StatusFilter m_status = StatusFilter::All;
    QString m_search;
};

} // namespace bsp
