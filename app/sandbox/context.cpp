#include "sandbox/context.h"

#include "core/worker.h"
#include "sandbox/connectiongate.h"
#include "sandbox/httpkit.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

struct FaultName
{
    Fault fault;
    QLatin1StringView name;
};

constexpr FaultName kFaultNames[] = {
    {Fault::ContentPolicy, "content_policy"_L1},
    {Fault::Watermark, "watermark"_L1},
    {Fault::Upstream502, "upstream_502"_L1},
    {Fault::Overloaded, "overloaded"_L1},
    {Fault::RateLimit, "rate_limit"_L1},
    {Fault::InsufficientBalance, "insufficient_balance"_L1},
    {Fault::Slow, "slow"_L1},
    {Fault::DropStream, "drop_stream"_L1},
    {Fault::Malformed, "malformed"_L1},
    {Fault::TaskFail, "task_fail"_L1},
    {Fault::StreamError, "stream_error"_L1},
};

// `[fault:NAME]` in `text`: nullopt when there is no tag, else the name as written.
std::optional<QString> faultTag(QByteArrayView text)
{
    static constexpr QByteArrayView marker = "[fault:";
    const qsizetype at = text.indexOf(marker);
    if (at < 0)
        return std::nullopt;
    const qsizetype start = at + marker.size();
    const qsizetype end = text.indexOf(']', start);
    if (end < 0 || end - start > 40)
        return std::nullopt; // not a tag: text that happens to start like one
    return QString::fromUtf8(text.sliced(start, end - start)).trimmed();
}

// Where a body's fault tag counts: in a conversation only the newest user turn (a tag
// in an earlier turn, sent again as history, must not fail every later message);
// elsewhere the whole body (prompts are JSON strings, so this finds any field).
QByteArray faultScope(const QJsonObject &json, const QByteArray &body)
{
    const QJsonArray turns = json.value("messages"_L1).toArray();
    if (turns.isEmpty())
        return body;
    for (qsizetype i = turns.size() - 1; i >= 0; --i) {
        const QJsonObject turn = turns.at(i).toObject();
        if (turn.value("role"_L1).toString() == "user"_L1)
            return QJsonDocument(turn).toJson(QJsonDocument::Compact);
    }
    return {};
}

QString unknownFaultMessage(const QString &where, const QString &name)
{
    return u"%1: unknown sandbox fault \"%2\"; the faults are %3"_s.arg(
        where, name, faultNames().join(u", "_s));
}

} // namespace

qsizetype bodyLimitForPath(QByteArrayView path)
{
    return path.startsWith("/v1/tasks") ? kTaskBodyLimit : kDefaultBodyLimit;
}

std::optional<Fault> faultFromName(QStringView name)
{
    for (const FaultName &f : kFaultNames) {
        if (name.compare(f.name, Qt::CaseInsensitive) == 0)
            return f.fault;
    }
    return std::nullopt;
}

QStringList faultNames()
{
    QStringList names;
    for (const FaultName &f : kFaultNames)
        names.append(QString(f.name));
    return names;
}

QString faultName(Fault fault)
{
    for (const FaultName &f : kFaultNames) {
        if (f.fault == fault)
            return QString(f.name);
    }
    return u"none"_s;
}

bool isErrorFault(Fault fault)
{
    switch (fault) {
    case Fault::ContentPolicy:
    case Fault::Watermark:
    case Fault::Upstream502:
    case Fault::Overloaded:
    case Fault::RateLimit:
    case Fault::InsufficientBalance:
        return true;
    default:
        return false;
    }
}

// ---- Call ---------------------------------------------------------------------------

Call::Call(SandboxContext &ctx, const QHttpServerRequest &request, QHttpServerResponder &&responder,
    Envelope envelope, const QString &route, const CallOptions &options)
    : m_ctx(ctx)
    , m_life(ctx.m_life)
    , m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_requestId(SandboxContext::newRequestId())
    , m_route(route)
    , m_envelope(envelope)
    , m_options(options)
    , m_body(request.body())
    , m_query(request.query())
    , m_headers(request.headers())
    , m_method(request.method())
{
    // Set by the connection gate: an HTTP/1.0 client gets 1.0 answers, and it or a client
    // that sent `Connection: close` has the connection closed after the answer.
    const QByteArray connection = header(kConnectionHeader.toByteArray());
    m_http10 = connection == "1.0";
    m_close = m_http10 || connection == "close";
}

Call::~Call()
{
    if (m_finished || m_life.expired())
        return;
    // A handler that never answered: say so rather than leave the client hanging.
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        fail(500, u"server_error"_s, u"the sandbox produced no answer"_s);
    else
        abandon();
}

QString Call::key() const
{
    return m_account ? m_account->key : QString();
}

int Call::slowDelayMs() const
{
    if (m_fault != Fault::Slow)
        return 0;
    return std::max(200, m_ctx.scaledMs(3000));
}

QByteArray Call::header(const QByteArray &name) const
{
    for (const auto &h : m_headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool Call::alive() const
{
    return !m_finished && !m_life.expired() && m_socket
        && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool Call::reserve(Credits estimate)
{
    if (!m_account)
        return false;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    Accounts::rollWindow(*m_account, now);
    if (m_account->windowSpent + estimate > Accounts::kWindowBudget) {
        fail(429, u"rate_limit_error"_s, u"rate-limit budget of this window is spent"_s);
        return false;
    }
    if (!Accounts::reserve(*m_account, estimate)) {
        fail(402, u"insufficient_balance"_s,
            u"balance %1 USD (%2 reserved) is short of the estimate %3 USD"_s.arg(
                usdText(m_account->remaining()), usdText(m_account->reserved), usdText(estimate)));
        return false;
    }
    m_reserved += estimate;
    return true;
}

void Call::settle(Credits debit)
{
    if (!m_account || m_life.expired())
        return;
    Accounts::release(*m_account, m_reserved);
    m_reserved = 0;
    Accounts::debit(*m_account, debit);
}

void Call::record(
    const QString &status, const QString &errorCode, Credits credits, const UsageRow &facts)
{
    if (m_recorded || !m_options.billable || !m_recordUsage || !m_account || m_life.expired())
        return;
    m_recorded = true;
    UsageRow row = facts;
    row.requestId = m_requestId;
    row.createdAt = QDateTime::currentDateTimeUtc();
    row.route = m_route;
    row.model = m_model;
    row.status = status;
    row.errorCode = errorCode;
    row.credits = credits;
    Accounts::appendUsage(*m_account, row);
}

void Call::writeHead(int status, const QByteArray &contentType, qint64 contentLength,
    const QList<QPair<QByteArray, QByteArray>> &extra)
{
    QTcpSocket *s = m_socket.data();
    if (!s)
        return;
    QByteArray head;
    head.reserve(512);
    head += (m_http10 ? "HTTP/1.0 "_ba : "HTTP/1.1 "_ba) + QByteArray::number(status) + ' '
        + reasonPhrase(status) + "\r\n";
    if (m_close)
        head += "Connection: close\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    const auto quota = m_ctx.quotaHeaders(m_account, m_requestId);
    for (const auto &h : quota)
        head += h.first + ": " + h.second + "\r\n";
    for (const auto &h : extra)
        head += h.first + ": " + h.second + "\r\n";
    head += "\r\n";
    s->write(head);
}

void Call::reply(const QJsonObject &body, int status)
{
    replyBytes(QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", status);
}

void Call::replyBytes(const QByteArray &body, const QByteArray &contentType, int status)
{
    if (m_finished)
        return;
    m_finished = true;
    if (!m_socket)
        return;
    writeHead(status, contentType, body.size());
    m_socket->write(body);
    closeIfAsked();
}

void Call::closeIfAsked()
{
    if (m_close && m_socket)
        m_socket->disconnectFromHost();
}

void Call::succeed(const QJsonObject &body, Credits cost, const UsageRow &facts)
{
    if (m_finished)
        return;
    if (!alive()) {
        abandon();
        return;
    }
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (m_fault == Fault::Malformed) {
        settle(0);
        record(u"failed"_s, u"malformed_response"_s, 0, facts);
        m_finished = true;
        // Looks like the start of the real answer, then is cut and garbled.
        const QByteArray broken = bytes.left(std::max<qsizetype>(1, bytes.size() / 3))
            + "\x01<!-- upstream garbage -->";
        writeHead(200, "application/json", broken.size());
        m_socket->write(broken);
        closeIfAsked();
        return;
    }
    if (m_fault == Fault::DropStream) {
        settle(0);
        record(u"failed"_s, u"stream_dropped"_s, 0, facts);
        m_finished = true;
        writeHead(200, "application/json", bytes.size());
        m_socket->write(bytes.left(bytes.size() / 2));
        m_socket->flush();
        m_socket->disconnectFromHost();
        return;
    }
    settle(cost);
    record(u"succeeded"_s, {}, cost, facts);
    m_finished = true;
    writeHead(200, "application/json", bytes.size());
    m_socket->write(bytes);
    closeIfAsked();
}

void Call::fail(int status, const QString &code, const QString &message, const QString &param)
{
    if (m_finished)
        return;
    settle(0);
    record(u"failed"_s, code, 0, {});
    m_finished = true;
    if (!m_socket || m_life.expired())
        return;
    const QByteArray bytes = QJsonDocument(
        SandboxContext::errorBody(m_envelope, status, code, message, param, m_requestId))
                                 .toJson(QJsonDocument::Compact);
    QList<QPair<QByteArray, QByteArray>> extra;
    if (status == 429) {
        extra.append({"retry-after"_ba, "1"_ba});
        extra.append({"retry-after-ms"_ba, "1000"_ba});
    }
    // A 409 duplicate_out_task_id is final: a retry would meet the same conflict.
    const bool retryable = isRetryableStatus(status) && code != "duplicate_out_task_id"_L1;
    extra.append({"x-should-retry"_ba, retryable ? "true"_ba : "false"_ba});
    writeHead(status, "application/json", bytes.size(), extra);
    m_socket->write(bytes);
    closeIfAsked();
}

bool Call::failWithFault()
{
    switch (m_fault) {
    case Fault::ContentPolicy:
        fail(451, u"content_policy_violation"_s,
            u"the request was blocked by upstream safety (sandbox fault)"_s);
        return true;
    case Fault::Watermark:
        fail(422, u"watermark_detected"_s,
            u"watermark detection tripped on the output (sandbox fault)"_s);
        return true;
    case Fault::Upstream502:
        fail(502, u"upstream_error"_s, u"the upstream provider failed (sandbox fault)"_s);
        return true;
    case Fault::Overloaded:
        fail(529, u"overloaded"_s, u"the upstream is overloaded (sandbox fault)"_s);
        return true;
    case Fault::RateLimit:
        fail(429, u"rate_limit_error"_s, u"rate limited, retry after 1 s (sandbox fault)"_s);
        return true;
    case Fault::InsufficientBalance:
        fail(402, u"insufficient_balance"_s, u"insufficient balance (sandbox fault)"_s);
        return true;
    default:
        return false;
    }
}

void Call::beginStream(const QByteArray &contentType, int status)
{
    if (m_finished || m_streaming || !m_socket)
        return;
    m_streaming = true;
    // HTTP/1.0 has no chunked coding: the stream ends with the connection.
    if (m_http10)
        writeHead(status, contentType, -1, {{"Cache-Control"_ba, "no-cache"_ba}});
    else
        writeHead(status, contentType, -1,
            {{"Cache-Control"_ba, "no-cache"_ba}, {"Transfer-Encoding"_ba, "chunked"_ba}});
}

void Call::writeChunk(const QByteArray &data)
{
    if (!m_streaming || m_finished || !m_socket || data.isEmpty())
        return;
    if (m_http10)
        m_socket->write(data);
    else
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void Call::endStream(Credits cost, const UsageRow &facts, const QString &status)
{
    if (m_finished)
        return;
    settle(cost);
    record(status, {}, cost, facts);
    closeStream();
}

void Call::endStreamFailed(const QString &errorCode)
{
    if (m_finished)
        return;
    settle(0);
    record(u"failed"_s, errorCode, 0, {});
    closeStream();
}

void Call::closeStream()
{
    m_finished = true;
    if (m_socket && m_streaming && !m_http10)
        m_socket->write("0\r\n\r\n"); // the last chunk; HTTP/1.0 streams end with the close
    closeIfAsked();
}

void Call::abortConnection(const QString &errorCode)
{
    if (m_finished)
        return;
    settle(0);
    record(u"failed"_s, errorCode, 0, {});
    m_finished = true;
    if (m_socket) {
        // Mid-stream, announce a chunk and cut it short: a close at a chunk boundary is
        // not always reported as an error by clients, a cut inside a chunk always is.
        if (m_streaming && !m_http10)
            m_socket->write("400\r\nevent: ");
        m_socket->flush();
        m_socket->disconnectFromHost();
    }
}

void Call::abandon(const QString &status)
{
    if (m_finished)
        return;
    settle(0);
    record(status, u"client_closed"_s, 0, {});
    m_finished = true;
}

// ---- SandboxContext -----------------------------------------------------------------

SandboxContext::SandboxContext(const SandboxOptions &options, QObject *guard)
    : m_options(options)
    , m_guard(guard)
    , m_card(RateCard::bundled())
    , m_rng(options.seed ? options.seed : 0x5eed5eedULL)
{
    // Served byte for byte as bundled; the parsed card is only for the cost rules.
    QFile bundled(u":/bytespike/pricing.json"_s);
    m_cardJson = bundled.open(QIODevice::ReadOnly) ? bundled.readAll() : m_card.toJson();
    if (m_options.keys.isEmpty())
        m_options.keys.append({SandboxServer::defaultKey(), 100 * kCreditsPerUsd});
    for (const auto &k : std::as_const(m_options.keys))
        m_accounts.add(k.first, k.second);
    if (m_options.timeScale <= 0)
        m_options.timeScale = 1.0;
}

SandboxContext::~SandboxContext()
{
    shutdown();
    m_life.reset();
}

void SandboxContext::shutdown()
{
    m_shuttingDown = true;
    m_pool.clear();
    m_pool.waitForDone();
}

int SandboxContext::scaledMs(double ms) const
{
    return std::max(1, static_cast<int>(ms * m_options.timeScale));
}

QString SandboxContext::fileUrl(const QString &fileId) const
{
    return m_baseUrl + u"/v1/files/"_s + fileId;
}

QString SandboxContext::newRequestId()
{
    return randomId(u"req_", 24);
}

CallPtr SandboxContext::begin(const QHttpServerRequest &request, QHttpServerResponder &&responder,
    Envelope envelope, const QString &route, const CallOptions &options)
{
    auto call
        = std::make_shared<Call>(*this, request, std::move(responder), envelope, route, options);
    if (!checkCall(call, options))
        return nullptr;
    if (options.parseJson) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(call->m_body, &error);
        if (!acceptJson(call, doc, error))
            return nullptr;
    }
    return finishCall(call, options) ? call : nullptr;
}

void SandboxContext::start(const QHttpServerRequest &request, QHttpServerResponder &&responder,
    Envelope envelope, const QString &route, const CallOptions &options,
    std::function<void(const CallPtr &)> handler)
{
    if (!options.parseJson || request.body().size() <= kInlineParseBytes) {
        if (const CallPtr call = begin(request, std::move(responder), envelope, route, options))
            handler(call);
        return;
    }
    auto call
        = std::make_shared<Call>(*this, request, std::move(responder), envelope, route, options);
    if (!checkCall(call, options))
        return;
    struct Parsed
    {
        QJsonDocument doc;
        QJsonParseError error;
    };
    const QByteArray body = call->m_body;
    runThen(
        &m_pool, m_guard,
        [body] {
            Parsed p;
            p.doc = QJsonDocument::fromJson(body, &p.error);
            return p;
        },
        [this, call, options, handler = std::move(handler)](const Parsed &p) {
            if (!call->alive()) {
                call->abandon();
                return;
            }
            if (acceptJson(call, p.doc, p.error) && finishCall(call, options))
                handler(call);
        });
}

bool SandboxContext::checkCall(const CallPtr &call, const CallOptions &options)
{
    // x-api-key wins over Authorization: Bearer.
    QByteArray key = call->header("x-api-key");
    if (key.isEmpty()) {
        const QByteArray auth = call->header("authorization").trimmed();
        if (auth.size() > 7 && auth.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
            key = auth.mid(7).trimmed();
    }
    call->m_account = m_accounts.find(QString::fromUtf8(key));
    if (!call->m_account && options.requireAuth) {
        call->fail(401, u"invalid_api_key"_s,
            key.isEmpty() ? u"missing API key (x-api-key or Authorization: Bearer)"_s
                          : u"unknown or revoked API key"_s);
        return false;
    }
    if (call->m_body.size() > options.bodyLimit) {
        call->fail(413, u"request_too_large"_s,
            u"request body of %1 bytes is over the limit of %2 bytes"_s.arg(call->m_body.size())
                .arg(options.bodyLimit));
        return false;
    }
    if (const QByteArray name = call->header("x-sandbox-fault").trimmed(); !name.isEmpty()) {
        const auto fault = faultFromName(QString::fromLatin1(name));
        if (!fault) {
            call->fail(400, u"invalid_param"_s,
                unknownFaultMessage(u"x-sandbox-fault"_s, QString::fromLatin1(name.left(40))),
                u"x-sandbox-fault"_s);
            return false;
        }
        call->m_fault = *fault;
    }
    return true;
}

bool SandboxContext::acceptJson(
    const CallPtr &call, const QJsonDocument &doc, const QJsonParseError &error)
{
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        call->fail(400, u"invalid_param"_s,
            error.error != QJsonParseError::NoError
                ? u"malformed JSON body: %1 at offset %2"_s.arg(error.errorString())
                      .arg(error.offset)
                : u"the body must be a JSON object"_s);
        return false;
    }
    call->m_json = doc.object();
    // The usage row names the model even when the call fails early.
    call->m_model = m_card.canonicalModel(call->m_json.value("model"_L1).toString());
    return true;
}

bool SandboxContext::finishCall(const CallPtr &call, const CallOptions &options)
{
    if (call->m_fault == Fault::None) {
        if (const auto tag = faultTag(faultScope(call->m_json, call->m_body))) {
            const auto fault = faultFromName(*tag);
            if (!fault) {
                call->fail(400, u"invalid_param"_s,
                    unknownFaultMessage(u"[fault:%1]"_s.arg(*tag), *tag), {});
                return false;
            }
            call->m_fault = *fault;
        }
    }
    if (call->m_fault == Fault::None && options.billable)
        call->m_fault = randomFault();
    if (!options.billable && call->failWithFault())
        return false;
    return true;
}

QJsonObject SandboxContext::errorBody(Envelope envelope, int status, const QString &code,
    const QString &message, const QString &param, const QString &requestId)
{
    if (envelope == Envelope::Anthropic) {
        return QJsonObject {
            {u"type"_s, u"error"_s},
            {u"error"_s,
                QJsonObject {{u"type"_s, anthropicErrorType(status)}, {u"message"_s, message}}},
            {u"request_id"_s, requestId},
        };
    }
    return QJsonObject {
        {u"error"_s,
            QJsonObject {
                {u"message"_s, message},
                {u"type"_s, openAiErrorType(status)},
                {u"param"_s, param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(param)},
                {u"code"_s, code},
            }},
    };
}

QList<QPair<QByteArray, QByteArray>> SandboxContext::quotaHeaders(
    const Account *account, const QString &requestId) const
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    Credits windowLeft = Accounts::kWindowBudget;
    qint64 reset = now - now % Accounts::kWindowSeconds + Accounts::kWindowSeconds;
    Credits remaining = 0;
    if (account) {
        if (now - account->windowStartS < Accounts::kWindowSeconds) {
            windowLeft -= account->windowSpent;
            reset = account->windowStartS + Accounts::kWindowSeconds;
        }
        remaining = account->remaining();
    }
    return {
        {"request-id"_ba, requestId.toLatin1()},
        {"X-RateLimit-Limit"_ba, usdText(Accounts::kWindowBudget).toLatin1()},
        {"X-RateLimit-Remaining"_ba, usdText(std::max<Credits>(0, windowLeft)).toLatin1()},
        {"X-RateLimit-Reset"_ba, QByteArray::number(reset)},
        {"X-Quota-Remaining-Credits"_ba, usdText(remaining).toLatin1()},
    };
}

void SandboxContext::later(const CallPtr &call, int delayMs, std::function<void()> fn)
{
    auto run = [call, fn = std::move(fn)] {
        if (!call->alive()) {
            call->abandon();
            return;
        }
        fn();
    };
    if (delayMs <= 0)
        run();
    else
        QTimer::singleShot(delayMs, m_guard.data(), std::move(run));
}

Fault SandboxContext::randomFault()
{
    if (m_options.faultRate <= 0)
        return Fault::None;
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    if (coin(m_rng) >= m_options.faultRate)
        return Fault::None;
    static constexpr Fault kRandom[] = {Fault::ContentPolicy, Fault::Watermark, Fault::Upstream502,
        Fault::Overloaded, Fault::RateLimit, Fault::Malformed};
    std::uniform_int_distribution<int> pick(0, int(std::size(kRandom)) - 1);
    return kRandom[pick(m_rng)];
}

} // namespace bsp::sandbox
