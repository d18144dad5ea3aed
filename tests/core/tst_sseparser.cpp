#include "core/sseparser.h"

#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

// "event|data|id" per event, data newlines shown as \n escapes for readable tables.
QStringList describe(const QList<SseEvent> &events)
{
    QStringList out;
    for (const SseEvent &e : events) {
        QByteArray data = e.data;
        data.replace('\n', "\\n");
        out << QString::fromUtf8(e.event + '|' + data + '|' + e.id);
    }
    return out;
}

QList<SseEvent> parseInChunks(const QByteArray &input, const QList<qsizetype> &cuts)
{
    SseParser p;
    QList<SseEvent> out;
    qsizetype at = 0;
    for (qsizetype cut : cuts) {
        p.feed(QByteArrayView(input).sliced(at, cut - at), out);
        at = cut;
    }
    p.feed(QByteArrayView(input).sliced(at), out);
    return out;
}

const QByteArray kTricky = "\xEF\xBB\xBF: a comment\r\n"
                           "event: first\r\n"
                           "data: one\r\n"
                           "data:two\r\n"
                           "id: 7\r\n"
                           "\r\n"
                           "data: lone cr\r"
                           "\r"
                           "event: third\n"
                           "data\n"
                           "retry: 1500\n"
                           "data:  spaced\n"
                           "\n"
                           "event: nodata\n"
                           "\n"
                           "data: tail\r\n"
                           "\r\n"
                           "data: never dispatched";

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("lf") << QByteArray("data: a\n\n") << QStringList {u"message|a|"_s};
        QTest::newRow("crlf") << QByteArray("data: a\r\n\r\n") << QStringList {u"message|a|"_s};
        QTest::newRow("lone cr") << QByteArray("data: a\r\r") << QStringList {u"message|a|"_s};
        QTest::newRow("multi-line data")
            << QByteArray("data: a\ndata: b\ndata\n\n") << QStringList {u"message|a\\nb\\n|"_s};
        QTest::newRow("event and id")
            << QByteArray("event: task\nid: 42\ndata: {}\n\n") << QStringList {u"task|{}|42"_s};
        QTest::newRow("id sticky") << QByteArray("id: 1\ndata: a\n\ndata: b\n\n")
                                   << QStringList {u"message|a|1"_s, u"message|b|1"_s};
        QTest::newRow("comment ignored")
            << QByteArray(": ping\ndata: a\n: x\n\n") << QStringList {u"message|a|"_s};
        QTest::newRow("one space stripped")
            << QByteArray("data:  two\n\n") << QStringList {u"message| two|"_s};
        QTest::newRow("no colon field") << QByteArray("data\n\n") << QStringList {u"message||"_s};
        QTest::newRow("no data no event") << QByteArray("event: x\nid: 3\n\n") << QStringList {};
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "data: a\n\n")
                             << QStringList {u"message|a|"_s};
        QTest::newRow("bom only at start") << QByteArray("data: a\n\n\xEF\xBB\xBF"
                                                         "data: b\n\n")
                                           << QStringList {u"message|a|"_s};
        QTest::newRow("no trailing blank line") << QByteArray("data: a\n") << QStringList {};
        QTest::newRow("unknown field")
            << QByteArray("foo: bar\ndata: a\n\n") << QStringList {u"message|a|"_s};
        QTest::newRow("empty data line dispatches")
            << QByteArray("data:\n\n") << QStringList {u"message||"_s};
    }
    void parses()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        SseParser p;
        QCOMPARE(describe(p.feed(input)), expected);
    }

    void retryField()
    {
        SseParser p;
        p.feed("retry: 2500\nretry: 12x\ndata: a\n\n");
        QCOMPARE(p.retryMs(), std::optional<int>(2500));
        QCOMPARE(p.lastEventId(), QByteArray());
    }

    void crLfSplitAcrossChunksCountsOnce()
    {
        const QList<SseEvent> events = parseInChunks("data: a\r\ndata: b\r\n\r\n", {8});
        QCOMPARE(describe(events), QStringList {u"message|a\\nb|"_s});
        // Lone CR at the end of a chunk followed by a non-LF byte is still a line end.
        QCOMPARE(describe(parseInChunks("data: a\rdata: b\r\r", {8})),
            QStringList {u"message|a\\nb|"_s});
    }

    void splitAtEveryOffset()
    {
        const QStringList whole = describe(parseInChunks(kTricky, {}));
        const QStringList expected {u"first|one\\ntwo|7"_s, u"message|lone cr|7"_s,
            u"third|\\n spaced|7"_s, u"message|tail|7"_s};
        QCOMPARE(whole, expected);
        for (qsizetype i = 0; i <= kTricky.size(); ++i)
            QCOMPARE(describe(parseInChunks(kTricky, {i})), expected);
        for (qsizetype i = 0; i <= kTricky.size(); ++i) {
            for (qsizetype j = i; j <= kTricky.size(); j += 3)
                QCOMPARE(describe(parseInChunks(kTricky, {i, j})), expected);
        }
        // One byte at a time.
        QList<qsizetype> cuts;
        for (qsizetype i = 1; i < kTricky.size(); ++i)
            cuts << i;
        QCOMPARE(describe(parseInChunks(kTricky, cuts)), expected);
    }

    // Throughput is measured by bench/bench_sse, not here: a test asserts behaviour.

    void lineWithoutEndStopsAtTheLimit()
    {
        SseParser p;
        p.setMaxEventBytes(1024);
        QList<SseEvent> out;
        QCOMPARE(p.feed("data: ok\n\n", out), 1);
        const QByteArray piece(300, 'a');
        p.feed("data: ", out);
        for (int i = 0; i < 3; ++i)
            p.feed(piece, out);
        QVERIFY(!p.overflowed()); // 906 bytes held so far
        p.feed(piece, out);
        QVERIFY(p.overflowed());
        // Stopped: nothing later is parsed, and the held bytes are released.
        QCOMPARE(p.feed("\n\ndata: later\n\n", out), 0);
        QCOMPARE(out.size(), 1);
        p.reset();
        QVERIFY(!p.overflowed());
        QCOMPARE(p.feed("data: again\n\n", out), 1);
    }

    void longLineInsideOneChunk()
    {
        SseParser p;
        p.setMaxEventBytes(100);
        QList<SseEvent> out;
        p.feed(QByteArray("data: " + QByteArray(200, 'b') + "\n\n"), out);
        QVERIFY(p.overflowed());
        QVERIFY(out.isEmpty());
    }

    void manyDataLinesCountTogether()
    {
        // Short lines, but one event that never dispatches: its data is bounded too.
        SseParser p;
        p.setMaxEventBytes(1000);
        QList<SseEvent> out;
        for (int i = 0; i < 200 && !p.overflowed(); ++i)
            p.feed("data: 0123456789\n", out);
        QVERIFY(p.overflowed());
        QVERIFY(out.isEmpty());
        // A normal stream under the limit is unaffected.
        SseParser q;
        q.setMaxEventBytes(1000);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(q.feed("data: 0123456789\n\n", out), 1);
        QVERIFY(!q.overflowed());
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
