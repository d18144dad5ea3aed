#include "core/database.h"
#include "core/ledger.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

const QString kProfile = u"sandbox"_s;

CallRecord call(const QString &id, const QString &route, const QString &model,
    CallRecord::Outcome outcome = CallRecord::Outcome::Succeeded)
{
    CallRecord r;
    r.callId = id;
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.finishedAt = r.startedAt.addMSecs(120);
    r.tab = u"test"_s;
    r.route = route;
    r.model = model;
    r.requestId = u"req_"_s + id;
    r.outcome = outcome;
    r.httpStatus = 200;
    return r;
}

ApiError error(ApiError::Kind kind, int status, const QString &code)
{
    ApiError e;
    e.kind = kind;
    e.httpStatus = status;
    e.code = code;
    e.message = u"failed: "_s + code;
    return e;
}

// The mixed set the totals below are computed from (credits, bundled card).
QList<CallRecord> mixedCalls()
{
    using O = CallRecord::Outcome;
    QList<CallRecord> out;
    CallRecord r = call(u"t1"_s, u"/v1/messages"_s, u"claude-sonnet-4-5"_s);
    r.inputTokens = 1000; // 3000
    r.outputTokens = 500; // 7500
    r.startedAt = QDateTime::currentDateTimeUtc().addDays(-2); // outside "today"
    out << r;
    r = call(u"i1"_s, u"/v1/images/generations"_s, u"gpt-image-2"_s);
    r.images = 2;
    r.size = u"1024x1024"_s; // 160000
    out << r;
    r = call(u"e1"_s, u"/v1/embeddings"_s, u"bge-large-zh-v1.5"_s);
    r.inputTokens = 1000; // 20
    out << r;
    r = call(u"r1"_s, u"/v1/rerank"_s, u"bge-reranker-v2-m3"_s);
    r.documents = 150; // 2 searches: 4000
    out << r;
    // Failures: all free; what they would have cost is "saved".
    r = call(u"f1"_s, u"/v1/messages"_s, u"claude-haiku-4-5"_s, O::Failed);
    r.httpStatus = 529;
    r.error = error(ApiError::Kind::Overloaded, 529, u"overloaded_error"_s);
    r.inputTokens = 2000; // would be 2000
    out << r;
    r = call(u"f2"_s, u"/v1/images/generations"_s, u"seedream-4"_s, O::Failed);
    r.httpStatus = 451;
    r.error = error(ApiError::Kind::ContentPolicy, 451, u"content_policy_violation"_s);
    r.images = 1;
    r.size = u"1024x1024"_s; // would be 25000
    out << r;
    r = call(u"f3"_s, u"/v1/messages"_s, u"claude-sonnet-4-5"_s, O::Failed);
    r.error = error(ApiError::Kind::StreamError, 200, QString()); // error event mid-stream
    r.inputTokens = 100;
    r.outputTokens = 50; // would be 1050
    out << r;
    r = call(u"f4"_s, u"/v1/messages"_s, u"claude-opus-4-1"_s, O::Failed);
    r.httpStatus = 0;
    r.requestId.clear();
    r.error = error(ApiError::Kind::Network, 0, QString());
    r.inputTokens = 10; // would be 150
    out << r;
    r = call(u"f5"_s, u"/v1/tasks/submit"_s, u"veo-3.1"_s, O::Failed);
    r.taskId = u"task_f5"_s;
    r.error = error(ApiError::Kind::Server, 0, u"task_failed"_s);
    r.seconds = 8;
    r.resolution = u"720p"_s; // would be 3200000
    out << r;
    // Cancellations.
    r = call(u"c1"_s, u"/v1/tasks/submit"_s, u"sora-2-pro"_s, O::Cancelled);
    r.taskId = u"task_c1"_s; // cancelled while queued
    r.seconds = 5;
    r.resolution = u"1080p"_s;
    r.statedCredits = 0;
    out << r;
    r = call(u"c2"_s, u"/v1/tasks/submit"_s, u"seedance-2.0"_s, O::Cancelled);
    r.taskId = u"task_c2"_s; // cancelled while running: the answer states 5 s billed
    r.seconds = 10;
    r.resolution = u"720p"_s;
    r.statedCredits = 400000;
    out << r;
    r = call(u"c3"_s, u"/v1/messages"_s, u"claude-haiku-4-5"_s, O::Cancelled);
    r.error = ApiError::cancelled();
    r.inputTokens = 1000;
    r.outputTokens = 200; // partial output billed: 2000
    out << r;
    r = call(u"c4"_s, u"/v1/messages"_s, u"claude-sonnet-4-5"_s, O::Cancelled);
    r.httpStatus = 0; // aborted before any response: free
    r.requestId.clear();
    r.error = ApiError::cancelled();
    r.inputTokens = 500;
    out << r;
    // A running task holds a reservation.
    r = call(u"v2"_s, u"/v1/tasks/submit"_s, u"veo-3.1-fast"_s, O::Reserved);
    r.taskId = u"task_v2"_s;
    r.seconds = 5;
    r.resolution = u"720p"_s;
    r.reservedCredits = 1000000;
    out << r;
    // A model the card does not know: price unknown, never guessed.
    r = call(u"u1"_s, u"/v1/messages"_s, u"mystery-model"_s);
    r.inputTokens = 10;
    out << r;
    return out;
}

// Reserved, then completed: one row, updated in place.
QList<CallRecord> taskLifecycle()
{
    CallRecord r
        = call(u"task-a"_s, u"/v1/tasks/submit"_s, u"sora2"_s, CallRecord::Outcome::Reserved);
    r.taskId = u"task_a"_s;
    r.seconds = 5;
    r.resolution = u"720p"_s;
    CallRecord done = r;
    done.outcome = CallRecord::Outcome::Succeeded;
    done.statedCredits = 500000;
    done.finishedAt = r.startedAt.addSecs(60);
    return {r, done};
}

constexpr Credits kCharged = 10500 + 160000 + 20 + 4000 + 400000 + 2000 + 500000;
constexpr Credits kSaved = 2000 + 25000 + 1050 + 150 + 3200000;

} // namespace

class TestLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pricing_data();
    void pricing();
    void recordAndTotals();
    void acknowledgedMeansCommitted();
    void taskUpdatesKeepSubmitIdentity();
    void reconcileFlagsMismatch();
    void exportRoundTrip();
    void reopenKeepsEverything();
    void writeSpeed();

private:
    QTemporaryDir m_dir;
    RateCard m_card;
    QString path() const { return m_dir.filePath(u"ledger.sqlite"_s); }
};

void TestLedger::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_card = RateCard::bundled();
    QVERIFY(!m_card.isEmpty());
}

void TestLedger::pricing_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("estimated"); // -1 = unknown
    QTest::addColumn<qint64>("charged");
    const auto S = [](LedgerEntry::Status s) { return int(s); };
    using St = LedgerEntry::Status;
    QTest::newRow("text") << 0 << S(St::Succeeded) << qint64(10500) << qint64(10500);
    QTest::newRow("image") << 1 << S(St::Succeeded) << qint64(160000) << qint64(160000);
    QTest::newRow("embedding") << 2 << S(St::Succeeded) << qint64(20) << qint64(20);
    QTest::newRow("rerank") << 3 << S(St::Succeeded) << qint64(4000) << qint64(4000);
    QTest::newRow("529") << 4 << S(St::Failed) << qint64(2000) << qint64(0);
    QTest::newRow("451") << 5 << S(St::Failed) << qint64(25000) << qint64(0);
    QTest::newRow("stream error") << 6 << S(St::Failed) << qint64(1050) << qint64(0);
    QTest::newRow("network") << 7 << S(St::Failed) << qint64(150) << qint64(0);
    QTest::newRow("task failed") << 8 << S(St::Failed) << qint64(3200000) << qint64(0);
    QTest::newRow("cancel queued") << 9 << S(St::Cancelled) << qint64(2250000) << qint64(0);
    QTest::newRow("cancel running") << 10 << S(St::Cancelled) << qint64(800000) << qint64(400000);
    QTest::newRow("cancel stream") << 11 << S(St::Cancelled) << qint64(2000) << qint64(2000);
    QTest::newRow("cancel early") << 12 << S(St::Cancelled) << qint64(1500) << qint64(0);
    QTest::newRow("reserved") << 13 << S(St::Reserved) << qint64(1000000) << qint64(0);
    QTest::newRow("unknown model") << 14 << S(St::Succeeded) << qint64(-1) << qint64(0);
}

void TestLedger::pricing()
{
    QFETCH(int, index);
    QFETCH(int, status);
    QFETCH(qint64, estimated);
    QFETCH(qint64, charged);
    const CallRecord r = mixedCalls().at(index);
    const LedgerEntry e = Ledger::price(r, m_card, kProfile);
    QCOMPARE(int(e.status), status);
    QCOMPARE(e.estimatedCredits.has_value(), estimated >= 0);
    if (estimated >= 0)
        QCOMPARE(*e.estimatedCredits, estimated);
    QCOMPARE(e.chargedCredits, charged);
    QCOMPARE(e.priceUnknown(), estimated < 0);
    if (e.status == LedgerEntry::Status::Failed)
        QVERIFY(!e.errorCode.isEmpty());
}

void TestLedger::recordAndTotals()
{
    Ledger ledger(path());
    QVERIFY2(ledger.open(), qPrintable(ledger.lastError()));
    QSignalSpy added(&ledger, &Ledger::entryAdded);
    QSignalSpy updated(&ledger, &Ledger::entryUpdated);
    for (const CallRecord &r : mixedCalls())
        QVERIFY(ledger.record(r, m_card, kProfile));
    const QList<CallRecord> task = taskLifecycle();
    const auto reserved = ledger.record(task.at(0), m_card, kProfile);
    QVERIFY(reserved);
    QCOMPARE(reserved->status, LedgerEntry::Status::Reserved);
    QCOMPARE(reserved->reservedCredits, Credits(500000));
    QCOMPARE(reserved->model, u"sora-2"_s); // alias stored under its id
    QCOMPARE(ledger.totals(kProfile).reserved, Credits(1000000 + 500000));
    const auto done = ledger.record(task.at(1), m_card, kProfile);
    QVERIFY(done);
    QCOMPARE(done->id, reserved->id);
    QCOMPARE(done->time, reserved->time);
    QCOMPARE(done->chargedCredits, Credits(500000));
    QVERIFY(done->chargeStated);
    QCOMPARE(added.size(), 16);
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.at(0).at(0).value<LedgerEntry>().status, LedgerEntry::Status::Succeeded);

    QCOMPARE(ledger.count(kProfile), 16);
    QCOMPARE(ledger.count(u"other"_s), 0);
    const LedgerTotals all = ledger.totals(kProfile);
    QCOMPARE(all.calls, 16);
    QCOMPARE(all.failures, 5);
    QCOMPARE(all.priceUnknown, 1);
    QCOMPARE(all.charged, kCharged);
    QCOMPARE(all.reserved, Credits(1000000));
    QCOMPARE(all.savedByFailures, kSaved);
    QCOMPARE(ledger.totals(QString()).charged, kCharged); // every profile

    const LedgerTotals session
        = ledger.totals(kProfile, QDateTime::currentDateTimeUtc().addSecs(-3600));
    QCOMPARE(session.calls, 15);
    QCOMPARE(session.charged, kCharged - 10500);
    QCOMPARE(ledger.today(kProfile).charged, kCharged - 10500);

    const auto byModality = ledger.totalsByModality(kProfile);
    QCOMPARE(byModality.value(u"text"_s).charged, Credits(10500 + 2000));
    QCOMPARE(byModality.value(u"text"_s).calls, 7);
    QCOMPARE(byModality.value(u"image"_s).charged, Credits(160000));
    QCOMPARE(byModality.value(u"video"_s).charged, Credits(900000));
    QCOMPARE(byModality.value(u"video"_s).reserved, Credits(1000000));
    QCOMPARE(byModality.value(u"video"_s).savedByFailures, Credits(3200000));
    QCOMPARE(byModality.value(u"embedding"_s).charged, Credits(20));
    QCOMPARE(byModality.value(u"rerank"_s).charged, Credits(4000));
    const auto byModel = ledger.totalsByModel(kProfile);
    QCOMPARE(byModel.value(u"sora-2"_s).charged, Credits(500000));
    QCOMPARE(byModel.value(u"claude-sonnet-4-5"_s).calls, 3);
    QCOMPARE(byModel.value(u"claude-sonnet-4-5"_s).savedByFailures, Credits(1050));
    QCOMPARE(byModel.value(u"mystery-model"_s).priceUnknown, 1);

    const QList<LedgerEntry> newest = ledger.entries(kProfile, 3);
    QCOMPARE(newest.size(), 3);
    QCOMPARE(newest.at(0).callId, u"task-a"_s);
    QCOMPARE(newest.at(1).callId, u"u1"_s);
    QCOMPARE(ledger.entries(kProfile, 100, 15).size(), 1);
    QCOMPARE(ledger.entriesBefore(kProfile, newest.at(1).id, 100).size(), 14);
}

void TestLedger::acknowledgedMeansCommitted()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"ack.sqlite"_s);
    Ledger ledger(file);
    QVERIFY(ledger.open());
    Database reader(file); // a second connection sees only committed rows
    QVERIFY(reader.open());
    int seen = -1;
    connect(&ledger, &Ledger::entryAdded, this, [&](const LedgerEntry &e) {
        QSqlQuery q(reader.db());
        q.prepare(u"SELECT COUNT(*) FROM ledger WHERE call_id = ?"_s);
        q.addBindValue(e.callId);
        if (q.exec() && q.next())
            seen = q.value(0).toInt();
    });
    QVERIFY(ledger.record(mixedCalls().first(), m_card, kProfile));
    QCOMPARE(seen, 1);
}

// A task's cancel answer updates its row, but the row stays the submit's: the gateway
// bills the task under the submit's request id, which reconciliation matches on.
void TestLedger::taskUpdatesKeepSubmitIdentity()
{
    Ledger ledger(m_dir.filePath(u"identity.sqlite"_s));
    QVERIFY(ledger.open());
    CallRecord submit
        = call(u"task-k"_s, u"/v1/tasks/submit"_s, u"sora-2"_s, CallRecord::Outcome::Reserved);
    submit.taskId = u"task_k"_s;
    submit.requestId = u"req_submit"_s;
    QVERIFY(ledger.record(submit, m_card, kProfile));
    CallRecord cancel = submit;
    cancel.outcome = CallRecord::Outcome::Cancelled;
    cancel.route = u"/v1/tasks/cancel"_s;
    cancel.requestId = u"req_cancel"_s;
    cancel.statedCredits = 0;
    QVERIFY(ledger.record(cancel, m_card, kProfile));
    const auto e = ledger.entry(u"task-k"_s);
    QVERIFY(e);
    QCOMPARE(e->status, LedgerEntry::Status::Cancelled);
    QCOMPARE(e->route, u"/v1/tasks/submit"_s);
    QCOMPARE(e->requestId, u"req_submit"_s);
    QCOMPARE(ledger.count(kProfile), 1);
}

void TestLedger::reconcileFlagsMismatch()
{
    Ledger ledger(path());
    QVERIFY(ledger.open());
    QSignalSpy updated(&ledger, &Ledger::entryUpdated);
    const auto row = [](const QString &id, Credits c) {
        UsageRow u;
        u.requestId = id;
        u.credits = c;
        return u;
    };
    const QList<LedgerEntry> mismatched = ledger.reconcile({
        row(u"req_t1"_s, 10500),
        row(u"req_i1"_s, 160000),
        row(u"req_e1"_s, 25), // deliberate: the gateway says 25, we charged 20
        row(u"req_f1"_s, 0),
        row(u"req_v2"_s, 0), // still running: not reconciled yet
        row(u"req_nobody"_s, 7),
    });
    QCOMPARE(mismatched.size(), 1);
    QCOMPARE(mismatched.at(0).callId, u"e1"_s);
    QCOMPARE(*mismatched.at(0).reconciledCredits, Credits(25));
    QCOMPARE(updated.size(), 4);
    const auto t1 = ledger.entry(u"t1"_s);
    QVERIFY(t1 && t1->reconciledCredits && !t1->mismatch && t1->reconciledAt.isValid());
    QVERIFY(ledger.entry(u"e1"_s)->mismatch);
    QVERIFY(!ledger.entry(u"v2"_s)->reconciledCredits);
}

void TestLedger::exportRoundTrip()
{
    Ledger ledger(path());
    QVERIFY(ledger.open());
    const QList<LedgerEntry> stored = ledger.entries(kProfile, 1000);
    QCOMPARE(stored.size(), 16);
    const QByteArray csv = ledger.exportCsv(kProfile);
    const QByteArray json = ledger.exportJson(kProfile);
    for (const QByteArray &out : {csv, json}) {
        QVERIFY(!out.contains("sk-byts")); // entries hold no key at all
        QVERIFY(!out.contains("x-api-key"));
    }
    QString error;
    const QList<LedgerEntry> fromCsv = Ledger::parseCsv(csv, &error);
    QVERIFY2(fromCsv.size() == stored.size(), qPrintable(error));
    const QList<LedgerEntry> fromJson = Ledger::parseJson(json, &error);
    QVERIFY2(fromJson.size() == stored.size(), qPrintable(error));
    for (int i = 0; i < stored.size(); ++i) {
        QCOMPARE(fromCsv.at(i).toJson(), stored.at(i).toJson());
        QCOMPARE(fromJson.at(i).toJson(), stored.at(i).toJson());
    }
    QVERIFY(Ledger::parseCsv("a,b\r\n1,2\r\n", &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestLedger::reopenKeepsEverything()
{
    {
        Database db(path());
        QVERIFY(db.open());
        QCOMPARE(db.migrationsApplied(), 0); // ran once, at the first open
        QCOMPARE(db.schemaVersion(), int(schemaMigrations().size()));
    }
    Ledger ledger(path());
    QVERIFY(ledger.open());
    QCOMPARE(ledger.count(kProfile), 16);
    const LedgerTotals all = ledger.totals(kProfile);
    QCOMPARE(all.charged, kCharged);
    QCOMPARE(all.savedByFailures, kSaved);
    QVERIFY(ledger.entry(u"e1"_s)->mismatch);
    QVERIFY(!ledger.entry(u"u1"_s)->estimatedCredits);
    const auto f4 = ledger.entry(u"f4"_s);
    QCOMPARE(f4->errorCode, u"network_error"_s);
    QCOMPARE(f4->status, LedgerEntry::Status::Failed);
}

void TestLedger::writeSpeed()
{
    QTemporaryDir dir;
    Ledger ledger(dir.filePath(u"speed.sqlite"_s));
    QVERIFY(ledger.open());
    const CallRecord base = mixedCalls().first();
    QElapsedTimer t;
    t.start();
    const int n = 500;
    for (int i = 0; i < n; ++i) {
        CallRecord r = base;
        r.callId = u"s%1"_s.arg(i);
        QVERIFY(ledger.record(r, m_card, kProfile));
    }
    const double perRecordMs = double(t.nsecsElapsed()) / 1e6 / n;
    qInfo("one committed record: %.3f ms", perRecordMs);
    QVERIFY2(perRecordMs < 4.0, "a record should not hold the UI thread");
    QList<CallRecord> bulk;
    for (int i = 0; i < 5000; ++i) {
        CallRecord r = base;
        r.callId = u"b%1"_s.arg(i);
        bulk << r;
    }
    t.restart();
    QVERIFY(ledger.recordAll(bulk, m_card, kProfile));
    qInfo("5000 records in one transaction: %lld ms", t.elapsed());
    QCOMPARE(ledger.count(kProfile), n + 5000);
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
