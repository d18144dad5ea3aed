#include "core/tasktracker.h"

#include "core/gatewayclient.h"
#include "core/videotaskstore.h"

#include <QCoroFuture>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcTasks, "bsp.tasks")

namespace bsp {

namespace {

constexpr qint64 kMinIntervalMs = 10;

bool sameRequest(const VideoTask &t, const VideoRequest &r)
{
    return t.model == r.model && t.prompt == r.prompt && t.durationSeconds == r.durationSeconds
        && t.resolution == r.resolution && t.aspectRatio == r.aspectRatio
        && t.firstFrame == r.firstFrame && t.group == r.group;
}

// An error after which the gateway may or may not have created the task.
bool answerLost(const ApiError &e)
{
    using K = ApiError::Kind;
    return e.kind == K::Network || e.kind == K::Timeout || e.kind == K::StreamDropped
        || e.kind == K::Malformed || e.kind == K::Unknown;
}

CallOptions videoOptions(bool retry = true)
{
    CallOptions o;
    o.tab = u"video"_s;
    o.retry = retry;
    return o;
}

} // namespace

PollCadence::ms PollCadence::scaled(ms value) const
{
    return ms(std::max<qint64>(kMinIntervalMs, qint64(double(value.count()) * timeScale)));
}

PollCadence::ms PollCadence::intervalFor(
    std::optional<double> estimatedSeconds, ms sinceSubmit) const
{
    if (sinceSubmit >= scaled(fastPhase))
        return scaled(slowInterval);
    const bool fast = estimatedSeconds && *estimatedSeconds <= fastModelSeconds;
    return scaled(fast ? fastInterval : normalInterval);
}

TaskTracker::TaskTracker(
    GatewayClient *client, VideoTaskStore *store, QString mediaDir, QObject *parent)
    : QObject(parent), m_client(client), m_store(store), m_mediaDir(std::move(mediaDir))
{
    m_clock.start();
    connect(&m_timer, &QTimer::timeout, this, &TaskTracker::onTick);
}

TaskTracker::~TaskTracker()
{
    // Open streams end now; their coroutines find no task left and return.
    QList<CancelToken> streams;
    for (const Runtime &rt : std::as_const(m_runtime))
        streams.append(rt.stream);
    m_runtime.clear();
    m_tasks.clear();
    m_order.clear();
    for (const CancelToken &token : std::as_const(streams))
        token.cancel();
}

void TaskTracker::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_store) {
        for (VideoTask &t : m_store->all()) {
            Runtime rt;
            if (t.state == VideoTask::State::Submitting)
                rt.recover = true; // the answer never came: ask by out_task_id
            if (t.download == VideoTask::DownloadState::Downloading)
                t.download = VideoTask::DownloadState::None; // interrupted: fetch again
            if (t.download == VideoTask::DownloadState::Done && !QFileInfo::exists(t.filePath)) {
                t.download = VideoTask::DownloadState::Failed;
                t.downloadError = tr("The clip file is missing: %1").arg(t.filePath);
            }
            m_tasks.insert(t.id, t);
            m_runtime.insert(t.id, rt);
            m_order.append(t.id);
            Q_EMIT taskAdded(t.id);
        }
    }
    for (qint64 id : std::as_const(m_order)) {
        const VideoTask &t = m_tasks[id];
        if (t.state == VideoTask::State::Completed && t.download == VideoTask::DownloadState::None)
            QCoro::connect(download(id), this, [] {});
        else if (t.cancel == VideoTask::CancelState::Requested && !t.taskId.isEmpty())
            QCoro::connect(sendCancel(id), this, [] {});
    }
    m_tokens = 1;
    m_tokensAtMs = nowMs();
    m_timer.start(m_cadence.tick);
}

qint64 TaskTracker::submit(const VideoRequest &request)
{
    for (auto it = m_tasks.cbegin(); it != m_tasks.cend(); ++it) {
        if (it->state == VideoTask::State::Submitting && m_runtime[it.key()].submitting
            && sameRequest(*it, request))
            return it.key(); // the same request is on its way: one task, not two
    }
    VideoTask t;
    t.outTaskId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.model = request.model;
    t.prompt = request.prompt;
    t.durationSeconds = request.durationSeconds;
    t.resolution = request.resolution;
    t.aspectRatio = request.aspectRatio;
    t.firstFrame = request.firstFrame;
    t.firstFrameMediaType = request.firstFrameMediaType;
    t.group = request.group;
    t.profile = m_client ? m_client->profileId() : QString();
    t.state = VideoTask::State::Submitting;
    t.createdAt = QDateTime::currentDateTimeUtc();
    t.lastChangeAt = t.createdAt;
    // Stored before the request leaves, so a crash mid-submit is recovered by this id.
    if (!m_store || !m_store->insert(t)) {
        Q_EMIT storeError(m_store ? m_store->lastError() : tr("No task store"));
        return 0;
    }
    m_tasks.insert(t.id, t);
    m_runtime.insert(t.id, Runtime {});
    m_order.append(t.id);
    Q_EMIT taskAdded(t.id);
    if (!m_started)
        start();
    QCoro::connect(sendSubmit(t.id), this, [] {});
    return t.id;
}

QCoro::Task<> TaskTracker::sendSubmit(qint64 id)
{
    QPointer self(this);
    const VideoTask *t = task(id);
    if (!t || !m_client || !reachable(*t))
        co_return; // a task is only ever submitted to its own profile's gateway
    TaskSubmit s;
    s.model = t->model;
    s.outTaskId = t->outTaskId;
    s.prompt = t->prompt;
    s.durationSeconds = t->durationSeconds;
    s.resolution = t->resolution;
    s.aspectRatio = t->aspectRatio;
    s.firstFrame = t->firstFrame;
    if (!t->firstFrameMediaType.isEmpty())
        s.firstFrameMediaType = t->firstFrameMediaType;
    m_runtime[id].submitting = true;
    // Safe to retry (the client does, up to its policy): the out_task_id makes a repeat
    // return the same task.
    // Named arguments: g++ 12 may destroy temporaries of a co_await expression twice.
    const CallOptions opt = videoOptions();
    Result<TaskInfo> r = co_await m_client->submitTask(s, opt);
    if (!self || !m_tasks.contains(id))
        co_return;
    m_runtime[id].submitting = false;
    if (r.ok()) {
        apply(id, *r);
        if (m_tasks[id].cancel == VideoTask::CancelState::Requested)
            QCoro::connect(sendCancel(id), this, [] {});
        co_return;
    }
    submitFailed(id, r.error());
}

void TaskTracker::submitFailed(qint64 id, const ApiError &error)
{
    VideoTask &t = m_tasks[id];
    Runtime &rt = m_runtime[id];
    if (answerLost(error)) {
        // The gateway may hold the task: ask for it by out_task_id before anything else.
        rt.recover = true;
        scheduleAfterError(rt, error);
        qCInfo(lcTasks) << "submit answer lost for" << t.outTaskId << "- recovering";
        return;
    }
    t.state = VideoTask::State::Failed;
    t.errorCode = error.code.isEmpty() ? ApiError::kindName(error.kind) : error.code;
    t.errorMessage = error.displayText();
    t.creditsUsed = 0; // an error answer is free
    t.finishedAt = QDateTime::currentDateTimeUtc();
    if (t.cancel == VideoTask::CancelState::Requested)
        t.cancel = VideoTask::CancelState::Confirmed;
    save(t);
    Q_EMIT taskChanged(id);
    Q_EMIT taskFinished(id);
}

void TaskTracker::cancel(qint64 id)
{
    VideoTask *t = mutableTask(id);
    if (!t || t->isTerminal() || t->cancel == VideoTask::CancelState::Requested)
        return;
    if (!reachable(*t))
        return; // its gateway is another profile's: the row says to switch to it
    t->cancel = VideoTask::CancelState::Requested;
    t->cancelMessage.clear();
    save(*t);
    Q_EMIT taskChanged(id);
    // A task still being submitted is cancelled as soon as its id is known.
    if (!t->taskId.isEmpty())
        QCoro::connect(sendCancel(id), this, [] {});
}

bool TaskTracker::reachable(const VideoTask &t) const
{
    return t.profile.isEmpty() || (m_client && m_client->profileId() == t.profile);
}

QCoro::Task<> TaskTracker::sendCancel(qint64 id)
{
    QPointer self(this);
    const VideoTask *t = task(id);
    if (!t || !m_client)
        co_return;
    const CallOptions opt = videoOptions();
    const QString taskId = t->taskId;
    Result<TaskInfo> r = co_await m_client->cancelTask(taskId, opt);
    if (!self || !m_tasks.contains(id))
        co_return;
    VideoTask &task = m_tasks[id];
    if (!r.ok()) {
        if (task.cancel == VideoTask::CancelState::Requested) {
            task.cancel = VideoTask::CancelState::Refused;
            task.cancelMessage = r.error().displayText();
            save(task);
            Q_EMIT taskChanged(id);
        }
        co_return;
    }
    apply(id, *r);
    VideoTask &after = m_tasks[id];
    if (after.cancel == VideoTask::CancelState::Requested) {
        // 200 but not cancelled: the gateway did not stop it.
        after.cancel = VideoTask::CancelState::Refused;
        after.cancelMessage
            = tr("The gateway answered %1 and kept the task running.").arg(r->rawStatus);
        save(after);
        Q_EMIT taskChanged(id);
    }
}

bool TaskTracker::remove(qint64 id)
{
    const VideoTask *t = task(id);
    if (!t || !t->isTerminal())
        return false;
    if (m_store)
        m_store->remove(id);
    m_runtime[id].stream.cancel();
    m_tasks.remove(id);
    m_runtime.remove(id);
    m_order.removeOne(id);
    Q_EMIT taskRemoved(id);
    return true;
}

void TaskTracker::retryDownload(qint64 id)
{
    const VideoTask *t = task(id);
    if (t && t->state == VideoTask::State::Completed
        && t->download == VideoTask::DownloadState::Failed)
        QCoro::connect(download(id), this, [] {});
}

void TaskTracker::setThumbnail(qint64 id, const QString &path)
{
    if (VideoTask *t = mutableTask(id)) {
        t->thumbnailPath = path;
        save(*t);
        Q_EMIT taskChanged(id);
    }
}

const VideoTask *TaskTracker::task(qint64 id) const
{
    const auto it = m_tasks.constFind(id);
    return it == m_tasks.cend() ? nullptr : &*it;
}

VideoTask *TaskTracker::mutableTask(qint64 id)
{
    const auto it = m_tasks.find(id);
    return it == m_tasks.end() ? nullptr : &*it;
}

void TaskTracker::save(const VideoTask &t)
{
    if (m_store && !m_store->update(t))
        Q_EMIT storeError(m_store->lastError());
}

} // namespace bsp
