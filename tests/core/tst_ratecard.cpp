#include "core/ratecard.h"
#include "core/usagerow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

QByteArray cardWith(const QJsonObject &model)
{
    QJsonObject root {{u"currency"_s, u"USD"_s}, {u"models"_s, QJsonArray {model}}};
    return QJsonDocument(root).toJson();
}

QJsonObject textModel()
{
    return QJsonObject {{u"model"_s, u"m"_s}, {u"modality"_s, u"text"_s}, {u"unit"_s, u"mtok"_s},
        {u"input"_s, 1.0}, {u"output"_s, 2.0}};
}

} // namespace

class TestRateCard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bundledParses();
    void everyModelHasAPrice();
    void cost_data();
    void cost();
    void aliases_data();
    void aliases();
    void unknownModel();
    void malformed_data();
    void malformed();
    void roundTrip();
    void diff();
    void usageRowRoundTrip();
};

void TestRateCard::bundledParses()
{
    const RateCard card = RateCard::bundled();
    QVERIFY(!card.isEmpty());
    QCOMPARE(card.currency(), u"USD"_s);
    QCOMPARE(card.updated(), u"2026-11-24"_s);
    QCOMPARE(card.rates().size(), 22);
    const Rate *sonnet = card.find(u"claude-sonnet-4-5"_s);
    QVERIFY(sonnet);
    QCOMPARE(sonnet->modality, Modality::Text);
    QCOMPARE(sonnet->inputPerMtok, 3.0);
    QCOMPARE(sonnet->outputPerMtok, 15.0);
    QVERIFY(sonnet->estimated);
    QCOMPARE(card.find(u"sora-2"_s)->cancelRunning, CancelPolicy::BillRendered);
    QCOMPARE(card.find(u"veo-3.1"_s)->cancelRunning, CancelPolicy::Free);
    QCOMPARE(card.find(u"bge-reranker-v2-m3"_s)->documentsPerSearch, 100);
}

void TestRateCard::everyModelHasAPrice()
{
    const RateCard card = RateCard::bundled();
    for (const Rate &r : card.rates()) {
        std::optional<Credits> c;
        switch (r.modality) {
        case Modality::Text:
            c = card.textCost(r.model, 1000, 1000);
            break;
        case Modality::Image:
            QVERIFY2(!r.bySize.isEmpty(), qPrintable(r.model));
            c = card.imageCost(r.model, r.bySize.firstKey(), 1);
            break;
        case Modality::Video:
            c = card.videoCost(r.model, r.byResolution.firstKey(), 5);
            break;
        case Modality::Embedding:
            c = card.embeddingCost(r.model, 1000);
            break;
        case Modality::Rerank:
            c = card.rerankCost(r.model, 10);
            break;
        case Modality::Unknown:
            QFAIL(qPrintable(r.model));
        }
        QVERIFY2(c.has_value(), qPrintable(r.model));
        QVERIFY2(*c > 0, qPrintable(r.model));
    }
}

void TestRateCard::cost_data()
{
    QTest::addColumn<QString>("modality");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("variant"); // size or resolution
    QTest::addColumn<double>("a"); // input tokens, count, seconds, documents
    QTest::addColumn<qint64>("b"); // output tokens
    QTest::addColumn<qint64>("expected"); // credits; -1 = nullopt

    // text: USD per Mtok == credits per token
    QTest::newRow("sonnet 1000/500") << u"text"_s << u"claude-sonnet-4-5"_s << QString() << 1000.0
                                     << qint64(500) << qint64(3000 + 7500);
    QTest::newRow("opus 1/1") << u"text"_s << u"claude-opus-4-1"_s << QString() << 1.0 << qint64(1)
                              << qint64(90);
    QTest::newRow("haiku 0/0") << u"text"_s << u"claude-haiku-4-5"_s << QString() << 0.0
                               << qint64(0) << qint64(0);
    QTest::newRow("haiku 123456/7890") << u"text"_s << u"claude-haiku-4-5"_s << QString()
                                       << 123456.0 << qint64(7890) << qint64(123456 + 39450);
    QTest::newRow("text on image model")
        << u"text"_s << u"gpt-image-2"_s << QString() << 1.0 << qint64(1) << qint64(-1);
    // image: n * by_size[size]
    QTest::newRow("gpt-image-2 1024 x2")
        << u"image"_s << u"gpt-image-2"_s << u"1024x1024"_s << 2.0 << qint64(0) << qint64(160000);
    QTest::newRow("gpt-image-2 2048")
        << u"image"_s << u"gpt-image-2"_s << u"2048x2048"_s << 1.0 << qint64(0) << qint64(250000);
    QTest::newRow("seedream-4 x3")
        << u"image"_s << u"seedream-4"_s << u"1024x1536"_s << 3.0 << qint64(0) << qint64(75000);
    QTest::newRow("v5lite x8") << u"image"_s << u"seedream-v5lite"_s << u"1792x1024"_s << 8.0
                               << qint64(0) << qint64(96000);
    QTest::newRow("unknown size") << u"image"_s << u"gpt-image-2"_s << u"512x512"_s << 1.0
                                  << qint64(0) << qint64(-1);
    // video: seconds * by_resolution[res]
    QTest::newRow("sora-2 5s 720p")
        << u"video"_s << u"sora-2"_s << u"720p"_s << 5.0 << qint64(0) << qint64(500000);
    QTest::newRow("sora-2 one listed res")
        << u"video"_s << u"sora-2"_s << u"1080p"_s << 4.0 << qint64(0) << qint64(400000);
    QTest::newRow("sora-2-pro 1080p 8s")
        << u"video"_s << u"sora-2-pro"_s << u"1080p"_s << 8.0 << qint64(0) << qint64(3600000);
    QTest::newRow("seedance fast 2.5s") << u"video"_s << u"seedance-2.0-pro-fast"_s << u"720p"_s
                                        << 2.5 << qint64(0) << qint64(75000);
    QTest::newRow("sora-2-pro 480p unknown")
        << u"video"_s << u"sora-2-pro"_s << u"480p"_s << 5.0 << qint64(0) << qint64(-1);
    // embedding: tokens * input
    QTest::newRow("bge 1000") << u"embedding"_s << u"bge-large-zh-v1.5"_s << QString() << 1000.0
                              << qint64(0) << qint64(20);
    QTest::newRow("bge 33 rounds") << u"embedding"_s << u"bge-large-zh-v1.5"_s << QString() << 33.0
                                   << qint64(0) << qint64(1); // 0.66 -> 1
    QTest::newRow("bge 24 rounds down") << u"embedding"_s << u"bge-large-zh-v1.5"_s << QString()
                                        << 24.0 << qint64(0) << qint64(0); // 0.48 -> 0
    // rerank: ceil(docs / 100) searches, at least one
    QTest::newRow("rerank 0 docs")
        << u"rerank"_s << u"bge-reranker-v2-m3"_s << QString() << 0.0 << qint64(0) << qint64(2000);
    QTest::newRow("rerank 100 docs") << u"rerank"_s << u"bge-reranker-v2-m3"_s << QString() << 100.0
                                     << qint64(0) << qint64(2000);
    QTest::newRow("rerank 101 docs") << u"rerank"_s << u"bge-reranker-v2-m3"_s << QString() << 101.0
                                     << qint64(0) << qint64(4000);
    QTest::newRow("rerank on text model")
        << u"rerank"_s << u"claude-haiku-4-5"_s << QString() << 1.0 << qint64(0) << qint64(-1);
}

void TestRateCard::cost()
{
    QFETCH(QString, modality);
    QFETCH(QString, model);
    QFETCH(QString, variant);
    QFETCH(double, a);
    QFETCH(qint64, b);
    QFETCH(qint64, expected);
    const RateCard card = RateCard::bundled();
    std::optional<Credits> c;
    if (modality == u"text"_s)
        c = card.textCost(model, qint64(a), b);
    else if (modality == u"image"_s)
        c = card.imageCost(model, variant, int(a));
    else if (modality == u"video"_s)
        c = card.videoCost(model, variant, a);
    else if (modality == u"embedding"_s)
        c = card.embeddingCost(model, qint64(a));
    else
        c = card.rerankCost(model, int(a));
    if (expected < 0) {
        QVERIFY(!c.has_value());
    } else {
        QVERIFY(c.has_value());
        QCOMPARE(*c, expected);
    }
}

void TestRateCard::aliases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("sora2") << u"sora2"_s << u"sora-2"_s;
    QTest::newRow("SORA2 case") << u"SORA2"_s << u"sora-2"_s;
    QTest::newRow("veo3.1") << u"veo3.1"_s << u"veo-3.1"_s;
    QTest::newRow("veo-3-1-fast") << u"veo-3-1-fast"_s << u"veo-3.1-fast"_s;
    QTest::newRow("id case") << u"Claude-Sonnet-4-5"_s << u"claude-sonnet-4-5"_s;
    QTest::newRow("unknown unchanged") << u"gpt-9"_s << u"gpt-9"_s;
}

void TestRateCard::aliases()
{
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    const RateCard card = RateCard::bundled();
    QCOMPARE(card.canonicalModel(name), canonical);
    if (name != u"gpt-9"_s)
        QVERIFY(card.find(name));
}

void TestRateCard::unknownModel()
{
    const RateCard card = RateCard::bundled();
    QVERIFY(!card.find(u"gpt-9"_s));
    QVERIFY(!card.textCost(u"gpt-9"_s, 10, 10));
    QVERIFY(!card.imageCost(u"gpt-9"_s, u"1024x1024"_s, 1));
    QVERIFY(!card.videoCost(u"gpt-9"_s, u"720p"_s, 1));
    QVERIFY(!card.embeddingCost(u"gpt-9"_s, 10));
    QVERIFY(!card.rerankCost(u"gpt-9"_s, 10));
    QVERIFY(!card.videoCost(u"sora2"_s, u"720p"_s, -1));
    QCOMPARE(*card.videoCost(u"sora2"_s, u"720p"_s, 1), Credits(100000));
}

void TestRateCard::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reasonContains");

    const auto with = [](const char *key, const QJsonValue &v) {
        QJsonObject m = textModel();
        if (v.isUndefined())
            m.remove(QString::fromUtf8(key));
        else
            m.insert(QString::fromUtf8(key), v);
        return cardWith(m);
    };
    QTest::newRow("not json") << QByteArray("{\"models\": [") << u"not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << u"not a JSON object"_s;
    QTest::newRow("no models") << QByteArray("{\"currency\":\"USD\"}") << u"\"models\""_s;
    QTest::newRow("empty models") << QByteArray("{\"models\":[]}") << u"no models"_s;
    QTest::newRow("entry not object") << QByteArray("{\"models\":[1]}") << u"not an object"_s;
    QTest::newRow("no model id") << with("model", QJsonValue::Undefined) << u"\"model\""_s;
    QTest::newRow("no modality") << with("modality", QJsonValue::Undefined) << u"modality"_s;
    QTest::newRow("unknown modality") << with("modality", u"audio"_s) << u"audio"_s;
    QTest::newRow("no unit") << with("unit", QJsonValue::Undefined) << u"unit"_s;
    QTest::newRow("wrong unit") << with("unit", u"image"_s) << u"\"image\""_s;
    QTest::newRow("text without input") << with("input", QJsonValue::Undefined) << u"input"_s;
    QTest::newRow("text without output") << with("output", QJsonValue::Undefined) << u"output"_s;
    QTest::newRow("negative input") << with("input", -1.0) << u"negative"_s;
    QTest::newRow("string rate") << with("input", u"3"_s) << u"not a number"_s;
    QTest::newRow("other currency")
        << QByteArray("{\"currency\":\"EUR\",\"models\":[]}") << u"EUR"_s;

    QJsonObject image {
        {u"model"_s, u"img"_s}, {u"modality"_s, u"image"_s}, {u"unit"_s, u"image"_s}};
    QTest::newRow("image without sizes") << cardWith(image) << u"by_size"_s;
    image.insert(u"by_size"_s, QJsonObject {{u"1024x1024"_s, -0.1}});
    QTest::newRow("negative image rate") << cardWith(image) << u"negative"_s;
    QJsonObject video {{u"model"_s, u"v"_s}, {u"modality"_s, u"video"_s}, {u"unit"_s, u"second"_s},
        {u"by_resolution"_s, QJsonObject {{u"720p"_s, 0.1}}},
        {u"cancel_running"_s, u"sometimes"_s}};
    QTest::newRow("bad cancel policy") << cardWith(video) << u"sometimes"_s;
    QJsonObject rerank {{u"model"_s, u"r"_s}, {u"modality"_s, u"rerank"_s},
        {u"unit"_s, u"search"_s}, {u"per_search"_s, 0.002}};
    QTest::newRow("rerank without docs per search")
        << cardWith(rerank) << u"documents_per_search"_s;
    rerank.insert(u"documents_per_search"_s, 0);
    QTest::newRow("rerank zero docs per search") << cardWith(rerank) << u"positive"_s;

    QJsonObject dup = textModel();
    QTest::newRow("duplicate id")
        << QJsonDocument(QJsonObject {{u"models"_s, QJsonArray {dup, dup}}}).toJson()
        << u"more than once"_s;
    QJsonObject other = textModel();
    other.insert(u"model"_s, u"other"_s);
    other.insert(u"aliases"_s, QJsonArray {u"M"_s});
    QTest::newRow("alias clashes with id")
        << QJsonDocument(QJsonObject {{u"models"_s, QJsonArray {dup, other}}}).toJson()
        << u"more than once"_s;
}

void TestRateCard::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reasonContains);
    QString error;
    const auto card = RateCard::fromJson(json, &error);
    QVERIFY(!card.has_value());
    QVERIFY2(error.contains(reasonContains), qPrintable(error));
    // A null error pointer is allowed too.
    QVERIFY(!RateCard::fromJson(json));
}

void TestRateCard::roundTrip()
{
    const RateCard card = RateCard::bundled();
    QString error;
    const auto again = RateCard::fromJson(card.toJson(), &error);
    QVERIFY2(again.has_value(), qPrintable(error));
    QCOMPARE(again->rates().size(), card.rates().size());
    QCOMPARE(again->updated(), card.updated());
    QCOMPARE(again->source(), card.source());
    QVERIFY(again->diff(card).isEmpty());
    for (int i = 0; i < card.rates().size(); ++i) {
        const Rate &a = card.rates().at(i);
        const Rate &b = again->rates().at(i);
        QCOMPARE(b.model, a.model);
        QCOMPARE(b.aliases, a.aliases);
        QCOMPARE(b.estimated, a.estimated);
        QCOMPARE(b.updated, a.updated);
        QCOMPARE(b.bySize, a.bySize);
        QCOMPARE(b.byResolution, a.byResolution);
        QCOMPARE(b.cancelRunning, a.cancelRunning);
        QCOMPARE(b.toJson(), a.toJson());
    }
}

void TestRateCard::diff()
{
    const RateCard older = RateCard::bundled();
    QJsonObject root = QJsonDocument::fromJson(older.toJson()).object();
    QJsonArray models = root.value(u"models"_s).toArray();
    QJsonArray changed;
    for (const QJsonValue &v : models) {
        QJsonObject m = v.toObject();
        const QString id = m.value(u"model"_s).toString();
        if (id == u"claude-haiku-4-5"_s)
            continue; // removed
        if (id == u"claude-sonnet-4-5"_s)
            m.insert(u"input"_s, 3.5);
        if (id == u"sora-2"_s)
            m.insert(u"cancel_running"_s, u"free"_s);
        changed.append(m);
    }
    changed.append(QJsonObject {{u"model"_s, u"new-embed"_s}, {u"modality"_s, u"embedding"_s},
        {u"unit"_s, u"mtok"_s}, {u"input"_s, 0.05}});
    root.insert(u"models"_s, changed);
    const auto newer = RateCard::fromJson(QJsonDocument(root).toJson());
    QVERIFY(newer);
    const QStringList lines = newer->diff(older);
    QCOMPARE(lines.size(), 4);
    const QString all = lines.join(u'\n');
    QVERIFY2(all.contains(u"Added new-embed (embedding)"_s), qPrintable(all));
    QVERIFY2(all.contains(u"Removed claude-haiku-4-5"_s), qPrintable(all));
    QVERIFY2(all.contains(u"Changed claude-sonnet-4-5: $3 in / $15 out per Mtok → $3.5 in"_s),
        qPrintable(all));
    QVERIFY2(all.contains(u"bill_rendered → free"_s), qPrintable(all));
    QVERIFY(older.diff(older).isEmpty());
}

void TestRateCard::usageRowRoundTrip()
{
    const QByteArray wire = R"({"request_id":"req_1","created_at":"2026-11-24T19:00:00.250Z",
        "route":"/v1/images/generations","model":"gpt-image-2","status":"succeeded",
        "error_code":null,"prompt_tokens":0,"completion_tokens":0,"units":2,"credits":0.16})";
    const auto row = UsageRow::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(row);
    QCOMPARE(row->requestId, u"req_1"_s);
    QCOMPARE(row->credits, Credits(160000));
    QCOMPARE(row->units, 2.0);
    QCOMPARE(row->createdAt.toMSecsSinceEpoch() % 1000, 250);
    QVERIFY(row->errorCode.isEmpty());
    const auto again = UsageRow::fromJson(row->toJson());
    QVERIFY(again);
    QCOMPARE(again->credits, row->credits);
    QCOMPARE(again->createdAt, row->createdAt);
    QCOMPARE(again->route, row->route);
    QCOMPARE(row->toJson().value(u"credits"_s).toDouble(), 0.16);
    QVERIFY(!UsageRow::fromJson(QJsonObject {{u"model"_s, u"x"_s}}));
}

QTEST_GUILESS_MAIN(TestRateCard)
#include "tst_ratecard.moc"
