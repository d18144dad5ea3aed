// GatewayClient's bounds and key handling: downloads streamed to files, the key only to
// the profile's exact origin (redirects included), body / reply / SSE line limits, the
// whole-call deadline, and key-shaped text scrubbed from every error.

#include "gatewaytestutil.h"
#include "loopbackhttp.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThreadPool>

using namespace bsp;
using namespace bsp::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "sk-byts-secretsecret0123456789";

// A client of `server` (base URL = its origin) with the secret key and fast retries.
std::unique_ptr<GatewayClient> clientOf(const LoopbackHttp &server)
{
    auto c = std::make_unique<GatewayClient>();
    c->setBaseUrl(QUrl(server.origin()));
    c->setApiKey(QString::fromLatin1(kKey));
    RetryPolicy p;
    p.setTimeScale(0.01);
    c->setRetryPolicy(p);
    return c;
}

CannedReply ok(const QByteArray &body)
{
    return {.status = 200, .headers = {{"Content-Type", "application/octet-stream"}}, .body = body};
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

QString text(const ApiError &e)
{
    return e.displayText();
}

} // namespace

class TestGatewayClientSafety : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;

    QUrl sandboxImageUrl(GatewayClient &c)
    {
        ImageRequest req;
        req.model = u"seedream-v5lite"_s;
        req.prompt = u"a lighthouse"_s;
        req.size = u"1024x1024"_s;
        req.responseFormat = u"url"_s;
        auto r = QCoro::waitFor(c.generateImages(req));
        if (!r.ok() || r->images.isEmpty())
            return {};
        return r->images.first().url;
    }

private Q_SLOTS:
    void initTestCase() { m_server = startSandbox(0.01); }
    void cleanupTestCase() { m_server.reset(); }

    void downloadImageToFile()
    {
        auto c = clientFor(*m_server);
        const QUrl url = sandboxImageUrl(*c);
        QVERIFY(url.isValid());
        QTemporaryDir dir;
        const QString path = dir.filePath(u"out.png"_s);
        QList<QPair<qint64, qint64>> progress;
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        auto r = QCoro::waitFor(c->downloadToFile(url, path, [&](qint64 got, qint64 total) {
            progress.append({got, total});
        }));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : text(r.error())));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(qint64(bytes.size()), *r);
        QVERIFY(bytes.startsWith("\x89PNG"));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.constLast().first, *r);
        QCOMPARE(progress.constLast().second, *r); // the sandbox declares its length
        QCOMPARE(filesIn(dir.path()), QStringList {u"out.png"_s}); // no temporary left
        QCOMPARE(onlyRecord(finished).route, u"download"_s);

        // The same bytes as the in-memory download.
        auto mem = QCoro::waitFor(c->downloadUrl(url));
        QVERIFY(mem.ok());
        QCOMPARE(*mem, bytes);
    }

    void downloadClipToFileReplacesOldFile()
    {
        auto c = clientFor(*m_server);
        TaskSubmit req;
        req.model = u"seedance-2.0-pro-fast"_s;
        req.prompt = u"a paper boat"_s;
        req.durationSeconds = 1;
        auto sub = QCoro::waitFor(c->submitTask(req));
        QVERIFY(sub.ok());
        TaskInfo info = *sub;
        QElapsedTimer clock;
        clock.start();
        while (!isTerminal(info.status) && clock.elapsed() < 15000) {
            QTest::qWait(50);
            auto q = QCoro::waitFor(c->queryTask(sub->taskId));
            QVERIFY(q.ok());
            info = *q;
        }
        QCOMPARE(info.status, TaskStatus::Completed);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"clip.mp4"_s);
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old contents");
        }
        auto r = QCoro::waitFor(c->downloadToFile(info.outputs.first().url, path));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : text(r.error())));
        QVERIFY(*r > 1000);
        QCOMPARE(QFileInfo(path).size(), *r);
        QCOMPARE(filesIn(dir.path()), QStringList {u"clip.mp4"_s});
    }

    void downloadOverTheCapLeavesNothing()
    {
        auto c = clientFor(*m_server);
        const QUrl url = sandboxImageUrl(*c);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"big.png"_s);
        CallOptions opt;
        opt.maxBodyBytes = 1000;
        auto r = QCoro::waitFor(c->downloadToFile(url, path, {}, opt));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::ResponseTooLarge);
        QVERIFY(!r.error().billed);
        QVERIFY(text(r.error()).contains(u"limit"_s));
        QVERIFY(filesIn(dir.path()).isEmpty());

        // The client-wide limit applies when the call sets none.
        GatewayClient::Limits limits;
        limits.downloadBytes = 2000;
        c->setLimits(limits);
        auto r2 = QCoro::waitFor(c->downloadToFile(url, path));
        QCOMPARE(r2.error().kind, ApiError::Kind::ResponseTooLarge);
        QVERIFY(filesIn(dir.path()).isEmpty());
    }

    void aClientDestroyedMidCallEndsItsCalls()
    {
        // Answers nothing (a stalled head) on one call; the other is answered 503 and
        // waits in its retry pause. When the client goes, both coroutines resume with
        // Cancelled (a frame left suspended would be leaked) and nothing more is sent.
        int seen = 0;
        LoopbackHttp server([&seen](const SeenRequest &req) {
            ++seen;
            CannedReply r;
            if (req.path.contains("busy")) {
                r.status = 503;
                r.headers = {{"Retry-After", "5"}};
                r.body = R"({"error":{"code":"unavailable","message":"busy"}})";
            } else {
                r.stall = true;
                r.contentLength = 100;
            }
            return r;
        });
        auto c = clientOf(server);
        c->setRetryPolicy(RetryPolicy {}); // real time: the 503's retry waits its 5 s
        std::optional<Result<QByteArray>> stalled, paused;
        auto track = [](QCoro::Task<Result<QByteArray>> call,
                         std::optional<Result<QByteArray>> *out) -> QCoro::Task<> {
            *out = co_await std::move(call);
        };
        auto a = track(c->downloadUrl(QUrl(server.origin() + u"/v1/files/stall"_s)), &stalled);
        auto b = track(c->downloadUrl(QUrl(server.origin() + u"/v1/files/busy"_s)), &paused);
        QTRY_COMPARE(seen, 2);
        QTest::qWait(100);
        QVERIFY(!stalled && !paused);
        const int sent = seen;
        c.reset();
        QVERIFY(stalled && paused);
        QVERIFY(!stalled->ok() && !paused->ok());
        QCOMPARE(stalled->error().kind, ApiError::Kind::Cancelled);
        QCOMPARE(paused->error().kind, ApiError::Kind::Cancelled);
        QTest::qWait(300);
        QCOMPARE(seen, sent);
    }

    void aClientDestroyedWhileItParsesEndsTheCallWithItsAnswer()
    {
        // A 400 KB model list is parsed on the thread pool. With the pool busy, the
        // parse waits; the client is destroyed then. The call still ends inside the
        // destructor (a coroutine resumed after it would use the freed client), and with
        // the answer the gateway sent, not a Cancelled that would call it free.
        QJsonArray models;
        for (int i = 0; i < 6000; ++i)
            models.append(QJsonObject {{u"id"_s, u"model-%1"_s.arg(i)}, {u"type"_s, u"model"_s},
                {u"display_name"_s, u"A listed model"_s}});
        const QByteArray body = QJsonDocument(QJsonObject {{u"data"_s, models}}).toJson();
        QVERIFY(body.size() > 256 * 1024);
        int seen = 0;
        LoopbackHttp server([&](const SeenRequest &) {
            ++seen;
            return ok(body);
        });
        QThreadPool *pool = QThreadPool::globalInstance();
        QSemaphore release;
        for (int i = 0; i < pool->maxThreadCount(); ++i)
            pool->start([&release] { release.acquire(); });
        auto c = clientOf(server);
        std::optional<Result<QList<ModelInfo>>> listed;
        auto track = [](QCoro::Task<Result<QList<ModelInfo>>> call,
                         std::optional<Result<QList<ModelInfo>>> *out) -> QCoro::Task<> {
            *out = co_await std::move(call);
        };
        auto t = track(c->models(), &listed);
        QTRY_COMPARE(seen, 1);
        QTest::qWait(300); // the answer is read and its parse queued behind the busy pool
        QVERIFY(!listed);
        c.reset();
        release.release(pool->maxThreadCount());
        QVERIFY(listed.has_value());
        QVERIFY2(listed->ok(), qPrintable(listed->ok() ? QString() : text(listed->error())));
        QCOMPARE(listed->value().size(), 6000);
        pool->waitForDone();
    }

    void downloadCancelledMidBodyLeavesNothing()
    {
        // 100 bytes of a declared 1 MB, then silence: the download is in progress.
        LoopbackHttp server([](const SeenRequest &) {
            CannedReply r = ok(QByteArray(100, 'x'));
            r.contentLength = 1'000'000;
            r.stall = true;
            return r;
        });
        auto c = clientOf(server);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"clip.mp4"_s);
        CallOptions opt;
        qint64 seenBytes = 0;
        bool targetSeen = true;
        auto r = QCoro::waitFor(c->downloadToFile(
            QUrl(server.origin() + u"/v1/files/clip"_s), path,
            [&](qint64 got, qint64 total) {
                QCOMPARE(total, qint64(1'000'000));
                seenBytes = got;
                if (got > 0) {
                    opt.cancel.cancel();
                    // The partial bytes are in the temporary file only.
                    targetSeen = QFileInfo::exists(path);
                }
            },
            opt));
        QVERIFY(seenBytes > 0 && seenBytes <= 100);
        QVERIFY(!targetSeen);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::Cancelled);
        QVERIFY(filesIn(dir.path()).isEmpty());
    }

    void downloadCutShortIsAnError()
    {
        LoopbackHttp server([](const SeenRequest &) {
            CannedReply r = ok(QByteArray(100, 'x'));
            r.contentLength = 5000; // then the connection closes
            return r;
        });
        auto c = clientOf(server);
        CallOptions opt;
        opt.retry = false;
        QTemporaryDir dir;
        auto r = QCoro::waitFor(
            c->downloadToFile(QUrl(server.origin() + u"/f"_s), dir.filePath(u"f.bin"_s), {}, opt));
        QVERIFY(!r.ok());
        QVERIFY(filesIn(dir.path()).isEmpty());
    }

    void downloadIntoMissingFolder()
    {
        auto c = clientFor(*m_server);
        QTemporaryDir dir;
        auto r = QCoro::waitFor(
            c->downloadToFile(QUrl(u"/v1/files/x"_s), dir.filePath(u"no/such/dir/f.png"_s)));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::File);
    }

    void keyOnlyToTheExactOrigin()
    {
        LoopbackHttp other([](const SeenRequest &) { return ok("elsewhere"); });
        LoopbackHttp gateway([&other](const SeenRequest &req) {
            if (req.path.startsWith("/away"))
                return CannedReply {.status = 302,
                    .headers = {{"Location", (other.origin() + u"/landed"_s).toUtf8()}}};
            if (req.path.startsWith("/home"))
                return CannedReply {.status = 307, .headers = {{"Location", "/v1/files/here"}}};
            return ok("at home");
        });
        auto c = clientOf(gateway);

        // Same host, another port: not the gateway's origin.
        auto r1 = QCoro::waitFor(c->downloadUrl(QUrl(other.origin() + u"/v1/files/a"_s)));
        QVERIFY(r1.ok());
        QCOMPARE(*r1, "elsewhere");
        QCOMPARE(other.seen.size(), 1);
        QVERIFY(!other.seen.at(0).headers.contains("x-api-key"));

        // A redirect from the gateway to another port drops the key on the hop.
        QTemporaryDir dir;
        auto r2
            = QCoro::waitFor(c->downloadToFile(QUrl(u"/away/clip"_s), dir.filePath(u"clip.bin"_s)));
        QVERIFY2(r2.ok(), qPrintable(r2.ok() ? QString() : text(r2.error())));
        QCOMPARE(gateway.seen.size(), 1);
        QCOMPARE(gateway.seen.at(0).headers.value("x-api-key"), kKey);
        QCOMPARE(other.seen.size(), 2);
        QCOMPARE(other.seen.at(1).path, "/landed");
        QVERIFY(!other.seen.at(1).headers.contains("x-api-key"));

        // A gateway route redirected to another origin: no key there either.
        auto r3 = QCoro::waitFor(c->downloadUrl(QUrl(u"/away/image"_s)));
        QVERIFY(r3.ok());
        QCOMPARE(other.seen.size(), 3);
        QVERIFY(!other.seen.at(2).headers.contains("x-api-key"));

        // Within the origin the key stays.
        auto r4 = QCoro::waitFor(c->downloadUrl(QUrl(u"/home/x"_s)));
        QVERIFY(r4.ok());
        QCOMPARE(*r4, "at home");
        QCOMPARE(gateway.seen.constLast().path, "/v1/files/here");
        QCOMPARE(gateway.seen.constLast().headers.value("x-api-key"), kKey);

        // And an absolute URL on the gateway's origin gets it.
        auto r5 = QCoro::waitFor(c->downloadUrl(QUrl(gateway.origin() + u"/v1/files/b"_s)));
        QVERIFY(r5.ok());
        QCOMPARE(gateway.seen.constLast().headers.value("x-api-key"), kKey);

        QVERIFY(c->isGatewayOrigin(QUrl(gateway.origin() + u"/x"_s)));
        QVERIFY(!c->isGatewayOrigin(QUrl(other.origin())));
        QVERIFY(
            !c->isGatewayOrigin(QUrl(gateway.origin().replace(u"http:"_s, u"https:"_s) + u"/x"_s)));
    }

    void routeRedirectedAwaySendsNoKey()
    {
        LoopbackHttp other([](const SeenRequest &) {
            return CannedReply {.status = 200,
                .headers = {{"Content-Type", "application/json"}},
                .body = R"({"remaining_credits": 1.5})"};
        });
        LoopbackHttp gateway([&other](const SeenRequest &) {
            return CannedReply {.status = 301,
                .headers = {{"Location", (other.origin() + u"/v1/balance"_s).toUtf8()}}};
        });
        auto c = clientOf(gateway);
        auto b = QCoro::waitFor(c->balance());
        QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : text(b.error())));
        QCOMPARE(other.seen.size(), 1);
        QVERIFY(!other.seen.at(0).headers.contains("x-api-key"));
        QCOMPARE(gateway.seen.at(0).headers.value("x-api-key"), kKey);
    }

    void jsonBodyLimit()
    {
        auto c = clientFor(*m_server);
        GatewayClient::Limits limits;
        limits.bodyBytes = 1000; // the catalogue is far larger
        c->setLimits(limits);
        auto r = QCoro::waitFor(c->models());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::ResponseTooLarge);
        QVERIFY(!r.error().requestId.isEmpty());
        auto b = QCoro::waitFor(c->balance()); // a small answer still passes
        QVERIFY(b.ok());
    }

    void streamedReplyLimit()
    {
        auto c = clientFor(*m_server);
        GatewayClient::Limits limits;
        limits.replyBytes = 200;
        c->setLimits(limits);
        MessageRequest req;
        req.model = u"claude-haiku-4-5"_s;
        req.maxTokens = 400;
        req.messages << InputMessage::user(
            u"Describe the quick brown fox that jumps over the lazy dog, at length."_s);
        int errorEvents = 0;
        auto s = QCoro::waitFor(c->streamMessage(req,
            [&](const MessageStreamEvent &e, const Message &) {
                errorEvents += e.type == MessageStreamEvent::Type::Error;
            },
            {}));
        QVERIFY(!s.ok());
        QCOMPARE(s.error->kind, ApiError::Kind::ResponseTooLarge);
        QCOMPARE(errorEvents, 1);
        QVERIFY(!s.message.text().isEmpty()); // the part that fitted is kept
        QVERIFY(s.message.text().size() * 2 <= 200);
        QVERIFY(!s.requestId.isEmpty());
    }

    void streamWithoutKeepingText()
    {
        auto c = clientFor(*m_server);
        MessageRequest req;
        req.model = u"claude-haiku-4-5"_s;
        req.maxTokens = 100;
        req.messages << InputMessage::user(u"Hello there, sandbox."_s);
        QString printed;
        CallOptions opt;
        opt.keepStreamedContent = false;
        auto s = QCoro::waitFor(c->streamMessage(
            req,
            [&](const MessageStreamEvent &e, const Message &) {
                if (e.type == MessageStreamEvent::Type::TextDelta)
                    printed += e.text;
            },
            opt));
        QVERIFY(s.ok());
        QVERIFY(!printed.isEmpty());
        QVERIFY(s.message.text().isEmpty());
        QVERIFY(s.message.usage.outputTokens > 0);
        QVERIFY(!s.message.stopReason.isEmpty());
    }

    void sseLineLimit()
    {
        // One endless line: no line end ever comes.
        LoopbackHttp server([](const SeenRequest &) {
            CannedReply r;
            r.headers = {{"Content-Type", "text/event-stream"}};
            r.body = "event: content_block_delta\ndata: " + QByteArray(300'000, 'a');
            r.contentLength = -1;
            r.stall = true;
            return r;
        });
        auto c = clientOf(server);
        GatewayClient::Limits limits;
        limits.sseLineBytes = 64 * 1024;
        c->setLimits(limits);
        MessageRequest req;
        req.model = u"claude-haiku-4-5"_s;
        req.maxTokens = 10;
        req.messages << InputMessage::user(u"hi"_s);
        QElapsedTimer clock;
        clock.start();
        auto s = QCoro::waitFor(c->streamMessage(req, {}, {}));
        QVERIFY(!s.ok());
        QCOMPARE(s.error->kind, ApiError::Kind::ResponseTooLarge);
        QVERIFY(clock.elapsed() < 5000); // stopped at the limit, not at a timeout
    }

    void deadlineBoundsRetries()
    {
        // 503 at once, every time: the policy would retry twice with 0.5 s, 1 s backoff.
        LoopbackHttp server([](const SeenRequest &) {
            return CannedReply {.status = 503, .body = R"({"error":{"message":"down"}})"};
        });
        auto c = clientOf(server);
        c->setRetryPolicy(RetryPolicy {}); // real delays
        CallOptions opt;
        opt.deadline = std::chrono::milliseconds(300);
        QElapsedTimer clock;
        clock.start();
        auto r = QCoro::waitFor(c->balance(opt));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::Server);
        QVERIFY2(clock.elapsed() < 400, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(c->attemptCount(), 1);

        // A server that never answers: one deadline for the attempt and its retries.
        LoopbackHttp silent([](const SeenRequest &) {
            CannedReply reply;
            reply.status = 200;
            reply.stall = true;
            reply.contentLength = 10;
            return reply;
        });
        auto c2 = clientOf(silent);
        CallOptions opt2;
        opt2.timeout = std::chrono::milliseconds(400);
        opt2.deadline = std::chrono::milliseconds(400);
        clock.restart();
        auto r2 = QCoro::waitFor(c2->balance(opt2));
        QVERIFY(!r2.ok());
        QCOMPARE(r2.error().kind, ApiError::Kind::Timeout);
        QVERIFY2(clock.elapsed() < 900, qPrintable(QString::number(clock.elapsed())));
    }

    void keysScrubbedFromErrors()
    {
        const QByteArray leaked = "sk-byts-leakedleaked98765432";
        LoopbackHttp server([&leaked](const SeenRequest &req) {
            if (req.path == "/v1/messages") {
                CannedReply r;
                r.headers = {{"Content-Type", "text/event-stream"}, {"request-id", "req_s1"}};
                r.body = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
                         "\"api_error\",\"message\":\"bad key "
                    + leaked + "\"}}\n\n";
                return r;
            }
            return CannedReply {.status = 401,
                .headers = {{"request-id", "req_k1"}},
                .body = R"({"error":{"message":"invalid x-api-key: )" + leaked
                    + R"(","type":"authentication_error","code":"invalid_api_key"}})"};
        });
        auto c = clientOf(server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        auto b = QCoro::waitFor(c->balance());
        QVERIFY(!b.ok());
        QVERIFY(!text(b.error()).contains(QString::fromLatin1(leaked)));
        QVERIFY(text(b.error()).contains(u"sk-byts-…5432"_s));
        QVERIFY(!finished.constLast().at(0).value<CallRecord>().error->message.contains(
            QString::fromLatin1(leaked)));

        MessageRequest req;
        req.model = u"claude-haiku-4-5"_s;
        req.maxTokens = 10;
        req.messages << InputMessage::user(u"hi"_s);
        QString shown;
        auto s = QCoro::waitFor(c->streamMessage(req,
            [&](const MessageStreamEvent &e, const Message &) {
                if (e.type == MessageStreamEvent::Type::Error)
                    shown = e.errorMessage;
            },
            {}));
        QVERIFY(!s.ok());
        QCOMPARE(s.error->kind, ApiError::Kind::StreamError);
        QVERIFY(!shown.isEmpty());
        QVERIFY(!shown.contains(QString::fromLatin1(leaked)));
        QVERIFY(!s.error->message.contains(QString::fromLatin1(leaked)));
        QVERIFY(!finished.constLast().at(0).value<CallRecord>().error->message.contains(
            QString::fromLatin1(leaked)));
    }
};

QTEST_GUILESS_MAIN(TestGatewayClientSafety)
#include "tst_gatewayclient_safety.moc"
