#pragma once

#include "core/videotask.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace bsp {

class Database;

// The video tasks in the app's SQLite file (table video_tasks). Every write is one
// statement on the opening thread; rows are small (the first-frame image at most 1 MiB).
class VideoTaskStore final
{
public:
    explicit VideoTaskStore(QString databasePath);
    ~VideoTaskStore();
    Q_DISABLE_COPY_MOVE(VideoTaskStore)

    bool open();
    bool isOpen() const;
    QString lastError() const { return m_error; }
    QString databasePath() const;

    // Inserts `task` (its out_task_id must be new) and sets task.id. False on error.
    bool insert(VideoTask &task);
    bool update(const VideoTask &task);
    bool remove(qint64 id);
    std::optional<VideoTask> find(qint64 id) const;
    std::optional<VideoTask> findByOutTaskId(const QString &outTaskId) const;
    // Oldest first.
    QList<VideoTask> all() const;

private:
    std::unique_ptr<Database> m_db;
    mutable QString m_error;
};

} // namespace bsp
