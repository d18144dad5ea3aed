// task submit|query|cancel|wait|download: video tasks.

#include "cli/commands.h"

#include <QElapsedTimer>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace bsp::cli {

namespace {

// "running 42%", "running 12 s of ~60 s", "completed, $0.50", "failed: code: message"
QString statusText(const TaskInfo &t, qint64 elapsedS = -1)
{
    QString s = taskStatusName(t.status);
    if (t.status == TaskStatus::Running) {
        if (t.progress)
            s += u' ' + QString::number(qRound(*t.progress * 100)) + u'%';
        else if (elapsedS >= 0 && t.estimatedSeconds)
            s += CliContext::tr(" %1 s of ~%2 s").arg(elapsedS).arg(qRound(*t.estimatedSeconds));
    }
    if (t.creditsUsed)
        s += u", "_s + formatUsd(*t.creditsUsed);
    if (t.status == TaskStatus::Failed && (!t.errorCode.isEmpty() || !t.errorMessage.isEmpty()))
        s += u": "_s + t.errorCode
            + (t.errorMessage.isEmpty() ? QString() : u": "_s + t.errorMessage);
    return s;
}

QString oneArg(CliContext *ctx, const QString &what, int *code)
{
    const QStringList words = ctx->positional();
    if (words.size() != 1 || words.constFirst().isEmpty()) {
        *code = ctx->usageError(CliContext::tr("expected one %1").arg(what));
        return {};
    }
    *code = ExitOk;
    return words.constFirst();
}

void printTask(CliContext *ctx, const TaskInfo &t)
{
    if (ctx->json()) {
        ctx->outJson(QJsonDocument(t.toJson()));
        return;
    }
    ctx->outLine(t.taskId + u' ' + t.model + u' ' + statusText(t));
    for (const TaskOutput &o : t.outputs)
        ctx->outLine(u"  "_s + o.url.toString() + u' ' + o.contentType + u' '
            + QString::number(o.width) + u'x' + QString::number(o.height) + u' '
            + QString::number(o.durationSeconds) + u" s"_s);
}

// Fetches the first output of a completed task into `path`.
QCoro::Task<int> downloadOutput(CliContext *ctx, TaskInfo task, QString path)
{
    if (task.status != TaskStatus::Completed || task.outputs.isEmpty()) {
        ctx->err(CliContext::tr("error: task %1 is %2: nothing to download")
                     .arg(task.taskId, taskStatusName(task.status)));
        co_return ExitApi;
    }
    // Streamed to a temporary file next to `path`, renamed when complete: a clip never
    // sits in memory, and a failed or cancelled download leaves nothing behind.
    const Result<qint64> d = co_await ctx->client().downloadToFile(
        task.outputs.constFirst().url, path, {}, ctx->callOptions());
    if (!d)
        co_return ctx->fail(d.error());
    ctx->err(CliContext::tr("saved %1 (%2 bytes)").arg(path).arg(*d));
    co_return ExitOk;
}

// ---- submit, query, cancel ------------------------------------------------------

void setupSubmit(QCommandLineParser &p)
{
    p.addOptions({
        {u"model"_s, CliContext::tr("Video model (default sora-2)."), u"M"_s, u"sora-2"_s},
        {u"duration"_s, CliContext::tr("Clip length in seconds (default 5)."), u"S"_s},
        {u"resolution"_s, CliContext::tr("Resolution, e.g. 720p (default 720p)."), u"R"_s},
        {u"aspect"_s, CliContext::tr("Aspect ratio, e.g. 16:9 (default 16:9)."), u"A"_s},
        {u"out-task-id"_s,
            CliContext::tr("Your id for the task (default: a fresh UUID); "
                           "submitting it again returns the same task."),
            u"ID"_s},
    });
    p.addPositionalArgument(u"prompt"_s, CliContext::tr("What the clip shows."), u"PROMPT"_s);
}

QCoro::Task<int> runSubmit(CliContext *ctx)
{
    const QCommandLineParser &args = ctx->args();
    TaskSubmit request;
    request.prompt = ctx->positional().join(u' ').trimmed();
    if (request.prompt.isEmpty())
        co_return ctx->usageError(CliContext::tr("task submit needs a PROMPT"));
    request.model = args.value(u"model"_s);
    if (!ctx->doubleOption(u"duration"_s, 0.1, 600, &request.durationSeconds))
        co_return ExitUsage;
    if (args.isSet(u"resolution"_s))
        request.resolution = args.value(u"resolution"_s);
    if (args.isSet(u"aspect"_s))
        request.aspectRatio = args.value(u"aspect"_s);
    request.outTaskId = args.value(u"out-task-id"_s);

    const Result<TaskInfo> r = co_await ctx->client().submitTask(request, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    if (ctx->json()) {
        ctx->outJson(QJsonDocument(r->toJson()));
        co_return ExitOk;
    }
    // The id alone on stdout, so `id=$(bytespike-cli task submit …)` works.
    ctx->outLine(r->taskId);
    QString detail = r->model + u' ' + statusText(*r);
    if (r->estimatedCredits)
        detail += CliContext::tr(", estimated %1").arg(formatUsd(*r->estimatedCredits));
    if (r->estimatedSeconds)
        detail += CliContext::tr(", ~%1 s").arg(qRound(*r->estimatedSeconds));
    detail += CliContext::tr(" (out_task_id %1)").arg(r->outTaskId);
    ctx->err(detail);
    co_return ExitOk;
}

QCoro::Task<int> runQuery(CliContext *ctx)
{
    int code = 0;
    const QString id = oneArg(ctx, CliContext::tr("task ID"), &code);
    if (code)
        co_return code;
    const Result<TaskInfo> r = co_await ctx->client().queryTask(id, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    printTask(ctx, *r);
    co_return ExitOk;
}

QCoro::Task<int> runCancel(CliContext *ctx)
{
    int code = 0;
    const QString id = oneArg(ctx, CliContext::tr("task ID"), &code);
    if (code)
        co_return code;
    const Result<TaskInfo> r = co_await ctx->client().cancelTask(id, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    printTask(ctx, *r);
    co_return ExitOk;
}

// ---- wait, download -------------------------------------------------------------

void setupWait(QCommandLineParser &p)
{
    p.addOptions({
        {u"download"_s, CliContext::tr("Save the clip to FILE when the task completes."),
            u"FILE"_s},
        {u"poll"_s, CliContext::tr("Poll instead of following the task stream.")},
    });
    p.addPositionalArgument(u"id"_s, CliContext::tr("The task id."), u"ID"_s);
}

// The docs' cadence: every 2 s (1 s for fast renders) for the first two minutes, then 5 s.
std::chrono::milliseconds pollInterval(const TaskInfo &t, qint64 elapsedMs)
{
    if (elapsedMs >= 120'000)
        return 5s;
    const bool fast = t.estimatedSeconds && *t.estimatedSeconds <= 30;
    return fast ? 1s : 2s;
}

// Errors of the stream route that mean "this gateway has no task stream": poll instead.
bool streamUnsupported(const ApiError &e)
{
    if (e.kind == ApiError::Kind::NotFound)
        return e.code != "task_not_found"_L1;
    return e.kind == ApiError::Kind::Malformed || e.kind == ApiError::Kind::StreamDropped
        || e.httpStatus == 405 || e.httpStatus == 501;
}

QCoro::Task<int> runWait(CliContext *ctx)
{
    int code = 0;
    const QString id = oneArg(ctx, CliContext::tr("task ID"), &code);
    if (code)
        co_return code;

    QElapsedTimer clock;
    clock.start();
    QString lastLine;
    const auto report = [ctx, id, &lastLine, &clock](const TaskInfo &t) {
        const QString line = statusText(t, clock.elapsed() / 1000);
        if (line != lastLine)
            ctx->err(id + u": "_s + line);
        lastLine = line;
    };
    const auto cancelled = [ctx] {
        ctx->err(CliContext::tr("cancelled; the task goes on (stop it with 'task cancel')"));
        return ExitCancelled;
    };

    std::optional<TaskInfo> final;
    if (!ctx->args().isSet(u"poll"_s)) {
        const Result<TaskInfo> r
            = co_await ctx->client().streamTask(id, report, ctx->callOptions());
        if (r) {
            final = *r;
        } else if (r.error().kind == ApiError::Kind::Cancelled) {
            co_return cancelled();
        } else if (!streamUnsupported(r.error())) {
            co_return ctx->fail(r.error());
        } else {
            ctx->err(
                CliContext::tr("note: no task stream (%1); polling").arg(r.error().displayText()));
        }
    }
    while (!final) {
        const Result<TaskInfo> r = co_await ctx->client().queryTask(id, ctx->callOptions());
        if (!r)
            co_return r.error().kind == ApiError::Kind::Cancelled ? cancelled()
                                                                  : ctx->fail(r.error());
        report(*r);
        if (isTerminal(r->status)) {
            final = *r;
            break;
        }
        if (!co_await sleepUnlessCancelled(pollInterval(*r, clock.elapsed()), ctx->cancelToken()))
            co_return cancelled();
    }

    if (ctx->json())
        ctx->outJson(QJsonDocument(final->toJson()));
    if (final->status == TaskStatus::Failed) {
        QStringList why {final->errorCode, final->errorMessage};
        why.removeAll(QString());
        ctx->err(CliContext::tr("error: task %1 failed: %2").arg(id, why.join(u": "_s)));
        co_return ExitApi;
    }
    if (final->status == TaskStatus::Cancelled) {
        ctx->err(CliContext::tr("error: task %1 was cancelled").arg(id));
        co_return ExitApi;
    }
    if (ctx->args().isSet(u"download"_s)) {
        const QString path = ctx->args().value(u"download"_s);
        const int rc = co_await downloadOutput(ctx, *final, path);
        if (rc != ExitOk)
            co_return rc;
        if (!ctx->json())
            ctx->outLine(path);
    } else if (!ctx->json()) {
        for (const TaskOutput &o : final->outputs)
            ctx->outLine(o.url.toString());
    }
    co_return ExitOk;
}

void setupDownload(QCommandLineParser &p)
{
    p.addPositionalArgument(u"id"_s, CliContext::tr("The task id."), u"ID"_s);
    p.addPositionalArgument(u"file"_s, CliContext::tr("Where to save the clip."), u"FILE"_s);
}

QCoro::Task<int> runDownload(CliContext *ctx)
{
    const QStringList words = ctx->positional();
    if (words.size() != 2)
        co_return ctx->usageError(CliContext::tr("task download needs ID and FILE"));
    const Result<TaskInfo> r = co_await ctx->client().queryTask(words.at(0), ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    const int rc = co_await downloadOutput(ctx, *r, words.at(1));
    if (rc == ExitOk && !ctx->json())
        ctx->outLine(words.at(1));
    co_return rc;
}

void setupId(QCommandLineParser &p)
{
    p.addPositionalArgument(u"id"_s, CliContext::tr("The task id."), u"ID"_s);
}

} // namespace

QList<Command> taskCommands()
{
    return {
        {u"task submit"_s, CliContext::tr("Submit a video task; prints its id."), setupSubmit,
            runSubmit},
        {u"task query"_s, CliContext::tr("Show a task's state."), setupId, runQuery},
        {u"task cancel"_s, CliContext::tr("Cancel a task (idempotent)."), setupId, runCancel},
        {u"task wait"_s, CliContext::tr("Follow a task until it ends; optionally save the clip."),
            setupWait, runWait},
        {u"task download"_s, CliContext::tr("Save a completed task's clip to FILE."), setupDownload,
            runDownload},
    };
}

} // namespace bsp::cli
