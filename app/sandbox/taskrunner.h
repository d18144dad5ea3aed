#pragma once

// Runs the sandbox's video tasks: queue, render (a real clip encoded on the pool while
// progress follows the advertised render time), completion, failure, cancel, billing at
// the end, and the SSE watchers of /v1/tasks/stream. Lives in the server's thread.

#include "sandbox/context.h"
#include "sandbox/taskstore.h"

#include <QJsonArray>

#include <QHash>
#include <QList>
#include <QPointer>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace bsp::sandbox {

class TaskRunner final : public std::enable_shared_from_this<TaskRunner>
{
    Q_DISABLE_COPY_MOVE(TaskRunner)

public:
    explicit TaskRunner(SandboxContext &ctx);
    ~TaskRunner();

    SandboxContext &context() { return m_ctx; }
    TaskStore &store() { return m_store; }

    // Adds a queued task (its credits already reserved on the owner's key) and starts it.
    void launch(const TaskPtr &task);
    // Cancels per the model's refund policy; a terminal task is left as it is.
    void cancel(const TaskPtr &task);
    // Streams `task` on `call` (already begun): an event now and on every change.
    void watch(const TaskPtr &task, const CallPtr &call);

    // Where clips are written: a folder that outlives the process (beside the state
    // file), so a finished clip is still there after a restart. Clips older than a day
    // are removed from it. Without one, a temporary folder.
    void setClipsFolder(const QString &folder);

    // The tasks for the state file: the unfinished ones and those finished within a
    // day. And back after a restart: an unfinished task's reservation is held again, a
    // queued task waits its queue time, a running one goes on from when it started
    // (the render ran on while the sandbox was down); a finished one answers as it
    // ended, its clip at a URL of this run.
    QJsonArray saveTasks() const;
    // Returns how many tasks were restored; entries of unknown keys are dropped.
    int restoreTasks(const QJsonArray &tasks);
    // Once the server knows its address: the restored clips' URLs.
    void restoreOutputs();

    // Queue time before a task starts rendering (before time scale).
    static constexpr int kQueuedMs = 3000;
    static constexpr qint64 kKeepFinishedSecs = 24 * 3600;

private:
    void run(const TaskPtr &task);
    void render(const TaskPtr &task); // encoder and progress timer of a running task
    void tick(const TaskPtr &task);
    void complete(const TaskPtr &task);
    // Ends the task: status, credits, usage row, reservation released, watchers told.
    void settle(const TaskPtr &task, TaskStatus status, Credits credits, double units,
        const QString &errorCode = {}, const QString &errorMessage = {});
    void notify(const TaskPtr &task);
    QJsonArray outputOf(const VideoTask &task) const; // a completed task's clip
    QString clipsFolder() const;

    SandboxContext &m_ctx;
    TaskStore m_store;
    QTemporaryDir m_tempClips;
    QString m_clipsFolder; // empty: m_tempClips
    QHash<QString, QList<CallPtr>> m_watchers; // task id -> open streams
    QHash<QString, int> m_lastStep; // task id -> last progress step announced
    QHash<QString, QPointer<QTimer>> m_timers; // task id -> progress timer while running
};

} // namespace bsp::sandbox
