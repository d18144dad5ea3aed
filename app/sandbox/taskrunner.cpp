#include "sandbox/taskrunner.h"

#include "core/worker.h"
#include "sandbox/accounts.h"
#include "sandbox/context.h"
#include "sandbox/engines.h"
#include "sandbox/engines_hash.h"
#include "sandbox/engines_video.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

QByteArray taskEvent(const VideoTask &task)
{
    return "event: task\ndata: " + QJsonDocument(task.toQueryJson()).toJson(QJsonDocument::Compact)
        + "\n\n";
}

// Changes worth an SSE event: the status, or progress in 5 % steps.
int stepOf(const VideoTask &task)
{
    return static_cast<int>(task.status) * 100 + static_cast<int>(std::floor(task.progress * 20));
}

} // namespace

TaskRunner::TaskRunner(SandboxContext &ctx) : m_ctx(ctx) { }

TaskRunner::~TaskRunner()
{
    for (const TaskPtr &t : m_store.all())
        t->cancel->store(true);
}

void TaskRunner::launch(const TaskPtr &task)
{
    m_store.add(task);
    m_ctx.accounts().notifyChanged(); // in the state file before the answer leaves
    std::weak_ptr<TaskRunner> weak = weak_from_this();
    QTimer::singleShot(m_ctx.scaledMs(kQueuedMs), m_ctx.guard(), [weak, task] {
        if (auto self = weak.lock())
            self->run(task);
    });
}

void TaskRunner::run(const TaskPtr &task)
{
    if (task->status != TaskStatus::Queued)
        return;
    task->status = TaskStatus::Running;
    task->startedAt = QDateTime::currentDateTimeUtc();
    task->updatedAt = task->startedAt;
    task->renderMs = m_ctx.scaledMs(task->estimatedSeconds * 1000.0);
    m_ctx.accounts().notifyChanged(); // saved as running, with its start
    render(task);
}

void TaskRunner::render(const TaskPtr &task)
{
    // The real clip: the asked shape and resolution scaled down, the asked duration,
    // drawn from the model and the prompt (two models never give the same clip).
    const QSize size = clipSizeFor(task->aspectRatio, task->resolution);
    ClipSpec spec;
    spec.prompt = task->prompt;
    spec.width = size.width();
    spec.height = size.height();
    spec.seconds = task->durationSeconds;
    spec.seed = detail::hashText(QString(task->model + u'\n' + task->prompt));
    spec.label = task->model;
    task->clipPath = QDir(clipsFolder()).filePath(task->id + u".mp4"_s);
    const QString path = task->clipPath;
    const auto cancel = task->cancel;
    const std::atomic_bool *shutdown = m_ctx.shutdownFlag();
    std::weak_ptr<TaskRunner> weak = weak_from_this();
    runThen(
        &m_ctx.pool(), m_ctx.guard(),
        [spec, path, cancel, shutdown] {
            QString error;
            const bool ok = encodeClip(
                spec, path, &error,
                [cancel, shutdown](double) {
                    if (shutdown->load())
                        cancel->store(true);
                },
                cancel.get());
            return std::make_pair(ok, error);
        },
        [weak, task](const std::pair<bool, QString> &result) {
            task->encodeDone = true;
            task->encodeOk = result.first;
            task->encodeError = result.second;
            if (auto self = weak.lock())
                self->tick(task);
        });

    auto *timer = new QTimer(m_ctx.guard());
    timer->setInterval(std::clamp(static_cast<int>(task->renderMs / 50), 20, 1000));
    QObject::connect(timer, &QTimer::timeout, timer, [weak, task] {
        if (auto self = weak.lock())
            self->tick(task);
    });
    m_timers.insert(task->id, timer);
    timer->start();
    notify(task);
}

void TaskRunner::tick(const TaskPtr &task)
{
    if (task->status != TaskStatus::Running)
        return;
    const qint64 elapsed = task->startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    double p = std::min(1.0, static_cast<double>(elapsed) / std::max<qint64>(1, task->renderMs));
    if (!task->encodeDone)
        p = std::min(p, 0.99);
    task->progress = std::max(task->progress, p);
    task->updatedAt = QDateTime::currentDateTimeUtc();
    if (task->failPlanned && task->progress >= 0.5) {
        settle(task, TaskStatus::Failed, 0, 0, u"upstream_error"_s,
            u"the render failed upstream (sandbox task_fail fault)"_s);
        return;
    }
    if (task->encodeDone && !task->encodeOk) {
        settle(task, TaskStatus::Failed, 0, 0, u"server_error"_s,
            u"the sandbox could not encode the clip: "_s + task->encodeError);
        return;
    }
    if (task->encodeDone && task->progress >= 1.0) {
        complete(task);
        return;
    }
    notify(task);
}

void TaskRunner::complete(const TaskPtr &task)
{
    task->fileId = m_ctx.files().putPath(task->ownerKey, task->clipPath, "video/mp4", u"mp4");
    task->progress = 1.0;
    task->output = outputOf(*task);
    settle(task, TaskStatus::Completed, task->estimatedCredits, task->durationSeconds);
}

QJsonArray TaskRunner::outputOf(const VideoTask &task) const
{
    // The real size of the clip, which is smaller than the asked resolution's.
    const QSize size = clipSizeFor(task.aspectRatio, task.resolution);
    return QJsonArray {QJsonObject {
        {u"type"_s, u"video"_s},
        {u"url"_s, m_ctx.fileUrl(task.fileId)},
        {u"content_type"_s, u"video/mp4"_s},
        {u"duration_seconds"_s, task.durationSeconds},
        {u"resolution"_s, task.resolution},
        {u"width"_s, size.width()},
        {u"height"_s, size.height()},
    }};
}

void TaskRunner::restoreOutputs()
{
    for (const TaskPtr &t : m_store.all())
        if (t->status == TaskStatus::Completed && !t->clipPath.isEmpty())
            t->output = outputOf(*t);
}

QString TaskRunner::clipsFolder() const
{
    return m_clipsFolder.isEmpty() ? m_tempClips.path() : m_clipsFolder;
}

void TaskRunner::setClipsFolder(const QString &folder)
{
    if (!QDir().mkpath(folder))
        return; // the temporary folder stays
    m_clipsFolder = folder;
    const QDateTime old = QDateTime::currentDateTimeUtc().addSecs(-kKeepFinishedSecs);
    const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files);
    for (const QFileInfo &f : files)
        if (f.lastModified().toUTC() < old)
            QFile::remove(f.filePath());
}

void TaskRunner::cancel(const TaskPtr &task)
{
    if (isTerminal(task->status))
        return;
    if (task->status == TaskStatus::Queued) {
        settle(task, TaskStatus::Cancelled, 0, 0);
        return;
    }
    tick(task); // progress up to now
    if (isTerminal(task->status))
        return;
    const Rate *rate = m_ctx.rateCard().find(task->model);
    const CancelPolicy policy = rate ? rate->cancelRunning : CancelPolicy::Free;
    Credits credits = 0;
    double units = 0;
    if (policy == CancelPolicy::BillFull) {
        credits = task->estimatedCredits;
        units = task->durationSeconds;
    } else if (policy == CancelPolicy::BillRendered) {
        units = task->renderedSeconds();
        credits = m_ctx.rateCard().videoCost(task->model, task->resolution, units).value_or(0);
        credits = std::min(credits, task->estimatedCredits);
    }
    settle(task, TaskStatus::Cancelled, credits, units);
}

void TaskRunner::settle(const TaskPtr &task, TaskStatus status, Credits credits, double units,
    const QString &errorCode, const QString &errorMessage)
{
    task->status = status;
    task->creditsUsed = credits;
    task->updatedAt = QDateTime::currentDateTimeUtc();
    task->errorCode = errorCode;
    task->errorMessage = errorMessage;
    if (status != TaskStatus::Completed)
        task->cancel->store(true); // stops the encoder
    if (QPointer<QTimer> timer = m_timers.take(task->id)) {
        timer->stop();
        timer->deleteLater();
    }
    if (Account *a = m_ctx.accounts().find(task->ownerKey)) {
        Accounts::release(*a, task->estimatedCredits);
        Accounts::debit(*a, credits);
        UsageRow row;
        row.requestId = task->requestId;
        row.createdAt = task->updatedAt;
        row.route = u"/v1/tasks/submit"_s;
        row.model = task->model;
        row.status = status == TaskStatus::Completed ? u"succeeded"_s : taskStatusName(status);
        row.errorCode = errorCode;
        row.units = units;
        row.credits = credits;
        Accounts::appendUsage(*a, row);
    }
    notify(task);
}

QJsonArray TaskRunner::saveTasks() const
{
    QJsonArray out;
    const QDateTime keepFrom = QDateTime::currentDateTimeUtc().addSecs(-kKeepFinishedSecs);
    for (const TaskPtr &t : m_store.all()) {
        if (!isTerminal(t->status) || t->updatedAt >= keepFrom)
            out.append(t->toStateJson(Accounts::keyHash(t->ownerKey)));
    }
    return out;
}

int TaskRunner::restoreTasks(const QJsonArray &tasks)
{
    int restored = 0;
    for (const QJsonValue &v : tasks) {
        const QJsonObject o = v.toObject();
        Account *owner = m_ctx.accounts().findByHash(o.value(u"owner"_s).toString());
        const TaskPtr task = VideoTask::fromStateJson(o);
        if (!owner || !task || m_store.find(owner->key, task->id))
            continue;
        task->ownerKey = owner->key;
        ++restored;
        if (isTerminal(task->status)) {
            // As it ended; a completed clip at a URL of this run, if it is still there.
            const QString clip = QDir(clipsFolder()).filePath(task->id + u".mp4"_s);
            if (task->status == TaskStatus::Completed && !task->fileId.isEmpty()
                && QFile::exists(clip)) {
                task->clipPath = clip;
                m_ctx.files().restorePath(task->fileId, task->ownerKey, clip, "video/mp4");
            }
            m_store.add(task);
            continue;
        }
        owner->reserved += task->estimatedCredits; // held again until the task ends
        if (task->status == TaskStatus::Queued) {
            launch(task);
            continue;
        }
        m_store.add(task);
        render(task);
    }
    return restored;
}

void TaskRunner::watch(const TaskPtr &task, const CallPtr &call)
{
    call->writeChunk(taskEvent(*task));
    if (isTerminal(task->status)) {
        call->endStream(0);
        return;
    }
    m_watchers[task->id].append(call);
}

void TaskRunner::notify(const TaskPtr &task)
{
    const int step = stepOf(*task);
    if (m_lastStep.value(task->id, -1) == step)
        return;
    m_lastStep.insert(task->id, step);
    const bool terminal = isTerminal(task->status);
    const auto it = m_watchers.find(task->id);
    if (it == m_watchers.end())
        return;
    const QByteArray event = taskEvent(*task);
    QList<CallPtr> keep;
    for (const CallPtr &call : std::as_const(*it)) {
        if (!call->alive())
            continue; // the client left; a free stream has nothing to record
        call->writeChunk(event);
        if (terminal)
            call->endStream(0);
        else
            keep.append(call);
    }
    if (keep.isEmpty())
        m_watchers.erase(it);
    else
        *it = keep;
}

} // namespace bsp::sandbox
