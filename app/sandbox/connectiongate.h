#pragma once

// The connection layer in front of the sandbox's QHttpServer. QHttpServer 6.4 reads a
// whole request (however large) before any route can refuse it, and has no timeouts,
// no connection cap and no HTTP/1.0 handling. The gate owns every client socket: it
// reads each request head itself, refuses what breaks a limit at once (431, 413 on the
// declared length, 408 on a slow head, 503 over the connection cap), answers
// `Expect: 100-continue`, decodes chunked bodies up to the limit, and only then passes
// the request, normalised to HTTP/1.1 with a Content-Length, to QHttpServer over a local
// socket pair. Answers flow back byte for byte.

#include <QByteArray>
#include <QByteArrayView>
#include <QTcpServer>

#include <functional>
#include <memory>

namespace bsp::sandbox {

struct GateLimits
{
    int headerTimeoutMs = 30'000; // to send a request head, from its first byte (or the accept)
    int idleTimeoutMs = 120'000; // no byte either way for this long closes the connection
    int maxConnections = 512; // open client connections; the next one gets a 503
    qsizetype maxHeadBytes = 64 * 1024; // request line + headers; over it: 431
    int maxHeaderCount = 100;
    std::function<qsizetype(QByteArrayView path)> bodyLimit; // 413 above it
};

// The header the gate adds for QHttpServer's side (any copy from a client is dropped):
// "1.0" for an HTTP/1.0 request, "close" when an HTTP/1.1 client asked to close.
inline constexpr QByteArrayView kConnectionHeader = "x-sandbox-connection";

class ConnectionGate final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGate)

public:
    explicit ConnectionGate(GateLimits limits, QObject *parent = nullptr);
    ~ConnectionGate() override;

    const GateLimits &limits() const { return m_limits; }
    int openConnections() const { return *m_open; }

    // One complete, checked request as the gate parsed it (exposed for tests and fuzzing).
    struct Head
    {
        QByteArray method;
        QByteArray target;
        QByteArray version; // "HTTP/1.0" or "HTTP/1.1"
        QList<QPair<QByteArray, QByteArray>> headers;
        qint64 contentLength = 0;
        bool chunked = false;
        bool expectContinue = false;
        bool close = false; // 1.0, or Connection: close
    };
    // Parses a request head (without the blank line). 0 on success, or the status of the
    // refusal (400, 431, 501, 505) with `error` set.
    static int parseHead(QByteArrayView head, int maxHeaderCount, Head *out, QString *error);

Q_SIGNALS:
    // A connection was refused because the cap was reached.
    void connectionRefused();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    friend class GateConnection;
    void handOver(qintptr innerDescriptor);

    GateLimits m_limits;
    // Shared with each connection, which counts itself out when it goes (also while the
    // gate itself is being destroyed).
    std::shared_ptr<int> m_open = std::make_shared<int>(0);
};

} // namespace bsp::sandbox
