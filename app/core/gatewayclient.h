#pragma once

#include "core/callrecord.h"
#include "core/canceltoken.h"
#include "core/result.h"
#include "core/retrypolicy.h"
#include "core/wiretypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <QCoroTask>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace bsp {

namespace detail {
struct RequestSpec;
struct RawResponse;
} // namespace detail

// Per-call options. Everything is optional.
struct CallOptions
{
    QString tab; // copied into CallRecord::tab ("chat", "image", "cli", ...)
    CancelToken cancel; // keep a copy and call cancel() to abort the call
    HeaderList headers; // extra request headers, e.g. {"x-sandbox-fault", "rate_limit"}
    // Inactivity timeout (no byte for this long); 0 = the client default (120 s).
    std::chrono::milliseconds timeout {0};
    // The whole call, every attempt and retry delay included; 0 = no overall limit.
    std::chrono::milliseconds deadline {0};
    bool retry = true; // false: a single attempt whatever the policy says
    // The estimate shown before sending (CostService::estimate), for the ledger.
    std::optional<Credits> estimate;
    // Largest answer body accepted, in bytes; 0 = the client's limit for the route
    // (GatewayClient::Limits). Past it the call ends with ApiError::Kind::ResponseTooLarge.
    qint64 maxBodyBytes = 0;
    // false: a streamed message's text goes to the event handler only and is not kept
    // (the final Message carries usage and stop reason): an endless stream stays small.
    bool keepStreamedContent = true;
};

// Receives the bytes of a download as they arrive; `total` is -1 when the gateway did
// not say.
using DownloadProgressHandler = std::function<void(qint64 received, qint64 total)>;

// A streamed message's end: the final Message, or the error plus the partial
// content that had arrived (which the caller keeps and shows).
struct StreamedMessage
{
    Message message; // complete on success; the partial snapshot on failure
    std::optional<ApiError> error; // StreamError, StreamDropped, Cancelled, HTTP errors...
    QString requestId;
    qint64 timeToFirstByteMs = -1;
    qint64 timeToFirstTokenMs = -1;

    bool ok() const { return !error.has_value(); }
};

// Called for each event of a stream as it arrives. `soFar` is the message snapshot
// with the event already applied (text appended, tool input parsed at block stop).
using MessageEventHandler
    = std::function<void(const MessageStreamEvent &event, const Message &soFar)>;
// Called for every `task` event of GET /v1/tasks/stream/{id}.
using TaskEventHandler = std::function<void(const TaskInfo &info)>;

// The one door to the gateway: builds every request (x-api-key on every route,
// anthropic-version on /v1/messages, JSON bodies), applies the retry policy, maps every
// failure to one ApiError, reads the quota headers of every response, and reports
// every finished call (success, failure, cancel) once through callFinished().
// Coroutine parameters are taken by value; the client must outlive its calls.
class GatewayClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayClient)

public:
    // `nam` may be shared; when null the client owns one.
    explicit GatewayClient(QNetworkAccessManager *nam = nullptr, QObject *parent = nullptr);
    ~GatewayClient() override;

    // Points the client at one profile's gateway; every call's CallRecord names it.
    void setEndpoint(const QString &profileId, const QUrl &baseUrl, const QString &key);
    // No endpoint, no key, no profile: every call ends at once with
    // ApiError::Kind::NotConnected and nothing is sent anywhere.
    void clearEndpoint();
    bool isConnected() const { return m_baseUrl.isValid() && !m_baseUrl.host().isEmpty(); }
    QString profileId() const { return m_profileId; }
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setApiKey(const QString &key); // never logged; displayText() never shows it
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    const RetryPolicy &retryPolicy() const { return m_retry; }
    void setDefaultTimeout(std::chrono::milliseconds t) { m_defaultTimeout = t; }

    // Bounds on what the client holds for one call.
    struct Limits
    {
        qint64 bodyBytes = 64LL << 20; // a JSON answer held in memory
        qint64 mediaBodyBytes = 512LL << 20; // image answers and downloadUrl(), in memory
        qint64 downloadBytes = 8LL << 30; // downloadToFile(), streamed to disk
        qint64 replyBytes = 64LL << 20; // a streamed message's text, JSON and images
        qint64 sseLineBytes = 48LL << 20; // one SSE line (an image block arrives whole)
    };
    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }
    Quota lastQuota() const { return m_quota; }
    // How many HTTP attempts the client has sent (retries included), for tests and stats.
    qint64 attemptCount() const { return m_attempts; }

    // Catalogue, money, usage
    QCoro::Task<Result<QList<ModelInfo>>> models(ModelFilter filter = {}, CallOptions opt = {});
    // GET /v1/pricing: the raw JSON (parse with RateCard::fromJson). 404 when not served.
    QCoro::Task<Result<QByteArray>> pricing(CallOptions opt = {});
    QCoro::Task<Result<Balance>> balance(CallOptions opt = {});
    // GET /api/v1/usage?limit=N[&after=<request-id>]
    QCoro::Task<Result<UsagePage>> usage(int limit = 50, QString after = {}, CallOptions opt = {});

    // Text
    QCoro::Task<Result<Message>> createMessage(MessageRequest request, CallOptions opt = {});
    // Streams; never retried once a byte of the 200 body arrived.
    QCoro::Task<StreamedMessage> streamMessage(
        MessageRequest request, MessageEventHandler onEvent, CallOptions opt = {});

    // Images
    QCoro::Task<Result<ImageResult>> generateImages(ImageRequest request, CallOptions opt = {});
    QCoro::Task<Result<ImageResult>> editImage(ImageEditRequest request, CallOptions opt = {});
    // GET of a pre-signed output URL (image or clip) into memory, bounded by
    // Limits::mediaBodyBytes. Relative URLs resolve against the base URL. The key goes
    // only to the base URL's exact origin (scheme, host, port), redirects included.
    QCoro::Task<Result<QByteArray>> downloadUrl(QUrl url, CallOptions opt = {});
    // Streams a GET of `url` into `filePath` (temp file in the same folder, renamed on
    // success, removed on failure/cancel); bounded by opt.maxBodyBytes or
    // Limits::downloadBytes; the key only to the profile's exact origin. Returns the
    // number of bytes written.
    QCoro::Task<Result<qint64>> downloadToFile(
        QUrl url, QString filePath, DownloadProgressHandler onProgress = {}, CallOptions opt = {});

    // Vectors (large answers are parsed on the thread pool)
    QCoro::Task<Result<EmbeddingResult>> embed(EmbeddingRequest request, CallOptions opt = {});
    QCoro::Task<Result<RerankResult>> rerank(RerankRequest request, CallOptions opt = {});

    // Video tasks. submitTask fills request.outTaskId with a UUID when empty; the answer
    // carries it back (TaskInfo::outTaskId).
    QCoro::Task<Result<TaskInfo>> submitTask(TaskSubmit request, CallOptions opt = {});
    QCoro::Task<Result<TaskInfo>> queryTask(QString taskId, CallOptions opt = {});
    QCoro::Task<Result<TaskInfo>> queryTaskByOutId(QString outTaskId, CallOptions opt = {});
    QCoro::Task<Result<TaskInfo>> cancelTask(QString taskId, CallOptions opt = {});
    // Follows the task's SSE stream until it closes; returns the last state seen.
    QCoro::Task<Result<TaskInfo>> streamTask(
        QString taskId, TaskEventHandler onEvent, CallOptions opt = {});

    // True when `url` has the base URL's scheme, host and port: the only place the key goes.
    bool isGatewayOrigin(const QUrl &url) const;
    // The routes (CallRecord::route) that never bill and are not the user's calls:
    // pricing, balance, usage, models, downloads. The one list.
    static bool isHousekeepingRoute(const QString &route);

Q_SIGNALS:
    void quotaChanged(const bsp::Quota &quota);
    // A billable call is about to be sent (no request id yet), and again when its 2xx
    // answer began (its request id known): the ledger books it (as reserved) so a kill
    // before callFinished() cannot lose it, even one before the answer's first byte.
    // Not for task submits (their answer is the record).
    void callStarted(const bsp::CallRecord &record);
    void callFinished(const bsp::CallRecord &record);

private:
    // One request with retries, quota reading and error mapping (gatewayclient_p.h).
    QCoro::Task<detail::RawResponse> send(
        detail::RequestSpec spec, CallOptions opt, CallRecord *record);
    CallRecord beginCall(const QString &route, const QString &model, const CallOptions &opt) const;
    // POST /v1/tasks/query with either id, reported as `rec`.
    QCoro::Task<Result<TaskInfo>> queryTaskWith(QJsonObject body, CallRecord rec, CallOptions opt);
    // Emits callStarted() for `record`: before its request leaves, and again with the
    // request id once its 2xx answer began.
    void reportStarted(const CallRecord &record, const detail::RawResponse &response);
    // Scrubs key-shaped text from `error` (in place, so the caller returns the clean one),
    // then reports the call.
    void finishCall(CallRecord &record, std::optional<ApiError> &error);
    void finishCall(CallRecord &record)
    {
        std::optional<ApiError> none;
        finishCall(record, none);
    }
    template<typename T>
    Result<T> finished(CallRecord &record, Result<T> result)
    {
        std::optional<ApiError> e;
        if (!result.ok())
            e = result.error();
        finishCall(record, e);
        if (e)
            return *e;
        return result;
    }
    void applyQuota(const HeaderList &headers);
    QUrl urlFor(const QString &path) const;
    detail::RequestSpec downloadSpec(const QUrl &url) const;

    QNetworkAccessManager *m_nam = nullptr;
    QUrl m_baseUrl;
    QString m_apiKey;
    QString m_profileId;
    RetryPolicy m_retry;
    std::chrono::milliseconds m_defaultTimeout {120'000};
    Limits m_limits;
    Quota m_quota;
    qint64 m_attempts = 0;
    // The replies of calls in flight, and whether the destructor runs: see ~GatewayClient.
    QSet<QNetworkReply *> m_open;
    CancelToken m_lifetime;
    bool m_closing = false;
};

} // namespace bsp
