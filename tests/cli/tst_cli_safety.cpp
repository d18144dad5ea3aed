// bytespike-cli against gateways that misbehave: escape sequences in everything it
// prints, an endless stream, a server that never answers, attachments too large to send.
// The gateways are small loopback servers in this process; the CLI is the real binary.
#include "../core/loopbackhttp.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace bsp::test;

namespace {

const QString kKey = u"sk-byts-clisafety-0a1b2c3d"_s;

struct CliRun
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

// Bytes a terminal would act on: C0 controls other than \t \n, DEL, and C1 controls in
// their UTF-8 form (U+0080..U+009F are C2 80..C2 9F).
bool hasTerminalControls(const QByteArray &b)
{
    for (qsizetype i = 0; i < b.size(); ++i) {
        const auto c = uchar(b.at(i));
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            return true;
        if (c == 0xc2 && i + 1 < b.size() && uchar(b.at(i + 1)) >= 0x80
            && uchar(b.at(i + 1)) <= 0x9f)
            return true;
    }
    return false;
}

const QByteArray kEvil = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\r\xc2\x9b"
                         "1m";

// kEvil inside a JSON string: every byte as a \u00XX escape, so the JSON stays valid.
QByteArray jsonEvil()
{
    QByteArray out;
    for (const char c : QString::fromUtf8(kEvil).toLatin1())
        out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
    return out;
}

// An SSE stream that sends text deltas until `total` bytes were written, then stays open.
class EndlessStream : public QTcpServer
{
public:
    explicit EndlessStream(qint64 total) : m_total(total)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *s = nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, this, [this, s] {
                if (m_started || !s->readAll().contains("\r\n\r\n"))
                    return;
                m_started = true;
                s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                         "request-id: req_endless\r\n\r\n"
                         "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                         "{\"id\":\"msg_1\",\"model\":\"claude-haiku-4-5\",\"role\":\"assistant\","
                         "\"usage\":{\"input_tokens\":3}}}\n\n"
                         "event: content_block_start\ndata: {\"type\":\"content_block_start\","
                         "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
                pump(s);
            });
            connect(s, &QTcpSocket::bytesWritten, this, [this, s] { pump(s); });
        });
        listen(QHostAddress::LocalHost, 0);
    }
    qint64 written() const { return m_written; }
    bool done() const { return m_written >= m_total; }

private:
    void pump(QTcpSocket *s)
    {
        static const QByteArray event = "event: content_block_delta\ndata: {\"type\":"
                                        "\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                                        "\"text_delta\",\"text\":\""
            + QByteArray(900, 'z') + "\"}}\n\n";
        while (m_written < m_total && s->bytesToWrite() < 4 << 20) {
            QByteArray batch;
            for (int i = 0; i < 64; ++i)
                batch += event;
            s->write(batch);
            m_written += batch.size();
        }
    }
    qint64 m_total;
    qint64 m_written = 0;
    bool m_started = false;
};

qint64 peakRssKb(qint64 pid)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestCliSafety : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static void prepare(QProcess &p, const QString &base, const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"BYTESPIKE_API_KEY"_s);
        env.remove(u"BYTESPIKE_BASE_URL"_s);
        p.setProcessEnvironment(env);
        p.setProgram(QStringLiteral(BSP_CLI_PATH));
        p.setArguments(QStringList {u"--base-url"_s, base, u"--key"_s, kKey} + args);
    }

    // Runs the CLI with the event loop turning (the servers live on this thread).
    static CliRun cli(const QString &base, const QStringList &args, int timeoutMs = 20000)
    {
        QProcess p;
        prepare(p, base, args);
        QSignalSpy spy(&p, &QProcess::finished);
        QElapsedTimer clock;
        clock.start();
        p.start();
        CliRun r;
        if (!p.waitForStarted(5000))
            return r;
        p.closeWriteChannel();
        if (!spy.wait(timeoutMs)) {
            p.kill();
            spy.wait(2000);
        }
        r.elapsedMs = clock.elapsed();
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void escapeSequencesNeverReachTheTerminal()
    {
        LoopbackHttp gw([](const SeenRequest &req) {
            if (req.path.startsWith("/v1/models"))
                return CannedReply {.status = 200,
                    .headers = {{"Content-Type", "application/json"}},
                    .body = "{\"data\":[{\"id\":\"evil" + jsonEvil()
                        + "\",\"modality\":\"text\",\"capabilities\":[\"chat\"]}]}"};
            if (req.path == "/v1/messages")
                return CannedReply {.status = 200,
                    .headers = {{"Content-Type", "text/event-stream"}},
                    .body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                            "{\"id\":\"m\",\"model\":\"claude-haiku-4-5\",\"usage\":"
                            "{\"input_tokens\":1}}}\n\n"
                            "event: content_block_start\ndata: {\"type\":\"content_block_start\","
                            "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                            "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi "
                        + jsonEvil()
                        + " there\\u001b[0m\"}}\n\n"
                          "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                          "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n"
                          "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"};
            return CannedReply {.status = 400,
                .headers = {{"request-id", "req_\x1b[31mX"}},
                .body = "{\"error\":{\"message\":\"bad " + jsonEvil()
                    + "\",\"code\":\"invalid_param\"}}"};
        });
        const CliRun models = cli(gw.origin(), {u"models"_s});
        QVERIFY2(models.out.contains("evil"), QByteArray(models.out + models.err).constData());
        QVERIFY2(!hasTerminalControls(models.out + models.err),
            models.out.toPercentEncoding().constData());

        const CliRun chat = cli(gw.origin(), {u"chat"_s, u"hello"_s});
        QCOMPARE(chat.code, 0);
        QVERIFY2(chat.out.contains("hi ") && chat.out.contains(" there"),
            QByteArray(chat.out + chat.err).constData());
        QVERIFY2(
            !hasTerminalControls(chat.out + chat.err), chat.out.toPercentEncoding().constData());

        const CliRun bad = cli(gw.origin(), {u"balance"_s});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("bad ") && bad.err.contains("req_"), bad.err.constData());
        QVERIFY2(!hasTerminalControls(bad.out + bad.err), bad.err.toPercentEncoding().constData());
    }

    void endlessStreamKeepsMemoryFlat()
    {
        // 160 MB of text deltas; kept as a QString that would be over 300 MB.
        EndlessStream gw(qEnvironmentVariableIntValue("BSP_ENDLESS_MB") > 0
                ? qint64(qEnvironmentVariableIntValue("BSP_ENDLESS_MB")) << 20
                : 160LL << 20);
        QProcess p;
        prepare(p, u"http://127.0.0.1:%1"_s.arg(gw.serverPort()), {u"chat"_s, u"go"_s});
        p.setStandardOutputFile(QProcess::nullDevice());
        QSignalSpy spy(&p, &QProcess::finished);
        p.start();
        QVERIFY(p.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(gw.done(), 120000);
        QTest::qWait(500); // the last bytes are read and printed
        const qint64 peak = peakRssKb(p.processId());
        p.terminate(); // SIGTERM cancels the stream
        QVERIFY(spy.wait(10000));
        QVERIFY(peak > 0);
#if defined(__SANITIZE_ADDRESS__)
        // The stream ran through the sanitized CLI; its resident size is ASan's (the
        // allocator's quarantine and shadow memory: 180 MB here), not the CLI's, and is
        // measured by the normal build's run.
        QSKIP("resident memory is not the program's under AddressSanitizer");
#endif
        // Nothing keeps the text (the chat command writes deltas out) and the reply's
        // read buffer is bounded, so the server waits for the CLI: about 40 MB resident
        // whatever the stream's length (before, 2.5x the stream).
        QVERIFY2(peak < 100 * 1024, qPrintable(u"peak RSS %1 kB"_s.arg(peak)));
    }

    void timeoutBoundsTheWholeCall()
    {
        // Accepts, reads, never answers: each attempt would time out, then be retried.
        LoopbackHttp silent([](const SeenRequest &) {
            CannedReply r;
            r.stall = true;
            r.contentLength = 100;
            return r;
        });
        const CliRun r = cli(silent.origin(), {u"--timeout"_s, u"1"_s, u"balance"_s});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.elapsedMs < 2500, qPrintable(QString::number(r.elapsedMs)));
        QVERIFY(silent.seen.size() <= 2);
    }

    void oversizedAttachmentsRefusedUnread()
    {
        LoopbackHttp gw([](const SeenRequest &) { return CannedReply {.status = 500}; });
        // Sparse files: their size is real, their bytes were never written.
        const auto sparse = [this](const QString &name, qint64 size) {
            QFile f(m_dir.filePath(name));
            if (!f.open(QIODevice::WriteOnly) || !f.write("\x89PNG\r\n\x1a\n") || !f.resize(size))
                qFatal("cannot make %s", qPrintable(name));
            return f.fileName();
        };
        const QString huge = sparse(u"huge.png"_s, 3LL << 30);
        const CliRun one = cli(gw.origin(), {u"chat"_s, u"--image"_s, huge, u"hi"_s});
        QCOMPARE(one.code, 1);
        QVERIFY2(one.err.contains("MiB"), one.err.constData());
        QVERIFY(one.elapsedMs < 5000);

        const QString a = sparse(u"a.png"_s, 15LL << 20);
        const QString b = sparse(u"b.png"_s, 15LL << 20);
        const CliRun two = cli(gw.origin(), {u"chat"_s, u"--image"_s, a, u"--image"_s, b, u"hi"_s});
        QCOMPARE(two.code, 1);
        QVERIFY2(two.err.contains("add up"), two.err.constData());

        const QString lines = sparse(u"lines.txt"_s, 1LL << 30);
        const CliRun embed = cli(gw.origin(), {u"embed"_s, lines});
        QCOMPARE(embed.code, 1);
        QVERIFY2(embed.err.contains("limit"), embed.err.constData());
        QVERIFY(gw.seen.isEmpty()); // nothing was sent
    }
};

QTEST_GUILESS_MAIN(TestCliSafety)
#include "tst_cli_safety.moc"
