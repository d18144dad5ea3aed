// The sandbox's Images routes over real loopback HTTP: real PNGs of the asked size,
// downloads with the owning key only, billing per image, validation, edits (multipart).
#include "core/money.h"
#include "sandbox/sandboxserver.h"
#include "sandboxhttp.h"

#include <QBuffer>
#include <QHttpMultiPart>
#include <QImage>
#include <QTest>

using namespace Qt::StringLiterals;
using bsp::test::Http;
using bsp::test::HttpResult;
using namespace bsp::sandbox;

namespace {

QByteArray pngOf(QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

class TestSandboxImages : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<Http> m_http;
    const QByteArray m_keyA = "sk-byts-img-a";
    const QByteArray m_keyB = "sk-byts-img-b";

    QJsonArray usage(const QByteArray &key)
    {
        return m_http->get(u"/api/v1/usage?limit=1000"_s, key).json().value("data"_L1).toArray();
    }
    double remaining(const QByteArray &key)
    {
        return m_http->get(u"/v1/balance"_s, key).json().value("remaining_credits"_L1).toDouble();
    }

    HttpResult postEdit(const QByteArray &key, const QByteArray &image, const QString &prompt,
        const QString &model = u"gpt-image-2"_s, const QByteArray &mask = {})
    {
        auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        const auto field = [multi](const char *name, const QByteArray &value) {
            QHttpPart part;
            part.setHeader(QNetworkRequest::ContentDispositionHeader,
                QByteArray(QByteArray("form-data; name=\"") + name + '"'));
            part.setBody(value);
            multi->append(part);
        };
        QHttpPart file;
        file.setHeader(QNetworkRequest::ContentDispositionHeader,
            QByteArray("form-data; name=\"image\"; filename=\"in.png\""));
        file.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("image/png"));
        file.setBody(image);
        multi->append(file);
        if (!mask.isEmpty()) {
            QHttpPart maskPart;
            maskPart.setHeader(QNetworkRequest::ContentDispositionHeader,
                QByteArray("form-data; name=\"mask\"; filename=\"mask.png\""));
            maskPart.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("image/png"));
            maskPart.setBody(mask);
            multi->append(maskPart);
        }
        field("prompt", prompt.toUtf8());
        field("model", model.toUtf8());
        field("size", "1024x1024");
        field("n", "1");
        QNetworkRequest request(QUrl(m_server->baseUrl() + u"/v1/images/edits"_s));
        request.setRawHeader("x-api-key", key);
        QNetworkReply *reply = m_http->nam().post(request, multi);
        multi->setParent(reply);
        return Http::wait(reply);
    }

private Q_SLOTS:
    void initTestCase()
    {
        SandboxOptions options;
        options.keys = {{QString::fromLatin1(m_keyA), 100 * bsp::kCreditsPerUsd},
            {QString::fromLatin1(m_keyB), 100 * bsp::kCreditsPerUsd}};
        options.timeScale = 0.01;
        m_server = std::make_unique<SandboxServer>(options);
        QVERIFY2(m_server->listen() != 0, qPrintable(m_server->errorString()));
        m_http = std::make_unique<Http>(m_server->baseUrl());
    }

    void generationsByUrl()
    {
        const double before = remaining(m_keyA);
        const HttpResult r = m_http->post(u"/v1/images/generations"_s, m_keyA,
            {{u"model"_s, u"seedream-v5lite"_s}, {u"prompt"_s, u"a lighthouse at dusk"_s},
                {u"n"_s, 2}, {u"size"_s, u"1024x1536"_s}});
        QCOMPARE(r.status, 200);
        const QJsonArray data = r.json().value("data"_L1).toArray();
        QCOMPARE(data.size(), 2);
        QVERIFY(r.json().value("created"_L1).toInteger() > 0);
        QVERIFY(r.json().contains("usage"_L1));
        // 2 images at 0.012 USD.
        QCOMPARE(r.quota(), before - 0.024);
        for (const QJsonValue &v : data) {
            const QString url = v.toObject().value("url"_L1).toString();
            QVERIFY2(url.startsWith(m_server->baseUrl() + u"/v1/files/"_s), qPrintable(url));
            QVERIFY(url.endsWith(u".png"_s));
            QVERIFY(!v.toObject().value("revised_prompt"_L1).toString().isEmpty());
            const HttpResult file = m_http->get(url, m_keyA);
            QCOMPARE(file.status, 200);
            QCOMPARE(file.header("Content-Type"), "image/png"_ba);
            QVERIFY(file.body.startsWith("\x89PNG"));
            QImage image;
            QVERIFY(image.loadFromData(file.body, "PNG"));
            QCOMPARE(image.size(), QSize(1024, 1536));
            // Another key, or none, cannot fetch it.
            QCOMPARE(m_http->get(url, m_keyB).status, 404);
            QCOMPARE(m_http->send("GET", url).status, 401);
        }
        const QJsonObject row = usage(m_keyA).last().toObject();
        QCOMPARE(row.value("route"_L1).toString(), u"/v1/images/generations"_s);
        QCOMPARE(row.value("model"_L1).toString(), u"seedream-v5lite"_s);
        QCOMPARE(row.value("status"_L1).toString(), u"succeeded"_s);
        QCOMPARE(row.value("units"_L1).toDouble(), 2.0);
        QCOMPARE(row.value("credits"_L1).toDouble(), 0.024);
    }

    void generationsB64AndSeed()
    {
        const QJsonObject body {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, u"a blue square"_s},
            {u"response_format"_s, u"b64_json"_s}, {u"seed"_s, 42}};
        const double before = remaining(m_keyA);
        const HttpResult a = m_http->post(u"/v1/images/generations"_s, m_keyA, body);
        const HttpResult b = m_http->post(u"/v1/images/generations"_s, m_keyA, body);
        QCOMPARE(a.status, 200);
        QCOMPARE(b.status, 200);
        const QByteArray pa
            = QByteArray::fromBase64(a.json()["data"_L1][0]["b64_json"_L1].toString().toLatin1());
        const QByteArray pb
            = QByteArray::fromBase64(b.json()["data"_L1][0]["b64_json"_L1].toString().toLatin1());
        QImage image;
        QVERIFY(image.loadFromData(pa, "PNG"));
        QCOMPARE(image.size(), QSize(1024, 1024));
        QCOMPARE(pa, pb); // same prompt and seed, same bytes
        QCOMPARE(b.quota(), before - 0.16); // 2 x 0.08
        QCOMPARE(a.json()["data"_L1][0]["seed"_L1].toString(), u"42"_s);
        // Another model, the same prompt and seed: its own picture, to compare.
        QJsonObject other = body;
        other.insert(u"model"_s, u"seedream-4"_s);
        const HttpResult c = m_http->post(u"/v1/images/generations"_s, m_keyA, other);
        QCOMPARE(c.status, 200);
        const QByteArray pc
            = QByteArray::fromBase64(c.json()["data"_L1][0]["b64_json"_L1].toString().toLatin1());
        QImage otherImage;
        QVERIFY(otherImage.loadFromData(pc, "PNG"));
        QCOMPARE(otherImage.size(), QSize(1024, 1024));
        QVERIFY(pc != pa);
        QVERIFY(otherImage.pixel(512, 512) != image.pixel(512, 512)
            || otherImage.pixel(100, 100) != image.pixel(100, 100));
    }

    void validation_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("code");
        const QString p = u"a cat"_s;
        QTest::newRow("unknown model")
            << QJsonObject {{u"model"_s, u"dall-e-9"_s}, {u"prompt"_s, p}} << u"model_not_found"_s;
        QTest::newRow("text model") << QJsonObject {{u"model"_s, u"claude-haiku-4-5"_s},
            {u"prompt"_s, p}} << u"invalid_param"_s;
        QTest::newRow("video slug")
            << QJsonObject {{u"model"_s, u"sora2"_s}, {u"prompt"_s, p}} << u"invalid_param"_s;
        QTest::newRow("no prompt")
            << QJsonObject {{u"model"_s, u"gpt-image-2"_s}} << u"invalid_param"_s;
        QTest::newRow("n=5 on gpt-image-2") << QJsonObject {{u"model"_s, u"gpt-image-2"_s},
            {u"prompt"_s, p}, {u"n"_s, 5}} << u"invalid_param"_s;
        QTest::newRow("n=9 on v5lite")
            << QJsonObject {{u"model"_s, u"seedream-v5lite"_s}, {u"prompt"_s, p}, {u"n"_s, 9}}
            << u"invalid_param"_s;
        QTest::newRow("n=0") << QJsonObject {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, p},
            {u"n"_s, 0}} << u"invalid_param"_s;
        QTest::newRow("size") << QJsonObject {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, p},
            {u"size"_s, u"512x512"_s}}
                              << u"invalid_param"_s;
        QTest::newRow("format") << QJsonObject {{u"model"_s, u"gpt-image-2"_s}, {u"prompt"_s, p},
            {u"response_format"_s, u"jpeg"_s}}
                                << u"invalid_param"_s;
        QTest::newRow("corrupt source") << QJsonObject {{u"model"_s, u"seedream-4"_s},
            {u"prompt"_s, p}, {u"source_image"_s, u"bm90IGFuIGltYWdl"_s}}
                                        << u"invalid_image"_s;
    }
    void validation()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, code);
        const double before = remaining(m_keyA);
        const HttpResult r = m_http->post(u"/v1/images/generations"_s, m_keyA, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), code);
        QCOMPARE(r.quota(), before);
        const QJsonObject row = usage(m_keyA).last().toObject();
        QCOMPARE(row.value("status"_L1).toString(), u"failed"_s);
        QCOMPARE(row.value("credits"_L1).toDouble(), 0.0);
        QCOMPARE(row.value("error_code"_L1).toString(), code);
    }

    void slugResolves()
    {
        // A slug on the images route of a video model is refused as a video model, i.e.
        // it was resolved; the canonical id lands in the row.
        m_http->post(u"/v1/images/generations"_s, m_keyA,
            {{u"model"_s, u"veo3.1"_s}, {u"prompt"_s, u"x"_s}});
        QCOMPARE(usage(m_keyA).last().toObject().value("model"_L1).toString(), u"veo-3.1"_s);
    }

    void faultInPrompt()
    {
        const HttpResult r = m_http->post(u"/v1/images/generations"_s, m_keyA,
            {{u"model"_s, u"nano-banana"_s}, {u"prompt"_s, u"a beach [fault:content_policy]"_s}});
        QCOMPARE(r.status, 451);
        QCOMPARE(r.code(), u"content_policy_violation"_s);
    }

    void edits()
    {
        const double before = remaining(m_keyA);
        const HttpResult r = postEdit(m_keyA, pngOf(QSize(64, 48), Qt::red), u"make it blue"_s);
        QCOMPARE(r.status, 200);
        const QString url = r.json()["data"_L1][0]["url"_L1].toString();
        const HttpResult file = m_http->get(url, m_keyA);
        QImage image;
        QVERIFY(image.loadFromData(file.body, "PNG"));
        QCOMPARE(image.size(), QSize(1024, 1024));
        QCOMPARE(r.quota(), before - 0.08);
        QCOMPARE(
            usage(m_keyA).last().toObject().value("route"_L1).toString(), u"/v1/images/edits"_s);
    }

    void bigEditFormIsSplitOnThePool()
    {
        // A form over the inline limit (256 KB) is split on the pool: the edit is still
        // made and billed, and a big corrupt image is still refused, free.
        QImage noise(640, 480, QImage::Format_RGB32);
        quint32 x = 12345;
        for (int y = 0; y < noise.height(); ++y) {
            auto *line = reinterpret_cast<quint32 *>(noise.scanLine(y));
            for (int i = 0; i < noise.width(); ++i)
                line[i] = (x = x * 1664525u + 1013904223u);
        }
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(noise.save(&buffer, "PNG"));
        QVERIFY(png.size() > 512 * 1024);
        const double before = remaining(m_keyA);
        const HttpResult r = postEdit(m_keyA, png, u"make it calm"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.quota(), before - 0.08);
        const HttpResult bad
            = postEdit(m_keyA, "GIF89a" + QByteArray(600 * 1024, 'x'), u"make it calm"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.code(), u"invalid_image"_s);
        QCOMPARE(remaining(m_keyA), before - 0.08);
    }

    void editsCorruptImageIsFree()
    {
        const double before = remaining(m_keyA);
        const HttpResult r = postEdit(m_keyA, "GIF89a this is not really an image", u"x"_s);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"invalid_image"_s);
        QCOMPARE(r.json()["error"_L1]["param"_L1].toString(), u"image"_s);
        QCOMPARE(r.quota(), before);
        QCOMPARE(remaining(m_keyA), before);
        const QJsonObject row = usage(m_keyA).last().toObject();
        QCOMPARE(row.value("status"_L1).toString(), u"failed"_s);
        QCOMPARE(row.value("error_code"_L1).toString(), u"invalid_image"_s);
        QCOMPARE(row.value("credits"_L1).toDouble(), 0.0);
    }

    void editsCorruptMaskNamesMask()
    {
        // The OpenAI envelope's `param` names the field at fault: here the mask.
        const HttpResult r = postEdit(
            m_keyA, pngOf(QSize(64, 48), Qt::red), u"x"_s, u"gpt-image-2"_s, "not a png at all");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"invalid_image"_s);
        QCOMPARE(r.json()["error"_L1]["param"_L1].toString(), u"mask"_s);
    }

    void editsNotMultipart()
    {
        const HttpResult r
            = m_http->send("POST", u"/v1/images/edits"_s, "{}", {{"x-api-key", m_keyA}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"invalid_param"_s);
    }
};

QTEST_GUILESS_MAIN(TestSandboxImages)
#include "tst_sandboximages.moc"
