// The sandbox's connection layer over raw loopback sockets: refusals on the declared
// length, Expect: 100-continue, chunked bodies cut at the limit, header and idle
// timeouts, the connection cap, HTTP/1.0 and Connection: close, oversized heads.
#include "core/money.h"
#include "sandbox/connectiongate.h"
#include "sandbox/sandboxserver.h"
#include "sandboxhttp.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp::sandbox;

namespace {

const QByteArray kKey = "sk-byts-sandbox";

// A raw client: writes bytes as given, reads with the event loop running (the server
// lives in this thread, so nothing here may block it).
class Raw
{
public:
    explicit Raw(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }
    bool connected()
    {
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // Waits for one whole response (head + Content-Length body, or until the close).
    QByteArray response(int timeoutMs = 10000)
    {
        QTest::qWaitFor(
            [this] {
                m_data += take();
                return complete() || m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
        m_data += take();
        const qsizetype end = completeAt();
        const QByteArray one = end > 0 ? m_data.left(end) : m_data;
        m_data.remove(0, one.size());
        return one;
    }
    // Waits for the server to close the connection.
    bool closed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [this] {
                m_data += take();
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }
    QByteArray rest()
    {
        m_data += take();
        return std::exchange(m_data, {});
    }
    QTcpSocket &socket() { return m_socket; }

private:
    QByteArray take() { return m_socket.isOpen() ? m_socket.readAll() : QByteArray(); }
    qsizetype completeAt() const
    {
        const qsizetype head = m_data.indexOf("\r\n\r\n");
        if (head < 0)
            return -1;
        const QByteArray lower = m_data.left(head).toLower();
        if (lower.startsWith("http/1.1 100"))
            return head + 4;
        const qsizetype cl = lower.indexOf("content-length:");
        if (cl < 0)
            return -1; // close-delimited or chunked: read to the close
        const qsizetype eol = lower.indexOf("\r\n", cl);
        const qint64 length = lower.mid(cl + 15, eol - cl - 15).trimmed().toLongLong();
        return m_data.size() >= head + 4 + length ? head + 4 + length : -1;
    }
    bool complete() const { return completeAt() > 0; }

    QTcpSocket m_socket;
    QByteArray m_data;
};

int statusOf(const QByteArray &response)
{
    const QList<QByteArray> first = response.left(response.indexOf("\r\n")).split(' ');
    return first.size() >= 2 ? first.at(1).toInt() : 0;
}

QJsonObject bodyOf(const QByteArray &response)
{
    return QJsonDocument::fromJson(response.mid(response.indexOf("\r\n\r\n") + 4)).object();
}

QString codeOf(const QByteArray &response)
{
    const QJsonObject e = bodyOf(response).value("error"_L1).toObject();
    return e.contains("code"_L1) ? e.value("code"_L1).toString() : e.value("type"_L1).toString();
}

QByteArray embeddingJson()
{
    return R"({"model":"bge-large-zh-v1.5","input":"hello"})"_ba;
}

} // namespace

class TestSandboxGate : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;

    quint16 port() const { return m_server->port(); }
    double spent()
    {
        bsp::test::Http http(m_server->baseUrl());
        return http.get(u"/v1/balance"_s, kKey).json().value("spent_credits"_L1).toDouble();
    }

private Q_SLOTS:
    void init()
    {
        SandboxOptions options;
        options.timeScale = 0.01;
        m_server = std::make_unique<SandboxServer>(options);
        QVERIFY(m_server->listen());
    }
    void cleanup() { m_server.reset(); }

    void declaredLengthRefusedBeforeTheBody()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        // Five gigabytes announced, none sent: the answer comes at once.
        raw.send("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey
            + "\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n");
        const QByteArray r = raw.response(5000);
        QCOMPARE(statusOf(r), 413);
        QCOMPARE(codeOf(r), u"request_too_large"_s);
        QVERIFY(r.toLower().contains("connection: close"));
        QVERIFY(raw.closed());
        QCOMPARE(spent(), 0.0);
    }

    void expectContinueAnsweredEarly()
    {
        {
            Raw raw(port());
            QVERIFY(raw.connected());
            raw.send("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey
                + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                + QByteArray::number(embeddingJson().size()) + "\r\n\r\n");
            const QByteArray interim = raw.response(5000);
            QVERIFY2(interim.startsWith("HTTP/1.1 100 Continue"), interim.constData());
            raw.send(embeddingJson());
            const QByteArray r = raw.response();
            QCOMPARE(statusOf(r), 200);
        }
        {
            // Too large: the 413 instead of the 100, the body is never asked for.
            Raw raw(port());
            QVERIFY(raw.connected());
            raw.send("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey
                + "\r\nExpect: 100-continue\r\nContent-Length: 5000000000\r\n\r\n");
            const QByteArray r = raw.response(5000);
            QCOMPARE(statusOf(r), 413);
        }
    }

    void chunkedBodyStopsAtTheLimit()
    {
        // /v1/tasks/* takes 1 MB: a chunked body is cut off past it.
        Raw raw(port());
        QVERIFY(raw.connected());
        raw.send("POST /v1/tasks/submit HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk(256 * 1024, 'a');
        for (int i = 0; i < 6; ++i)
            raw.send(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
        const QByteArray r = raw.response();
        QCOMPARE(statusOf(r), 413);
        QVERIFY(bodyOf(r)
                    .value("error"_L1)
                    .toObject()
                    .value("message"_L1)
                    .toString()
                    .contains(u"chunked"_s));
        QVERIFY(raw.closed());
    }

    void chunkedBodyWithinTheLimitIsServed()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        const QByteArray json = embeddingJson();
        raw.send("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + QByteArray::number(10, 16) + "\r\n" + json.left(10) + "\r\n"
            + QByteArray::number(json.size() - 10, 16) + "\r\n" + json.mid(10) + "\r\n0\r\n\r\n");
        const QByteArray r = raw.response();
        QCOMPARE(statusOf(r), 200);
        QCOMPARE(bodyOf(r).value("data"_L1).toArray().size(), 1);
    }

    void headerTimeout()
    {
        SandboxOptions options;
        options.headerTimeoutMs = 300;
        SandboxServer server(options);
        QVERIFY(server.listen());
        Raw raw(server.port());
        QVERIFY(raw.connected());
        raw.send("GET /v1/balance HTTP/1.1\r\nHost: x\r\n"); // never finished
        QElapsedTimer clock;
        clock.start();
        QVERIFY(raw.closed(10000));
        const QByteArray r = raw.rest();
        QCOMPARE(statusOf(r), 408);
        QCOMPARE(codeOf(r), u"request_timeout"_s);
        QVERIFY(clock.elapsed() >= 250);
        // A connection that sends nothing at all is closed the same way.
        Raw silent(server.port());
        QVERIFY(silent.connected());
        QVERIFY(silent.closed(10000));
    }

    void idleKeepAliveTimeout()
    {
        SandboxOptions options;
        options.idleTimeoutMs = 300;
        SandboxServer server(options);
        QVERIFY(server.listen());
        Raw raw(server.port());
        QVERIFY(raw.connected());
        raw.send("GET /v1/balance HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey + "\r\n\r\n");
        QCOMPARE(statusOf(raw.response()), 200);
        // Kept alive: a second request on the same connection.
        raw.send("GET /v1/balance HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey + "\r\n\r\n");
        QCOMPARE(statusOf(raw.response()), 200);
        QCOMPARE(server.openConnections(), 1);
        QVERIFY(raw.closed(10000));
        QTRY_COMPARE(server.openConnections(), 0);
    }

    void connectionCap()
    {
        SandboxOptions options;
        options.maxConnections = 3;
        SandboxServer server(options);
        QVERIFY(server.listen());
        std::vector<std::unique_ptr<Raw>> open;
        for (int i = 0; i < 3; ++i) {
            open.push_back(std::make_unique<Raw>(server.port()));
            QVERIFY(open.back()->connected());
        }
        QTRY_COMPARE(server.openConnections(), 3);
        Raw extra(server.port());
        QVERIFY(extra.connected() || extra.socket().state() == QAbstractSocket::UnconnectedState);
        const QByteArray r = extra.response();
        QCOMPARE(statusOf(r), 503);
        QCOMPARE(codeOf(r), u"too_many_connections"_s);
        QVERIFY(extra.closed());
        // Closing one makes room again.
        open.front()->socket().abort();
        QTRY_COMPARE(server.openConnections(), 2);
        Raw again(server.port());
        QVERIFY(again.connected());
        again.send("GET /v1/balance HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey + "\r\n\r\n");
        QCOMPARE(statusOf(again.response()), 200);
    }

    void http10GetsA10AnswerAndAClose()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        raw.send("GET /v1/balance HTTP/1.0\r\nx-api-key: " + kKey + "\r\n\r\n");
        QVERIFY(raw.closed());
        const QByteArray r = raw.rest();
        QVERIFY2(r.startsWith("HTTP/1.0 200"), r.constData());
        QVERIFY(r.toLower().contains("connection: close"));
        QVERIFY(bodyOf(r).contains("remaining_credits"_L1));
    }

    void http10StreamIsNotChunked()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        const QByteArray body = R"({"model":"claude-haiku-4-5","max_tokens":40,"stream":true,)"
                                R"("messages":[{"role":"user","content":"hello"}]})";
        raw.send("POST /v1/messages HTTP/1.0\r\nx-api-key: " + kKey
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(raw.closed());
        const QByteArray r = raw.rest();
        QVERIFY2(r.startsWith("HTTP/1.0 200"), r.left(300).constData());
        QVERIFY(!r.toLower().contains("transfer-encoding"));
        QVERIFY(r.contains("event: message_stop"));
        QVERIFY(!r.contains("\r\n0\r\n\r\n"));
    }

    void connectionCloseIsHonoured()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        raw.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\nx-api-key: " + kKey
            + "\r\n\r\n");
        QVERIFY(raw.closed());
        const QByteArray r = raw.rest();
        QVERIFY(r.startsWith("HTTP/1.1 200"));
        QVERIFY(r.toLower().contains("connection: close"));
    }

    void oversizedHeadIs431()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        // Over 64 KB of headers, the key among them: not a 401 about a missing key.
        QByteArray head = "GET /v1/balance HTTP/1.1\r\nHost: x\r\nx-api-key: " + kKey + "\r\n";
        for (int i = 0; i < 80; ++i)
            head += "x-filler-" + QByteArray::number(i) + ": " + QByteArray(1000, 'f') + "\r\n";
        raw.send(head + "\r\n");
        const QByteArray r = raw.response();
        QCOMPARE(statusOf(r), 431);
        QCOMPARE(codeOf(r), u"request_header_fields_too_large"_s);
        // Too many fields, each small, is refused the same way.
        Raw many(port());
        QVERIFY(many.connected());
        QByteArray fields = "GET /v1/balance HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 150; ++i)
            fields += "x-f" + QByteArray::number(i) + ": 1\r\n";
        many.send(fields + "\r\n");
        QCOMPARE(statusOf(many.response()), 431);
    }

    void malformedRequestLine()
    {
        Raw raw(port());
        QVERIFY(raw.connected());
        raw.send("HELLO\r\n\r\n");
        QCOMPARE(statusOf(raw.response()), 400);
        Raw version(port());
        QVERIFY(version.connected());
        version.send("GET /v1/balance HTTP/2.0\r\n\r\n");
        QCOMPARE(statusOf(version.response()), 505);
    }

    void bigBodyParsedOffTheServerThread()
    {
        // A large message is parsed on the pool; the answer is still right, and a
        // malformed one still gets its 400.
        bsp::test::Http http(m_server->baseUrl());
        const QString text(3 * 1024 * 1024, u'a');
        const QJsonObject body {{u"model"_s, u"claude-haiku-4-5"_s}, {u"max_tokens"_s, 16},
            {u"messages"_s,
                QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, text}}}}};
        QNetworkReply *big = http.start("POST", u"/v1/messages"_s,
            QJsonDocument(body).toJson(QJsonDocument::Compact), {{"x-api-key", kKey}});
        const bsp::test::HttpResult quick = http.get(u"/v1/balance"_s, kKey);
        QCOMPARE(quick.status, 200);
        const bsp::test::HttpResult r = bsp::test::Http::wait(big, 60000);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value("usage"_L1).toObject().value("input_tokens"_L1).toInt() > 1000);
        QByteArray broken = QJsonDocument(body).toJson(QJsonDocument::Compact);
        broken.chop(1);
        const bsp::test::HttpResult bad
            = http.send("POST", u"/v1/messages"_s, broken, {{"x-api-key", kKey}});
        QCOMPARE(bad.status, 400);
    }

    void parseHeadRules()
    {
        ConnectionGate::Head head;
        QString error;
        QCOMPARE(ConnectionGate::parseHead(
                     "POST /x HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked", 100,
                     &head, &error),
            400);
        QCOMPARE(
            ConnectionGate::parseHead("POST /x HTTP/1.1\r\nContent-Length: -1", 100, &head, &error),
            400);
        QCOMPARE(ConnectionGate::parseHead(
                     "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip", 100, &head, &error),
            501);
        QCOMPARE(ConnectionGate::parseHead(
                     "GET /x HTTP/1.1\r\nx-sandbox-connection: 1.0\r\nA: b", 100, &head, &error),
            0);
        QCOMPARE(head.headers.size(), 1); // the gate's own marker is never taken from a client
        QVERIFY(!head.close);
        QCOMPARE(ConnectionGate::parseHead("GET /x HTTP/1.0", 100, &head, &error), 0);
        QVERIFY(head.close);
    }
};

QTEST_GUILESS_MAIN(TestSandboxGate)
#include "tst_sandboxgate.moc"
