#pragma once

// A small HTTP/1.1 load generator for bench_sandbox_load: N keep-alive connections on
// raw QTcpSockets, one request in flight per connection (no pipelining), bounded by a
// duration and a request count. Each request's latency is taken from the write to
// the last byte of its response. It runs in the calling thread's event loop.
// Header-only: the bench build compiles one source per program.

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace bsp::bench {

struct LoadConfig
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QByteArray request; // the whole request, sent as is on every round
    int connections = 32;
    qint64 durationMs = 5000;
    qint64 maxRequests = 200000;
    qint64 requestTimeoutMs = 2000;
};

struct LoadResult
{
    qint64 completed = 0; // 200 answers
    qint64 errors = 0; // other statuses, resets, timeouts, refused connects
    qint64 reconnects = 0;
    double seconds = 0; // from the first write to the last answer
    QList<qint64> latencyNs; // of the 200 answers, sorted
    QStringList errorSamples; // the first few, for the report
};

class LoadClient final
{
    Q_DISABLE_COPY_MOVE(LoadClient)

public:
    explicit LoadClient(LoadConfig config) : m_config(std::move(config)) { }

    LoadResult run();

private:
    struct Conn
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        qint64 sentAt = 0;
        bool busy = false;
        bool connected = false;
        bool done = false;
    };
    enum class Parse { Incomplete, Complete, Malformed };

    void open(int i);
    void send(int i);
    void readAnswers(int i);
    Parse parseOne(Conn &c, int &status, bool &closeAfter);
    void fail(int i, const QString &why);
    void drop(int i);
    void retire(int i);
    bool mayStart() const;
    void watchdog();
    void recordError(const QString &why);

    LoadConfig m_config;
    QObject m_owner; // parent and connection context of the sockets
    QList<Conn> m_conns;
    QElapsedTimer m_clock;
    LoadResult m_result;
    qint64 m_started = 0;
    qint64 m_lastAnswerNs = 0;
    int m_retired = 0;
    QEventLoop m_loop;
};

inline LoadResult LoadClient::run()
{
    m_conns = QList<Conn>(m_config.connections);
    m_result = {};
    m_result.latencyNs.reserve(std::min<qint64>(m_config.maxRequests, 1'000'000));
    m_started = 0;
    m_retired = 0;

    QTimer watch;
    watch.setInterval(50);
    QObject::connect(&watch, &QTimer::timeout, &m_owner, [this] { watchdog(); });
    // A hard stop, should the server stop answering altogether.
    QTimer hardStop;
    hardStop.setSingleShot(true);
    QObject::connect(&hardStop, &QTimer::timeout, &m_loop, &QEventLoop::quit);

    m_clock.start();
    for (int i = 0; i < m_conns.size(); ++i)
        open(i);
    watch.start();
    hardStop.start(int(m_config.durationMs + 2 * m_config.requestTimeoutMs + 1000));
    m_loop.exec();

    for (int i = 0; i < m_conns.size(); ++i) {
        if (m_conns.at(i).busy)
            recordError(QStringLiteral("unanswered at the hard stop"));
        drop(i);
    }
    m_result.seconds = double(m_lastAnswerNs) / 1e9;
    std::sort(m_result.latencyNs.begin(), m_result.latencyNs.end());
    return m_result;
}

inline bool LoadClient::mayStart() const
{
    return m_clock.elapsed() < m_config.durationMs && m_started < m_config.maxRequests;
}

inline void LoadClient::open(int i)
{
    Conn &c = m_conns[i];
    c = Conn {};
    c.sentAt = m_clock.nsecsElapsed(); // the connect counts against the timeout too
    auto *s = new QTcpSocket(&m_owner);
    c.socket = s;
    QObject::connect(s, &QTcpSocket::connected, &m_owner, [this, i] {
        m_conns[i].connected = true;
        m_conns[i].socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        send(i);
    });
    QObject::connect(s, &QTcpSocket::readyRead, &m_owner, [this, i] { readAnswers(i); });
    QObject::connect(s, &QTcpSocket::errorOccurred, &m_owner, [this, i] {
        Conn &conn = m_conns[i];
        if (conn.busy || !conn.connected) {
            fail(i, conn.socket->errorString());
            return;
        }
        // The server closed an idle keep-alive connection: not an error, open another.
        drop(i);
        if (mayStart()) {
            ++m_result.reconnects;
            open(i);
        } else {
            retire(i);
        }
    });
    s->connectToHost(m_config.host, m_config.port);
}

inline void LoadClient::send(int i)
{
    Conn &c = m_conns[i];
    if (!mayStart()) {
        retire(i);
        return;
    }
    ++m_started;
    c.busy = true;
    c.sentAt = m_clock.nsecsElapsed();
    c.socket->write(m_config.request);
}

inline void LoadClient::readAnswers(int i)
{
    Conn &c = m_conns[i];
    c.buffer += c.socket->readAll();
    int status = 0;
    bool closeAfter = false;
    switch (parseOne(c, status, closeAfter)) {
    case Parse::Incomplete:
        return;
    case Parse::Malformed:
        fail(i, QStringLiteral("malformed response"));
        return;
    case Parse::Complete:
        break;
    }
    if (!c.busy) {
        fail(i, QStringLiteral("response without a request"));
        return;
    }
    const qint64 now = m_clock.nsecsElapsed();
    c.busy = false;
    m_lastAnswerNs = now;
    if (status == 200) {
        ++m_result.completed;
        m_result.latencyNs.append(now - c.sentAt);
    } else {
        recordError(QStringLiteral("HTTP %1").arg(status));
    }
    if (closeAfter) {
        drop(i);
        if (mayStart()) {
            ++m_result.reconnects;
            open(i);
        } else {
            retire(i);
        }
        return;
    }
    // One request in flight per connection, so nothing else can be buffered yet.
    send(i);
}

namespace detail {

// The value of header `name` (lower case) in a lower-cased head, or empty.
inline QByteArray headerValue(const QByteArray &head, QByteArrayView name)
{
    const QByteArray key = "\r\n" + name.toByteArray() + ':';
    const qsizetype at = head.indexOf(key);
    if (at < 0)
        return {};
    const qsizetype from = at + key.size();
    qsizetype to = head.indexOf("\r\n", from);
    if (to < 0)
        to = head.size();
    return head.mid(from, to - from).trimmed();
}

} // namespace detail

inline LoadClient::Parse LoadClient::parseOne(Conn &c, int &status, bool &closeAfter)
{
    const qsizetype headerEnd = c.buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return c.buffer.size() > 64 * 1024 ? Parse::Malformed : Parse::Incomplete;
    const QByteArray head = c.buffer.left(headerEnd).toLower();
    if (!head.startsWith("http/1.") || head.size() < 12)
        return Parse::Malformed;
    bool ok = false;
    status = head.mid(9, 3).toInt(&ok);
    if (!ok)
        return Parse::Malformed;
    const QByteArray connection = detail::headerValue(head, "connection");
    closeAfter
        = connection == "close" || (head.startsWith("http/1.0") && connection != "keep-alive");
    const qsizetype bodyAt = headerEnd + 4;

    const QByteArray length = detail::headerValue(head, "content-length");
    if (!length.isEmpty()) {
        const qsizetype n = length.toLongLong(&ok);
        if (!ok || n < 0)
            return Parse::Malformed;
        if (c.buffer.size() < bodyAt + n)
            return Parse::Incomplete;
        c.buffer.remove(0, bodyAt + n);
        return Parse::Complete;
    }
    if (detail::headerValue(head, "transfer-encoding") != "chunked")
        return Parse::Malformed; // a keep-alive answer must say where it ends
    for (qsizetype at = bodyAt;;) {
        const qsizetype lineEnd = c.buffer.indexOf("\r\n", at);
        if (lineEnd < 0)
            return Parse::Incomplete;
        QByteArray sizeText = c.buffer.mid(at, lineEnd - at);
        if (const qsizetype semi = sizeText.indexOf(';'); semi >= 0)
            sizeText.truncate(semi);
        const qsizetype size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return Parse::Malformed;
        if (size == 0) { // no trailers are expected
            if (c.buffer.size() < lineEnd + 4)
                return Parse::Incomplete;
            c.buffer.remove(0, lineEnd + 4);
            return Parse::Complete;
        }
        at = lineEnd + 2 + size + 2;
        if (c.buffer.size() < at)
            return Parse::Incomplete;
    }
}

inline void LoadClient::fail(int i, const QString &why)
{
    recordError(why);
    drop(i);
    if (mayStart()) {
        ++m_result.reconnects;
        open(i);
    } else {
        retire(i);
    }
}

inline void LoadClient::drop(int i)
{
    Conn &c = m_conns[i];
    if (c.socket) {
        QObject::disconnect(c.socket, nullptr, &m_owner, nullptr);
        c.socket->abort();
        c.socket->deleteLater();
        c.socket = nullptr;
    }
    c.busy = false;
    c.connected = false;
    c.buffer.clear();
}

inline void LoadClient::retire(int i)
{
    Conn &c = m_conns[i];
    if (c.done)
        return;
    if (c.socket) {
        // A polite close, so the server sees an end of stream and no reset.
        QObject::disconnect(c.socket, nullptr, &m_owner, nullptr);
        c.socket->disconnectFromHost();
        c.socket->deleteLater();
        c.socket = nullptr;
    }
    c.busy = false;
    c.done = true;
    ++m_retired;
    if (m_retired == m_conns.size())
        m_loop.quit();
}

inline void LoadClient::watchdog()
{
    const qint64 now = m_clock.nsecsElapsed();
    for (int i = 0; i < m_conns.size(); ++i) {
        const Conn &c = m_conns.at(i);
        if (c.done || !(c.busy || !c.connected))
            continue;
        if (now - c.sentAt > m_config.requestTimeoutMs * 1'000'000)
            fail(i, c.connected ? QStringLiteral("timeout") : QStringLiteral("connect timeout"));
    }
}

inline void LoadClient::recordError(const QString &why)
{
    ++m_result.errors;
    if (m_result.errorSamples.size() < 5)
        m_result.errorSamples.append(why);
}

} // namespace bsp::bench
