#include "core/wire_tasks.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace bsp {

QString taskStatusName(TaskStatus s)
{
    switch (s) {
    case TaskStatus::Queued:
        return u"queued"_s;
    case TaskStatus::Running:
        return u"running"_s;
    case TaskStatus::Completed:
        return u"completed"_s;
    case TaskStatus::Failed:
        return u"failed"_s;
    case TaskStatus::Cancelled:
        return u"cancelled"_s;
    case TaskStatus::Unknown:
        break;
    }
    return u"unknown"_s;
}

TaskStatus taskStatusFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == "queued"_L1 || n == "pending"_L1)
        return TaskStatus::Queued;
    if (n == "running"_L1 || n == "in_progress"_L1)
        return TaskStatus::Running;
    if (n == "completed"_L1 || n == "succeeded"_L1)
        return TaskStatus::Completed;
    if (n == "failed"_L1 || n == "expired"_L1)
        return TaskStatus::Failed;
    if (n == "cancelled"_L1 || n == "canceled"_L1)
        return TaskStatus::Cancelled;
    return TaskStatus::Unknown;
}

QJsonObject TaskSubmit::paramsJson() const
{
    QJsonObject p {{"prompt"_L1, prompt}, {"duration_seconds"_L1, durationSeconds},
        {"resolution"_L1, resolution}, {"aspect_ratio"_L1, aspectRatio}};
    if (!firstFrame.isEmpty())
        p.insert("first_frame"_L1,
            QJsonObject {{"type"_L1, "base64"_L1}, {"media_type"_L1, firstFrameMediaType},
                {"data"_L1, QString::fromLatin1(firstFrame.toBase64())}});
    for (auto it = extraParams.begin(); it != extraParams.end(); ++it)
        p.insert(it.key(), it.value());
    return p;
}

QJsonObject TaskSubmit::toJson() const
{
    return QJsonObject {{"model"_L1, model}, {"out_task_id"_L1, outTaskId},
        {"params"_L1, paramsJson()},
        {"callback_url"_L1, callbackUrl.isEmpty() ? QJsonValue() : QJsonValue(callbackUrl)}};
}

std::optional<TaskSubmit> TaskSubmit::fromJson(const QJsonObject &o, QString *error)
{
    TaskSubmit s;
    s.model = o.value("model"_L1).toString();
    if (s.model.isEmpty()) {
        if (error)
            *error = u"submit: no model"_s;
        return std::nullopt;
    }
    s.outTaskId = o.value("out_task_id"_L1).toString();
    s.callbackUrl = o.value("callback_url"_L1).toString();
    QJsonObject p = o.value("params"_L1).toObject();
    if (!o.value("params"_L1).isObject()) {
        // Flat form: every other top-level field is a parameter.
        p = o;
        for (const auto key : {"model"_L1, "out_task_id"_L1, "callback_url"_L1})
            p.remove(key);
    }
    s.prompt = p.take("prompt"_L1).toString();
    s.durationSeconds = p.take("duration_seconds"_L1).toDouble(s.durationSeconds);
    s.resolution = p.take("resolution"_L1).toString(s.resolution);
    s.aspectRatio = p.take("aspect_ratio"_L1).toString(s.aspectRatio);
    const QJsonObject frame = p.take("first_frame"_L1).toObject();
    if (!frame.isEmpty()) {
        s.firstFrame = QByteArray::fromBase64(frame.value("data"_L1).toString().toLatin1());
        s.firstFrameMediaType = frame.value("media_type"_L1).toString(s.firstFrameMediaType);
    }
    s.extraParams = p;
    return s;
}

std::optional<TaskInfo> TaskInfo::fromJson(const QJsonObject &o, QString *error)
{
    TaskInfo t;
    t.taskId = o.value("task_id"_L1).toString();
    if (t.taskId.isEmpty())
        t.taskId = o.value("id"_L1).toString();
    if (t.taskId.isEmpty()) {
        if (error)
            *error = u"task: no task_id"_s;
        return std::nullopt;
    }
    t.outTaskId = o.value("out_task_id"_L1).toString();
    t.model = o.value("model"_L1).toString();
    t.rawStatus = o.value("status"_L1).toString();
    t.status = taskStatusFromName(t.rawStatus);
    if (o.value("progress"_L1).isDouble())
        t.progress = o.value("progress"_L1).toDouble();
    if (o.value("estimated_credits"_L1).isDouble())
        t.estimatedCredits = creditsFromUsd(o.value("estimated_credits"_L1).toDouble());
    if (o.value("estimated_seconds"_L1).isDouble())
        t.estimatedSeconds = o.value("estimated_seconds"_L1).toDouble();
    t.submittedAt = QDateTime::fromString(o.value("submitted_at"_L1).toString(), Qt::ISODateWithMs);
    t.updatedAt = QDateTime::fromString(o.value("updated_at"_L1).toString(), Qt::ISODateWithMs);
    if (o.value("credits_used"_L1).isDouble())
        t.creditsUsed = creditsFromUsd(o.value("credits_used"_L1).toDouble());
    else if (o.value("credits"_L1).isDouble())
        t.creditsUsed = creditsFromUsd(o.value("credits"_L1).toDouble());

    const QJsonArray outputs = o.value("output"_L1).toArray();
    for (const QJsonValue &v : outputs) {
        const QJsonObject x = v.toObject();
        TaskOutput out;
        out.type = x.value("type"_L1).toString(u"video"_s);
        out.url = QUrl(x.value("url"_L1).toString());
        out.contentType = x.value("content_type"_L1).toString();
        out.durationSeconds = x.value("duration_seconds"_L1).toDouble();
        out.resolution = x.value("resolution"_L1).toString();
        out.width = x.value("width"_L1).toInt();
        out.height = x.value("height"_L1).toInt();
        t.outputs.append(out);
    }
    if (t.outputs.isEmpty()) {
        // Also accept result.video_url and a flat result_url.
        QString url = o.value("result"_L1).toObject().value("video_url"_L1).toString();
        if (url.isEmpty())
            url = o.value("result_url"_L1).toString();
        if (!url.isEmpty()) {
            TaskOutput out;
            out.url = QUrl(url);
            t.outputs.append(out);
        }
    }
    const QJsonValue err = o.value("error"_L1);
    if (err.isObject()) {
        const QJsonValue code = err.toObject().value("code"_L1);
        t.errorCode = code.isDouble() ? QString::number(code.toInteger()) : code.toString();
        t.errorMessage = err.toObject().value("message"_L1).toString();
    } else if (err.isString()) {
        t.errorMessage = err.toString();
    }
    if (t.rawStatus.toLower() == "expired"_L1 && t.errorCode.isEmpty())
        t.errorCode = u"expired"_s;
    return t;
}

QJsonObject TaskInfo::toJson() const
{
    QJsonObject o {{"task_id"_L1, taskId}, {"out_task_id"_L1, outTaskId}, {"model"_L1, model},
        {"status"_L1, taskStatusName(status)}};
    if (progress)
        o.insert("progress"_L1, *progress);
    if (estimatedCredits)
        o.insert("estimated_credits"_L1, usdFromCredits(*estimatedCredits));
    if (estimatedSeconds)
        o.insert("estimated_seconds"_L1, *estimatedSeconds);
    if (submittedAt.isValid())
        o.insert("submitted_at"_L1, submittedAt.toUTC().toString(Qt::ISODate));
    if (updatedAt.isValid())
        o.insert("updated_at"_L1, updatedAt.toUTC().toString(Qt::ISODate));
    if (creditsUsed)
        o.insert("credits_used"_L1, usdFromCredits(*creditsUsed));
    if (!outputs.isEmpty()) {
        QJsonArray arr;
        for (const TaskOutput &out : outputs) {
            QJsonObject x {{"type"_L1, out.type}, {"url"_L1, out.url.toString()}};
            if (!out.contentType.isEmpty())
                x.insert("content_type"_L1, out.contentType);
            if (out.durationSeconds > 0)
                x.insert("duration_seconds"_L1, out.durationSeconds);
            if (!out.resolution.isEmpty())
                x.insert("resolution"_L1, out.resolution);
            if (out.width > 0) {
                x.insert("width"_L1, out.width);
                x.insert("height"_L1, out.height);
            }
            arr.append(x);
        }
        o.insert("output"_L1, arr);
    }
    if (!errorCode.isEmpty() || !errorMessage.isEmpty())
        o.insert("error"_L1, QJsonObject {{"code"_L1, errorCode}, {"message"_L1, errorMessage}});
    return o;
}

} // namespace bsp
