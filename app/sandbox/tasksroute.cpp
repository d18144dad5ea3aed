// /v1/tasks/*: submit, query, cancel and stream video tasks (OpenAI envelope).

#include "sandbox/context.h"
#include "sandbox/engines.h"
#include "sandbox/routes.h"
#include "sandbox/taskrunner.h"
#include "sandbox/validation.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

using Method = QHttpServerRequest::Method;
using RunnerPtr = std::shared_ptr<TaskRunner>;

constexpr double kMaxDurationSeconds = 60;

CallOptions taskOptions(bool billable)
{
    CallOptions o;
    o.billable = billable;
    o.parseJson = billable;
    o.bodyLimit = kTaskBodyLimit;
    return o;
}

// The params as the task keeps them: defaults filled in, so a retry that spells a default
// out still counts as "the same params".
std::optional<QJsonObject> readParams(
    const QJsonObject &body, const Rate &rate, QString *error, QString *param)
{
    QJsonObject in = body.value(u"params"_s).toObject();
    if (!body.contains(u"params"_s)) // the flat form
        in = body;
    QJsonObject p;
    const QString prompt = in.value(u"prompt"_s).toString();
    const QJsonObject firstFrame = in.value(u"first_frame"_s).toObject();
    if (prompt.trimmed().isEmpty() && firstFrame.isEmpty()) {
        *param = u"params.prompt"_s;
        *error = u"params.prompt: a prompt or a first_frame is required"_s;
        return std::nullopt;
    }
    p.insert(u"prompt"_s, prompt);
    const QJsonValue duration = in.value(u"duration_seconds"_s);
    const double seconds
        = duration.isUndefined() || duration.isNull() ? 5.0 : duration.toDouble(-1);
    if (!(seconds > 0) || seconds > kMaxDurationSeconds) {
        *param = u"params.duration_seconds"_s;
        *error = u"params.duration_seconds: must be a number in (0, %1]"_s.arg(kMaxDurationSeconds);
        return std::nullopt;
    }
    p.insert(u"duration_seconds"_s, seconds);
    // One of the model's own resolutions, never a guess ("8k" is not priced as 720p).
    const QJsonValue resolution = in.value(u"resolution"_s);
    const QString fallback = rate.byResolution.contains(u"720p"_s)
        ? u"720p"_s
        : (rate.byResolution.isEmpty() ? u"720p"_s : rate.byResolution.firstKey());
    const QString res = resolution.isUndefined() || resolution.isNull()
        ? fallback
        : resolution.toString().trimmed().toLower();
    if (!rate.byResolution.contains(res)) {
        *param = u"params.resolution"_s;
        *error = u"params.resolution: must be one of %1 for %2"_s.arg(
            rate.byResolution.keys().join(u", "_s), rate.model);
        return std::nullopt;
    }
    p.insert(u"resolution"_s, res);
    const QString aspect = in.value(u"aspect_ratio"_s).toString(u"16:9"_s);
    static const QRegularExpression ratio(u"^[1-9][0-9]?:[1-9][0-9]?$"_s);
    if (!ratio.match(aspect).hasMatch()) {
        *param = u"params.aspect_ratio"_s;
        *error = u"params.aspect_ratio: must look like \"16:9\""_s;
        return std::nullopt;
    }
    p.insert(u"aspect_ratio"_s, aspect);
    if (!firstFrame.isEmpty()) {
        const auto decoded
            = QByteArray::fromBase64Encoding(firstFrame.value(u"data"_s).toString().toLatin1(),
                QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            *param = u"params.first_frame"_s;
            *error = u"params.first_frame: data is not valid base64"_s;
            return std::nullopt;
        }
        // The body is at most 1 MB, so the check is quick enough for the server's thread.
        if (!inspectImage(decoded.decoded)) {
            *param = u"params.first_frame"_s;
            *error = u"invalid_image"_s;
            return std::nullopt;
        }
        p.insert(u"first_frame"_s, firstFrame);
    }
    return p;
}

void submit(const RunnerPtr &runner, const CallPtr &call)
{
    SandboxContext &ctx = runner->context();
    const QJsonObject &body = call->json();
    const ModelInfo *info
        = resolveModel(ctx, *call, body.value(u"model"_s).toString(), Modality::Video);
    if (!info)
        return;
    const Rate *rate = ctx.rateCard().find(info->id);
    if (!rate) {
        call->fail(
            400, u"invalid_param"_s, u"model: no rate for \"%1\""_s.arg(info->id), u"model"_s);
        return;
    }
    FieldError idError;
    const auto outId = readId(body, u"out_task_id"_s, &idError);
    if (!outId) {
        failField(*call, idError);
        return;
    }
    QString error;
    QString param;
    const auto params = readParams(body, *rate, &error, &param);
    if (!params) {
        if (error == u"invalid_image"_s)
            call->fail(400, u"invalid_image"_s,
                u"params.first_frame: data does not decode as an image"_s, param);
        else
            call->fail(400, u"invalid_param"_s, error, param);
        return;
    }
    const QString resolution = params->value(u"resolution"_s).toString();
    const double seconds = params->value(u"duration_seconds"_s).toDouble();
    const auto estimate = ctx.rateCard().videoCost(info->id, resolution, seconds);
    if (!estimate) {
        call->fail(400, u"invalid_param"_s,
            u"params.resolution: \"%1\" is not offered by %2"_s.arg(resolution, info->id),
            u"params.resolution"_s);
        return;
    }

    const QString outTaskId = *outId;
    if (!outTaskId.isEmpty()) {
        if (const TaskPtr existing = runner->store().findByOutTaskId(call->key(), outTaskId)) {
            if (existing->model != info->id || existing->params != *params) {
                call->fail(409, u"duplicate_out_task_id"_s,
                    u"out_task_id \"%1\" was submitted before with other params"_s.arg(outTaskId),
                    u"out_task_id"_s);
                return;
            }
            // A retry of the same submit: the task that exists, no new charge or row.
            call->setRecordUsage(false);
            call->reply(existing->toSubmitJson());
            return;
        }
    }
    if (call->failWithFault())
        return;

    auto task = std::make_shared<VideoTask>();
    task->id = TaskStore::newTaskId();
    task->outTaskId = outTaskId;
    task->ownerKey = call->key();
    task->model = info->id;
    task->requestId = call->requestId();
    task->params = *params;
    task->prompt = params->value(u"prompt"_s).toString();
    task->resolution = resolution;
    task->aspectRatio = params->value(u"aspect_ratio"_s).toString();
    task->durationSeconds = seconds;
    task->failPlanned = call->fault() == Fault::TaskFail;
    task->estimatedCredits = *estimate;
    task->estimatedSeconds = std::ceil(info->profile.renderFactor * seconds);
    task->submittedAt = QDateTime::currentDateTimeUtc();
    task->updatedAt = task->submittedAt;

    // A broken answer to the submit: nothing was created, free (the client retries
    // with the same out_task_id).
    if (call->fault() == Fault::Malformed || call->fault() == Fault::DropStream) {
        call->succeed(task->toSubmitJson(), 0);
        return;
    }
    if (!call->reserve(*estimate))
        return;
    const int delay = call->slowDelayMs();
    ctx.later(call, delay, [runner, call, task] {
        // The reservation now belongs to the task; its usage row is written when it ends.
        call->setRecordUsage(false);
        runner->launch(task);
        call->reply(task->toSubmitJson());
    });
}

// The task a body or query names: exactly one of task_id / out_task_id.
TaskPtr findNamed(
    const RunnerPtr &runner, const CallPtr &call, const QString &taskId, const QString &outTaskId)
{
    if (taskId.isEmpty() == outTaskId.isEmpty()) {
        call->fail(400, u"invalid_param"_s, u"give exactly one of task_id and out_task_id"_s,
            u"task_id"_s);
        return nullptr;
    }
    const TaskPtr task = taskId.isEmpty() ? runner->store().findByOutTaskId(call->key(), outTaskId)
                                          : runner->store().find(call->key(), taskId);
    if (!task)
        call->fail(404, u"task_not_found"_s,
            u"no task %1 for this key"_s.arg(taskId.isEmpty() ? outTaskId : taskId));
    return task;
}

// Free routes parse their JSON body here (begin() parses only billable ones).
bool bodyObject(const CallPtr &call, QJsonObject *out)
{
    if (call->body().trimmed().isEmpty())
        return true;
    const QJsonDocument doc = QJsonDocument::fromJson(call->body());
    if (!doc.isObject()) {
        call->fail(400, u"invalid_param"_s, u"the body must be a JSON object"_s);
        return false;
    }
    *out = doc.object();
    return true;
}

} // namespace

void installTaskRoutes(QHttpServer &server, SandboxContext &ctx, const RunnerPtr &runner)
{

    server.route(u"/v1/tasks/submit"_s, Method::Post,
        [runner, &ctx](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            if (auto call = ctx.begin(req, std::move(resp), Envelope::OpenAI, u"/v1/tasks/submit"_s,
                    taskOptions(true)))
                submit(runner, call);
        });

    const auto query = [runner, &ctx](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
        auto call = ctx.begin(
            req, std::move(resp), Envelope::OpenAI, u"/v1/tasks/query"_s, taskOptions(false));
        if (!call)
            return;
        QJsonObject body;
        if (call->method() == Method::Post && !bodyObject(call, &body))
            return;
        const QString taskId
            = body.value(u"task_id"_s).toString(call->query().queryItemValue(u"task_id"_s));
        const QString outId
            = body.value(u"out_task_id"_s).toString(call->query().queryItemValue(u"out_task_id"_s));
        if (const TaskPtr task = findNamed(runner, call, taskId, outId))
            call->reply(task->toQueryJson());
    };
    server.route(u"/v1/tasks/query"_s, Method::Post, query);
    server.route(u"/v1/tasks/query"_s, Method::Get, query);

    const auto cancel = [runner, &ctx](const QString &pathId, const QHttpServerRequest &req,
                            QHttpServerResponder &&resp) {
        auto call = ctx.begin(
            req, std::move(resp), Envelope::OpenAI, u"/v1/tasks/cancel"_s, taskOptions(false));
        if (!call)
            return;
        QJsonObject body;
        if (pathId.isEmpty() && !bodyObject(call, &body))
            return;
        const QString taskId = pathId.isEmpty() ? body.value(u"task_id"_s).toString() : pathId;
        const QString outId
            = pathId.isEmpty() ? body.value(u"out_task_id"_s).toString() : QString();
        if (const TaskPtr task = findNamed(runner, call, taskId, outId)) {
            runner->cancel(task);
            call->reply(task->toQueryJson());
        }
    };
    server.route(u"/v1/tasks/cancel/<arg>"_s, Method::Post,
        [cancel](const QString &id, const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            cancel(id, req, std::move(resp));
        });
    server.route(u"/v1/tasks/cancel"_s, Method::Post,
        [cancel](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            cancel(QString(), req, std::move(resp));
        });

    server.route(u"/v1/tasks/stream/<arg>"_s, Method::Get,
        [runner, &ctx](
            const QString &id, const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            auto call = ctx.begin(
                req, std::move(resp), Envelope::OpenAI, u"/v1/tasks/stream"_s, taskOptions(false));
            if (!call)
                return;
            const TaskPtr task = runner->store().find(call->key(), id);
            if (!task) {
                call->fail(404, u"task_not_found"_s, u"no task %1 for this key"_s.arg(id));
                return;
            }
            call->beginStream("text/event-stream");
            runner->watch(task, call);
        });
}

} // namespace bsp::sandbox
