// The scheduler half of TaskTracker: one timer for every task, the query budget,
// backoff, the task stream, stuck detection, applying answers, downloads.
#include "core/gatewayclient.h"
#include "core/tasktracker.h"
#include "core/videotaskstore.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace bsp {

namespace {

CallOptions pollOptions()
{
    CallOptions o;
    o.tab = u"video"_s;
    o.retry = false; // the scheduler owns the backoff
    o.timeout = 30s;
    return o;
}

VideoTask::State stateFor(TaskStatus s, VideoTask::State keep)
{
    switch (s) {
    case TaskStatus::Queued:
        return VideoTask::State::Queued;
    case TaskStatus::Running:
        return VideoTask::State::Running;
    case TaskStatus::Completed:
        return VideoTask::State::Completed;
    case TaskStatus::Failed:
        return VideoTask::State::Failed;
    case TaskStatus::Cancelled:
        return VideoTask::State::Cancelled;
    case TaskStatus::Unknown:
        break;
    }
    return keep;
}

} // namespace

bool TaskTracker::takeToken()
{
    const qint64 now = nowMs();
    const double rate = std::max(0.1, m_cadence.maxQueriesPerSecond);
    // A burst of a fifth of a second at most, so no one-second window sees more than
    // 1.2 × the cap.
    const double burst = std::max(1.0, rate * 0.2);
    m_tokens = std::min(burst, m_tokens + double(now - m_tokensAtMs) * rate / 1000.0);
    m_tokensAtMs = now;
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

void TaskTracker::markAwayTasks()
{
    const QString current = m_client ? m_client->profileId() : QString();
    if (m_seenProfile == current)
        return;
    m_seenProfile = current;
    for (qint64 id : std::as_const(m_order)) {
        VideoTask &t = m_tasks[id];
        const bool away = !t.isTerminal() && !reachable(t);
        if (away != t.awaitingProfile) {
            t.awaitingProfile = away;
            Q_EMIT taskChanged(id);
        }
    }
}

void TaskTracker::onTick()
{
    markAwayTasks();
    const qint64 now = nowMs();
    QList<qint64> due;
    for (qint64 id : std::as_const(m_order)) {
        VideoTask &t = m_tasks[id];
        Runtime &rt = m_runtime[id];
        if (t.isTerminal() || rt.inFlight || rt.submitting || !reachable(t))
            continue; // another profile's task waits until that profile is back
        if (t.state != VideoTask::State::Submitting)
            checkStuck(t, rt, now);
        if (rt.streaming && !rt.recover)
            continue; // the stream tells us; no query while it is open
        if (t.state == VideoTask::State::Submitting && !rt.recover)
            continue;
        if (rt.nextPollMs <= now)
            due.append(id);
    }
    if (now < m_pausedUntilMs || due.isEmpty())
        return;
    std::stable_sort(due.begin(), due.end(),
        [this](qint64 a, qint64 b) { return m_runtime[a].nextPollMs < m_runtime[b].nextPollMs; });
    for (qint64 id : std::as_const(due)) {
        if (!takeToken())
            break; // the global cap: the rest waits for the next tick, oldest first
        QCoro::connect(sendQuery(id), this, [] {});
    }
}

void TaskTracker::checkStuck(VideoTask &t, Runtime &rt, qint64 now)
{
    Q_UNUSED(now);
    if (t.stuck || !t.lastChangeAt.isValid())
        return;
    const double expected = t.estimatedSeconds.value_or(t.durationSeconds * 12.0);
    const qint64 limit = std::max<qint64>(m_cadence.scaled(m_cadence.stuckMinimum).count(),
        qint64(expected * 1000.0 * m_cadence.stuckFactor * m_cadence.timeScale));
    if (t.lastChangeAt.msecsTo(QDateTime::currentDateTimeUtc()) <= limit)
        return;
    t.stuck = true;
    rt.recover = true; // ask again by out_task_id, at once
    rt.nextPollMs = 0;
    save(t);
    Q_EMIT taskChanged(t.id);
}

QCoro::Task<> TaskTracker::sendQuery(qint64 id)
{
    QPointer self(this);
    VideoTask *t = mutableTask(id);
    if (!t || t->isTerminal() || !m_client || !reachable(*t))
        co_return; // never a query for a terminal task, nor to another gateway
    Runtime &rt = m_runtime[id];
    const bool byOut = rt.recover || t->taskId.isEmpty();
    rt.inFlight = true;
    ++m_queries;
    Q_EMIT querySent(id, byOut);
    // Two statements, not a conditional with two co_awaits (g++ 12 mishandles those).
    // Named arguments too: g++ 12 may destroy temporaries of a co_await twice.
    const CallOptions opt = pollOptions();
    const QString outTaskId = t->outTaskId;
    const QString taskId = t->taskId;
    Result<TaskInfo> r;
    if (byOut)
        r = co_await m_client->queryTaskByOutId(outTaskId, opt);
    else
        r = co_await m_client->queryTask(taskId, opt);
    if (!self || !m_tasks.contains(id))
        co_return;
    Runtime &after = m_runtime[id];
    after.inFlight = false;
    if (!reachable(m_tasks[id]))
        co_return; // the profile changed while it was on its way: not this task's answer
    VideoTask &task = m_tasks[id];
    if (r.ok()) {
        after.errors = 0;
        after.recover = false;
        apply(id, *r);
        co_return;
    }
    const ApiError &e = r.error();
    if (byOut && e.httpStatus == 404 && task.state == VideoTask::State::Submitting) {
        // The gateway never made it: submit again with the same out_task_id (once).
        if (after.resubmits < 1) {
            ++after.resubmits;
            after.recover = false;
            QCoro::connect(sendSubmit(id), this, [] {});
            co_return;
        }
        submitFailed(id, e);
        co_return;
    }
    if (e.httpStatus == 404 && !task.isTerminal()) {
        task.state = VideoTask::State::Failed;
        task.errorCode = e.code;
        task.errorMessage = e.displayText();
        task.creditsUsed = 0;
        task.finishedAt = QDateTime::currentDateTimeUtc();
        save(task);
        Q_EMIT taskChanged(id);
        Q_EMIT taskFinished(id);
        co_return;
    }
    scheduleAfterError(after, e);
}

void TaskTracker::scheduleAfterError(Runtime &rt, const ApiError &error)
{
    ++rt.errors;
    const qint64 base = m_cadence.scaled(m_cadence.normalInterval).count();
    const qint64 cap = m_cadence.scaled(m_cadence.maxBackoff).count();
    qint64 delay = std::min<qint64>(cap, base << std::min(rt.errors, 10));
    // ±25 % jitter so many tasks that failed together do not retry together.
    delay = qint64(double(delay) * (0.75 + 0.5 * QRandomGenerator::global()->generateDouble()));
    if (error.retryAfter) {
        const qint64 after = m_cadence.scaled(*error.retryAfter).count();
        delay = std::max(delay, after);
        if (error.httpStatus == 429) // the budget is per key: every task waits
            m_pausedUntilMs = std::max(m_pausedUntilMs, nowMs() + after);
    }
    rt.nextPollMs = nowMs() + delay;
}

void TaskTracker::scheduleNext(qint64 id)
{
    const VideoTask &t = m_tasks[id];
    const QDateTime from = t.submittedAt.isValid() ? t.submittedAt : t.createdAt;
    const auto age = std::chrono::milliseconds(from.msecsTo(QDateTime::currentDateTimeUtc()));
    m_runtime[id].nextPollMs = nowMs() + m_cadence.intervalFor(t.estimatedSeconds, age).count();
}

void TaskTracker::apply(qint64 id, const TaskInfo &info)
{
    VideoTask *p = mutableTask(id);
    if (!p || p->isTerminal())
        return; // a late answer never reopens a finished task
    VideoTask &t = *p;
    const VideoTask::State before = t.state;
    const std::optional<double> progressBefore = t.progress;
    const QString taskIdBefore = t.taskId;
    const auto secondsBefore = t.estimatedSeconds;
    const auto creditsBefore = t.estimatedCredits;
    if (!info.taskId.isEmpty())
        t.taskId = info.taskId;
    t.state = stateFor(
        info.status, t.state == VideoTask::State::Submitting ? VideoTask::State::Queued : t.state);
    if (info.progress)
        t.progress = info.progress;
    if (info.estimatedSeconds)
        t.estimatedSeconds = info.estimatedSeconds;
    if (info.estimatedCredits)
        t.estimatedCredits = info.estimatedCredits;
    if (info.submittedAt.isValid() && !t.submittedAt.isValid())
        t.submittedAt = info.submittedAt;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (t.state != before || t.progress != progressBefore) {
        t.lastChangeAt = now;
        t.stuck = false;
    }
    if (t.isTerminal()) {
        t.finishedAt = info.updatedAt.isValid() ? info.updatedAt : now;
        t.creditsUsed = info.creditsUsed.value_or(0);
        t.errorCode = info.errorCode;
        t.errorMessage = info.errorMessage;
        if (t.cancel == VideoTask::CancelState::Requested
            || t.cancel == VideoTask::CancelState::Refused)
            t.cancel = t.state == VideoTask::State::Cancelled ? VideoTask::CancelState::Confirmed
                                                              : VideoTask::CancelState::LostRace;
        if (!info.outputs.isEmpty()) {
            const TaskOutput &o = info.outputs.first();
            t.outputUrl = o.url;
            m_runtime[id].urlFromThisRun = true;
            t.width = o.width;
            t.height = o.height;
            t.outputSeconds = o.durationSeconds;
        }
        // Not at once: this may run inside the stream's own event handler.
        const CancelToken stream = m_runtime[id].stream;
        QTimer::singleShot(0, this, [stream] { stream.cancel(); });
    }
    // Most answers while a task waits change nothing: no write, no repaint.
    const bool changed = t.state != before || t.progress != progressBefore
        || t.taskId != taskIdBefore || t.estimatedSeconds != secondsBefore
        || t.estimatedCredits != creditsBefore || t.isTerminal();
    if (changed) {
        save(t);
        Q_EMIT taskChanged(id);
    }
    if (t.isTerminal()) {
        Q_EMIT taskFinished(id);
        if (t.state == VideoTask::State::Completed)
            QCoro::connect(download(id), this, [] {});
        return;
    }
    scheduleNext(id);
    maybeStream(id);
}

void TaskTracker::maybeStream(qint64 id)
{
    Runtime &rt = m_runtime[id];
    if (!m_cadence.useStream || m_streamUnsupported || rt.streaming
        || m_streams >= m_cadence.maxStreams || m_tasks[id].taskId.isEmpty()
        || !reachable(m_tasks[id]))
        return;
    QCoro::connect(followStream(id), this, [] {});
}

QCoro::Task<> TaskTracker::followStream(qint64 id)
{
    QPointer self(this);
    Runtime &rt = m_runtime[id];
    rt.streaming = true;
    rt.stream = CancelToken();
    ++m_streams;
    CallOptions opt = pollOptions();
    opt.cancel = rt.stream;
    opt.timeout = 60s;
    const QString taskId = m_tasks[id].taskId;
    const TaskEventHandler onEvent = [self, id](const TaskInfo &info) {
        if (self)
            self->apply(id, info);
    };
    Result<TaskInfo> r = co_await m_client->streamTask(taskId, onEvent, opt);
    if (!self)
        co_return;
    --m_streams;
    if (!m_runtime.contains(id))
        co_return;
    m_runtime[id].streaming = false;
    if (!r.ok() && r.error().httpStatus == 404 && r.error().code != "task_not_found"_L1)
        m_streamUnsupported = true; // no stream route here: polling only from now on
    if (r.ok())
        apply(id, *r);
    if (m_tasks.contains(id) && !m_tasks[id].isTerminal())
        scheduleNext(id); // the stream ended early: polling takes over
}

QCoro::Task<> TaskTracker::download(qint64 id)
{
    QPointer self(this);
    VideoTask *t = mutableTask(id);
    if (!t || !m_client || t->download == VideoTask::DownloadState::Downloading
        || t->download == VideoTask::DownloadState::Done)
        co_return; // never twice
    t->download = VideoTask::DownloadState::Downloading;
    t->downloadError.clear();
    save(*t);
    Q_EMIT taskChanged(id);
    QString refreshError;
    if (!m_runtime[id].urlFromThisRun && !t->taskId.isEmpty() && reachable(*t)) {
        refreshError = co_await refreshOutputUrl(id);
        if (!self || !(t = mutableTask(id)))
            co_return;
    }
    if (!t->outputUrl.isValid() || t->outputUrl.isEmpty()) {
        finishDownload(id, QString(),
            refreshError.isEmpty() ? tr("The gateway sent no clip URL.") : refreshError);
        co_return;
    }
    CallOptions opt;
    opt.tab = u"video"_s;
    const QUrl url = t->outputUrl;
    const QString path = QDir(m_mediaDir).filePath(t->outTaskId + u".mp4"_s);
    QDir().mkpath(m_mediaDir);
    // Streamed to the file (a temp file renamed on success), with progress in 5 % steps.
    const DownloadProgressHandler onProgress = [self, id](qint64 received, qint64 total) {
        if (self && total > 0)
            self->setDownloadProgress(id, double(received) / double(total));
    };
    Result<qint64> r = co_await m_client->downloadToFile(url, path, onProgress, opt);
    if (!self || !m_tasks.contains(id))
        co_return;
    if (r.ok())
        finishDownload(id, path, QString());
    else
        finishDownload(id, QString(), r.error().displayText());
}

// The clip URL a task finished with can be stale when the download starts in a later
// run or is retried: a signed URL expires, and the built-in sandbox listens on another
// port after every restart. The task is asked for once more (a query of a finished
// task books nothing new) and the URL it gives now is used; it is not applied as an
// answer, so the task does not finish (or notify) a second time. Returns why the
// query failed, or an empty string; on failure the stored URL is still tried.
QCoro::Task<QString> TaskTracker::refreshOutputUrl(qint64 id)
{
    QPointer self(this);
    const CallOptions opt = pollOptions();
    const QString taskId = m_tasks[id].taskId;
    Result<TaskInfo> r = co_await m_client->queryTask(taskId, opt);
    if (!self || !m_tasks.contains(id))
        co_return QString();
    if (!r.ok())
        co_return r.error().displayText();
    m_runtime[id].urlFromThisRun = true;
    VideoTask &t = m_tasks[id];
    if (!r->outputs.isEmpty() && r->outputs.first().url.isValid()
        && r->outputs.first().url != t.outputUrl) {
        t.outputUrl = r->outputs.first().url;
        save(t);
    }
    co_return QString();
}

void TaskTracker::setDownloadProgress(qint64 id, double fraction)
{
    VideoTask *t = mutableTask(id);
    if (!t || t->download != VideoTask::DownloadState::Downloading)
        return;
    if (int(fraction * 20) == int(t->downloadProgress * 20))
        return;
    t->downloadProgress = fraction;
    Q_EMIT taskChanged(id);
}

void TaskTracker::finishDownload(qint64 id, const QString &path, const QString &error)
{
    VideoTask *t = mutableTask(id);
    if (!t)
        return;
    const bool ok = !path.isEmpty();
    t->download = ok ? VideoTask::DownloadState::Done : VideoTask::DownloadState::Failed;
    t->filePath = path;
    t->downloadError = error;
    save(*t);
    Q_EMIT taskChanged(id);
    Q_EMIT downloadFinished(id, ok);
}

} // namespace bsp
