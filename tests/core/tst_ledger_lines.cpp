// The ledger's lines and its reconcile, each test on its own SQLite file: the
// generate_image tool's images booked under the image model and modality, and a
// reconcile that says what it matched and what is missing on either side.
// Expected figures are worked out by hand from resources/pricing.json.
#include "core/ledger.h"
#include "core/ratecard.h"
#include "core/usagerow.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

CallRecord messageCall(const QString &id, const QString &requestId)
{
    CallRecord r;
    r.callId = id;
    r.requestId = requestId;
    r.route = u"/v1/messages"_s;
    r.tab = u"chat"_s;
    r.model = u"claude-sonnet-4-5"_s; // 3 credits a token in, 15 out
    r.inputTokens = 100;
    r.outputTokens = 20;
    r.httpStatus = 200;
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.finishedAt = r.startedAt;
    return r;
}

UsageRow usage(const QString &requestId, Credits credits)
{
    UsageRow u;
    u.requestId = requestId;
    u.credits = credits;
    return u;
}

} // namespace

class TestLedgerLines : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Ledger> m_ledger;
    const RateCard m_card = RateCard::bundled();

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_ledger = std::make_unique<Ledger>(m_dir->filePath(u"ledger.sqlite"_s));
        QVERIFY2(m_ledger->open(), qPrintable(m_ledger->lastError()));
    }

    void cleanup()
    {
        m_ledger.reset();
        m_dir.reset();
    }

    // Issue 7 #4: the tool's image is its own line, under gpt-image-2 and "image".
    void imageToolIsBookedUnderTheImageModel()
    {
        CallRecord r = messageCall(u"c1"_s, u"req_c1"_s);
        r.images = 1;
        r.imageModel = u"gpt-image-2"_s;
        r.size = u"1024x1024"_s; // 0.08 USD
        QSignalSpy added(m_ledger.get(), &Ledger::entryAdded);
        const auto text = m_ledger->record(r, m_card, u"p"_s);
        QVERIFY(text);
        QCOMPARE(added.size(), 2);
        QCOMPARE(text->model, u"claude-sonnet-4-5"_s);
        QCOMPARE(text->modality, Modality::Text);
        QCOMPARE(text->chargedCredits, Credits(100 * 3 + 20 * 15));
        const auto image = m_ledger->entry(Ledger::imageLineId(u"c1"_s));
        QVERIFY(image);
        QCOMPARE(image->model, u"gpt-image-2"_s);
        QCOMPARE(image->modality, Modality::Image);
        QCOMPARE(image->units, 1.0);
        QCOMPARE(image->requestId, u"req_c1"_s);
        QCOMPARE(image->chargedCredits, Credits(80'000));

        const auto byModality = m_ledger->totalsByModality(u"p"_s);
        QCOMPARE(byModality.value(u"text"_s).charged, Credits(600));
        QCOMPARE(byModality.value(u"image"_s).charged, Credits(80'000));
        const auto byModel = m_ledger->totalsByModel(u"p"_s);
        QCOMPARE(byModel.value(u"gpt-image-2"_s).charged, Credits(80'000));
        QCOMPARE(m_ledger->totals(u"p"_s).charged, Credits(80'600));

        // The gateway's one usage row for the call matches the two lines together.
        const LedgerReconcile rec
            = m_ledger->reconcileProfile({usage(u"req_c1"_s, 80'600)}, u"p"_s);
        QVERIFY(rec.ok);
        QCOMPARE(rec.matched, 2);
        QVERIFY(rec.mismatches.isEmpty());
        QVERIFY(rec.missingFromLedger.isEmpty());
        QVERIFY(rec.missingFromUsage.isEmpty());
    }

    // A failed call with the tool on made no image: one line, free.
    void failedImageToolCallIsOneFreeLine()
    {
        CallRecord r = messageCall(u"c2"_s, u"req_c2"_s);
        r.outcome = CallRecord::Outcome::Failed;
        r.httpStatus = 451;
        r.imageModel = u"gpt-image-2"_s;
        r.size = u"1024x1024"_s;
        QVERIFY(m_ledger->record(r, m_card, u"p"_s));
        QVERIFY(!m_ledger->entry(Ledger::imageLineId(u"c2"_s)));
        QCOMPARE(m_ledger->totals(u"p"_s).charged, Credits(0));
    }

    // The Estimated column holds the estimate the tab showed, when it gave one.
    void estimateShownBeforeSendingIsKept()
    {
        CallRecord r = messageCall(u"c3"_s, u"req_c3"_s);
        r.estimatedCredits = 1234;
        const auto e = m_ledger->record(r, m_card, u"p"_s);
        QVERIFY(e);
        QCOMPARE(e->estimatedCredits, std::optional<Credits>(1234));
        QCOMPARE(e->chargedCredits, Credits(600)); // charged from the facts
        CallRecord bare = messageCall(u"c4"_s, u"req_c4"_s);
        QCOMPARE(
            m_ledger->record(bare, m_card, u"p"_s)->estimatedCredits, std::optional<Credits>(600));
    }

    // Issue 7 #8: how many rows matched, and what is missing on either side, for the
    // profile the usage belongs to.
    void reconcileSaysWhatIsMissing()
    {
        QVERIFY(m_ledger->record(messageCall(u"a"_s, u"req_a"_s), m_card, u"p"_s));
        QVERIFY(m_ledger->record(messageCall(u"b"_s, u"req_b"_s), m_card, u"p"_s));
        QVERIFY(m_ledger->record(messageCall(u"gone"_s, u"req_gone"_s), m_card, u"p"_s));
        // Another profile's row is not this usage's business.
        QVERIFY(m_ledger->record(messageCall(u"x"_s, u"req_x"_s), m_card, u"other"_s));
        // No request id (never reached a gateway): cannot be matched, not "missing".
        QVERIFY(m_ledger->record(messageCall(u"n"_s, QString()), m_card, u"p"_s));
        QSignalSpy reconciled(m_ledger.get(), &Ledger::reconciled);
        const LedgerReconcile r = m_ledger->reconcileProfile(
            {usage(u"req_a"_s, 600), usage(u"req_b"_s, 700), usage(u"req_new"_s, 5)}, u"p"_s);
        QVERIFY(r.ok);
        QCOMPARE(reconciled.size(), 1);
        QCOMPARE(r.matched, 2);
        QCOMPARE(r.mismatches.size(), 1);
        QCOMPARE(r.mismatches.at(0).callId, u"b"_s);
        QCOMPARE(r.missingFromLedger, QStringList {u"req_new"_s});
        QCOMPARE(r.missingFromUsage.size(), 1);
        QCOMPARE(r.missingFromUsage.at(0).callId, u"gone"_s);
        QVERIFY(!m_ledger->entry(u"x"_s)->reconciledCredits);
    }
};

QTEST_GUILESS_MAIN(TestLedgerLines)
#include "tst_ledger_lines.moc"
