#include "core/videotaskstore.h"

#include "core/database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

qint64 msOf(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QDateTime timeOf(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

// A null QString binds as SQL NULL; the text columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? u""_s : s;
}

QJsonObject paramsOf(const VideoTask &t)
{
    return {{u"duration_seconds"_s, t.durationSeconds}, {u"resolution"_s, t.resolution},
        {u"aspect_ratio"_s, t.aspectRatio}, {u"first_frame_type"_s, t.firstFrameMediaType}};
}

void putOptional(QJsonObject &o, const QString &key, const auto &value)
{
    if (value)
        o.insert(key, double(*value));
}

QJsonObject detailOf(const VideoTask &t)
{
    QJsonObject o {{u"cancel"_s, int(t.cancel)}, {u"cancel_message"_s, t.cancelMessage},
        {u"submitted_ms"_s, double(msOf(t.submittedAt))},
        {u"finished_ms"_s, double(msOf(t.finishedAt))},
        {u"change_ms"_s, double(msOf(t.lastChangeAt))}, {u"error_code"_s, t.errorCode},
        {u"error_message"_s, t.errorMessage}, {u"output_url"_s, t.outputUrl.toString()},
        {u"width"_s, t.width}, {u"height"_s, t.height}, {u"output_seconds"_s, t.outputSeconds},
        {u"download"_s, int(t.download)}, {u"file"_s, t.filePath},
        {u"thumbnail"_s, t.thumbnailPath}, {u"download_error"_s, t.downloadError},
        {u"stuck"_s, t.stuck}, {u"profile"_s, t.profile}};
    putOptional(o, u"progress"_s, t.progress);
    putOptional(o, u"estimated_seconds"_s, t.estimatedSeconds);
    putOptional(o, u"estimated_credits"_s, t.estimatedCredits);
    putOptional(o, u"credits_used"_s, t.creditsUsed);
    return o;
}

template<typename T>
std::optional<T> optionalOf(const QJsonObject &o, const QString &key)
{
    if (!o.contains(key))
        return std::nullopt;
    return static_cast<T>(o.value(key).toDouble());
}

VideoTask taskOf(const QSqlQuery &q)
{
    VideoTask t;
    t.id = q.value(0).toLongLong();
    t.outTaskId = q.value(1).toString();
    t.taskId = q.value(2).toString();
    t.model = q.value(3).toString();
    t.prompt = q.value(4).toString();
    const QJsonObject p = QJsonDocument::fromJson(q.value(5).toByteArray()).object();
    t.durationSeconds = p.value(u"duration_seconds"_s).toDouble(5);
    t.resolution = p.value(u"resolution"_s).toString();
    t.aspectRatio = p.value(u"aspect_ratio"_s).toString();
    t.firstFrameMediaType = p.value(u"first_frame_type"_s).toString();
    t.firstFrame = q.value(6).toByteArray();
    t.group = q.value(7).toString();
    t.state = videoStateFromName(q.value(8).toString());
    const QJsonObject d = QJsonDocument::fromJson(q.value(9).toByteArray()).object();
    t.createdAt = timeOf(q.value(10).toLongLong());
    t.cancel = static_cast<VideoTask::CancelState>(d.value(u"cancel"_s).toInt());
    t.cancelMessage = d.value(u"cancel_message"_s).toString();
    t.submittedAt = timeOf(qint64(d.value(u"submitted_ms"_s).toDouble()));
    t.finishedAt = timeOf(qint64(d.value(u"finished_ms"_s).toDouble()));
    t.lastChangeAt = timeOf(qint64(d.value(u"change_ms"_s).toDouble()));
    t.errorCode = d.value(u"error_code"_s).toString();
    t.errorMessage = d.value(u"error_message"_s).toString();
    t.outputUrl = QUrl(d.value(u"output_url"_s).toString());
    t.width = d.value(u"width"_s).toInt();
    t.height = d.value(u"height"_s).toInt();
    t.outputSeconds = d.value(u"output_seconds"_s).toDouble();
    t.download = static_cast<VideoTask::DownloadState>(d.value(u"download"_s).toInt());
    t.filePath = d.value(u"file"_s).toString();
    t.thumbnailPath = d.value(u"thumbnail"_s).toString();
    t.downloadError = d.value(u"download_error"_s).toString();
    t.stuck = d.value(u"stuck"_s).toBool();
    t.profile = d.value(u"profile"_s).toString();
    t.progress = optionalOf<double>(d, u"progress"_s);
    t.estimatedSeconds = optionalOf<double>(d, u"estimated_seconds"_s);
    t.estimatedCredits = optionalOf<Credits>(d, u"estimated_credits"_s);
    t.creditsUsed = optionalOf<Credits>(d, u"credits_used"_s);
    return t;
}

constexpr auto kColumns = "SELECT id, out_task_id, task_id, model, prompt, params, first_frame, "
                          "grp, state, detail, created_ms FROM video_tasks ";

} // namespace

VideoTaskStore::VideoTaskStore(QString databasePath)
    : m_db(std::make_unique<Database>(std::move(databasePath)))
{ }

VideoTaskStore::~VideoTaskStore() = default;

bool VideoTaskStore::open()
{
    if (!m_db->open()) {
        m_error = m_db->lastError();
        return false;
    }
    return true;
}

bool VideoTaskStore::isOpen() const
{
    return m_db->isOpen();
}

QString VideoTaskStore::databasePath() const
{
    return m_db->path();
}

bool VideoTaskStore::insert(VideoTask &task)
{
    if (!isOpen())
        return false;
    QSqlQuery q(m_db->db());
    q.prepare(u"INSERT INTO video_tasks (out_task_id, task_id, model, prompt, params, "
              "first_frame, grp, state, detail, created_ms, updated_ms) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(text(task.outTaskId));
    q.addBindValue(text(task.taskId));
    q.addBindValue(text(task.model));
    q.addBindValue(text(task.prompt));
    q.addBindValue(QJsonDocument(paramsOf(task)).toJson(QJsonDocument::Compact));
    q.addBindValue(task.firstFrame.isEmpty() ? QVariant() : QVariant(task.firstFrame));
    q.addBindValue(text(task.group));
    q.addBindValue(videoStateName(task.state));
    q.addBindValue(QJsonDocument(detailOf(task)).toJson(QJsonDocument::Compact));
    q.addBindValue(msOf(task.createdAt));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    task.id = q.lastInsertId().toLongLong();
    return true;
}

bool VideoTaskStore::update(const VideoTask &task)
{
    if (!isOpen())
        return false;
    QSqlQuery q(m_db->db());
    q.prepare(u"UPDATE video_tasks SET task_id=?, state=?, detail=?, updated_ms=? WHERE id=?"_s);
    q.addBindValue(text(task.taskId));
    q.addBindValue(videoStateName(task.state));
    q.addBindValue(QJsonDocument(detailOf(task)).toJson(QJsonDocument::Compact));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(task.id);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return q.numRowsAffected() == 1;
}

bool VideoTaskStore::remove(qint64 id)
{
    if (!isOpen())
        return false;
    QSqlQuery q(m_db->db());
    q.prepare(u"DELETE FROM video_tasks WHERE id=?"_s);
    q.addBindValue(id);
    return q.exec();
}

std::optional<VideoTask> VideoTaskStore::find(qint64 id) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(m_db->db());
    q.prepare(QString::fromLatin1(kColumns) + u"WHERE id=?"_s);
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return taskOf(q);
}

std::optional<VideoTask> VideoTaskStore::findByOutTaskId(const QString &outTaskId) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(m_db->db());
    q.prepare(QString::fromLatin1(kColumns) + u"WHERE out_task_id=?"_s);
    q.addBindValue(outTaskId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return taskOf(q);
}

QList<VideoTask> VideoTaskStore::all() const
{
    QList<VideoTask> out;
    if (!isOpen())
        return out;
    QSqlQuery q(m_db->db());
    q.setForwardOnly(true);
    if (!q.exec(QString::fromLatin1(kColumns) + u"ORDER BY id"_s)) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(taskOf(q));
    return out;
}

} // namespace bsp
