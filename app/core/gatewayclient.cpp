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

GatewayClient::~GatewayClient() = default;

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

QString GatewayClient::maskKey(const QString &key)
{
    if (key.size() <= 12)
        return u"…"_s;
    const qsizetype dash = key.indexOf(u'-', 3);
    const QString prefix = dash > 0 && dash < 10 ? key.left(dash + 1) : key.left(3);
    return prefix + u"…"_s + key.right(4);
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

void GatewayClient::finishCall(CallRecord &record, const std::optional<ApiError> &error)
{
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

QCoro::Task<detail::RawResponse> GatewayClient::send(
    detail::RequestSpec spec, CallOptions opt, CallRecord *record)
{
    using detail::RawResponse;
    const auto timeout = opt.timeout.count() > 0 ? opt.timeout : m_defaultTimeout;
    const QUrl url = [&] {
        QUrl u = spec.absoluteUrl.isValid() ? spec.absoluteUrl : urlFor(spec.path);
        if (!spec.query.isEmpty())
            u.setQuery(spec.query);
        return u;
    }();

    RawResponse last;
    // No connected profile: refuse before any request, so neither a stale endpoint
    // nor a stale key is ever used.
    if (!url.isValid() || url.host().isEmpty() || (!spec.absoluteUrl.isValid() && !isConnected())) {
        last.error = ApiError::notConnected();
        co_return last;
    }
    QElapsedTimer clock;
    clock.start();
    for (int retries = 0;; ++retries) {
        if (opt.cancel.isCancelled()) {
            ApiError e = ApiError::cancelled();
            e.requestId = last.requestId;
            last.error = e;
            co_return last;
        }

        QNetworkRequest req(url);
        if (spec.sendKey && !m_apiKey.isEmpty())
            req.setRawHeader("x-api-key", m_apiKey.toUtf8());
        if (spec.anthropic)
            req.setRawHeader("anthropic-version", "2023-06-01");
        if (!spec.body.isNull())
            req.setHeader(QNetworkRequest::ContentTypeHeader, spec.contentType);
        req.setRawHeader("accept", spec.stream ? "text/event-stream" : "application/json");
        for (const auto &[name, value] : std::as_const(opt.headers))
            req.setRawHeader(name, value);
        req.setTransferTimeout(int(timeout.count()));
        req.setAttribute(
            QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

        std::unique_ptr<QNetworkReply, DeleteLater> reply;
        if (spec.verb == "GET")
            reply.reset(m_nam->get(req));
        else if (spec.verb == "POST")
            reply.reset(m_nam->post(req, spec.body));
        else
            reply.reset(m_nam->sendCustomRequest(req, spec.verb, spec.body));
        ++m_attempts;
        QNetworkReply *r = reply.get();
        connect(opt.cancel.state(), &detail::CancelState::cancelRequested, r, [r] { r->abort(); });

        RawResponse cur;
        QElapsedTimer attemptClock;
        attemptClock.start();
        while (true) {
            if (r->bytesAvailable() > 0) {
                if (!cur.bodyStarted) {
                    cur.bodyStarted = true;
                    cur.ttfbMs = attemptClock.elapsed();
                    cur.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    cur.headers = r->rawHeaderPairs();
                    applyQuota(cur.headers); // before the first frame, as the gateway sends them
                }
                const QByteArray chunk = r->readAll();
                if (spec.onBodyChunk && cur.status / 100 == 2)
                    spec.onBodyChunk(chunk);
                else
                    cur.body += chunk;
                continue;
            }
            if (r->isFinished())
                break;
            detail::Wakeup wake;
            wake.on(r, &QNetworkReply::readyRead);
            wake.on(r, &QNetworkReply::finished);
            co_await wake;
        }

        const bool hadHeaders = !cur.headers.isEmpty();
        cur.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        cur.headers = r->rawHeaderPairs();
        cur.requestId = QString::fromLatin1(headerValue(cur.headers, "request-id"));
        if (cur.status > 0 && !hadHeaders)
            applyQuota(cur.headers);
        const bool is2xx = cur.status / 100 == 2;
        const QNetworkReply::NetworkError ne = r->error();
        bool timedOut = false;

        if (opt.cancel.isCancelled()) {
            ApiError e = ApiError::cancelled();
            e.httpStatus = cur.status;
            e.requestId = cur.requestId;
            // A client abort mid-body is billed for what the gateway already produced.
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
            if (ne != QNetworkReply::NoError) {
                ApiError e;
                e.kind = ne == QNetworkReply::OperationCanceledError
                    ? ApiError::Kind::Timeout
                    : ApiError::Kind::StreamDropped;
                e.httpStatus = cur.status;
                e.requestId = cur.requestId;
                e.message = r->errorString();
                cur.error = e;
            }
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
        if (!last.error || !opt.retry || last.error->kind == ApiError::Kind::Cancelled)
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
        QTimer timer;
        timer.setSingleShot(true);
        timer.start(delay);
        detail::Wakeup wake;
        wake.on(&timer, &QTimer::timeout);
        wake.on(opt.cancel.state(), &detail::CancelState::cancelRequested);
        co_await wake;
    }
}

} // namespace bsp
