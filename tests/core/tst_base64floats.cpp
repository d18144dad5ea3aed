#include "core/base64floats.h"

#include <QRandomGenerator>
#include <QTest>

#include <cstring>

using namespace Qt::StringLiterals;

class TestBase64Floats final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesQtDecoder_data()
    {
        QTest::addColumn<int>("floats");
        for (int n : {0, 1, 2, 3, 4, 5, 7, 255, 1024})
            QTest::addRow("%d floats", n) << n;
    }

    // Every length (and so every padding) decodes bit-exactly like Qt's own decoder.
    void matchesQtDecoder()
    {
        QFETCH(int, floats);
        QList<float> values(floats);
        for (float &v : values)
            v = float(QRandomGenerator::global()->generateDouble() * 2 - 1);
        const QByteArray raw(
            reinterpret_cast<const char *>(values.constData()), qsizetype(values.size()) * 4);
        QList<float> out {42.0f}; // appends after what is there
        QVERIFY(bsp::decodeBase64Floats(raw.toBase64(), out));
        QCOMPARE(out.size(), values.size() + 1);
        QCOMPARE(out.first(), 42.0f);
        // (memcmp with an empty list's null pointer is undefined, even for 0 bytes)
        QVERIFY(values.isEmpty()
            || std::memcmp(out.constData() + 1, values.constData(), size_t(raw.size())) == 0);
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QByteArray>("base64");
        QTest::addRow("bad character") << "AAAAAA*AAAA="_ba;
        QTest::addRow("bad length") << "AAAAAAA"_ba;
        QTest::addRow("not whole floats") << "AAAA"_ba; // 3 bytes
        QTest::addRow("bad char in padded tail") << "AAAAA#=="_ba;
        QTest::addRow("url-safe alphabet") << QByteArray(8, '-');
    }

    void rejectsBadInput()
    {
        QFETCH(QByteArray, base64);
        QList<float> out {1.0f};
        QVERIFY(!bsp::decodeBase64Floats(base64, out));
        QCOMPARE(out, QList<float> {1.0f}); // unchanged on failure
    }
};

QTEST_GUILESS_MAIN(TestBase64Floats)
#include "tst_base64floats.moc"
