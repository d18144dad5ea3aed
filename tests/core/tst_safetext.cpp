// The text rules of core/safetext.h: one key masker, one scrubber for key-shaped text,
// the terminal control stripper the CLI prints through, and CSV cells a spreadsheet
// will not evaluate (checked through a real ledger export).
#include "core/ledger.h"
#include "core/ratecard.h"
#include "core/safetext.h"

#include <QTemporaryDir>
#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;

class TestSafeText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void maskKey_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("masked");
        QTest::newRow("bytespike") << u"sk-byts-0123456789abcdef1234"_s << u"sk-byts-…1234"_s;
        QTest::newRow("other prefix") << u"sk-ant-api03-secretsecret9876"_s << u"sk-ant-…9876"_s;
        QTest::newRow("no prefix") << u"abcdefghijklmnopqrstuvwx"_s << u"…uvwx"_s;
        QTest::newRow("short") << u"sk-byts-1"_s << u"…"_s;
    }
    void maskKey()
    {
        QFETCH(QString, key);
        QFETCH(QString, masked);
        QCOMPARE(bsp::maskKey(key), masked);
    }

    void scrubSecrets_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << u"model not found"_s << u"model not found"_s;
        QTest::newRow("key") << u"invalid key sk-byts-0123456789abcdef1234, try again"_s
                             << u"invalid key sk-byts-…1234, try again"_s;
        QTest::newRow("two keys") << u"sk-aaaaaaaaaaaaaaaa1111 and sk-bbbbbbbbbbbbbbbbb2222"_s
                                  << u"…1111 and …2222"_s;
        QTest::newRow("header") << u"got x-api-key: topsecretvalue99"_s
                                << u"got x-api-key: …ue99"_s;
        QTest::newRow("bearer") << u"Authorization: Bearer abcdefghijklmnop"_s
                                << u"Authorization: Bearer …mnop"_s;
        QTest::newRow("short sk word") << u"ask-me"_s << u"ask-me"_s;
    }
    void scrubSecrets()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(bsp::scrubSecrets(in), out);
    }

    void errorsAreScrubbed()
    {
        const QByteArray body
            = R"({"error":{"message":"bad key sk-byts-0123456789abcdef1234","code":"invalid_api_key"}})";
        const ApiError e = ApiError::fromHttp(401, body, {});
        QVERIFY(!e.displayText().contains(u"0123456789abcdef"_s));
        ApiError raw;
        raw.message = u"echo sk-byts-0123456789abcdef1234"_s;
        QCOMPARE(raw.scrubbed().message, u"echo sk-byts-…1234"_s);
    }

    void stripTerminalControls()
    {
        const QString evil = u"a\x1b]0;title\x07"
                             "b\x1b[31mc\r\bd\u009b1m\u202eе\tf\ng\x7f"_s;
        const QString clean = bsp::stripTerminalControls(evil);
        QCOMPARE(clean, u"a]0;titleb[31mcd1mе\tf\ng"_s);
        for (const QChar c : clean)
            QVERIFY(c == u'\t' || c == u'\n' || (c.unicode() >= 0x20 && c.unicode() != 0x7f));
        QCOMPARE(bsp::stripTerminalControls(u"中文 ok"_s), u"中文 ok"_s);
    }

    void spreadsheetCells_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("safe");
        QTest::newRow("formula") << u"=HYPERLINK(\"x\")"_s << u"'=HYPERLINK(\"x\")"_s;
        QTest::newRow("plus") << u"+1+1"_s << u"'+1+1"_s;
        QTest::newRow("minus") << u"-2+3"_s << u"'-2+3"_s;
        QTest::newRow("at") << u"@SUM(A1)"_s << u"'@SUM(A1)"_s;
        QTest::newRow("tab") << u"\t=1"_s << u"'\t=1"_s;
        QTest::newRow("quote") << u"'kept"_s << u"''kept"_s;
        QTest::newRow("plain") << u"claude-haiku-4-5"_s << u"claude-haiku-4-5"_s;
        QTest::newRow("empty") << QString() << QString();
    }
    void spreadsheetCells()
    {
        QFETCH(QString, cell);
        QFETCH(QString, safe);
        QCOMPARE(bsp::spreadsheetSafe(cell), safe);
        QCOMPARE(bsp::fromSpreadsheetSafe(bsp::spreadsheetSafe(cell)), cell);
    }

    void ledgerCsvNeutralisesFormulas()
    {
        QTemporaryDir dir;
        Ledger ledger(dir.filePath(u"ledger.sqlite"_s));
        QVERIFY(ledger.open());
        CallRecord r;
        r.callId = u"c1"_s;
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.finishedAt = r.startedAt.addMSecs(50);
        r.tab = u"test"_s;
        r.route = u"/v1/messages"_s;
        r.model = u"=cmd|' /C calc'!A0"_s; // a model id from the gateway
        r.requestId = u"@req"_s;
        r.outcome = CallRecord::Outcome::Failed;
        r.httpStatus = 400;
        ApiError e;
        e.kind = ApiError::Kind::InvalidRequest;
        e.httpStatus = 400;
        e.code = u"+bad"_s;
        e.message = u"-1+1"_s;
        r.error = e;
        QVERIFY(ledger.record(r, RateCard::bundled(), u"p"_s));
        const QByteArray csv = ledger.exportCsv(u"p"_s);
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.size(), 3); // header, one row, the final empty piece
        for (const QByteArray &cell : lines.at(1).trimmed().split(',')) {
            const QByteArray c = cell.startsWith('"') ? cell.mid(1) : cell;
            QVERIFY2(c.isEmpty() || !QByteArray("=+-@").contains(c.at(0))
                    || (c.size() > 1 && QByteArray("0123456789").contains(c.at(1))),
                cell.constData());
        }
        QVERIFY(csv.contains("'=cmd"));
        QVERIFY(csv.contains("'@req"));
        // The export still reads back exactly.
        QString error;
        const QList<LedgerEntry> back = Ledger::parseCsv(csv, &error);
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.first().model, r.model);
        QCOMPARE(back.first().requestId, r.requestId);
        QCOMPARE(back.first().errorMessage, u"-1+1"_s);
    }
};

QTEST_GUILESS_MAIN(TestSafeText)
#include "tst_safetext.moc"
