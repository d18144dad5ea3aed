#pragma once

#include "core/money.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace bsp {

enum class TaskStatus { Queued, Running, Completed, Failed, Cancelled, Unknown };
QString taskStatusName(TaskStatus s); // canonical wire names
// Canonical names plus the "also accept" ones: pending, in_progress, succeeded, expired.
TaskStatus taskStatusFromName(const QString &name);
inline bool isTerminal(TaskStatus s)
{
    return s == TaskStatus::Completed || s == TaskStatus::Failed || s == TaskStatus::Cancelled;
}

// POST /v1/tasks/submit
struct TaskSubmit
{
    QString model;
    QString outTaskId; // the client fills a UUID when empty (safe retries)
    QString prompt;
    double durationSeconds = 5;
    QString resolution = QStringLiteral("720p");
    QString aspectRatio = QStringLiteral("16:9");
    QByteArray firstFrame; // optional image bytes
    QString firstFrameMediaType = QStringLiteral("image/png");
    QJsonObject extraParams; // merged into "params" (model-specific knobs)
    QString callbackUrl; // empty = null

    QJsonObject paramsJson() const;
    QJsonObject toJson() const;
    // Canonical form ("params" object) or the flat form (params at top level).
    static std::optional<TaskSubmit> fromJson(const QJsonObject &o, QString *error = nullptr);
};

struct TaskOutput
{
    QString type = QStringLiteral("video");
    QUrl url;
    QString contentType;
    double durationSeconds = 0;
    QString resolution;
    int width = 0;
    int height = 0;
};

// The query shape (also the submit and cancel answers, and each task stream event).
struct TaskInfo
{
    QString taskId;
    QString outTaskId;
    QString model;
    TaskStatus status = TaskStatus::Unknown;
    QString rawStatus; // as on the wire
    std::optional<double> progress; // 0..1, sandbox extension
    std::optional<Credits> estimatedCredits;
    std::optional<double> estimatedSeconds;
    QDateTime submittedAt;
    QDateTime updatedAt;
    std::optional<Credits> creditsUsed; // terminal only; also accepts `credits`
    QList<TaskOutput> outputs; // also accepts result.video_url and result_url
    QString errorCode;
    QString errorMessage;

    static std::optional<TaskInfo> fromJson(const QJsonObject &o, QString *error = nullptr);
    QJsonObject toJson() const;
};

} // namespace bsp
