#pragma once

// A tiny HTTP/1.1 server on a random loopback port for the client tests that need an
// answer the sandbox never gives (a redirect to another port, a stalled body, a key
// echoed in an error): it records every request's headers and answers with a handler.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

namespace bsp::test {

struct SeenRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names in lower case
};

struct CannedReply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Sends the head and `body`, then keeps the socket open without finishing (a body
    // declared longer than what was sent, or a stream that never ends).
    bool stall = false;
    qint64 contentLength = -2; // -2: body.size(); -1: no Content-Length (close ends it)
};

class LoopbackHttp : public QTcpServer
{
public:
    using Handler = std::function<CannedReply(const SeenRequest &)>;

    explicit LoopbackHttp(Handler handler) : m_handler(std::move(handler))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    m_buffers.remove(s);
                    s->deleteLater();
                });
            }
        });
        if (!listen(QHostAddress::LocalHost, 0))
            qFatal("loopback server did not listen");
    }

    QString origin() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }
    QList<SeenRequest> seen;

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        SeenRequest req;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        req.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                req.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                    lines.at(i).mid(colon + 1).trimmed());
        }
        buf.clear(); // request bodies are not needed by these tests
        seen.append(req);
        const CannedReply r = m_handler(req);
        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + " X\r\n";
        for (const auto &[name, value] : r.headers)
            head += name + ": " + value + "\r\n";
        const qint64 length = r.contentLength == -2 ? r.body.size() : r.contentLength;
        if (length >= 0)
            head += "Content-Length: " + QByteArray::number(length) + "\r\n";
        if (!r.stall)
            head += "Connection: close\r\n";
        s->write(head + "\r\n" + r.body);
        s->flush();
        if (!r.stall)
            s->disconnectFromHost();
    }

    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace bsp::test
