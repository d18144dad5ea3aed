// /v1/messages of the sandbox gateway over real loopback HTTP: shapes, usage, streaming
// timing and order, limits, the image tool, every fault and the billing of each ending.

#include "core/ratecard.h"
#include "core/tokens.h"
#include "sandbox/sandboxserver.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace bsp;
using namespace bsp::sandbox;

namespace {

struct Event
{
    QString name;
    QJsonObject data;
};

struct Result
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QList<qint64> chunkTimes; // ms since the request, one per readyRead
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QList<Event> parseSse(const QByteArray &body)
{
    QList<Event> events;
    const QList<QByteArray> frames = body.split('\n');
    Event current;
    for (const QByteArray &line : frames) {
        if (line.startsWith("event: ")) {
            current.name = QString::fromUtf8(line.mid(7));
        } else if (line.startsWith("data: ")) {
            current.data = QJsonDocument::fromJson(line.mid(6)).object();
        } else if (line.isEmpty() && !current.name.isEmpty()) {
            events.append(current);
            current = {};
        }
    }
    return events;
}

QByteArray pngOf(QSize size, Qt::GlobalColor left, Qt::GlobalColor right)
{
    QImage img(size, QImage::Format_RGB32);
    QPainter p(&img);
    p.fillRect(0, 0, size.width() / 2, size.height(), left);
    p.fillRect(size.width() / 2, 0, size.width() - size.width() / 2, size.height(), right);
    p.end();
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    return out;
}

QJsonObject userMessage(const QString &text)
{
    return QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, text}};
}

QJsonObject request(const QString &text, const QString &model = u"claude-sonnet-4-5"_s)
{
    return QJsonObject {{u"model"_s, model}, {u"max_tokens"_s, 1024},
        {u"messages"_s, QJsonArray {userMessage(text)}}};
}

const QJsonObject kImageTool {{u"type"_s, u"image_generation"_s}, {u"name"_s, u"generate_image"_s},
    {u"model"_s, u"gpt-image-2"_s}, {u"size"_s, u"1024x1024"_s}};

} // namespace

class TestSandboxMessages : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_nam;
    RateCard m_card = RateCard::bundled();

    // Sends a POST; `abortAfterDeltas` > 0 aborts once that many text deltas arrived.
    Result post(const QString &path, const QJsonObject &body, const QByteArray &fault = {},
        int abortAfterDeltas = 0)
    {
        QNetworkRequest req(QUrl(m_server->baseUrl() + path));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        req.setRawHeader("x-api-key", SandboxServer::defaultKey().toUtf8());
        req.setRawHeader("anthropic-version", "2023-06-01");
        if (!fault.isEmpty())
            req.setRawHeader("x-sandbox-fault", fault);
        return run(
            m_nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)), abortAfterDeltas);
    }

    Result get(const QString &path)
    {
        QNetworkRequest req(QUrl(m_server->baseUrl() + path));
        req.setRawHeader("x-api-key", SandboxServer::defaultKey().toUtf8());
        return run(m_nam.get(req), 0);
    }

    Result run(QNetworkReply *reply, int abortAfterDeltas)
    {
        Result r;
        QElapsedTimer clock;
        clock.start();
        QEventLoop loop;
        connect(reply, &QNetworkReply::readyRead, &loop, [&] {
            r.chunkTimes.append(clock.elapsed());
            r.body += reply->readAll();
            if (abortAfterDeltas > 0 && r.body.count("\"text_delta\"") >= abortAfterDeltas
                && reply->isRunning())
                reply->abort();
        });
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        if (reply->isOpen())
            r.body += reply->readAll();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        for (const auto &h : reply->rawHeaderPairs())
            r.headers.insert(h.first.toLower(), h.second);
        reply->deleteLater();
        return r;
    }

    // The usage row of a request id, waiting briefly for rows written after the answer.
    QJsonObject usageRow(const QByteArray &requestId)
    {
        QJsonObject found;
        for (int i = 0; i < 50 && found.isEmpty(); ++i) {
            const QJsonArray rows
                = get(u"/api/v1/usage?limit=1000"_s).json().value(u"data"_s).toArray();
            for (const QJsonValue &v : rows) {
                if (v.toObject().value(u"request_id"_s).toString().toUtf8() == requestId)
                    found = v.toObject();
            }
            if (found.isEmpty())
                QTest::qWait(20);
        }
        return found;
    }

    double spent() { return get(u"/v1/balance"_s).json().value(u"spent_credits"_s).toDouble(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        SandboxOptions options;
        options.timeScale = 0.3;
        m_server = std::make_unique<SandboxServer>(options);
        QVERIFY2(m_server->listen() != 0, qPrintable(m_server->errorString()));
    }

    void plainMessage()
    {
        const QString prompt = u"Hello sandbox, please summarise the rules of chess for me."_s;
        QJsonObject body = request(prompt);
        body.insert(u"system"_s, u"You are terse."_s);
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("request-id").startsWith("req_"));
        QVERIFY(r.headers.contains("x-quota-remaining-credits"));
        const QJsonObject o = r.json();
        QVERIFY(o.value(u"id"_s).toString().startsWith(u"msg_"_s));
        QCOMPARE(o.value(u"type"_s).toString(), u"message"_s);
        QCOMPARE(o.value(u"role"_s).toString(), u"assistant"_s);
        QCOMPARE(o.value(u"model"_s).toString(), u"claude-sonnet-4-5"_s);
        QCOMPARE(o.value(u"stop_reason"_s).toString(), u"end_turn"_s);
        QVERIFY(o.value(u"stop_sequence"_s).isNull());
        const QJsonArray content = o.value(u"content"_s).toArray();
        QCOMPARE(content.size(), 1);
        const QString text = content.at(0).toObject().value(u"text"_s).toString();
        QVERIFY(text.contains(u"synthetic"_s));
        QVERIFY(text.contains(u"rules of chess"_s));
        const qint64 input = estimateTokens(u"You are terse."_s) + estimateTokens(prompt);
        const QJsonObject usage = o.value(u"usage"_s).toObject();
        QCOMPARE(usage.value(u"input_tokens"_s).toInteger(), input);
        QCOMPARE(usage.value(u"output_tokens"_s).toInteger(), estimateTokens(text));
        QCOMPARE(usage.value(u"cache_read_input_tokens"_s).toInteger(), 0);
        QVERIFY(text.contains(QString::number(input) + u" input tokens"_s));

        const QJsonObject row = usageRow(r.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"succeeded"_s);
        const Credits expected
            = *m_card.textCost(u"claude-sonnet-4-5"_s, input, estimateTokens(text));
        QCOMPARE(creditsFromUsd(row.value(u"credits"_s).toDouble()), expected);

        // Deterministic: the same request, the same text; another model, another voice.
        const Result again = post(u"/v1/messages"_s, body);
        QCOMPARE(
            again.json().value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString(),
            text);
        body.insert(u"model"_s, u"claude-haiku-4-5"_s);
        const QString haiku = post(u"/v1/messages"_s, body)
                                  .json()
                                  .value(u"content"_s)
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(u"text"_s)
                                  .toString();
        QVERIFY(haiku.size() < text.size());
    }

    void imageInputNamesRealSize()
    {
        const QByteArray png = pngOf(QSize(64, 48), Qt::red, Qt::red);
        const QJsonObject image {{u"type"_s, u"image"_s},
            {u"source"_s,
                QJsonObject {{u"type"_s, u"base64"_s}, {u"media_type"_s, u"image/png"_s},
                    {u"data"_s, QString::fromLatin1(png.toBase64())}}}};
        const QJsonObject msg {{u"role"_s, u"user"_s},
            {u"content"_s,
                QJsonArray {
                    image, QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, u"What is this?"_s}}}}};
        QJsonObject body = request({});
        body.insert(u"messages"_s, QJsonArray {msg});
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 200);
        const QString text
            = r.json().value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString();
        QVERIFY2(text.contains(u"64x48"_s), qPrintable(text));
        QVERIFY2(text.contains(u"red"_s), qPrintable(text));
    }

    void invalidImageIs400Free()
    {
        const QJsonObject image {{u"type"_s, u"image"_s},
            {u"source"_s,
                QJsonObject {{u"type"_s, u"base64"_s}, {u"media_type"_s, u"image/png"_s},
                    {u"data"_s,
                        QString::fromLatin1(QByteArray("not an image at all").toBase64())}}}};
        QJsonObject body = request({});
        body.insert(u"messages"_s,
            QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, QJsonArray {image}}}});
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"type"_s).toString(), u"error"_s);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"type"_s).toString(),
            u"invalid_request_error"_s);
        const QJsonObject row = usageRow(r.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), 0.0);
    }

    void streamingOrderAndTiming()
    {
        QJsonObject body
            = request(u"Tell me a long story about a lighthouse keeper and the sea."_s);
        body.insert(u"stream"_s, true);
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/event-stream"));
        QVERIFY(r.headers.contains("x-quota-remaining-credits"));
        const QList<Event> events = parseSse(r.body);
        QVERIFY(events.size() > 6);
        QStringList names;
        for (const Event &e : events) {
            if (e.name != u"ping"_s)
                names.append(e.name);
            QCOMPARE(e.data.value(u"type"_s).toString(), e.name);
        }
        QCOMPARE(names.first(), u"message_start"_s);
        QCOMPARE(names.at(1), u"content_block_start"_s);
        QCOMPARE(names.at(names.size() - 3), u"content_block_stop"_s);
        QCOMPARE(names.at(names.size() - 2), u"message_delta"_s);
        QCOMPARE(names.last(), u"message_stop"_s);
        QVERIFY(events.constFirst()
                    .data.value(u"message"_s)
                    .toObject()
                    .value(u"content"_s)
                    .toArray()
                    .isEmpty());
        QString text;
        for (const Event &e : events) {
            if (e.name == u"content_block_delta"_s)
                text += e.data.value(u"delta"_s).toObject().value(u"text"_s).toString();
        }
        const Event &delta = events.at(events.size() - 2);
        QCOMPARE(delta.data.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInteger(),
            estimateTokens(text));
        QCOMPARE(delta.data.value(u"delta"_s).toObject().value(u"stop_reason"_s).toString(),
            u"end_turn"_s);
        // Progressive: many separate arrivals, spread over time (70 tok/s × 0.3 scale).
        QVERIFY2(r.chunkTimes.size() >= 8, qPrintable(QString::number(r.chunkTimes.size())));
        QVERIFY(r.chunkTimes.last() - r.chunkTimes.first() >= 150);

        const QJsonObject row = usageRow(r.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"succeeded"_s);
        QCOMPARE(row.value(u"completion_tokens"_s).toInteger(), estimateTokens(text));
    }

    void temperatureVariesWordingDeterministically()
    {
        const auto textAt = [&](std::optional<double> t) {
            QJsonObject body = request(u"Name three rivers in Europe."_s);
            if (t)
                body.insert(u"temperature"_s, *t);
            return post(u"/v1/messages"_s, body)
                .json()
                .value(u"content"_s)
                .toArray()
                .at(0)
                .toObject()
                .value(u"text"_s)
                .toString();
        };
        const QString plain = textAt(std::nullopt);
        QCOMPARE(textAt(0.7), textAt(0.7));
        bool differs = false;
        for (const double t : {0.2, 0.4, 0.6, 0.8, 1.0})
            differs |= textAt(t) != plain;
        QVERIFY(differs);
    }

    void maxTokensCut()
    {
        QJsonObject body = request(u"Describe the moon in detail."_s);
        body.insert(u"max_tokens"_s, 5);
        const QJsonObject o = post(u"/v1/messages"_s, body).json();
        QCOMPARE(o.value(u"stop_reason"_s).toString(), u"max_tokens"_s);
        QVERIFY(o.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInteger() <= 5);
        QVERIFY(o.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInteger() > 0);
    }

    void stopSequence()
    {
        QJsonObject body = request(u"Describe the moon in detail."_s);
        body.insert(u"stop_sequences"_s, QJsonArray {u"zzz-never"_s, u"deterministic"_s});
        const QJsonObject o = post(u"/v1/messages"_s, body).json();
        QCOMPARE(o.value(u"stop_reason"_s).toString(), u"stop_sequence"_s);
        QCOMPARE(o.value(u"stop_sequence"_s).toString(), u"deterministic"_s);
        const QString text
            = o.value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString();
        QVERIFY(!text.isEmpty());
        QVERIFY(!text.contains(u"deterministic"_s));
    }

    void imageToolMakesToolUseAndImage()
    {
        QJsonObject body = request(u"Please draw a lighthouse at dusk"_s);
        body.insert(u"tools"_s, QJsonArray {kImageTool});
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"stop_reason"_s).toString(), u"end_turn"_s);
        const QJsonArray content = o.value(u"content"_s).toArray();
        QCOMPARE(content.size(), 3);
        QCOMPARE(content.at(0).toObject().value(u"type"_s).toString(), u"text"_s);
        const QJsonObject use = content.at(1).toObject();
        QCOMPARE(use.value(u"type"_s).toString(), u"tool_use"_s);
        QVERIFY(use.value(u"id"_s).toString().startsWith(u"toolu_"_s));
        QCOMPARE(use.value(u"name"_s).toString(), u"generate_image"_s);
        QCOMPARE(use.value(u"input"_s).toObject().value(u"size"_s).toString(), u"1024x1024"_s);
        QCOMPARE(use.value(u"input"_s).toObject().value(u"prompt"_s).toString(),
            u"Please draw a lighthouse at dusk"_s);
        const QJsonObject source = content.at(2).toObject().value(u"source"_s).toObject();
        QCOMPARE(content.at(2).toObject().value(u"type"_s).toString(), u"image"_s);
        QCOMPARE(source.value(u"media_type"_s).toString(), u"image/png"_s);
        const QImage img = QImage::fromData(
            QByteArray::fromBase64(source.value(u"data"_s).toString().toLatin1()));
        QCOMPARE(img.size(), QSize(1024, 1024));

        const QJsonObject usage = o.value(u"usage"_s).toObject();
        const Credits expected
            = *m_card.textCost(u"claude-sonnet-4-5"_s, usage.value(u"input_tokens"_s).toInteger(),
                  usage.value(u"output_tokens"_s).toInteger())
            + *m_card.imageCost(u"gpt-image-2"_s, u"1024x1024"_s, 1);
        const QJsonObject row = usageRow(r.headers.value("request-id"));
        QCOMPARE(creditsFromUsd(row.value(u"credits"_s).toDouble()), expected);

        // tool_choice none: no tool, even when asked to draw.
        body.insert(u"tool_choice"_s, QJsonObject {{u"type"_s, u"none"_s}});
        QCOMPARE(post(u"/v1/messages"_s, body).json().value(u"content"_s).toArray().size(), 1);
    }

    void imageToolStreaming()
    {
        QJsonObject body = request(u"Draw me a small cat"_s, u"claude-haiku-4-5"_s);
        body.insert(u"tools"_s, QJsonArray {kImageTool});
        body.insert(u"stream"_s, true);
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 200);
        const QList<Event> events = parseSse(r.body);
        QString partial;
        QJsonObject imageBlock;
        for (const Event &e : events) {
            const QJsonObject d = e.data;
            if (e.name == u"content_block_delta"_s && d.value(u"index"_s).toInt() == 1) {
                QCOMPARE(d.value(u"delta"_s).toObject().value(u"type"_s).toString(),
                    u"input_json_delta"_s);
                partial += d.value(u"delta"_s).toObject().value(u"partial_json"_s).toString();
            }
            if (e.name == u"content_block_start"_s && d.value(u"index"_s).toInt() == 2)
                imageBlock = d.value(u"content_block"_s).toObject();
        }
        const QJsonObject input = QJsonDocument::fromJson(partial.toUtf8()).object();
        QCOMPARE(input.value(u"prompt"_s).toString(), u"Draw me a small cat"_s);
        QCOMPARE(imageBlock.value(u"type"_s).toString(), u"image"_s);
        const QImage img = QImage::fromData(QByteArray::fromBase64(
            imageBlock.value(u"source"_s).toObject().value(u"data"_s).toString().toLatin1()));
        QCOMPARE(img.size(), QSize(1024, 1024));
        QCOMPARE(events.last().name, u"message_stop"_s);
    }

    void blockedImageDoesNotFailMessage()
    {
        QJsonObject body = request(u"Draw a picture [fault:content_policy]"_s);
        body.insert(u"tools"_s, QJsonArray {kImageTool});
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 200);
        const QJsonArray content = r.json().value(u"content"_s).toArray();
        bool sawImage = false;
        bool sawWhy = false;
        for (const QJsonValue &v : content) {
            sawImage |= v.toObject().value(u"type"_s).toString() == u"image"_s;
            sawWhy
                |= v.toObject().value(u"text"_s).toString().contains(u"content_policy_violation"_s);
        }
        QVERIFY(!sawImage);
        QVERIFY(sawWhy);
        const QJsonObject usage = r.json().value(u"usage"_s).toObject();
        const Credits textOnly
            = *m_card.textCost(u"claude-sonnet-4-5"_s, usage.value(u"input_tokens"_s).toInteger(),
                usage.value(u"output_tokens"_s).toInteger());
        QCOMPARE(
            creditsFromUsd(usageRow(r.headers.value("request-id")).value(u"credits"_s).toDouble()),
            textOnly);
    }

    void errorFaults_data()
    {
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("content_policy") << "content_policy"_ba << 451 << u"invalid_request_error"_s;
        QTest::newRow("watermark") << "watermark"_ba << 422 << u"invalid_request_error"_s;
        QTest::newRow("upstream_502") << "upstream_502"_ba << 502 << u"api_error"_s;
        QTest::newRow("overloaded") << "overloaded"_ba << 529 << u"overloaded_error"_s;
        QTest::newRow("rate_limit") << "rate_limit"_ba << 429 << u"rate_limit_error"_s;
        QTest::newRow("insufficient_balance")
            << "insufficient_balance"_ba << 402 << u"billing_error"_s;
    }

    void errorFaults()
    {
        QFETCH(QByteArray, fault);
        QFETCH(int, status);
        QFETCH(QString, type);
        const double before = spent();
        for (const bool stream : {false, true}) {
            QJsonObject body = request(u"Hi"_s);
            body.insert(u"stream"_s, stream);
            const Result r = post(u"/v1/messages"_s, body, fault);
            QCOMPARE(r.status, status);
            const QJsonObject o = r.json();
            QCOMPARE(o.value(u"type"_s).toString(), u"error"_s);
            QCOMPARE(o.value(u"error"_s).toObject().value(u"type"_s).toString(), type);
            QVERIFY(o.value(u"request_id"_s).toString().startsWith(u"req_"_s));
            if (status == 429)
                QVERIFY(r.headers.contains("retry-after"));
            const QJsonObject row = usageRow(r.headers.value("request-id"));
            QCOMPARE(row.value(u"status"_s).toString(), u"failed"_s);
            QCOMPARE(row.value(u"credits"_s).toDouble(), 0.0);
        }
        QCOMPARE(spent(), before);
    }

    // A fault tag asks for a fault in the turn that carries it; sent again as history
    // it must not fail the conversation's later messages.
    void faultTagOnlyInNewestTurn()
    {
        QJsonObject body = request(u"Hi [fault:content_policy]"_s);
        QCOMPARE(post(u"/v1/messages"_s, body).status, 451);
        QJsonArray turns = body.value(u"messages"_s).toArray();
        turns.append(QJsonObject {{u"role"_s, u"assistant"_s}, {u"content"_s, u"Blocked."_s}});
        turns.append(userMessage(u"Something else"_s));
        body.insert(u"messages"_s, turns);
        QCOMPARE(post(u"/v1/messages"_s, body).status, 200);
    }

    void slowFaultDelaysStart()
    {
        QElapsedTimer t;
        t.start();
        const Result r = post(u"/v1/messages"_s, request(u"Hi"_s), "slow");
        QCOMPARE(r.status, 200);
        QVERIFY(t.elapsed() >= 800); // 3 s × 0.3
    }

    void malformedIsNotJson()
    {
        const Result r = post(u"/v1/messages"_s, request(u"Hi [fault:malformed]"_s));
        QCOMPARE(r.status, 200);
        QJsonParseError error;
        QJsonDocument::fromJson(r.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
        QCOMPARE(
            usageRow(r.headers.value("request-id")).value(u"status"_s).toString(), u"failed"_s);
    }

    void dropStreamMidStream()
    {
        QJsonObject body = request(u"Tell me about rivers"_s);
        body.insert(u"stream"_s, true);
        const double before = spent();
        const Result r = post(u"/v1/messages"_s, body, "drop_stream");
        QCOMPARE(r.status, 200);
        const QList<Event> events = parseSse(r.body);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.first().name, u"message_start"_s);
        bool sawDelta = false;
        for (const Event &e : events) {
            sawDelta |= e.name == u"content_block_delta"_s;
            QVERIFY(e.name != u"message_stop"_s);
        }
        QVERIFY(sawDelta);
        QVERIFY(r.error != QNetworkReply::NoError);
        const QJsonObject row = usageRow(r.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), 0.0);
        QCOMPARE(spent(), before);

        // Not streaming: part of the body, then the connection closes.
        const Result plain = post(u"/v1/messages"_s, request(u"Rivers again"_s), "drop_stream");
        QVERIFY(
            plain.error != QNetworkReply::NoError || QJsonDocument::fromJson(plain.body).isNull());
    }

    void streamErrorEvent()
    {
        QJsonObject body = request(u"Tell me about mountains"_s);
        body.insert(u"stream"_s, true);
        const Result r = post(u"/v1/messages"_s, body, "stream_error");
        QCOMPARE(r.status, 200);
        const QList<Event> events = parseSse(r.body);
        QVERIFY(events.size() > 2);
        QCOMPARE(events.last().name, u"error"_s);
        QCOMPARE(events.last().data.value(u"error"_s).toObject().value(u"type"_s).toString(),
            u"overloaded_error"_s);
        const QJsonObject row = usageRow(r.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), 0.0);
    }

    void clientAbortBillsPartial()
    {
        // Opus is the slowest voice and the longest reply: plenty left to cut.
        QJsonObject body = request(
            u"Write an essay about bridges and the people who build them."_s, u"claude-opus-4-1"_s);
        body.insert(u"stream"_s, true);
        const Result r = post(u"/v1/messages"_s, body, {}, 4);
        QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
        const QByteArray id = r.headers.value("request-id");
        QVERIFY(!id.isEmpty());
        QJsonObject row;
        QTRY_VERIFY_WITH_TIMEOUT(!(row = usageRow(id)).isEmpty(), 3000);
        QCOMPARE(row.value(u"status"_s).toString(), u"cancelled"_s);
        QVERIFY(row.value(u"credits"_s).toDouble() > 0);
        const qint64 sent = row.value(u"completion_tokens"_s).toInteger();
        QVERIFY(sent > 0);
        const Result full = post(u"/v1/messages"_s, [&] {
            QJsonObject b = body;
            b.remove(u"stream"_s);
            return b;
        }());
        QVERIFY(
            sent < full.json().value(u"usage"_s).toObject().value(u"output_tokens"_s).toInteger());
    }

    void badRequests_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::newRow("no max_tokens") << QJsonObject {{u"model"_s, u"claude-sonnet-4-5"_s},
            {u"messages"_s, QJsonArray {userMessage(u"x"_s)}}};
        QTest::newRow("image model") << QJsonObject {{u"model"_s, u"gpt-image-2"_s},
            {u"max_tokens"_s, 10}, {u"messages"_s, QJsonArray {userMessage(u"x"_s)}}};
        QTest::newRow("unknown model") << QJsonObject {{u"model"_s, u"nope-1"_s},
            {u"max_tokens"_s, 10}, {u"messages"_s, QJsonArray {userMessage(u"x"_s)}}};
        QTest::newRow("no messages")
            << QJsonObject {{u"model"_s, u"claude-sonnet-4-5"_s}, {u"max_tokens"_s, 10}};
    }

    void badRequests()
    {
        QFETCH(QJsonObject, body);
        const Result r = post(u"/v1/messages"_s, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"type"_s).toString(),
            u"invalid_request_error"_s);
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestSandboxMessages)
#include "tst_sandboxmessages.moc"
