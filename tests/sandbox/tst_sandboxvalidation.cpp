// The sandbox's one validation layer over real loopback HTTP: the same rule and wording
// for a field on every route, and every refusal free (no debit, a 0-credit row at most).
#include "core/money.h"
#include "sandbox/context.h"
#include "sandbox/sandboxserver.h"
#include "sandboxhttp.h"

#include <QBuffer>
#include <QImage>
#include <QTest>

using namespace Qt::StringLiterals;
using bsp::test::Http;
using bsp::test::HttpResult;
using namespace bsp::sandbox;

namespace {

const QByteArray kKey = "sk-byts-sandbox";

QJsonObject userTurn(const QString &text)
{
    return {{u"role"_s, u"user"_s}, {u"content"_s, text}};
}

QJsonObject chatBody(const QJsonArray &turns, bool stream = false)
{
    return {{u"model"_s, u"claude-haiku-4-5"_s}, {u"max_tokens"_s, 64}, {u"stream"_s, stream},
        {u"messages"_s, turns}};
}

QString pngBase64()
{
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QString::fromLatin1(bytes.toBase64());
}

QJsonObject task(const QJsonObject &params, const QString &outId = {})
{
    QJsonObject p {{u"prompt"_s, u"a paper boat"_s}, {u"duration_seconds"_s, 2},
        {u"resolution"_s, u"720p"_s}, {u"aspect_ratio"_s, u"16:9"_s}};
    for (auto it = params.begin(); it != params.end(); ++it)
        p.insert(it.key(), it.value());
    QJsonObject body {{u"model"_s, u"sora-2"_s}, {u"params"_s, p}};
    if (!outId.isEmpty())
        body.insert(u"out_task_id"_s, outId);
    return body;
}

} // namespace

class TestSandboxValidation : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<Http> m_http;

    double spent() const
    {
        return m_http->get(u"/v1/balance"_s, kKey).json().value("spent_credits"_L1).toDouble();
    }
    QString message(const HttpResult &r) const
    {
        return r.json().value("error"_L1).toObject().value("message"_L1).toString();
    }
    // The refusal is a 400 with `code`, and nothing was billed.
    void expectFree(const HttpResult &r, const QString &code, const QString &inMessage = {})
    {
        QVERIFY2(r.status == 400, r.body.constData());
        QCOMPARE(r.code(), code);
        if (!inMessage.isEmpty())
            QVERIFY2(message(r).contains(inMessage), qPrintable(message(r)));
        QCOMPARE(spent(), 0.0);
        const QJsonArray rows
            = m_http->get(u"/api/v1/usage?limit=1000"_s, kKey).json().value("data"_L1).toArray();
        for (const QJsonValue &row : rows)
            QCOMPARE(row.toObject().value("credits"_L1).toDouble(), 0.0);
    }

private Q_SLOTS:
    void init()
    {
        SandboxOptions options;
        options.timeScale = 0.01;
        m_server = std::make_unique<SandboxServer>(options);
        QVERIFY(m_server->listen());
        m_http = std::make_unique<Http>(m_server->baseUrl());
    }
    void cleanup()
    {
        m_http.reset();
        m_server.reset();
    }

    void integersAreNumbersOnEveryRoute()
    {
        // n: "2" is refused like max_tokens: "100", with the same wording.
        const HttpResult n = m_http->post(u"/v1/images/generations"_s, kKey,
            {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, u"a cat"_s}, {u"n"_s, u"2"_s}});
        expectFree(n, u"invalid_param"_s, u"n: must be an integer"_s);
        QVERIFY(message(n).contains(u"not the string"_s));
        QJsonObject body = chatBody(QJsonArray {userTurn(u"hi"_s)});
        body.insert(u"max_tokens"_s, u"100"_s);
        const HttpResult m = m_http->post(u"/v1/messages"_s, kKey, body);
        expectFree(m, u"invalid_request_error"_s, u"max_tokens: must be an integer"_s);
        QVERIFY(message(m).contains(u"not the string"_s));
        const HttpResult top = m_http->post(u"/v1/rerank"_s, kKey,
            {{u"query"_s, u"q"_s}, {u"documents"_s, QJsonArray {u"a"_s}}, {u"top_n"_s, u"1"_s}});
        expectFree(top, u"invalid_param"_s, u"top_n: must be an integer"_s);
        const HttpResult fraction = m_http->post(u"/v1/images/generations"_s, kKey,
            {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, u"a cat"_s}, {u"n"_s, 1.5}});
        expectFree(fraction, u"invalid_param"_s, u"n: must be an integer"_s);
    }

    void oneModelMessageEverywhere()
    {
        const HttpResult image = m_http->post(u"/v1/images/generations"_s, kKey,
            {{u"model"_s, u"no-such-model"_s}, {u"prompt"_s, u"a cat"_s}});
        const HttpResult embed = m_http->post(
            u"/v1/embeddings"_s, kKey, {{u"model"_s, u"no-such-model"_s}, {u"input"_s, u"x"_s}});
        const HttpResult video = m_http->post(u"/v1/tasks/submit"_s, kKey, [] {
            QJsonObject b = task({});
            b.insert(u"model"_s, u"no-such-model"_s);
            return b;
        }());
        QJsonObject chat = chatBody(QJsonArray {userTurn(u"hi"_s)});
        chat.insert(u"model"_s, u"no-such-model"_s);
        const HttpResult text = m_http->post(u"/v1/messages"_s, kKey, chat);
        const QString expected = u"model: unknown model \"no-such-model\""_s;
        for (const HttpResult *r : {&image, &embed, &video, &text}) {
            QCOMPARE(r->status, 400);
            QCOMPARE(message(*r), expected);
        }
        // The wrong kind of model names the route and the kind, the same way.
        const HttpResult wrong = m_http->post(
            u"/v1/embeddings"_s, kKey, {{u"model"_s, u"gpt-image-2"_s}, {u"input"_s, u"x"_s}});
        QCOMPARE(message(wrong),
            u"model: \"gpt-image-2\" is not an embedding model; /v1/embeddings serves embedding "
            "models"_s);
        QCOMPARE(spent(), 0.0);
    }

    void unknownResolutionRefused()
    {
        const HttpResult r = m_http->post(
            u"/v1/tasks/submit"_s, kKey, task({{u"resolution"_s, u"8k"_s}}, u"res-8k"_s));
        expectFree(r, u"invalid_param"_s, u"params.resolution: must be one of"_s);
        QCOMPARE(r.json().value("error"_L1).toObject().value("param"_L1).toString(),
            u"params.resolution"_s);
    }

    void firstFrameMustBeAnImage()
    {
        const QString notAnImage = QString::fromLatin1(QByteArray("just some text").toBase64());
        const HttpResult r = m_http->post(u"/v1/tasks/submit"_s, kKey,
            task({{u"first_frame"_s, QJsonObject {{u"data"_s, notAnImage}}}}, u"ff-bad"_s));
        expectFree(r, u"invalid_image"_s, u"params.first_frame"_s);
        // A real image passes the check.
        const HttpResult ok = m_http->post(u"/v1/tasks/submit"_s, kKey,
            task({{u"first_frame"_s,
                     QJsonObject {{u"data"_s, pngBase64()}, {u"media_type"_s, u"image/png"_s}}}},
                u"ff-good"_s));
        QCOMPARE(ok.status, 200);
    }

    void imageUrlsAreNotFetched()
    {
        const QJsonObject image {{u"type"_s, u"image"_s},
            {u"source"_s,
                QJsonObject {{u"type"_s, u"url"_s}, {u"url"_s, u"file:///etc/passwd"_s}}}};
        const QJsonObject turn {{u"role"_s, u"user"_s},
            {u"content"_s,
                QJsonArray {image, QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, u"what?"_s}}}}};
        const HttpResult r = m_http->post(u"/v1/messages"_s, kKey, chatBody(QJsonArray {turn}));
        QVERIFY2(r.status == 400, r.body.constData());
        QVERIFY(!r.body.contains("-1x-1"));
        QVERIFY(message(r).contains(u"not fetched"_s));
        const HttpResult gen = m_http->post(u"/v1/images/generations"_s, kKey,
            {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, u"a cat"_s},
                {u"source_image"_s,
                    QJsonObject {
                        {u"type"_s, u"url"_s}, {u"url"_s, u"http://example.com/a.png"_s}}}});
        expectFree(gen, u"invalid_image"_s, u"not fetched"_s);
    }

    void unknownFaultNamesRefused()
    {
        const HttpResult header = m_http->post(u"/v1/embeddings"_s, kKey,
            {{u"model"_s, u"bge-large-zh-v1.5"_s}, {u"input"_s, u"x"_s}},
            {{"x-sandbox-fault", "explode"}});
        expectFree(header, u"invalid_param"_s, u"unknown sandbox fault \"explode\""_s);
        QVERIFY(message(header).contains(u"stream_error"_s)); // lists the real ones
        const HttpResult tag = m_http->post(
            u"/v1/messages"_s, kKey, chatBody(QJsonArray {userTurn(u"hi [fault:explode]"_s)}));
        QCOMPARE(tag.status, 400);
        QVERIFY(message(tag).contains(u"unknown sandbox fault \"explode\""_s));
        QCOMPARE(spent(), 0.0);
    }

    void longOutTaskIdRefused()
    {
        const HttpResult r
            = m_http->post(u"/v1/tasks/submit"_s, kKey, task({}, QString(500 * 1024, u'x')));
        expectFree(r, u"invalid_param"_s, u"out_task_id: must be at most 128 characters"_s);
        const HttpResult ok
            = m_http->post(u"/v1/tasks/submit"_s, kKey, task({}, QString(128, u'y')));
        QCOMPARE(ok.status, 200);
    }

    void faultTagsOnlyFromTheNewestUserTurn_data()
    {
        QTest::addColumn<QString>("fault");
        for (const QString &name : faultNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    void faultTagsOnlyFromTheNewestUserTurn()
    {
        QFETCH(QString, fault);
        // A tag in an earlier user turn, sent again as history, asks for nothing.
        const QJsonArray history {userTurn(u"[fault:%1] hi"_s.arg(fault)),
            QJsonObject {{u"role"_s, u"assistant"_s}, {u"content"_s, u"An earlier reply."_s}},
            userTurn(u"what is 2+2?"_s)};
        const HttpResult r = m_http->post(u"/v1/messages"_s, kKey, chatBody(history, true));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("event: message_stop"), r.body.right(300).constData());
        QVERIFY(!r.body.contains("event: error"));
        // The same tag in the newest user turn does apply (stream_error: an error event).
        if (fault == u"stream_error"_s) {
            const QJsonArray newest {userTurn(u"hello"_s),
                QJsonObject {{u"role"_s, u"assistant"_s}, {u"content"_s, u"Hi."_s}},
                userTurn(u"[fault:stream_error] more"_s)};
            const HttpResult e = m_http->post(u"/v1/messages"_s, kKey, chatBody(newest, true));
            QVERIFY(e.body.contains("event: error"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSandboxValidation)
#include "tst_sandboxvalidation.moc"
