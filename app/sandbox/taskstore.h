#pragma once

// Video tasks of the sandbox: state, the wire shapes of submit/query, and a per-key
// index by task id and out_task_id. Lives in the server's thread; the render itself
// runs on the pool and reports through the atomics.

#include "core/money.h"
#include "core/wire_tasks.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>

#include <atomic>
#include <memory>

namespace bsp::sandbox {

// TaskStatus, taskStatusName() and isTerminal() are the client's (core/wire_tasks.h):
// one set of wire names for both ends.

struct VideoTask
{
    QString id; // "task_01" + 24 hex
    QString outTaskId;
    QString ownerKey;
    QString model; // canonical
    QString requestId; // of the submit; the task's usage row carries it
    QJsonObject params; // as submitted (canonical form), compared for idempotency
    QString prompt;
    QString resolution = QStringLiteral("720p");
    QString aspectRatio = QStringLiteral("16:9");
    double durationSeconds = 5;
    bool failPlanned = false; // task_fail fault

    TaskStatus status = TaskStatus::Queued;
    double progress = 0;
    Credits estimatedCredits = 0; // reserved on the key until the task ends
    Credits creditsUsed = 0;
    double estimatedSeconds = 0; // render time as advertised (before time scale)
    qint64 renderMs = 0; // scaled render time, what the sandbox really waits
    QDateTime submittedAt;
    QDateTime updatedAt;
    QDateTime startedAt;
    QString errorCode;
    QString errorMessage;
    QJsonArray output;

    // Shared with the encoder job on the pool.
    std::shared_ptr<std::atomic_bool> cancel = std::make_shared<std::atomic_bool>(false);
    bool encodeDone = false;
    bool encodeOk = false;
    QString clipPath;
    QString encodeError;
    QString fileId; // the finished clip in the file store (its URL's last part)

    // Rendered seconds of the clip so far (progress × duration).
    double renderedSeconds() const { return progress * durationSeconds; }
    // Remaining render time as advertised, in whole seconds.
    int remainingSeconds() const;
    // The query shape of docs/gateway-api.md.
    QJsonObject toQueryJson() const;
    // The submit answer.
    QJsonObject toSubmitJson() const;
    // What the state file keeps of a task (the owner as a key hash): an unfinished one,
    // or one finished within a day, with its outcome; and back (nullptr for an entry
    // that does not validate).
    QJsonObject toStateJson(const QString &ownerHash) const;
    static std::shared_ptr<VideoTask> fromStateJson(const QJsonObject &o);
};

using TaskPtr = std::shared_ptr<VideoTask>;

class TaskStore final
{
    Q_DISABLE_COPY_MOVE(TaskStore)

public:
    TaskStore() = default;

    void add(const TaskPtr &task);
    // Only the owner's tasks are visible: another key's id answers nullptr.
    TaskPtr find(const QString &key, const QString &taskId) const;
    TaskPtr findByOutTaskId(const QString &key, const QString &outTaskId) const;
    QList<TaskPtr> all() const { return m_byId.values(); }

    static QString newTaskId();

private:
    QHash<QString, TaskPtr> m_byId;
    QHash<QString, TaskPtr> m_byOut; // key + '\n' + out_task_id
};

// The pixel size of the encoded clip: small, keeping the asked aspect ratio.
QSize clipSize(const QString &aspectRatio);

} // namespace bsp::sandbox
