// The routes of GatewayClient that answer one JSON document (streams are in
// gatewayclient_streams.cpp).

#include "core/gatewayclient.h"

#include "core/gatewayclient_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QSaveFile>
#include <QUuid>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

using detail::RawResponse;
using detail::RequestSpec;

// Bodies above this size are parsed on the thread pool (embeddings, base64 images).
constexpr qsizetype kOffThreadBytes = 256 * 1024;

RequestSpec jsonPost(const QString &path, const QJsonObject &body)
{
    RequestSpec s;
    s.verb = "POST";
    s.path = path;
    s.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return s;
}

// Parses `raw` with `parse(const QJsonObject &, QString *error) -> std::optional<T>`,
// on the thread pool when the body is large. `lifetime` is the client's: a client
// destroyed while the pool parses still ends the call inside its destructor, as it does
// calls waiting on a reply (see ~GatewayClient), with the answer the gateway billed.
template<typename T, typename Parse>
QCoro::Task<Result<T>> parseAnswer(CancelToken lifetime, RawResponse raw, Parse parse)
{
    if (raw.error)
        co_return *raw.error;
    using Parsed = std::pair<std::optional<T>, QString>;
    const auto work = [parse](const QByteArray &body) -> Parsed {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return {std::nullopt,
                pe.error != QJsonParseError::NoError ? pe.errorString() : u"not a JSON object"_s};
        QString why;
        std::optional<T> v = parse(doc.object(), &why);
        return {std::move(v), why};
    };
    Parsed parsed;
    if (raw.body.size() > kOffThreadBytes) {
        QFutureWatcher<Parsed> watcher;
        detail::Wakeup wake;
        wake.on(&watcher, &QFutureWatcherBase::finished);
        wake.on(lifetime.state(), &detail::CancelState::cancelRequested);
        watcher.setFuture(QtConcurrent::run(work, raw.body));
        co_await wake;
        // Waits only when the client is going: a parse not yet started runs here.
        parsed = watcher.future().result();
    } else {
        parsed = work(raw.body);
    }
    if (!parsed.first)
        co_return detail::malformedFrom(raw, parsed.second);
    co_return std::move(*parsed.first);
}

} // namespace

namespace detail {

// Task answers update the ledger entry of their task: one callId per out_task_id.
void describeTask(CallRecord &rec, const TaskInfo &t)
{
    if (!t.outTaskId.isEmpty())
        rec.callId = u"task:"_s + t.outTaskId;
    rec.taskId = t.taskId;
    if (rec.model.isEmpty())
        rec.model = t.model;
    switch (t.status) {
    case TaskStatus::Completed:
        rec.outcome = CallRecord::Outcome::Succeeded;
        break;
    case TaskStatus::Failed: {
        rec.outcome = CallRecord::Outcome::Failed;
        ApiError e;
        e.code = t.errorCode;
        e.message = t.errorMessage;
        e.requestId = rec.requestId;
        e.kind = t.errorCode == "content_policy_violation"_L1 ? ApiError::Kind::ContentPolicy
                                                              : ApiError::Kind::Unknown;
        rec.error = e;
        break;
    }
    case TaskStatus::Cancelled:
        rec.outcome = CallRecord::Outcome::Cancelled;
        break;
    default:
        rec.outcome = CallRecord::Outcome::Reserved;
        break;
    }
    rec.statedCredits = t.creditsUsed;
    rec.reservedCredits = t.estimatedCredits;
    if (!t.outputs.isEmpty()) {
        rec.seconds = t.outputs.first().durationSeconds;
        rec.resolution = t.outputs.first().resolution;
    }
}

} // namespace detail

QCoro::Task<Result<QList<ModelInfo>>> GatewayClient::models(ModelFilter filter, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/models"_s, {}, opt);
    RequestSpec spec;
    spec.path = u"/v1/models"_s;
    if (!filter.capability.isEmpty())
        spec.query.addQueryItem(u"capability"_s, filter.capability);
    if (!filter.family.isEmpty())
        spec.query.addQueryItem(u"family"_s, filter.family);
    RawResponse raw = co_await send(spec, opt, &rec);
    Result<QList<ModelInfo>> r = co_await parseAnswer<QList<ModelInfo>>(m_lifetime, std::move(raw),
        [](const QJsonObject &o, QString *why) -> std::optional<QList<ModelInfo>> {
            if (!o.value("data"_L1).isArray()) {
                *why = u"models: no data array"_s;
                return std::nullopt;
            }
            QList<ModelInfo> out;
            const QJsonArray arr = o.value("data"_L1).toArray();
            for (const QJsonValue &v : arr) {
                if (auto m = ModelInfo::fromJson(v.toObject()))
                    out.append(std::move(*m));
            }
            return out;
        });
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<QByteArray>> GatewayClient::pricing(CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/pricing"_s, {}, opt);
    RequestSpec spec;
    spec.path = u"/v1/pricing"_s;
    RawResponse raw = co_await send(spec, opt, &rec);
    if (raw.error) {
        finishCall(rec, raw.error);
        co_return *raw.error;
    }
    finishCall(rec);
    co_return raw.body;
}

QCoro::Task<Result<Balance>> GatewayClient::balance(CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/balance"_s, {}, opt);
    RequestSpec spec;
    spec.path = u"/v1/balance"_s;
    Result<Balance> r = co_await parseAnswer<Balance>(
        m_lifetime, co_await send(spec, opt, &rec), [](const QJsonObject &o, QString *why) {
            auto b = Balance::fromJson(o);
            if (!b)
                *why = u"balance: no remaining_credits"_s;
            return b;
        });
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<UsagePage>> GatewayClient::usage(int limit, QString after, CallOptions opt)
{
    CallRecord rec = beginCall(u"/api/v1/usage"_s, {}, opt);
    RequestSpec spec;
    spec.path = u"/api/v1/usage"_s;
    spec.query.addQueryItem(u"limit"_s, QString::number(limit));
    if (!after.isEmpty())
        spec.query.addQueryItem(u"after"_s, after);
    Result<UsagePage> r = co_await parseAnswer<UsagePage>(
        m_lifetime, co_await send(spec, opt, &rec), &UsagePage::fromJson);
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<Message>> GatewayClient::createMessage(MessageRequest request, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/messages"_s, request.model, opt);
    RequestSpec spec = jsonPost(u"/v1/messages"_s, request.toJson(false));
    spec.anthropic = true;
    spec.billedOnBody = true;
    Result<Message> r = co_await parseAnswer<Message>(
        m_lifetime, co_await send(spec, opt, &rec), [](const QJsonObject &o, QString *why) {
            auto m = Message::fromJson(o);
            if (!m)
                *why = u"message: no content array"_s;
            return m;
        });
    if (r.ok()) {
        rec.inputTokens = r->usage.inputTokens;
        rec.outputTokens = r->usage.outputTokens;
        rec.images = int(r->images().size());
        if (const auto tool = request.imageTool()) {
            rec.imageModel = tool->first;
            rec.size = tool->second;
        }
        rec.model = r->model.isEmpty() ? rec.model : r->model;
    } else {
        // What the failed call would have cost: the ledger shows it as saved.
        rec.inputTokens = request.estimatedInputTokens();
    }
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<ImageResult>> GatewayClient::generateImages(
    ImageRequest request, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/images/generations"_s, request.model, opt);
    rec.size = request.size;
    RequestSpec spec = jsonPost(u"/v1/images/generations"_s, request.toJson());
    spec.billedOnBody = true;
    spec.maxBodyBytes = m_limits.mediaBodyBytes; // b64_json images
    Result<ImageResult> r = co_await parseAnswer<ImageResult>(
        m_lifetime, co_await send(spec, opt, &rec), &ImageResult::fromJson);
    if (r.ok())
        rec.images = int(r->images.size());
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<ImageResult>> GatewayClient::editImage(ImageEditRequest request, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/images/edits"_s, request.model, opt);
    rec.size = request.size;
    // Built by hand (not QHttpMultiPart) so a retry can send the same bytes again.
    const QByteArray boundary = "bsp-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QByteArray body;
    const auto field = [&](const char *name, const QByteArray &value) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
            + "\"\r\n\r\n" + value + "\r\n";
    };
    const auto file = [&](const char *name, const QString &fileName, const QString &mediaType,
                          const QByteArray &bytes) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
            + "\"; filename=\"" + fileName.toUtf8() + "\"\r\nContent-Type: " + mediaType.toUtf8()
            + "\r\n\r\n" + bytes + "\r\n";
    };
    field("model", request.model.toUtf8());
    field("prompt", request.prompt.toUtf8());
    field("n", QByteArray::number(request.n));
    if (!request.size.isEmpty())
        field("size", request.size.toUtf8());
    file("image", request.imageFileName, request.imageMediaType, request.image);
    if (!request.mask.isEmpty())
        file("mask", u"mask.png"_s, u"image/png"_s, request.mask);
    body += "--" + boundary + "--\r\n";

    RequestSpec spec;
    spec.verb = "POST";
    spec.path = u"/v1/images/edits"_s;
    spec.body = body;
    spec.contentType = "multipart/form-data; boundary=" + boundary;
    spec.billedOnBody = true;
    spec.maxBodyBytes = m_limits.mediaBodyBytes;
    Result<ImageResult> r = co_await parseAnswer<ImageResult>(
        m_lifetime, co_await send(spec, opt, &rec), &ImageResult::fromJson);
    if (r.ok())
        rec.images = int(r->images.size());
    co_return finished(rec, std::move(r));
}

RequestSpec GatewayClient::downloadSpec(const QUrl &url) const
{
    RequestSpec spec;
    spec.absoluteUrl = url.isRelative() ? urlFor(url.path()).resolved(url) : url;
    if (url.isRelative() && url.hasQuery())
        spec.query = QUrlQuery(url);
    // Pre-signed outputs of the gateway are fetched with the key; a URL anywhere else
    // (a CDN, another port of the same host) is fetched without it.
    spec.sendKey = isGatewayOrigin(spec.absoluteUrl);
    spec.maxBodyBytes = m_limits.mediaBodyBytes;
    return spec;
}

QCoro::Task<Result<QByteArray>> GatewayClient::downloadUrl(QUrl url, CallOptions opt)
{
    CallRecord rec = beginCall(u"download"_s, {}, opt);
    RawResponse raw = co_await send(downloadSpec(url), opt, &rec);
    if (raw.error) {
        finishCall(rec, raw.error);
        co_return *raw.error;
    }
    finishCall(rec);
    co_return std::move(raw.body);
}

QCoro::Task<Result<qint64>> GatewayClient::downloadToFile(
    QUrl url, QString filePath, DownloadProgressHandler onProgress, CallOptions opt)
{
    CallRecord rec = beginCall(u"download"_s, {}, opt);
    RequestSpec spec = downloadSpec(url);
    spec.maxBodyBytes = m_limits.downloadBytes;
    const auto fileError = [&](const QString &why) {
        return ApiError::of(ApiError::Kind::File,
            QCoreApplication::translate("bsp::GatewayClient", "%1: %2")
                .arg(QDir::toNativeSeparators(filePath), why));
    };
    // QSaveFile writes a temporary file next to the target and renames it on commit();
    // destroyed without a commit (failure, cancel, limit) it removes the temporary file.
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        std::optional<ApiError> e = fileError(file.errorString());
        finishCall(rec, e);
        co_return *e;
    }
    qint64 received = 0;
    qint64 total = -1;
    spec.onBodyStart = [&](qint64 declared) {
        // A retry starts the file again.
        file.seek(0);
        file.resize(0);
        received = 0;
        total = declared;
        if (onProgress)
            onProgress(0, total);
    };
    spec.onBodyChunk = [&](QByteArrayView chunk) -> std::optional<ApiError> {
        if (file.write(chunk.data(), chunk.size()) != chunk.size())
            return fileError(file.errorString());
        received += chunk.size();
        if (onProgress)
            onProgress(received, total);
        return std::nullopt;
    };
    RawResponse raw = co_await send(std::move(spec), opt, &rec);
    std::optional<ApiError> error = raw.error;
    if (!error && total >= 0 && received != total)
        error = ApiError::of(ApiError::Kind::StreamDropped,
            QCoreApplication::translate(
                "bsp::GatewayClient", "the download ended after %1 of %2 bytes")
                .arg(received)
                .arg(total),
            raw.status, raw.requestId);
    if (!error && !file.commit())
        error = fileError(file.errorString());
    if (error) {
        file.cancelWriting();
        finishCall(rec, error);
        co_return *error;
    }
    finishCall(rec);
    co_return received;
}

QCoro::Task<Result<EmbeddingResult>> GatewayClient::embed(EmbeddingRequest request, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/embeddings"_s, request.model, opt);
    RequestSpec spec = jsonPost(u"/v1/embeddings"_s, request.toJson());
    spec.billedOnBody = true;
    Result<EmbeddingResult> r = co_await parseAnswer<EmbeddingResult>(
        m_lifetime, co_await send(spec, opt, &rec), &EmbeddingResult::fromJson);
    if (r.ok()) {
        rec.inputTokens = r->promptTokens > 0 ? r->promptTokens : r->totalTokens;
        if (r->count != request.input.size())
            r = detail::malformedFrom(
                RawResponse {.status = rec.httpStatus, .requestId = rec.requestId},
                u"embeddings: %1 vectors for %2 inputs"_s.arg(r->count).arg(request.input.size()));
    }
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<RerankResult>> GatewayClient::rerank(RerankRequest request, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/rerank"_s, request.model, opt);
    rec.documents = int(request.documents.size());
    RequestSpec spec = jsonPost(u"/v1/rerank"_s, request.toJson());
    spec.billedOnBody = true;
    Result<RerankResult> r = co_await parseAnswer<RerankResult>(
        m_lifetime, co_await send(spec, opt, &rec), &RerankResult::fromJson);
    if (r.ok())
        rec.inputTokens = r->totalTokens;
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<TaskInfo>> GatewayClient::submitTask(TaskSubmit request, CallOptions opt)
{
    if (request.outTaskId.isEmpty())
        request.outTaskId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    CallRecord rec = beginCall(u"/v1/tasks/submit"_s, request.model, opt);
    rec.callId = u"task:"_s + request.outTaskId;
    rec.seconds = request.durationSeconds;
    rec.resolution = request.resolution;
    // Safe to retry: the out_task_id makes a repeated submit return the same task.
    RequestSpec spec = jsonPost(u"/v1/tasks/submit"_s, request.toJson());
    Result<TaskInfo> r = co_await parseAnswer<TaskInfo>(
        m_lifetime, co_await send(spec, opt, &rec), &TaskInfo::fromJson);
    if (r.ok()) {
        if (r->outTaskId.isEmpty())
            r->outTaskId = request.outTaskId;
        detail::describeTask(rec, *r);
        rec.seconds = request.durationSeconds;
        rec.resolution = request.resolution;
    }
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<TaskInfo>> GatewayClient::queryTask(QString taskId, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/tasks/query"_s, {}, opt);
    rec.taskId = taskId;
    // Named first: g++ 12 cannot take a braced temporary across co_await.
    QJsonObject body;
    body.insert("task_id"_L1, taskId);
    Result<TaskInfo> r = co_await queryTaskWith(body, std::move(rec), opt);
    co_return r;
}

QCoro::Task<Result<TaskInfo>> GatewayClient::queryTaskByOutId(QString outTaskId, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/tasks/query"_s, {}, opt);
    rec.callId = u"task:"_s + outTaskId;
    QJsonObject body;
    body.insert("out_task_id"_L1, outTaskId);
    Result<TaskInfo> r = co_await queryTaskWith(body, std::move(rec), opt);
    co_return r;
}

QCoro::Task<Result<TaskInfo>> GatewayClient::queryTaskWith(
    QJsonObject body, CallRecord rec, CallOptions opt)
{
    RequestSpec spec = jsonPost(u"/v1/tasks/query"_s, body);
    Result<TaskInfo> r = co_await parseAnswer<TaskInfo>(
        m_lifetime, co_await send(spec, opt, &rec), &TaskInfo::fromJson);
    if (r.ok())
        detail::describeTask(rec, *r);
    else
        rec.statusOnly = true; // a failed poll: the scheduler retries; no row of its own
    co_return finished(rec, std::move(r));
}

QCoro::Task<Result<TaskInfo>> GatewayClient::cancelTask(QString taskId, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/tasks/cancel"_s, {}, opt);
    rec.taskId = taskId;
    RequestSpec spec;
    spec.verb = "POST";
    spec.path = u"/v1/tasks/cancel/"_s + QString::fromLatin1(QUrl::toPercentEncoding(taskId));
    spec.body = QByteArray("{}");
    Result<TaskInfo> r = co_await parseAnswer<TaskInfo>(
        m_lifetime, co_await send(spec, opt, &rec), &TaskInfo::fromJson);
    if (r.ok())
        detail::describeTask(rec, *r);
    co_return finished(rec, std::move(r));
}

} // namespace bsp
