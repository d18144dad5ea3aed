// The sandbox gateway's plumbing over real loopback HTTP: auth, quota headers, free
// routes, faults and their envelopes, credits and usage rows, limits, concurrency.
#include "core/money.h"
#include "sandbox/sandboxserver.h"
#include "sandboxhttp.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>
#include <QThread>
#include <QtEndian>

using namespace Qt::StringLiterals;
using bsp::test::Http;
using bsp::test::HttpResult;
using namespace bsp::sandbox;
using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestSandboxServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<Http> m_http;
    const QByteArray m_keyA = "sk-byts-test-a";
    const QByteArray m_keyB = "sk-byts-test-b";
    const QByteArray m_poor = "sk-byts-poor";

    QJsonObject embeddingBody(const QString &text)
    {
        return {{u"model"_s, u"bge-large-zh-v1.5"_s}, {u"input"_s, text}};
    }
    QJsonObject balance(const QByteArray &key) { return m_http->get(u"/v1/balance"_s, key).json(); }
    QJsonArray usage(const QByteArray &key)
    {
        return m_http->get(u"/api/v1/usage?limit=1000"_s, key).json().value("data"_L1).toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxOptions options;
        options.keys = {{QString::fromLatin1(m_keyA), 100 * bsp::kCreditsPerUsd},
            {QString::fromLatin1(m_keyB), 50 * bsp::kCreditsPerUsd},
            {QString::fromLatin1(m_poor), 100}};
        options.timeScale = 0.01;
        m_server = std::make_unique<SandboxServer>(options);
        QVERIFY2(m_server->listen() != 0, qPrintable(m_server->errorString()));
        QVERIFY(m_server->baseUrl().startsWith(u"http://127.0.0.1:"_s));
        m_http = std::make_unique<Http>(m_server->baseUrl());
    }

    void auth_data()
    {
        QTest::addColumn<Headers>("headers");
        QTest::addColumn<int>("status");
        using H = QList<QPair<QByteArray, QByteArray>>;
        QTest::newRow("x-api-key") << H {{"x-api-key", "sk-byts-test-a"}} << 200;
        QTest::newRow("bearer") << H {{"Authorization", "Bearer sk-byts-test-a"}} << 200;
        QTest::newRow("both, x-api-key wins")
            << H {{"x-api-key", "sk-byts-test-a"}, {"Authorization", "Bearer nope"}} << 200;
        QTest::newRow("both, bad x-api-key wins")
            << H {{"x-api-key", "nope"}, {"Authorization", "Bearer sk-byts-test-a"}} << 401;
        QTest::newRow("unknown") << H {{"x-api-key", "sk-byts-unknown"}} << 401;
        QTest::newRow("missing") << H {} << 401;
    }
    void auth()
    {
        QFETCH(Headers, headers);
        QFETCH(int, status);
        const HttpResult r = m_http->send("GET", u"/v1/balance"_s, {}, headers);
        QCOMPARE(r.status, status);
        if (status == 401) {
            const QJsonObject e = r.json().value("error"_L1).toObject();
            QCOMPARE(e.value("code"_L1).toString(), u"invalid_api_key"_s);
            QVERIFY(e.contains("param"_L1));
            QVERIFY(!e.value("message"_L1).toString().isEmpty());
        }
    }

    void quotaHeadersOnEveryResponse_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("balance") << "GET"_ba << u"/v1/balance"_s << m_keyA << ""_ba << 200;
        QTest::newRow("401") << "GET"_ba << u"/v1/models"_s << "bad"_ba
                             << ""_ba << 401;
        QTest::newRow("404") << "GET"_ba << u"/v1/nothing"_s << m_keyA << ""_ba << 404;
        QTest::newRow("400") << "POST"_ba << u"/v1/embeddings"_s << m_keyA << "{nope"_ba << 400;
    }
    void quotaHeadersOnEveryResponse()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const HttpResult r = m_http->send(method, path, body, {{"x-api-key", key}});
        QCOMPARE(r.status, status);
        static const QRegularExpression id(u"^req_[0-9a-f]{24}$"_s);
        QVERIFY2(id.match(QString::fromLatin1(r.header("request-id"))).hasMatch(),
            r.header("request-id").constData());
        QVERIFY(r.header("X-RateLimit-Limit").toDouble() > 0);
        QVERIFY(!r.header("X-RateLimit-Remaining").isEmpty());
        QVERIFY(r.header("X-RateLimit-Reset").toLongLong() >= QDateTime::currentSecsSinceEpoch());
        QVERIFY(!r.header("X-Quota-Remaining-Credits").isEmpty());
        QVERIFY(r.isJson());
    }

    void unknownRouteAndEnvelopes()
    {
        HttpResult r = m_http->get(u"/v1/does-not-exist"_s, m_keyA);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value("error"_L1).toObject().value("code"_L1).toString(), u"not_found"_s);
        // Under /v1/messages the Anthropic envelope.
        r = m_http->post(u"/v1/messages/nope"_s, m_keyA, {});
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value("type"_L1).toString(), u"error"_s);
        QCOMPARE(r.json().value("error"_L1).toObject().value("type"_L1).toString(),
            u"not_found_error"_s);
        QVERIFY(r.json().value("request_id"_L1).toString().startsWith(u"req_"_s));
        // Wrong method on a known path is an unknown route too.
        r = m_http->send("DELETE", u"/v1/balance"_s, {}, {{"x-api-key", m_keyA}});
        QCOMPARE(r.status, 404);
    }

    void models()
    {
        HttpResult r = m_http->get(u"/v1/models"_s, m_keyA);
        QCOMPARE(r.status, 200);
        const QJsonArray all = r.json().value("data"_L1).toArray();
        QCOMPARE(all.size(), 22);
        QStringList ids;
        for (const QJsonValue &v : all) {
            const QJsonObject m = v.toObject();
            ids << m.value("id"_L1).toString();
            QCOMPARE(m.value("object"_L1).toString(), u"model"_s);
            for (const char *field : {"owned_by", "family", "pricing_url"})
                QVERIFY2(!m.value(QLatin1StringView(field)).toString().isEmpty(), field);
            for (const char *field : {"capabilities", "input_modalities", "output_modalities"})
                QVERIFY2(!m.value(QLatin1StringView(field)).toArray().isEmpty(), field);
        }
        for (const char *id :
            {"claude-sonnet-4-5", "seedream-v5lite", "gpt-image-2", "sora-2", "veo-3.1-fast",
                "seedance-2.0-pro-fast", "bge-large-zh-v1.5", "bge-reranker-v2-m3"})
            QVERIFY2(ids.contains(QString::fromLatin1(id)), id);

        r = m_http->get(u"/v1/models?capability=vision"_s, m_keyA);
        const QJsonArray vision = r.json().value("data"_L1).toArray();
        QCOMPARE(vision.size(), 3);
        r = m_http->get(u"/v1/models?family=seedream"_s, m_keyA);
        QCOMPARE(r.json().value("data"_L1).toArray().size(), 3);
    }

    void pricing()
    {
        const HttpResult r = m_http->get(u"/v1/pricing"_s, m_keyA);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("currency"_L1).toString(), u"USD"_s);
        QCOMPARE(r.json().value("models"_L1).toArray().size(), 22);
    }

    void embeddingsFloatAndBase64Agree()
    {
        QJsonObject body {{u"model"_s, u"bge-large-zh-v1.5"_s},
            {u"input"_s, QJsonArray {u"hello world"_s, u"你好世界"_s}}};
        const HttpResult f = m_http->post(u"/v1/embeddings"_s, m_keyA, body);
        QCOMPARE(f.status, 200);
        body.insert(u"encoding_format"_s, u"base64"_s);
        const HttpResult b = m_http->post(u"/v1/embeddings"_s, m_keyA, body);
        QCOMPARE(b.status, 200);
        const QJsonArray fd = f.json().value("data"_L1).toArray();
        const QJsonArray bd = b.json().value("data"_L1).toArray();
        QCOMPARE(fd.size(), 2);
        QCOMPARE(bd.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(fd.at(i).toObject().value("index"_L1).toInt(), i);
            const QJsonArray floats = fd.at(i).toObject().value("embedding"_L1).toArray();
            const QByteArray raw = QByteArray::fromBase64(
                bd.at(i).toObject().value("embedding"_L1).toString().toLatin1());
            QCOMPARE(floats.size(), 1024);
            QCOMPARE(raw.size(), 1024 * 4);
            for (int k = 0; k < 1024; ++k) {
                const float fromB64 = qFromLittleEndian<float>(raw.constData() + k * 4);
                QCOMPARE(float(floats.at(k).toDouble()), fromB64);
            }
        }
        const QJsonObject usageObj = f.json().value("usage"_L1).toObject();
        QVERIFY(usageObj.value("prompt_tokens"_L1).toInt() > 0);
        QCOMPARE(
            usageObj.value("total_tokens"_L1).toInt(), usageObj.value("prompt_tokens"_L1).toInt());
    }

    void embeddingsSimilarTextsAreCloser()
    {
        const QJsonObject body {{u"model"_s, u"bge-large-zh-v1.5"_s},
            {u"input"_s,
                QJsonArray {u"the cat sat on the mat"_s, u"a cat sat on a mat"_s,
                    u"quarterly revenue grew in europe"_s}}};
        const HttpResult r = m_http->post(u"/v1/embeddings"_s, m_keyA, body);
        QCOMPARE(r.status, 200);
        QList<QList<double>> v;
        for (const QJsonValue &item : r.json().value("data"_L1).toArray()) {
            QList<double> x;
            for (const QJsonValue &f : item.toObject().value("embedding"_L1).toArray())
                x << f.toDouble();
            v << x;
        }
        const auto dot = [](const QList<double> &a, const QList<double> &b) {
            double s = 0;
            for (int i = 0; i < a.size(); ++i)
                s += a[i] * b[i];
            return s;
        };
        QVERIFY2(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.1,
            qPrintable(u"%1 vs %2"_s.arg(dot(v[0], v[1])).arg(dot(v[0], v[2]))));
    }

    void embeddingsValidation_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("empty string") << QJsonObject {{u"model"_s, u"bge-large-zh-v1.5"_s},
            {u"input"_s, u""_s}} << u"invalid_param"_s;
        QJsonArray many;
        for (int i = 0; i < 257; ++i)
            many.append(u"x"_s);
        QTest::newRow("257 items") << QJsonObject {{u"model"_s, u"bge-large-zh-v1.5"_s},
            {u"input"_s, many}} << u"invalid_param"_s;
        QTest::newRow("unknown model") << QJsonObject {{u"model"_s, u"nope-1"_s},
            {u"input"_s, u"x"_s}} << u"model_not_found"_s;
        QTest::newRow("wrong modality")
            << QJsonObject {{u"model"_s, u"sora-2"_s}, {u"input"_s, u"x"_s}} << u"invalid_param"_s;
        QTest::newRow("bad format") << QJsonObject {{u"model"_s, u"bge-large-zh-v1.5"_s},
            {u"input"_s, u"x"_s}, {u"encoding_format"_s, u"hex"_s}}
                                    << u"invalid_param"_s;
    }
    void embeddingsValidation()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, code);
        const double before = balance(m_keyA).value("remaining_credits"_L1).toDouble();
        const HttpResult r = m_http->post(u"/v1/embeddings"_s, m_keyA, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), code);
        QCOMPARE(r.quota(), before);
        const QJsonObject last = usage(m_keyA).last().toObject();
        QCOMPARE(
            last.value("request_id"_L1).toString(), QString::fromLatin1(r.header("request-id")));
        QCOMPARE(last.value("status"_L1).toString(), u"failed"_s);
        QCOMPARE(last.value("credits"_L1).toDouble(), 0.0);
    }

    void rerank()
    {
        const QJsonObject body {{u"model"_s, u"bge-reranker-v2-m3"_s},
            {u"query"_s, u"how do cats sleep"_s},
            {u"documents"_s,
                QJsonArray {u"stock markets fell sharply"_s,
                    u"cats sleep up to sixteen hours a day"_s, u"dogs bark at night"_s}},
            {u"top_n"_s, 2}, {u"return_documents"_s, true}};
        const HttpResult r = m_http->post(u"/v1/rerank"_s, m_keyA, body);
        QCOMPARE(r.status, 200);
        const QJsonArray results = r.json().value("results"_L1).toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.at(0).toObject().value("index"_L1).toInt(), 1);
        QCOMPARE(
            results.at(0).toObject().value("document"_L1).toObject().value("text"_L1).toString(),
            u"cats sleep up to sixteen hours a day"_s);
        const double s0 = results.at(0).toObject().value("relevance_score"_L1).toDouble();
        const double s1 = results.at(1).toObject().value("relevance_score"_L1).toDouble();
        QVERIFY(s0 >= s1);
        QVERIFY(s0 > 0 && s0 <= 1 && s1 >= 0);
        QVERIFY(r.json().value("usage"_L1).toObject().value("total_tokens"_L1).toInt() > 0);
        QVERIFY(r.json().value("id"_L1).toString().size() > 4);
        // Without return_documents, no document.
        QJsonObject plain = body;
        plain.remove(u"return_documents"_s);
        const HttpResult p = m_http->post(u"/v1/rerank"_s, m_keyA, plain);
        QVERIFY(!p.json().value("results"_L1).toArray().at(0).toObject().contains("document"_L1));
    }

    void faults_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("content_policy")
            << u"content_policy"_s << 451 << u"content_policy_violation"_s;
        QTest::newRow("watermark") << u"watermark"_s << 422 << u"watermark_detected"_s;
        QTest::newRow("upstream_502") << u"upstream_502"_s << 502 << u"upstream_error"_s;
        QTest::newRow("overloaded") << u"overloaded"_s << 529 << u"overloaded"_s;
        QTest::newRow("rate_limit") << u"rate_limit"_s << 429 << u"rate_limit_error"_s;
        QTest::newRow("insufficient_balance")
            << u"insufficient_balance"_s << 402 << u"insufficient_balance"_s;
    }
    void faults()
    {
        QFETCH(QString, fault);
        QFETCH(int, status);
        QFETCH(QString, code);
        for (const bool viaHeader : {true, false}) {
            const double before = balance(m_keyA).value("remaining_credits"_L1).toDouble();
            QList<QPair<QByteArray, QByteArray>> extra;
            QString text = u"hello"_s;
            if (viaHeader)
                extra.append({"x-sandbox-fault", fault.toLatin1()});
            else
                text = u"hello [fault:%1] world"_s.arg(fault);
            const HttpResult r
                = m_http->post(u"/v1/embeddings"_s, m_keyA, embeddingBody(text), extra);
            QCOMPARE(r.status, status);
            QCOMPARE(r.json().value("error"_L1).toObject().value("code"_L1).toString(), code);
            QVERIFY(r.json().value("error"_L1).toObject().contains("type"_L1));
            QCOMPARE(r.quota(), before);
            if (status == 429) {
                QCOMPARE(r.header("retry-after"), "1"_ba);
                QCOMPARE(r.header("retry-after-ms"), "1000"_ba);
            }
            const QJsonObject row = usage(m_keyA).last().toObject();
            QCOMPARE(
                row.value("request_id"_L1).toString(), QString::fromLatin1(r.header("request-id")));
            QCOMPARE(row.value("status"_L1).toString(), u"failed"_s);
            QCOMPARE(row.value("error_code"_L1).toString(), code);
            QCOMPARE(row.value("credits"_L1).toDouble(), 0.0);
            QCOMPARE(row.value("model"_L1).toString(), u"bge-large-zh-v1.5"_s);
        }
    }

    void malformedFault()
    {
        const double before = balance(m_keyA).value("remaining_credits"_L1).toDouble();
        const HttpResult r = m_http->post(
            u"/v1/embeddings"_s, m_keyA, embeddingBody(u"x"_s), {{"x-sandbox-fault", "malformed"}});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.isEmpty());
        QVERIFY(!r.isJson());
        QCOMPARE(balance(m_keyA).value("remaining_credits"_L1).toDouble(), before);
        const QJsonObject row = usage(m_keyA).last().toObject();
        QCOMPARE(row.value("status"_L1).toString(), u"failed"_s);
        QCOMPARE(row.value("credits"_L1).toDouble(), 0.0);
    }

    void dropStreamFault()
    {
        const double before = balance(m_keyA).value("remaining_credits"_L1).toDouble();
        const HttpResult r = m_http->post(u"/v1/embeddings"_s, m_keyA, embeddingBody(u"x"_s),
            {{"x-sandbox-fault", "drop_stream"}});
        QVERIFY2(r.error != QNetworkReply::NoError, qPrintable(QString::number(r.error)));
        QCOMPARE(balance(m_keyA).value("remaining_credits"_L1).toDouble(), before);
        QCOMPARE(usage(m_keyA).last().toObject().value("status"_L1).toString(), u"failed"_s);
    }

    void freeRoutesAnswerErrorFaults()
    {
        const HttpResult r = m_http->send(
            "GET", u"/v1/models"_s, {}, {{"x-api-key", m_keyA}, {"x-sandbox-fault", "overloaded"}});
        QCOMPARE(r.status, 529);
        QCOMPARE(r.code(), u"overloaded"_s);
    }

    void insufficientBalance()
    {
        const HttpResult r = m_http->post(
            u"/v1/rerank"_s, m_poor, {{u"query"_s, u"q"_s}, {u"documents"_s, QJsonArray {u"a"_s}}});
        QCOMPARE(r.status, 402);
        QCOMPARE(r.code(), u"insufficient_balance"_s);
        QCOMPARE(r.quota(), 0.0001);
        const QJsonObject b = balance(m_poor);
        QCOMPARE(b.value("reserved_credits"_L1).toDouble(), 0.0);
        QCOMPARE(b.value("spent_credits"_L1).toDouble(), 0.0);
    }

    void creditsDebitedOnSuccess()
    {
        const QJsonObject before = balance(m_keyB);
        const HttpResult r = m_http->post(u"/v1/rerank"_s, m_keyB,
            {{u"query"_s, u"q"_s}, {u"documents"_s, QJsonArray {u"a"_s, u"b"_s}}});
        QCOMPARE(r.status, 200);
        // One search at 0.002 USD.
        QCOMPARE(r.quota(), before.value("remaining_credits"_L1).toDouble() - 0.002);
        const QJsonObject after = balance(m_keyB);
        QCOMPARE(after.value("spent_credits"_L1).toDouble(),
            before.value("spent_credits"_L1).toDouble() + 0.002);
        QCOMPARE(after.value("reserved_credits"_L1).toDouble(), 0.0);
        const QJsonObject row = usage(m_keyB).last().toObject();
        QCOMPARE(row.value("status"_L1).toString(), u"succeeded"_s);
        QCOMPARE(row.value("credits"_L1).toDouble(), 0.002);
        QCOMPARE(row.value("route"_L1).toString(), u"/v1/rerank"_s);
        QCOMPARE(row.value("units"_L1).toDouble(), 1.0);
    }

    void usageRowsAddUpAndPage()
    {
        // Key A has a mix of successes and failures by now.
        const QJsonArray rows = usage(m_keyA);
        QVERIFY(rows.size() > 10);
        qint64 sum = 0;
        for (const QJsonValue &v : rows)
            sum += bsp::creditsFromUsd(v.toObject().value("credits"_L1).toDouble());
        QCOMPARE(sum, bsp::creditsFromUsd(balance(m_keyA).value("spent_credits"_L1).toDouble()));
        // Paging: oldest first, after the cursor.
        QString cursor;
        int seen = 0;
        while (true) {
            QString path = u"/api/v1/usage?limit=4"_s;
            if (!cursor.isEmpty())
                path += u"&after="_s + cursor;
            const QJsonObject page = m_http->get(path, m_keyA).json();
            const QJsonArray data = page.value("data"_L1).toArray();
            for (const QJsonValue &v : data) {
                QCOMPARE(v.toObject().value("request_id"_L1),
                    rows.at(seen).toObject().value("request_id"_L1));
                ++seen;
            }
            if (!page.value("has_more"_L1).toBool())
                break;
            cursor = data.last().toObject().value("request_id"_L1).toString();
        }
        QCOMPARE(seen, rows.size());
        // Another key's cursor is unknown here; key B never sees key A's rows.
        const HttpResult r = m_http->get(
            u"/api/v1/usage?after="_s + rows.first().toObject().value("request_id"_L1).toString(),
            m_keyB);
        QCOMPARE(r.status, 400);
        for (const QJsonValue &v : usage(m_keyB))
            QVERIFY(!rows.contains(v));
        // Free routes added no rows.
        const qsizetype count = usage(m_keyA).size();
        m_http->get(u"/v1/models"_s, m_keyA);
        m_http->get(u"/v1/pricing"_s, m_keyA);
        balance(m_keyA);
        QCOMPARE(usage(m_keyA).size(), count);
    }

    void malformedJsonAndTooLarge()
    {
        HttpResult r
            = m_http->send("POST", u"/v1/rerank"_s, "{\"query\":", {{"x-api-key", m_keyA}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"invalid_param"_s);
        const QByteArray big(33 * 1024 * 1024, 'a');
        r = m_http->send("POST", u"/v1/embeddings"_s, big, {{"x-api-key", m_keyA}});
        QCOMPARE(r.status, 413);
        QCOMPARE(r.code(), u"request_too_large"_s);
    }

    void slowDoesNotBlockOthers()
    {
        SandboxOptions options;
        options.timeScale = 0.5; // slow = 1.5 s
        SandboxServer server(options);
        QVERIFY(server.listen());
        Http http(server.baseUrl());
        const QByteArray key = SandboxServer::defaultKey().toLatin1();
        QNetworkReply *slow = http.start("POST", u"/v1/embeddings"_s,
            QJsonDocument(embeddingBody(u"slow one"_s)).toJson(),
            {{"x-api-key", key}, {"x-sandbox-fault", "slow"}});
        QElapsedTimer clock;
        clock.start();
        const HttpResult quick = http.get(u"/v1/balance"_s, key);
        QCOMPARE(quick.status, 200);
        QVERIFY(!slow->isFinished());
        const HttpResult slowResult = Http::wait(slow);
        QCOMPARE(slowResult.status, 200);
        QVERIFY2(clock.elapsed() >= 1400, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(quick.elapsedMs < 1000);
    }

    void randomFaultRate()
    {
        SandboxOptions options;
        options.faultRate = 1.0;
        options.seed = 7;
        options.timeScale = 0.01;
        SandboxServer server(options);
        QVERIFY(server.listen());
        Http http(server.baseUrl());
        const QByteArray key = SandboxServer::defaultKey().toLatin1();
        for (int i = 0; i < 8; ++i) {
            const HttpResult r = http.post(u"/v1/embeddings"_s, key, embeddingBody(u"x"_s));
            QVERIFY2(r.status != 200 || !r.isJson(), r.body.constData());
        }
        QCOMPARE(http.get(u"/v1/balance"_s, key).status, 200); // free routes: no random faults
        QCOMPARE(http.get(u"/v1/balance"_s, key).json().value("spent_credits"_L1).toDouble(), 0.0);
    }

    void runsInWorkerThread()
    {
        // The app runs the server in a worker thread; it must serve from there.
        QThread thread;
        thread.start();
        SandboxServer *server = nullptr;
        quint16 port = 0;
        QObject worker;
        worker.moveToThread(&thread);
        QMetaObject::invokeMethod(
            &worker,
            [&] {
                SandboxOptions options;
                options.timeScale = 0.01;
                server = new SandboxServer(options);
                port = server->listen();
            },
            Qt::BlockingQueuedConnection);
        QVERIFY(port != 0);
        QCOMPARE(server->thread(), &thread);
        Http http(u"http://127.0.0.1:%1"_s.arg(port));
        const QByteArray key = SandboxServer::defaultKey().toLatin1();
        QCOMPARE(http.get(u"/v1/balance"_s, key).status, 200);
        const HttpResult r = http.post(u"/v1/embeddings"_s, key, embeddingBody(u"thread"_s));
        QCOMPARE(r.status, 200);
        QMetaObject::invokeMethod(
            &worker, [&] { delete server; }, Qt::BlockingQueuedConnection);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

    void destroyWhileBusy()
    {
        // Calls in flight (on the pool and waiting on a timer) when the server goes away:
        // no crash, and the clients see the connection end.
        auto server = std::make_unique<SandboxServer>(SandboxOptions {});
        QVERIFY(server->listen());
        Http http(server->baseUrl());
        const QByteArray key = SandboxServer::defaultKey().toLatin1();
        QNetworkReply *slow = http.start("POST", u"/v1/embeddings"_s,
            QJsonDocument(embeddingBody(u"slow"_s)).toJson(),
            {{"x-api-key", key}, {"x-sandbox-fault", "slow"}});
        QNetworkReply *image = http.start("POST", u"/v1/images/generations"_s,
            QJsonDocument(QJsonObject {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, u"x"_s},
                              {u"n"_s, 1}, {u"size"_s, u"1024x1024"_s}})
                .toJson(),
            {{"x-api-key", key}});
        // The image's reservation (cents, where an embedding holds a fraction of one)
        // shows it is in flight; the slow embedding went first.
        QTRY_VERIFY(
            http.get(u"/v1/balance"_s, key).json().value("reserved_credits"_L1).toDouble() > 0.01);
        server.reset();
        QVERIFY(Http::wait(slow, 5000).error != QNetworkReply::NoError);
        QVERIFY(Http::wait(image, 5000).error != QNetworkReply::NoError);
    }

    void clientGoneMidWork()
    {
        // The client aborts while the (slow) call works; the server survives and bills
        // nothing. At time scale 1 the slow fault holds the call for 3 s.
        SandboxServer server(SandboxOptions {});
        QVERIFY(server.listen());
        Http http(server.baseUrl());
        const QByteArray key = SandboxServer::defaultKey().toLatin1();
        const auto wallet = [&](const char *field) {
            return http.get(u"/v1/balance"_s, key)
                .json()
                .value(QLatin1StringView(field))
                .toDouble();
        };
        const auto lastStatus = [&] {
            return http.get(u"/api/v1/usage?limit=1000"_s, key)
                .json()
                .value("data"_L1)
                .toArray()
                .last()
                .toObject()
                .value("status"_L1)
                .toString();
        };
        const double before = wallet("remaining_credits");
        QNetworkReply *reply = http.start("POST", u"/v1/images/generations"_s,
            QJsonDocument(QJsonObject {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, u"bye"_s}})
                .toJson(),
            {{"x-api-key", key}, {"x-sandbox-fault", "slow"}});
        // In flight once its reservation shows; then the client goes.
        QTRY_VERIFY(wallet("reserved_credits") > 0);
        reply->abort();
        reply->deleteLater();
        QTRY_COMPARE(lastStatus(), u"cancelled"_s);
        QCOMPARE(wallet("remaining_credits"), before);
        QCOMPARE(wallet("reserved_credits"), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"
