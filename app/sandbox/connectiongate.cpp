#include "sandbox/connectiongate.h"

#include "sandbox/context.h"
#include "sandbox/httpkit.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

constexpr qint64 kReadChunk = 256 * 1024;
// How long, and how much, a refused client may keep sending before the close: enough for
// a client that sends its whole body before it reads (a close with unread input would
// reset the answer away), bounded for one that announced gigabytes.
constexpr int kDrainMs = 3000;
constexpr qint64 kDrainBytes = 2 * kDefaultBodyLimit;

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    const QList<QByteArray> items = list.toByteArray().split(',');
    for (const QByteArray &item : items) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A socket for a descriptor, or nullptr (the descriptor closed).
QTcpSocket *adoptSocket(qintptr descriptor, QObject *parent)
{
    auto *socket = new QTcpSocket(parent);
    if (socket->setSocketDescriptor(descriptor))
        return socket;
    ::close(int(descriptor));
    delete socket;
    return nullptr;
}

// A refusal the gate writes itself: the route's error envelope, free, then the close.
QByteArray refusal(const QByteArray &version, int status, const QString &code,
    const QString &message, QByteArrayView target, const QByteArray &extraHeaders = {})
{
    const Envelope envelope
        = target.startsWith("/v1/messages") ? Envelope::Anthropic : Envelope::OpenAI;
    const QString requestId = SandboxContext::newRequestId();
    const QByteArray body
        = QJsonDocument(SandboxContext::errorBody(envelope, status, code, message, {}, requestId))
              .toJson(QJsonDocument::Compact);
    return version + ' ' + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\nrequest-id: " + requestId.toLatin1() + "\r\n" + extraHeaders
        + "\r\n" + body;
}

} // namespace

int ConnectionGate::parseHead(QByteArrayView head, int maxHeaderCount, Head *out, QString *error)
{
    *out = Head();
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    if (lines.isEmpty()) {
        *error = u"empty request"_s;
        return 400;
    }
    const QByteArray requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()) {
        *error = u"malformed request line"_s;
        return 400;
    }
    out->method = parts.at(0);
    out->target = parts.at(1);
    out->version = parts.at(2);
    if (out->version != "HTTP/1.1" && out->version != "HTTP/1.0") {
        *error = u"HTTP version %1 is not supported (HTTP/1.0 and HTTP/1.1 are)"_s.arg(
            QString::fromLatin1(out->version.left(16)));
        return out->version.startsWith("HTTP/") ? 505 : 400;
    }
    const bool http10 = out->version == "HTTP/1.0";
    out->close = http10;
    bool haveLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if (line.front() == ' ' || line.front() == '\t') {
            *error = u"folded header lines are not accepted"_s;
            return 400;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            *error = u"malformed header line %1"_s.arg(i);
            return 400;
        }
        if (out->headers.size() >= maxHeaderCount) {
            *error = u"more than %1 header fields"_s.arg(maxHeaderCount);
            return 431;
        }
        const QByteArray name = line.left(colon);
        const QByteArray value = line.mid(colon + 1).trimmed();
        const QByteArray lower = name.toLower();
        if (lower == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || value.startsWith('+')
                || (haveLength && length != out->contentLength)) {
                *error = u"invalid Content-Length"_s;
                return 400;
            }
            haveLength = true;
            out->contentLength = length;
            continue;
        }
        if (lower == "transfer-encoding") {
            if (value.trimmed().compare("chunked", Qt::CaseInsensitive) != 0 || http10) {
                *error = u"Transfer-Encoding %1 is not supported"_s.arg(
                    QString::fromLatin1(value.left(40)));
                return 501;
            }
            out->chunked = true;
            continue;
        }
        if (lower == "expect") {
            if (value.compare("100-continue", Qt::CaseInsensitive) != 0) {
                *error = u"unsupported expectation"_s;
                return 417;
            }
            out->expectContinue = !http10;
            continue;
        }
        if (lower == "connection") {
            if (hasToken(value, "close"))
                out->close = true;
            continue;
        }
        if (lower == kConnectionHeader || lower == "keep-alive" || lower == "upgrade")
            continue; // hop-by-hop, or the gate's own marker: never passed on
        out->headers.append({name, value});
    }
    if (out->chunked && haveLength) {
        *error = u"both Content-Length and Transfer-Encoding"_s;
        return 400;
    }
    return 0;
}

// One client connection: its socket, the gate's end of the pair to QHttpServer, the
// parser state of the request being read, and the two timers.
class GateConnection final : public QObject
{
public:
    GateConnection(ConnectionGate *gate, QTcpSocket *client);
    ~GateConnection() override;

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, Done, Draining };

    void onClientData();
    void onInnerData();
    void process();
    bool takeHead();
    bool takeBody();
    bool takeChunked();
    void forwardHead(qint64 contentLength);
    void finishRequest();
    void refuse(int status, const QString &code, const QString &message);
    void close();
    void touch();
    qsizetype bodyLimit() const;

    ConnectionGate *m_gate;
    std::shared_ptr<int> m_openCount;
    QTcpSocket *m_client;
    QTcpSocket *m_inner = nullptr; // the gate's end of the socket pair
    QTimer m_headTimer;
    QTimer m_idleTimer;
    QByteArray m_buffer; // client bytes not parsed yet
    State m_state = State::Head;
    ConnectionGate::Head m_head;
    qint64 m_remaining = 0; // of the Content-Length body, or of the current chunk
    QByteArray m_chunked; // a chunked body, decoded
    qint64 m_drained = 0;
    bool m_innerClosed = false;
};

GateConnection::GateConnection(ConnectionGate *gate, QTcpSocket *client)
    : QObject(gate), m_gate(gate), m_openCount(gate->m_open), m_client(client)
{
    ++*m_openCount;
    m_client->setParent(this);
    // Qt stops reading from the kernel past this: a client that sends faster than the
    // gate parses is held back by TCP instead of growing a buffer.
    m_client->setReadBufferSize(4 * kReadChunk);
    m_headTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    connect(&m_headTimer, &QTimer::timeout, this, [this] {
        refuse(408, u"request_timeout"_s,
            u"the request head did not arrive within %1 ms"_s.arg(
                m_gate->limits().headerTimeoutMs));
    });
    connect(&m_idleTimer, &QTimer::timeout, this, [this] { close(); });
    connect(m_client, &QTcpSocket::readyRead, this, &GateConnection::onClientData);
    connect(m_client, &QTcpSocket::disconnected, this, [this] {
        if (m_inner)
            m_inner->abort();
        deleteLater();
    });
    connect(m_client, &QTcpSocket::bytesWritten, this, [this] {
        touch();
        // A refusal: once it is out, stop sending and read what still comes until the
        // client closes (a close with unread input would reset the answer away).
        if (m_state == State::Draining && m_client->bytesToWrite() == 0)
            ::shutdown(int(m_client->socketDescriptor()), SHUT_WR);
    });

    int pair[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        refuse(503, u"server_busy"_s, u"the sandbox cannot open a connection now"_s);
        return;
    }
    m_inner = adoptSocket(pair[0], this);
    if (!m_inner) {
        ::close(pair[1]);
        refuse(503, u"server_busy"_s, u"the sandbox cannot open a connection now"_s);
        return;
    }
    connect(m_inner, &QTcpSocket::readyRead, this, &GateConnection::onInnerData);
    connect(m_inner, &QTcpSocket::disconnected, this, [this] {
        // The server side closed (an HTTP/1.0 answer, Connection: close, drop_stream):
        // pass on what is left, then close the client once it is written.
        m_innerClosed = true;
        onInnerData();
        if (m_state != State::Draining)
            m_client->disconnectFromHost();
    });
    m_gate->handOver(pair[1]);
    m_headTimer.start(m_gate->limits().headerTimeoutMs);
    touch();
    if (m_client->bytesAvailable() > 0)
        onClientData();
}

GateConnection::~GateConnection()
{
    --*m_openCount;
}

void GateConnection::touch()
{
    if (m_state != State::Draining)
        m_idleTimer.start(m_gate->limits().idleTimeoutMs);
}

qsizetype GateConnection::bodyLimit() const
{
    const QByteArrayView target(m_head.target);
    const qsizetype q = target.indexOf('?');
    const QByteArrayView path = q < 0 ? target : target.first(q);
    const auto &limit = m_gate->limits().bodyLimit;
    return limit ? limit(path) : kDefaultBodyLimit;
}

void GateConnection::onClientData()
{
    touch();
    if (!m_client->isOpen())
        return;
    if (m_state == State::Draining) {
        const QByteArray junk = m_client->readAll();
        m_drained += junk.size();
        if (m_drained > kDrainBytes)
            m_client->abort();
        return;
    }
    if (m_state == State::Done)
        return; // after a closing request: nothing more is read
    process();
}

void GateConnection::process()
{
    while (m_state != State::Done && m_state != State::Draining) {
        // Read no more than a chunk ahead of the parser, so an oversized body stops at
        // the limit instead of filling memory.
        if (m_buffer.size() < kReadChunk && m_client->bytesAvailable() > 0)
            m_buffer += m_client->read(kReadChunk - m_buffer.size());
        bool progressed = false;
        if (m_state == State::Head)
            progressed = takeHead();
        else if (m_state == State::Body)
            progressed = takeBody();
        else
            progressed = takeChunked();
        if (!progressed && (m_client->bytesAvailable() == 0 || m_buffer.size() >= kReadChunk))
            return;
    }
}

bool GateConnection::takeHead()
{
    // Blank lines between requests are allowed (RFC 9112 2.2).
    qsizetype skip = 0;
    while (skip < m_buffer.size() && (m_buffer[skip] == '\r' || m_buffer[skip] == '\n'))
        ++skip;
    if (skip)
        m_buffer.remove(0, skip);
    if (m_buffer.isEmpty())
        return false;
    if (!m_headTimer.isActive())
        m_headTimer.start(m_gate->limits().headerTimeoutMs);
    const qsizetype maxHead = m_gate->limits().maxHeadBytes;
    qsizetype end = m_buffer.indexOf("\r\n\r\n");
    qsizetype bodyStart = end + 4;
    if (const qsizetype lf = m_buffer.indexOf("\n\n"); lf >= 0 && (end < 0 || lf < end)) {
        end = lf;
        bodyStart = lf + 2;
    }
    if (end < 0) {
        if (m_buffer.size() > maxHead)
            refuse(431, u"request_header_fields_too_large"_s,
                u"the request head is over the limit of %1 bytes"_s.arg(maxHead));
        return false;
    }
    if (end > maxHead) {
        refuse(431, u"request_header_fields_too_large"_s,
            u"the request head is over the limit of %1 bytes"_s.arg(maxHead));
        return false;
    }
    QString error;
    const int status = ConnectionGate::parseHead(
        QByteArrayView(m_buffer).first(end), m_gate->limits().maxHeaderCount, &m_head, &error);
    m_buffer.remove(0, bodyStart);
    m_headTimer.stop();
    if (status != 0) {
        refuse(status, status == 431 ? u"request_header_fields_too_large"_s : u"invalid_request"_s,
            error);
        return false;
    }
    const qsizetype limit = bodyLimit();
    if (!m_head.chunked && m_head.contentLength > limit) {
        // Refused on the declared length: the body is never read.
        refuse(413, u"request_too_large"_s,
            u"request body of %1 bytes is over the limit of %2 bytes"_s.arg(m_head.contentLength)
                .arg(limit));
        return false;
    }
    if (m_head.expectContinue && (m_head.chunked || m_head.contentLength > 0))
        m_client->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (m_head.chunked) {
        m_chunked.clear();
        m_state = State::ChunkSize;
    } else {
        forwardHead(m_head.contentLength);
        m_remaining = m_head.contentLength;
        m_state = State::Body;
        if (m_remaining == 0)
            finishRequest();
    }
    return true;
}

void GateConnection::forwardHead(qint64 contentLength)
{
    QByteArray out;
    out.reserve(512);
    out += m_head.method + ' ' + m_head.target + " HTTP/1.1\r\n";
    bool host = false;
    for (const auto &h : std::as_const(m_head.headers)) {
        host = host || h.first.compare("host", Qt::CaseInsensitive) == 0;
        out += h.first + ": " + h.second + "\r\n";
    }
    if (!host)
        out += "Host: sandbox\r\n";
    out += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (m_head.version == "HTTP/1.0")
        out += kConnectionHeader.toByteArray() + ": 1.0\r\n";
    else if (m_head.close)
        out += kConnectionHeader.toByteArray() + ": close\r\n";
    out += "\r\n";
    if (m_inner)
        m_inner->write(out);
}

bool GateConnection::takeBody()
{
    if (m_buffer.isEmpty())
        return false;
    const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
    if (m_inner)
        m_inner->write(m_buffer.constData(), n);
    m_buffer.remove(0, n);
    m_remaining -= n;
    if (m_remaining == 0)
        finishRequest();
    return n > 0;
}

bool GateConnection::takeChunked()
{
    if (m_state == State::ChunkData) {
        if (m_buffer.isEmpty())
            return false;
        const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
        m_chunked.append(m_buffer.constData(), n);
        m_buffer.remove(0, n);
        m_remaining -= n;
        if (m_remaining == 0)
            m_state = State::ChunkEnd;
        return true;
    }
    const qsizetype eol = m_buffer.indexOf('\n');
    if (eol < 0) {
        if (m_buffer.size() > 4096)
            refuse(400, u"invalid_request"_s, u"malformed chunked body"_s);
        return false;
    }
    QByteArray line = m_buffer.left(eol).trimmed();
    m_buffer.remove(0, eol + 1);
    if (m_state == State::ChunkEnd) {
        if (!line.isEmpty())
            refuse(400, u"invalid_request"_s, u"malformed chunked body"_s);
        else
            m_state = State::ChunkSize;
        return true;
    }
    if (m_state == State::Trailer) {
        if (line.isEmpty()) {
            forwardHead(m_chunked.size());
            if (m_inner)
                m_inner->write(m_chunked);
            m_chunked.clear();
            finishRequest();
        }
        return true;
    }
    // ChunkSize: hex size, optional extensions.
    if (const qsizetype semi = line.indexOf(';'); semi >= 0)
        line.truncate(semi);
    bool ok = false;
    const qint64 size = line.trimmed().toLongLong(&ok, 16);
    if (!ok || size < 0 || line.trimmed().size() > 15) {
        refuse(400, u"invalid_request"_s, u"malformed chunk size"_s);
        return false;
    }
    const qsizetype limit = bodyLimit();
    if (m_chunked.size() + size > limit) {
        // Stops at the limit: the rest of the body is never stored.
        refuse(413, u"request_too_large"_s,
            u"chunked request body is over the limit of %1 bytes"_s.arg(limit));
        return false;
    }
    m_remaining = size;
    m_state = size == 0 ? State::Trailer : State::ChunkData;
    return true;
}

void GateConnection::finishRequest()
{
    m_state = m_head.close ? State::Done : State::Head;
}

void GateConnection::onInnerData()
{
    if (!m_inner || !m_inner->isOpen())
        return;
    touch();
    const QByteArray data = m_inner->readAll();
    if (!data.isEmpty() && m_state != State::Draining)
        m_client->write(data);
}

void GateConnection::refuse(int status, const QString &code, const QString &message)
{
    if (m_state == State::Draining)
        return;
    m_state = State::Draining;
    m_headTimer.stop();
    m_idleTimer.stop();
    if (m_inner) {
        m_inner->abort();
    }
    const QByteArray version = m_head.version == "HTTP/1.0" ? "HTTP/1.0"_ba : "HTTP/1.1"_ba;
    m_client->write(
        refusal(version, status, code, message, m_head.target, "x-should-retry: false\r\n"));
    m_buffer.clear();
    m_chunked.clear();
    QTimer::singleShot(kDrainMs, this, [this] { m_client->abort(); });
    if (m_client->bytesAvailable() > 0)
        onClientData();
}

void GateConnection::close()
{
    if (m_inner)
        m_inner->abort();
    m_client->abort();
}

// ---- ConnectionGate ------------------------------------------------------------------

ConnectionGate::ConnectionGate(GateLimits limits, QObject *parent)
    : QTcpServer(parent), m_limits(std::move(limits))
{ }

ConnectionGate::~ConnectionGate() = default;

void ConnectionGate::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *client = adoptSocket(socketDescriptor, this);
    if (!client)
        return;
    if (*m_open >= m_limits.maxConnections) {
        // A clear refusal, then the close; the socket lives at most a moment.
        client->write(refusal("HTTP/1.1"_ba, 503, u"too_many_connections"_s,
            u"the sandbox has %1 open connections, its limit; close idle ones and retry"_s.arg(
                *m_open),
            {}, "Retry-After: 1\r\nx-should-retry: true\r\n"));
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        QTimer::singleShot(kDrainMs, client, [client] { client->abort(); });
        client->disconnectFromHost();
        Q_EMIT connectionRefused();
        return;
    }
    new GateConnection(this, client);
}

void ConnectionGate::handOver(qintptr innerDescriptor)
{
    QTcpSocket *inner = adoptSocket(innerDescriptor, this);
    if (!inner)
        return;
    // QHttpServer takes it from the pending queue (pendingConnectionAvailable).
    addPendingConnection(inner);
    QPointer<QTcpSocket> guard(inner);
    QTimer::singleShot(0, inner, [guard] {
        if (guard && guard->bytesAvailable() > 0)
            Q_EMIT guard->readyRead();
    });
}

} // namespace bsp::sandbox
