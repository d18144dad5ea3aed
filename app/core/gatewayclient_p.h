#pragma once

// Internals of GatewayClient, shared by its .cpp files only.

#include "core/gatewayclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QUrlQuery>

#include <coroutine>
#include <functional>
#include <memory>

namespace bsp::detail {

// A task answer (query, cancel, the stream's last event) as the facts of the task's
// ledger entry: one callId per out_task_id, the outcome and credits it states.
void describeTask(CallRecord &rec, const TaskInfo &t);

struct RequestSpec
{
    QByteArray verb = "GET";
    QString path; // relative to the base URL ("/v1/messages")
    QUrlQuery query;
    QUrl absoluteUrl; // downloads: used instead of path when valid
    // The key goes only to the base URL's exact origin, on every hop of a redirect.
    bool sendKey = true;
    QByteArray body;
    QByteArray contentType = "application/json";
    bool anthropic = false; // adds anthropic-version
    bool stream = false; // Accept: text/event-stream
    // The gateway bills once it starts answering: never re-sent after a 200 body began.
    bool billedOnBody = false;
    // Largest body accepted (2xx bodies held in memory or streamed); <= 0: unbounded
    // (a stream whose consumer bounds what it keeps).
    qint64 maxBodyBytes = 0;
    // When set, bytes of a 2xx body go here as they arrive instead of into RawResponse::body.
    // Returning an error aborts the attempt with it (never retried).
    std::function<std::optional<ApiError>(QByteArrayView)> onBodyChunk;
    // Called before each attempt's first 2xx byte is handed over, with the declared
    // length (-1 when unknown): a retry starts its output again.
    std::function<void(qint64 declaredLength)> onBodyStart;
};

struct RawResponse
{
    int status = 0;
    HeaderList headers;
    QByteArray body;
    QString requestId;
    std::optional<ApiError> error;
    qint64 ttfbMs = -1;
    bool bodyStarted = false;
};

// Resumes the awaiting coroutine on the first of several signals, from the event loop
// (queued), so a signal emitted inside abort() never re-enters the coroutine.
class Wakeup
{
public:
    // Copies share one state (QCoro may copy an awaitable); firing disconnects everything.
    Wakeup() : m_s(std::make_shared<State>()) { }

    template<typename Sender, typename Signal>
    void on(const Sender *sender, Signal signal)
    {
        auto s = m_s;
        m_s->conns.append(QObject::connect(
            sender, signal, sender, [s]() { fire(s); }, Qt::QueuedConnection));
    }

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept { m_s->h = h; }
    void await_resume() const noexcept { }

private:
    struct State
    {
        std::coroutine_handle<> h;
        bool fired = false;
        QList<QMetaObject::Connection> conns;
    };
    static void fire(const std::shared_ptr<State> &s)
    {
        if (s->fired || !s->h)
            return;
        s->fired = true;
        for (const auto &c : std::as_const(s->conns))
            QObject::disconnect(c);
        s->conns.clear();
        s->h.resume();
    }
    std::shared_ptr<State> m_s;
};

// Same scheme, host and port (default ports filled in): where the key may go.
bool sameOrigin(const QUrl &a, const QUrl &b);

// Parses a JSON object body; sets `error` to a Malformed ApiError on failure.
std::optional<QJsonObject> parseObject(const RawResponse &raw, std::optional<ApiError> &error);
ApiError malformedFrom(const RawResponse &raw, const QString &why);

} // namespace bsp::detail
