#pragma once

// The plumbing every route handler uses: options, rate card, catalogue, accounts,
// files, request ids, authentication, faults, envelopes, quota headers, credits and
// usage rows. Everything here lives in the server's thread; slow work goes through
// SandboxContext::offload(), which runs it on the pool and comes back to that thread.

#include "core/money.h"
#include "core/ratecard.h"
#include "core/usagerow.h"
#include "core/worker.h"
#include "sandbox/accounts.h"
#include "sandbox/catalogue.h"
#include "sandbox/sandboxserver.h"

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QPointer>
#include <QString>
#include <QTcpSocket>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <type_traits>

namespace bsp::sandbox {

// Which error envelope a route speaks: Anthropic on /v1/messages, OpenAI elsewhere.
enum class Envelope { Anthropic, OpenAI };

enum class Fault {
    None,
    ContentPolicy, // 451 content_policy_violation
    Watermark, // 422 watermark_detected
    Upstream502, // 502 upstream_error
    Overloaded, // 529 overloaded
    RateLimit, // 429 rate_limit_error + retry-after
    InsufficientBalance, // 402 insufficient_balance
    Slow, // the answer comes slowDelayMs() later
    DropStream, // status + headers + part of the body, then the connection closes
    Malformed, // a 200 whose body is not valid JSON (recorded as failed, free)
    TaskFail, // the video task fails while running (tasks route)
    StreamError, // an SSE `error` event mid-stream (messages route)
};
std::optional<Fault> faultFromName(QStringView name); // "content_policy", ...
QString faultName(Fault fault);
QStringList faultNames(); // every name faultFromName() knows
// True for the faults that are an immediate HTTP error (content_policy .. insufficient_balance).
bool isErrorFault(Fault fault);

inline constexpr qsizetype kDefaultBodyLimit = 32 * 1024 * 1024;
inline constexpr qsizetype kTaskBodyLimit = 1024 * 1024;
// The body limit of a path: 1 MB on /v1/tasks/*, 32 MB elsewhere (the connection gate
// refuses on the declared length with it, before the body is read).
qsizetype bodyLimitForPath(QByteArrayView path);

struct CallOptions
{
    bool billable = false; // adds exactly one usage row per call (success or failure)
    bool parseJson = false; // parse the body as a JSON object (400 invalid_param otherwise)
    qsizetype bodyLimit = kDefaultBodyLimit; // 413 request_too_large above it
    bool requireAuth = true;
};

class SandboxContext;

// One HTTP call in flight. Owns the responder; shared by the continuations that finish
// it. Every terminal method writes once; later calls are ignored. Billable calls record
// exactly one usage row, whatever way they end (the destructor records an abandoned one).
class Call final
{
    Q_DISABLE_COPY_MOVE(Call)

public:
    Call(SandboxContext &ctx, const QHttpServerRequest &request, QHttpServerResponder &&responder,
        Envelope envelope, const QString &route, const CallOptions &options);
    ~Call();

    const QString &requestId() const { return m_requestId; }
    const QString &route() const { return m_route; }
    Envelope envelope() const { return m_envelope; }
    bool billable() const { return m_options.billable; }
    Account *account() const { return m_account; } // non-null once begin() returned the call
    QString key() const;
    Fault fault() const { return m_fault; }
    void setFault(Fault fault) { m_fault = fault; }
    int slowDelayMs() const; // 0 unless the fault is Slow

    const QByteArray &body() const { return m_body; }
    const QJsonObject &json() const { return m_json; } // when CallOptions::parseJson
    const QUrlQuery &query() const { return m_query; }
    QByteArray header(const QByteArray &name) const; // case-insensitive
    QHttpServerRequest::Method method() const { return m_method; }

    // The model for the usage row (canonical id preferred).
    void setModel(const QString &model) { m_model = model; }
    const QString &model() const { return m_model; }

    // The client is still connected and nothing final was written.
    bool alive() const;
    bool finished() const { return m_finished; }

    // ---- Credits -----------------------------------------------------------------
    // Reserves `estimate` on the key; on shortage writes 402 insufficient_balance (or
    // 429 rate_limit_error when the rate-limit budget is spent) and returns false.
    bool reserve(Credits estimate);
    Credits reserved() const { return m_reserved; }
    // Skip the usage row of this call (e.g. a task submit whose row comes later).
    void setRecordUsage(bool record) { m_recordUsage = record; }

    // ---- Terminal responses ------------------------------------------------------
    // Free routes: 2xx JSON, no row, no debit.
    void reply(const QJsonObject &body, int status = 200);
    void replyBytes(const QByteArray &body, const QByteArray &contentType, int status = 200);
    // Billable success: debits `cost` (releasing the reservation), records a succeeded
    // row from `facts` (tokens, units), writes the body. Honors Malformed and DropStream
    // faults: those answer a broken 200 instead and record a failed, free row.
    void succeed(const QJsonObject &body, Credits cost, const UsageRow &facts = {});
    // Error in the route's envelope; billable calls release and record a failed row.
    void fail(int status, const QString &code, const QString &message, const QString &param = {});
    // Writes the error of an immediate error fault (see isErrorFault) and returns true,
    // or returns false and does nothing.
    bool failWithFault();

    // ---- Streaming (SSE) ---------------------------------------------------------
    // Status line + quota headers + `Transfer-Encoding: chunked`; then chunks.
    void beginStream(const QByteArray &contentType = "text/event-stream", int status = 200);
    bool streaming() const { return m_streaming; }
    void writeChunk(const QByteArray &data);
    // Ends the stream: debits `cost`, records a succeeded row (or `status` "cancelled").
    void endStream(Credits cost, const UsageRow &facts = {},
        const QString &status = QStringLiteral("succeeded"));
    // Ends the stream after an `error` event: free, failed row with `errorCode`.
    void endStreamFailed(const QString &errorCode);
    // Closes the connection at once (drop_stream): free, failed row.
    void abortConnection(const QString &errorCode = QStringLiteral("stream_dropped"));

    // The client went away before the answer: free, row "cancelled" (or `status`).
    void abandon(const QString &status = QStringLiteral("cancelled"));

    QHttpServerResponder &responder() { return m_responder; }
    QTcpSocket *socket() const { return m_socket.data(); }

private:
    friend class SandboxContext;
    void writeHead(int status, const QByteArray &contentType, qint64 contentLength,
        const QList<QPair<QByteArray, QByteArray>> &extra = {});
    void record(
        const QString &status, const QString &errorCode, Credits credits, const UsageRow &facts);
    void settle(Credits debit); // release the reservation, then debit
    void closeIfAsked(); // after the answer to an HTTP/1.0 or `Connection: close` request
    void closeStream(); // the end of a stream: last chunk, then closeIfAsked()

    SandboxContext &m_ctx;
    std::weak_ptr<int> m_life; // expires when the context is destroyed
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    QString m_requestId;
    QString m_route;
    Envelope m_envelope;
    CallOptions m_options;
    Account *m_account = nullptr;
    Fault m_fault = Fault::None;
    QByteArray m_body;
    QJsonObject m_json;
    QUrlQuery m_query;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QHttpServerRequest::Method m_method = QHttpServerRequest::Method::Unknown;
    QString m_model;
    Credits m_reserved = 0;
    bool m_recordUsage = true;
    bool m_recorded = false;
    bool m_finished = false;
    bool m_streaming = false;
    bool m_http10 = false;
    bool m_close = false;
};

using CallPtr = std::shared_ptr<Call>;

class SandboxContext final
{
    Q_DISABLE_COPY_MOVE(SandboxContext)

public:
    SandboxContext(const SandboxOptions &options, QObject *guard);
    ~SandboxContext();

    const SandboxOptions &options() const { return m_options; }
    double timeScale() const { return m_options.timeScale; }
    int scaledMs(double ms) const; // ms * time scale, at least 1
    const RateCard &rateCard() const { return m_card; }
    const QByteArray &rateCardJson() const { return m_cardJson; }
    const Catalogue &catalogue() const { return m_catalogue; }
    Accounts &accounts() { return m_accounts; }
    FileStore &files() { return m_files; }
    QThreadPool &pool() { return m_pool; }
    // Set when the server shuts down: long pool jobs (video encoding) pass it as their
    // cancel flag so shutdown does not wait for them.
    const std::atomic_bool *shutdownFlag() const { return &m_shuttingDown; }
    void shutdown(); // sets the flag and waits for the pool
    // Context object for continuations and timers (a child of the server, deleted first).
    QObject *guard() const { return m_guard; }

    QString baseUrl() const { return m_baseUrl; }
    void setBaseUrl(const QString &url) { m_baseUrl = url; }
    QString fileUrl(const QString &fileId) const; // <base>/v1/files/<id>
    static QString newRequestId(); // "req_" + 24 hex

    // Starts a call: request id, body limit (413), authentication (401), fault
    // detection (header `x-sandbox-fault`, `[fault:NAME]` in the body, or the random
    // fault rate on billable calls), JSON parse (400). On any of those failures the
    // error is written and nullptr returned. Free routes answer error faults at once.
    CallPtr begin(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        Envelope envelope, const QString &route, const CallOptions &options = {});
    // begin(), then `handler` with the call. A JSON body over kInlineParseBytes is parsed
    // on the pool, so a 30 MB message does not hold up other clients; the handler then
    // runs later in the server's thread (if the client is still there).
    void start(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        Envelope envelope, const QString &route, const CallOptions &options,
        std::function<void(const CallPtr &)> handler);
    static constexpr qsizetype kInlineParseBytes = 256 * 1024;

    // Error in `envelope` with the quota headers of `account` (may be null).
    static QJsonObject errorBody(Envelope envelope, int status, const QString &code,
        const QString &message, const QString &param, const QString &requestId);
    QList<QPair<QByteArray, QByteArray>> quotaHeaders(
        const Account *account, const QString &requestId) const;

    // Runs `work` on the pool; `done(result)` runs later in the server's thread, after
    // the call's slow-fault delay, only if the client is still connected (otherwise the
    // call is abandoned: free). `work` must not touch the context.
    template<typename Work, typename Done>
    void offload(const CallPtr &call, Work work, Done done)
    {
        using R = std::invoke_result_t<Work>;
        const int delay = call->slowDelayMs();
        if constexpr (std::is_void_v<R>) {
            runThen(&m_pool, m_guard, std::move(work),
                [this, call, delay, done = std::move(done)]() mutable {
                    later(call, delay, [done = std::move(done)]() mutable { done(); });
                });
        } else {
            runThen(&m_pool, m_guard, std::move(work),
                [this, call, delay, done = std::move(done)](R result) mutable {
                    later(call, delay,
                        [done = std::move(done), result = std::move(result)]() mutable {
                            done(std::move(result));
                        });
                });
        }
    }

    // Runs `fn` in the server's thread after `delayMs` (0 = next turn of the event
    // loop) if the call's client is still connected; otherwise abandons the call.
    void later(const CallPtr &call, int delayMs, std::function<void()> fn);

    // The random fault of --fault-rate (never slow/drop), or Fault::None.
    Fault randomFault();

private:
    friend class Call;
    // The parts of begin() around the JSON parse; false when the call was answered.
    bool checkCall(const CallPtr &call, const CallOptions &options);
    bool acceptJson(const CallPtr &call, const QJsonDocument &doc, const QJsonParseError &error);
    bool finishCall(const CallPtr &call, const CallOptions &options);
    std::shared_ptr<int> m_life = std::make_shared<int>(0);
    SandboxOptions m_options;
    QPointer<QObject> m_guard;
    RateCard m_card;
    QByteArray m_cardJson;
    Catalogue m_catalogue;
    Accounts m_accounts;
    FileStore m_files;
    QThreadPool m_pool;
    QString m_baseUrl;
    std::mt19937_64 m_rng;
    std::atomic_bool m_shuttingDown = false;
};

} // namespace bsp::sandbox
