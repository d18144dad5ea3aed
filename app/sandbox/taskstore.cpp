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
