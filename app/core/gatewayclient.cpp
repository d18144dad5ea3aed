#include "core/gatewayclient.h"

#include "core/gatewayclient_p.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

namespace bsp {

namespace detail {

ApiError malformedFrom(const RawResponse &raw, const QString &why)
{
    ApiError e = ApiError::malformed(why, raw.requestId);
    e.httpStatus = raw.status;
    return e;
}

std::optional<QJsonObject> parseObject(const RawResponse &raw, std::optional<ApiError> &error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(raw.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        error = malformedFrom(raw,
            QCoreApplication::translate(
                "bsp::GatewayClient", "the answer is not a JSON object (%1)")
                .arg(pe.error != QJsonParseError::NoError ? pe.errorString()
                                                          : QStringLiteral("not an object")));
        return std::nullopt;
    }
    return doc.object();
}

} // namespace detail

namespace {

struct DeleteLater
{
    void operator()(QObject *o) const { o->deleteLater(); }
};

} // namespace

GatewayClient::GatewayClient(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_nam(nam ? nam : new QNetworkAccessManager(this))
{
    qRegisterMetaType<bsp::Quota>();
    qRegisterMetaType<bsp::CallRecord>();
}

GatewayClient::~GatewayClient()
{
    // A coroutine suspended on a reply or a retry pause when the client goes would never
    // resume: its frame, and those of the coroutines awaiting it, would leak (as found by
    // LeakSanitizer). So every call in flight ends now, while the client is whole: its
    // reply is aborted and the queued wake-up delivered, and send() answers Cancelled
    // without retrying. The callers resume; their QPointer checks see whether they are
    // still there. Bounded: a call resumed here cannot start another (m_closing).
    m_closing = true;
    m_lifetime.cancel();
    QCoreApplication::sendPostedEvents(m_lifetime.state(), QEvent::MetaCall);
    for (int pass = 0; pass < 8 && !m_open.isEmpty(); ++pass) {
        const QList<QPointer<QNetworkReply>> open(m_open.cbegin(), m_open.cend());
        for (const QPointer<QNetworkReply> &r : open) {
            if (r && !r->isFinished())
                r->abort();
            if (r)
                QCoreApplication::sendPostedEvents(r, QEvent::MetaCall);
        }
    }
}

void GatewayClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    // A trailing slash would double up with route paths.
    QString path = m_baseUrl.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    m_baseUrl.setPath(path);
}

void GatewayClient::setEndpoint(const QString &profileId, const QUrl &baseUrl, const QString &key)
{
    m_profileId = profileId;
    setBaseUrl(baseUrl);
    setApiKey(key);
}

void GatewayClient::clearEndpoint()
{
    m_profileId.clear();
    m_baseUrl = QUrl();
    m_apiKey.clear();
}

void GatewayClient::setApiKey(const QString &key)
{
    m_apiKey = key.trimmed();
}

bool GatewayClient::isHousekeepingRoute(const QString &route)
{
    static const QStringList routes
        = {u"/v1/pricing"_s, u"/v1/balance"_s, u"/api/v1/usage"_s, u"/v1/models"_s, u"download"_s};
    return routes.contains(route);
}

bool GatewayClient::isGatewayOrigin(const QUrl &url) const
{
    return detail::sameOrigin(url, m_baseUrl);
}

QUrl GatewayClient::urlFor(const QString &path) const
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + path);
    return url;
}

CallRecord GatewayClient::beginCall(
    const QString &route, const QString &model, const CallOptions &opt) const
{
    CallRecord r;
    r.callId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.tab = opt.tab;
    r.route = route;
    r.model = model;
    r.profileId = m_profileId;
    r.estimatedCredits = opt.estimate;
    return r;
}

void GatewayClient::reportStarted(const CallRecord &record, const detail::RawResponse &response)
{
    if (record.route == u"/v1/tasks/submit"_s)
        return; // a task's entry comes with the submit answer
    CallRecord started = record;
    started.requestId = response.requestId;
    started.httpStatus = response.status;
    started.outcome = CallRecord::Outcome::Reserved;
    Q_EMIT callStarted(started);
}

void GatewayClient::finishCall(CallRecord &record, std::optional<ApiError> &error)
{
    // The one exit of every call: no key-shaped text leaves it, stored or shown.
    if (error)
        error = error->scrubbed();
    record.finishedAt = QDateTime::currentDateTimeUtc();
    record.latencyMs = record.startedAt.msecsTo(record.finishedAt);
    if (error) {
        record.error = error;
        if (error->kind == ApiError::Kind::Cancelled)
            record.outcome = CallRecord::Outcome::Cancelled;
        else if (record.outcome != CallRecord::Outcome::Reserved)
            record.outcome = CallRecord::Outcome::Failed;
        if (record.requestId.isEmpty())
            record.requestId = error->requestId;
        if (record.httpStatus == 0)
            record.httpStatus = error->httpStatus;
    }
    Q_EMIT callFinished(record);
}

void GatewayClient::applyQuota(const HeaderList &headers)
{
    const Quota q = Quota::fromHeaders(headers);
    if (q.isEmpty())
        return;
    // Keep fields a response left out (an org quota only some keys have).
    if (q.limit)
        m_quota.limit = q.limit;
    if (q.limitRemaining)
        m_quota.limitRemaining = q.limitRemaining;
    if (q.resetAt)
        m_quota.resetAt = q.resetAt;
    if (q.remaining)
        m_quota.remaining = q.remaining;
    if (q.orgRemaining)
        m_quota.orgRemaining = q.orgRemaining;
    m_quota.requestId = q.requestId;
    Q_EMIT quotaChanged(m_quota);
}

namespace {

int defaultPort(const QUrl &u)
{
    const QString scheme = u.scheme().toLower();
    return u.port(scheme == "https"_L1 ? 443 : scheme == "http"_L1 ? 80 : -1);
}

// The request of one attempt (or redirect hop) to `url`.
QNetworkRequest buildRequest(const QUrl &url, const detail::RequestSpec &spec,
    const CallOptions &opt, const QString &key, bool withBody, std::chrono::milliseconds timeout)
{
    QNetworkRequest req(url);
    if (!key.isEmpty())
        req.setRawHeader("x-api-key", key.toUtf8());
    if (spec.anthropic)
        req.setRawHeader("anthropic-version", "2023-06-01");
    if (withBody && !spec.body.isNull())
        req.setHeader(QNetworkRequest::ContentTypeHeader, spec.contentType);
    req.setRawHeader("accept", spec.stream ? "text/event-stream" : "application/json");
    for (const auto &[name, value] : std::as_const(opt.headers))
        req.setRawHeader(name, value);
    req.setTransferTimeout(int(std::max<qint64>(1, timeout.count())));
    // Redirects are followed by send() itself, so the key never rides a hop to another
    // origin (Qt copies every raw header to the next hop).
    req.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return req;
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

namespace detail {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.isValid() && b.isValid() && !a.host().isEmpty()
        && a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
}

} // namespace detail

QCoro::Task<detail::RawResponse> GatewayClient::send(
    detail::RequestSpec spec, CallOptions opt, CallRecord *record)
{
    using detail::RawResponse;
    constexpr int kMaxRedirects = 5;
    constexpr qint64 kMaxErrorBody = 64 * 1024; // an error page is kept only this far
    constexpr qint64 kReadBufferBytes = 4 * 1024 * 1024;
    const auto inactivity = opt.timeout.count() > 0 ? opt.timeout : m_defaultTimeout;
    const qint64 maxBody = opt.maxBodyBytes > 0 ? opt.maxBodyBytes
        : spec.maxBodyBytes != 0                ? spec.maxBodyBytes
                                                : m_limits.bodyBytes;
    const QUrl firstUrl = [&] {
        QUrl u = spec.absoluteUrl.isValid() ? spec.absoluteUrl : urlFor(spec.path);
        if (!spec.query.isEmpty())
            u.setQuery(spec.query);
        return u;
    }();

    RawResponse last;
    // No connected profile: refuse before any request, so neither a stale endpoint
    // nor a stale key is ever used.
    if (!firstUrl.isValid() || firstUrl.host().isEmpty()
        || (!spec.absoluteUrl.isValid() && !isConnected())) {
        last.error = ApiError::notConnected();
        co_return last;
    }
    // A billable call is in the ledger before its request leaves: a kill between the
    // gateway's debit and the answer's first byte leaves a row that Reconcile can fill
    // from the gateway's usage (it gets the request id when the answer begins).
    if (spec.billedOnBody && record)
        reportStarted(*record, RawResponse {});
    QElapsedTimer clock;
    clock.start();
    // What is left of the whole-call deadline; nullopt when there is none.
    const auto remaining = [&]() -> std::optional<std::chrono::milliseconds> {
        if (opt.deadline.count() <= 0)
            return std::nullopt;
        return std::chrono::milliseconds(
            std::max<qint64>(0, opt.deadline.count() - clock.elapsed()));
    };
    const auto deadlineError = [&](const RawResponse &from) {
        return ApiError::of(ApiError::Kind::Timeout,
            QCoreApplication::translate("bsp::GatewayClient", "no complete answer within %1 s")
                .arg(double(opt.deadline.count()) / 1000.0, 0, 'g', 3),
            from.status, from.requestId);
    };

    for (int retries = 0;; ++retries) {
        if (opt.cancel.isCancelled() || m_closing) {
            ApiError e = ApiError::cancelled();
            e.requestId = last.requestId;
            last.error = e;
            co_return last;
        }

        RawResponse cur;
        QUrl url = firstUrl;
        QByteArray verb = spec.verb;
        bool withBody = true;
        bool keyAllowed = spec.sendKey;
        bool deadlineHit = false;
        bool aborted = false; // by us: body limit or the consumer's error
        QElapsedTimer attemptClock;
        attemptClock.start();
        std::unique_ptr<QNetworkReply, DeleteLater> reply;
        for (int hop = 0;; ++hop) {
            keyAllowed = keyAllowed && detail::sameOrigin(url, m_baseUrl);
            auto timeout = inactivity;
            if (const auto left = remaining())
                timeout = std::min(timeout, std::max(*left, std::chrono::milliseconds(1)));
            const QNetworkRequest req = buildRequest(
                url, spec, opt, keyAllowed ? m_apiKey : QString(), withBody, timeout);
            const QByteArray body = withBody ? spec.body : QByteArray();
            if (verb == "GET")
                reply.reset(m_nam->get(req));
            else if (verb == "POST")
                reply.reset(m_nam->post(req, body));
            else
                reply.reset(m_nam->sendCustomRequest(req, verb, body));
            if (hop == 0)
                ++m_attempts;
            QNetworkReply *r = reply.get();
            m_open.insert(r);
            connect(r, &QObject::destroyed, this, [this, r] { m_open.remove(r); });
            // Back-pressure: Qt stops reading the socket while this much is unread, so
            // a gateway sending faster than the consumer leaves no growing buffer here.
            // Qt 6.4 passes the limit on to the reply's HTTP thread only once that has
            // taken the request, which is after post() returns: a limit set only here
            // is lost and the reply buffers without bound (160 MB streamed: 400 MB
            // resident). So it is set again on the next turn of the event loop.
            r->setReadBufferSize(kReadBufferBytes);
            QTimer::singleShot(0, r, [r] { r->setReadBufferSize(kReadBufferBytes); });
            connect(
                opt.cancel.state(), &detail::CancelState::cancelRequested, r, [r] { r->abort(); });
            QTimer deadline;
            deadline.setSingleShot(true);
            if (const auto left = remaining()) {
                connect(&deadline, &QTimer::timeout, r, [r, &deadlineHit] {
                    deadlineHit = true;
                    r->abort();
                });
                deadline.start(*left);
            }

            cur = RawResponse {};
            qint64 received = 0;
            while (true) {
                // A reply closed by abort() (Cancel, the deadline) can still report buffered
                // bytes that read() refuses: reading stops there, or this would spin.
                if (!aborted && r->isOpen() && r->bytesAvailable() > 0) {
                    if (!cur.bodyStarted) {
                        cur.bodyStarted = true;
                        cur.ttfbMs = attemptClock.elapsed();
                        cur.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                        cur.headers = r->rawHeaderPairs();
                        applyQuota(cur.headers); // before the first frame, as the gateway sends
                        cur.requestId = QString::fromLatin1(headerValue(cur.headers, "request-id"));
                        const qint64 declared
                            = r->header(QNetworkRequest::ContentLengthHeader).isValid()
                            ? r->header(QNetworkRequest::ContentLengthHeader).toLongLong()
                            : -1;
                        if (cur.status / 100 == 2 && maxBody > 0 && declared > maxBody) {
                            cur.error = ApiError::tooLarge(maxBody, cur.requestId);
                            aborted = true;
                            r->abort();
                            continue;
                        }
                        if (cur.status / 100 == 2 && spec.onBodyStart)
                            spec.onBodyStart(declared);
                        if (cur.status / 100 == 2 && spec.billedOnBody && record)
                            reportStarted(*record, cur);
                    }
                    const QByteArray chunk = r->readAll();
                    received += chunk.size();
                    if (cur.status / 100 != 2) {
                        // An error page or a redirect's body: only its start is kept.
                        if (cur.body.size() < kMaxErrorBody)
                            cur.body += chunk.left(kMaxErrorBody - cur.body.size());
                        continue;
                    }
                    if (maxBody > 0 && received > maxBody) {
                        cur.error = ApiError::tooLarge(maxBody, cur.requestId);
                    } else if (spec.onBodyChunk) {
                        cur.error = spec.onBodyChunk(chunk);
                    } else {
                        cur.body += chunk;
                    }
                    if (cur.error) {
                        aborted = true;
                        r->abort();
                    }
                    continue;
                }
                if (r->isFinished()) {
                    m_open.remove(r);
                    break;
                }
                detail::Wakeup wake;
                wake.on(r, &QNetworkReply::readyRead);
                wake.on(r, &QNetworkReply::finished);
                co_await wake;
            }
            deadline.stop();
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (aborted || deadlineHit || opt.cancel.isCancelled() || !isRedirect(status))
                break;
            const QUrl target = r->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
            if (!target.isValid() || hop >= kMaxRedirects)
                break; // handed back as the 3xx it is
            const QUrl next = url.resolved(target);
            if (url.scheme() == "https"_L1 && next.scheme() != "https"_L1)
                break; // never from TLS to plain text
            if (next.scheme() != "http"_L1 && next.scheme() != "https"_L1)
                break;
            // 303, and 301/302 after a POST, turn into a GET without a body (as browsers do).
            if (status == 303 || ((status == 301 || status == 302) && verb == "POST")) {
                verb = "GET";
                withBody = false;
            }
            url = next;
        }
        QNetworkReply *r = reply.get();

        const bool hadHeaders = !cur.headers.isEmpty();
        cur.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        cur.headers = r->rawHeaderPairs();
        cur.requestId = QString::fromLatin1(headerValue(cur.headers, "request-id"));
        if (cur.status > 0 && !hadHeaders)
            applyQuota(cur.headers);
        const bool is2xx = cur.status / 100 == 2;
        const QNetworkReply::NetworkError ne = r->error();
        bool timedOut = false;

        if (aborted) {
            // The limit or the consumer's own error; the gateway billed what it sent.
            cur.error->httpStatus = cur.status;
            if (cur.error->requestId.isEmpty())
                cur.error->requestId = cur.requestId;
            cur.error->billed = spec.billedOnBody && is2xx && cur.bodyStarted;
        } else if (opt.cancel.isCancelled() || m_closing) {
            ApiError e = ApiError::cancelled();
            e.httpStatus = cur.status;
            e.requestId = cur.requestId;
            // A client abort mid-body is billed for what the gateway already produced.
            e.billed = spec.billedOnBody && is2xx && cur.bodyStarted;
            cur.error = e;
        } else if (deadlineHit) {
            ApiError e = deadlineError(cur);
            e.billed = spec.billedOnBody && is2xx && cur.bodyStarted;
            cur.error = e;
        } else if (cur.status == 0) {
            timedOut
                = ne == QNetworkReply::OperationCanceledError || ne == QNetworkReply::TimeoutError;
            ApiError e = ApiError::network(r->errorString());
            if (timedOut)
                e.kind = ApiError::Kind::Timeout;
            cur.error = e;
        } else if (is2xx) {
            if (ne != QNetworkReply::NoError)
                cur.error = ApiError::of(ne == QNetworkReply::OperationCanceledError
                        ? ApiError::Kind::Timeout
                        : ApiError::Kind::StreamDropped,
                    r->errorString(), cur.status, cur.requestId);
        } else {
            cur.error = ApiError::fromHttp(cur.status, cur.body, cur.headers);
        }
        if (cur.ttfbMs < 0 && cur.status > 0)
            cur.ttfbMs = attemptClock.elapsed();
        if (record) {
            record->requestId = cur.requestId;
            record->httpStatus = cur.status;
            record->timeToFirstByteMs = cur.ttfbMs;
        }
        last = std::move(cur);
        if (!last.error || !opt.retry || aborted || deadlineHit
            || last.error->kind == ApiError::Kind::Cancelled)
            co_return last;

        RetryPolicy::Attempt a;
        // A body cut off mid-way is a connection error to the policy; for billed routes
        // the policy still refuses because the body had started.
        a.httpStatus = is2xx ? 0 : last.status;
        a.headers = last.headers;
        a.errorCode = last.error->code;
        a.retriesSoFar = retries;
        a.bodyStarted = is2xx && last.bodyStarted;
        a.textRequest = spec.billedOnBody;
        a.timedOut = timedOut;
        const RetryPolicy::Decision d = m_retry.decide(a);
        if (!d.retry)
            co_return last;

        const auto delay
            = std::chrono::milliseconds(qint64(double(d.delay.count()) * m_retry.timeScale()));
        // A retry that cannot start before the deadline is not made.
        if (const auto left = remaining(); left && *left <= delay)
            co_return last;
        QTimer timer;
        timer.setSingleShot(true);
        timer.start(delay);
        detail::Wakeup wake;
        wake.on(&timer, &QTimer::timeout);
        wake.on(opt.cancel.state(), &detail::CancelState::cancelRequested);
        wake.on(m_lifetime.state(), &detail::CancelState::cancelRequested);
        co_await wake;
    }
}

} // namespace bsp
