// The sandbox's multipart/form-data parser and USD text: well-formed bodies, LF-only
// framing, and bodies that must be refused without crashing.
#include "sandbox/httpkit.h"

#include <QRandomGenerator>
#include <QTest>

using namespace bsp::sandbox;

class TestMultipart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesParts()
    {
        const QByteArray body
            = "preamble\r\n--XyZ\r\n"
              "Content-Disposition: form-data; name=\"prompt\"\r\n\r\n"
              "make it blue\r\n"
              "--XyZ\r\n"
              "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
              "Content-Type: image/png\r\n\r\n"
              "\x89PNG\r\n--not-the-boundary\r\n\r\n"
              "--XyZ--\r\n";
        const auto parts = parseMultipart("multipart/form-data; boundary=\"XyZ\"", body);
        QVERIFY(parts);
        QCOMPARE(parts->size(), 2);
        QCOMPARE(findPart(*parts, "prompt")->data, QByteArray("make it blue"));
        const FormPart *image = findPart(*parts, "image");
        QVERIFY(image);
        QCOMPARE(image->fileName, QByteArray("a.png"));
        QCOMPARE(image->contentType, QByteArray("image/png"));
        QCOMPARE(image->data, QByteArray("\x89PNG\r\n--not-the-boundary\r\n"));
        QVERIFY(!findPart(*parts, "mask"));
    }

    void lfOnly()
    {
        const QByteArray body = "--b\nContent-Disposition: form-data; name=\"n\"\n\n2\n--b--\n";
        const auto parts = parseMultipart("multipart/form-data; boundary=b", body);
        QVERIFY(parts);
        QCOMPARE(findPart(*parts, "n")->data, QByteArray("2"));
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("json") << QByteArray("application/json") << QByteArray("{}");
        QTest::newRow("no boundary") << QByteArray("multipart/form-data") << QByteArray("--x");
        QTest::newRow("no delimiter")
            << QByteArray("multipart/form-data; boundary=x") << QByteArray("hello");
        QTest::newRow("unterminated") << QByteArray("multipart/form-data; boundary=x")
                                      << QByteArray("--x\r\nContent-Disposition: form-data; "
                                                    "name=\"a\"\r\n\r\nvalue");
        QTest::newRow("no headers end") << QByteArray("multipart/form-data; boundary=x")
                                        << QByteArray("--x\r\nContent-Disposition: a");
    }
    void refuses()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QVERIFY(!parseMultipart(contentType, body));
    }

    void randomBytesNeverCrash()
    {
        QRandomGenerator rng(11);
        const QByteArray alphabet = "-\r\nxX\"=;:ab";
        for (int i = 0; i < 3000; ++i) {
            QByteArray body;
            const int n = int(rng.bounded(200));
            for (int k = 0; k < n; ++k)
                body.append(alphabet.at(int(rng.bounded(alphabet.size()))));
            (void)parseMultipart("multipart/form-data; boundary=x", body);
        }
    }

    void usdText_data()
    {
        QTest::addColumn<qint64>("credits");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.00");
        QTest::newRow("192.40") << qint64(192'400'000) << QStringLiteral("192.40");
        QTest::newRow("micro") << qint64(12'345) << QStringLiteral("0.012345");
        QTest::newRow("negative") << qint64(-1'500'000) << QStringLiteral("-1.50");
    }
    void usdText()
    {
        QFETCH(qint64, credits);
        QFETCH(QString, text);
        QCOMPARE(bsp::sandbox::usdText(credits), text);
    }
};

QTEST_GUILESS_MAIN(TestMultipart)
#include "tst_multipart.moc"
