#include "sandbox/taskstore.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

int VideoTask::remainingSeconds() const
{
    if (isTerminal(status))
        return 0;
    return static_cast<int>(std::ceil(estimatedSeconds * (1.0 - progress)));
}

static QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QJsonObject VideoTask::toSubmitJson() const
{
    return QJsonObject {
        {u"task_id"_s, id},
        {u"out_task_id"_s, outTaskId},
        {u"model"_s, model},
        {u"status"_s, taskStatusName(status)},
        {u"estimated_credits"_s, usdFromCredits(estimatedCredits)},
        {u"estimated_seconds"_s, static_cast<int>(std::ceil(estimatedSeconds))},
        {u"submitted_at"_s, isoTime(submittedAt)},
    };
}

QJsonObject VideoTask::toQueryJson() const
{
    QJsonObject o {
        {u"task_id"_s, id},
        {u"out_task_id"_s, outTaskId},
        {u"model"_s, model},
        {u"status"_s, taskStatusName(status)},
        {u"progress"_s, std::round(progress * 1000.0) / 1000.0},
        {u"estimated_credits"_s, usdFromCredits(estimatedCredits)},
        {u"estimated_seconds"_s, remainingSeconds()},
        {u"submitted_at"_s, isoTime(submittedAt)},
        {u"updated_at"_s, isoTime(updatedAt)},
    };
    if (isTerminal(status))
        o.insert(u"credits_used"_s, usdFromCredits(creditsUsed));
    if (status == TaskStatus::Completed)
        o.insert(u"output"_s, output);
    if (status == TaskStatus::Failed)
        o.insert(u"error"_s, QJsonObject {{u"code"_s, errorCode}, {u"message"_s, errorMessage}});
    return o;
}

QJsonObject VideoTask::toStateJson(const QString &ownerHash) const
{
    return QJsonObject {
        {u"owner"_s, ownerHash},
        {u"task_id"_s, id},
        {u"out_task_id"_s, outTaskId},
        {u"model"_s, model},
        {u"request_id"_s, requestId},
        {u"params"_s, params},
        {u"prompt"_s, prompt},
        {u"resolution"_s, resolution},
        {u"aspect_ratio"_s, aspectRatio},
        {u"duration_seconds"_s, durationSeconds},
        {u"fail_planned"_s, failPlanned},
        {u"status"_s, taskStatusName(status)},
        {u"progress"_s, progress},
        {u"estimated_credits"_s, QString::number(estimatedCredits)}, // exact, as credits
        {u"estimated_seconds"_s, estimatedSeconds},
        {u"render_ms"_s, QString::number(renderMs)},
        {u"submitted_at"_s, submittedAt.toUTC().toString(Qt::ISODateWithMs)},
        {u"started_at"_s, startedAt.toUTC().toString(Qt::ISODateWithMs)},
        // A finished task (kept for a day so that a client that missed its end still
        // finds it): the outcome and the clip's file id.
        {u"finished_at"_s,
            isTerminal(status) ? updatedAt.toUTC().toString(Qt::ISODateWithMs) : QString()},
        {u"credits_used"_s, QString::number(creditsUsed)},
        {u"error_code"_s, errorCode},
        {u"error_message"_s, errorMessage},
        {u"file_id"_s, fileId},
    };
}

std::shared_ptr<VideoTask> VideoTask::fromStateJson(const QJsonObject &o)
{
    auto t = std::make_shared<VideoTask>();
    t->id = o.value(u"task_id"_s).toString();
    t->outTaskId = o.value(u"out_task_id"_s).toString();
    t->model = o.value(u"model"_s).toString();
    t->requestId = o.value(u"request_id"_s).toString();
    t->params = o.value(u"params"_s).toObject();
    t->prompt = o.value(u"prompt"_s).toString();
    t->resolution = o.value(u"resolution"_s).toString();
    t->aspectRatio = o.value(u"aspect_ratio"_s).toString();
    t->durationSeconds = o.value(u"duration_seconds"_s).toDouble(-1);
    t->failPlanned = o.value(u"fail_planned"_s).toBool();
    const QString status = o.value(u"status"_s).toString();
    t->status = taskStatusFromName(status); // the file holds the canonical names only
    t->progress = std::clamp(o.value(u"progress"_s).toDouble(0), 0.0, 1.0);
    bool creditsOk = false;
    bool renderOk = false;
    t->estimatedCredits = o.value(u"estimated_credits"_s).toString().toLongLong(&creditsOk);
    t->estimatedSeconds = o.value(u"estimated_seconds"_s).toDouble(-1);
    t->renderMs = o.value(u"render_ms"_s).toString().toLongLong(&renderOk);
    t->submittedAt
        = QDateTime::fromString(o.value(u"submitted_at"_s).toString(), Qt::ISODateWithMs);
    t->startedAt = QDateTime::fromString(o.value(u"started_at"_s).toString(), Qt::ISODateWithMs);
    t->updatedAt = QDateTime::currentDateTimeUtc();
    bool usedOk = true;
    if (isTerminal(t->status)) {
        t->updatedAt
            = QDateTime::fromString(o.value(u"finished_at"_s).toString(), Qt::ISODateWithMs);
        t->creditsUsed = o.value(u"credits_used"_s).toString().toLongLong(&usedOk);
        t->errorCode = o.value(u"error_code"_s).toString().left(64);
        t->errorMessage = o.value(u"error_message"_s).toString().left(1000);
        t->fileId = o.value(u"file_id"_s).toString().left(64);
        t->progress = t->status == TaskStatus::Completed ? 1.0 : t->progress;
        usedOk = usedOk && t->updatedAt.isValid() && t->creditsUsed >= 0
            && t->creditsUsed <= t->estimatedCredits;
    }
    const bool known
        = t->status != TaskStatus::Unknown && taskStatusName(t->status) == status && usedOk;
    if (!t->id.startsWith(u"task_"_s) || t->model.isEmpty() || !known || !creditsOk
        || t->estimatedCredits < 0 || !renderOk || t->renderMs < 0 || t->durationSeconds <= 0
        || t->estimatedSeconds < 0 || !t->submittedAt.isValid()
        || (t->status == TaskStatus::Running && !t->startedAt.isValid()))
        return nullptr;
    return t;
}

void TaskStore::add(const TaskPtr &task)
{
    m_byId.insert(task->id, task);
    if (!task->outTaskId.isEmpty())
        m_byOut.insert(task->ownerKey + u'\n' + task->outTaskId, task);
}

TaskPtr TaskStore::find(const QString &key, const QString &taskId) const
{
    const TaskPtr t = m_byId.value(taskId);
    return t && t->ownerKey == key ? t : nullptr;
}

TaskPtr TaskStore::findByOutTaskId(const QString &key, const QString &outTaskId) const
{
    return m_byOut.value(key + u'\n' + outTaskId);
}

QString TaskStore::newTaskId()
{
    static const char hex[] = "0123456789abcdef";
    QString id = u"task_01"_s;
    for (int i = 0; i < 24; ++i)
        id += QLatin1Char(hex[QRandomGenerator::global()->bounded(16)]);
    return id;
}

QSize clipSize(const QString &aspectRatio)
{
    const QStringList parts = aspectRatio.split(u':');
    double w = 16;
    double h = 9;
    if (parts.size() == 2) {
        bool okW = false;
        bool okH = false;
        const double pw = parts.at(0).toDouble(&okW);
        const double ph = parts.at(1).toDouble(&okH);
        if (okW && okH && pw > 0 && ph > 0) {
            w = pw;
            h = ph;
        }
    }
    // The longer side is 320 px; both sides even, as yuv420p wants.
    const double scale = 320.0 / std::max(w, h);
    const auto even
        = [](double v) { return std::max(16, static_cast<int>(std::lround(v / 2)) * 2); };
    return QSize(even(w * scale), even(h * scale));
}

} // namespace bsp::sandbox
