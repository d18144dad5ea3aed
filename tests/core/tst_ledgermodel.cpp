#include "core/database.h"
#include "core/ledgermodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <numeric>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

CallRecord textCall(const QString &id, qint64 in, qint64 out)
{
    CallRecord r;
    r.callId = id;
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.route = u"/v1/messages"_s;
    r.model = u"claude-sonnet-4-5"_s;
    r.requestId = u"req_"_s + id;
    r.httpStatus = 200;
    r.inputTokens = in;
    r.outputTokens = out;
    return r;
}

// Fills the file with `rows` calls straight in SQL, fast enough for 100,000.
bool fill(const QString &path, int rows, const QString &profile)
{
    Database db(path);
    if (!db.open())
        return false;
    return db.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                   "INSERT INTO ledger (call_id, profile, time_ms, tab, route, model, modality, "
                   "request_id, status, estimated_credits, charged_credits) "
                   "SELECT 'bulk-' || i, '%2', 1700000000000 + i * 1000, 'chat', '/v1/messages', "
                   "'claude-haiku-4-5', 'text', 'req_' || i, i % 3, i, "
                   "CASE WHEN i % 3 = 1 THEN 0 ELSE i END FROM n"_s.arg(rows)
                       .arg(profile));
}

} // namespace

class TestLedgerModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void pagesThroughHundredThousand();
    void liveAppendsAndUpdates();
    void profileFilter();
};

void TestLedgerModel::pagesThroughHundredThousand()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"big.sqlite"_s);
    const int total = 100000;
    QVERIFY(fill(path, total, u"p"_s));
    Ledger ledger(path);
    QVERIFY(ledger.open());
    LedgerModel model(&ledger, u"p"_s);
    model.setPageSize(1000);
    QCOMPARE(model.rowCount(), 0); // nothing loads until a view asks
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.entryAt(0).callId, u"bulk-100000"_s); // newest first
    QCOMPARE(model.entryAt(999).callId, u"bulk-99001"_s);
    {
        // The tester walks every loaded row on each insert (quadratic), so it watches
        // the first pages; the timing loop below runs on the same model without it.
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(LedgerModel::ColumnCount));
        for (int i = 0; i < 5 && model.canFetchMore({}); ++i)
            model.fetchMore({});
        if (QTest::currentTestFailed())
            return;
    }

    QElapsedTimer timer;
    QList<qint64> pageNs;
    while (model.canFetchMore({})) {
        timer.start();
        model.fetchMore({});
        pageNs.append(timer.nsecsElapsed());
        if (QTest::currentTestFailed())
            return;
    }
    const int fetches = int(pageNs.size());
    const qint64 slowestNs = *std::max_element(pageNs.cbegin(), pageNs.cend());
    const qint64 totalNs = std::accumulate(pageNs.cbegin(), pageNs.cend(), qint64(0));
    QCOMPARE(model.rowCount(), total);
    QCOMPARE(model.entryAt(total - 1).callId, u"bulk-1"_s);
    qInfo("%d pages, slowest %.2f ms, all %.1f ms", fetches, double(slowestNs) / 1e6,
        double(totalNs) / 1e6);
    // Keyset paging costs the same at row 99,000 as at row 0; paging by OFFSET would
    // make the last pages ~100 times slower than the first. Compared with the first
    // pages of the same run, not with a clock: the machine (or a sanitizer) may be slow.
    QVERIFY(fetches >= 40);
    const auto meanOf = [&](qsizetype from) {
        return std::accumulate(pageNs.cbegin() + from, pageNs.cbegin() + from + 10, qint64(0)) / 10;
    };
    const qint64 first = meanOf(1); // skips the first timed page, which warms the caches
    const qint64 last = meanOf(fetches - 10);
    QVERIFY2(last < 4 * first + 5'000'000,
        qPrintable(u"the last pages took %1 ms each, the first %2 ms"_s.arg(double(last) / 1e6)
                       .arg(double(first) / 1e6)));

    // Cells of a known row: bulk-7 is status 7 % 3 = 1 (failed), estimated 7, charged 0.
    const int row = total - 7;
    const LedgerEntry e = model.entryAt(row);
    QCOMPARE(e.callId, u"bulk-7"_s);
    QCOMPARE(model.data(model.index(row, LedgerModel::StatusColumn)).toString(), u"Failed"_s);
    QCOMPARE(model.data(model.index(row, LedgerModel::EstimatedColumn)).toString(), u"$0.000007"_s);
    QCOMPARE(model.data(model.index(row, LedgerModel::ChargedColumn)).toString(), u"$0.00"_s);
    QCOMPARE(model.data(model.index(row, LedgerModel::ChargedColumn), LedgerModel::SortRole)
                 .toLongLong(),
        0);
    QCOMPARE(model.data(model.index(row, LedgerModel::RequestIdColumn)).toString(), u"req_7"_s);
    QCOMPARE(model.data(model.index(row, 0), LedgerModel::EntryRole).value<LedgerEntry>().id, e.id);
    QCOMPARE(model.headerData(LedgerModel::ChargedColumn, Qt::Horizontal).toString(), u"Charged"_s);
}

void TestLedgerModel::liveAppendsAndUpdates()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"live.sqlite"_s);
    QVERIFY(fill(path, 10, u"p"_s));
    Ledger ledger(path);
    QVERIFY(ledger.open());
    LedgerModel model(&ledger, u"p"_s);
    model.setPageSize(4);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 4);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int loaded = model.rowCount(); // the tester may have fetched a page itself

    const RateCard card = RateCard::bundled();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(ledger.record(textCall(u"new-1"_s, 1000, 500), card, u"p"_s));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), loaded + 1);
    QCOMPARE(model.entryAt(0).callId, u"new-1"_s);
    QCOMPARE(model.data(model.index(0, LedgerModel::ChargedColumn)).toString(), u"$0.0105"_s);

    // A running task shows its reservation, then its charge, in the same row.
    CallRecord task = textCall(u"task-1"_s, 0, 0);
    task.route = u"/v1/tasks/submit"_s;
    task.model = u"sora-2"_s;
    task.seconds = 5;
    task.resolution = u"720p"_s;
    task.outcome = CallRecord::Outcome::Reserved;
    QVERIFY(ledger.record(task, card, u"p"_s));
    QCOMPARE(model.data(model.index(0, LedgerModel::StatusColumn)).toString(), u"Running"_s);
    QCOMPARE(
        model.data(model.index(0, LedgerModel::ChargedColumn)).toString(), u"$0.50 reserved"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    task.outcome = CallRecord::Outcome::Succeeded;
    task.statedCredits = 500000;
    QVERIFY(ledger.record(task, card, u"p"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.rowCount(), loaded + 2);
    QCOMPARE(model.data(model.index(0, LedgerModel::ChargedColumn)).toString(), u"$0.50"_s);

    // Paging continues below the live rows without duplicates.
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 12);
    QSet<QString> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids.insert(model.entryAt(r).callId);
    QCOMPARE(ids.size(), 12);

    const auto mismatched
        = ledger.reconcile({UsageRow {u"req_new-1"_s, {}, {}, {}, {}, {}, 0, 0, 0, 99}});
    QCOMPARE(mismatched.size(), 1);
    const int row = model.rowOfCall(u"new-1"_s);
    QCOMPARE(model.data(model.index(row, LedgerModel::ReconciledColumn)).toString(),
        u"$0.000099 (differs)"_s);
}

void TestLedgerModel::profileFilter()
{
    QTemporaryDir dir;
    Ledger ledger(dir.filePath(u"p.sqlite"_s));
    QVERIFY(ledger.open());
    LedgerModel hosted(&ledger, u"hosted"_s);
    LedgerModel all(&ledger);
    QAbstractItemModelTester t1(&hosted, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const RateCard card = RateCard::bundled();
    QVERIFY(ledger.record(textCall(u"a"_s, 1, 1), card, u"sandbox"_s));
    QVERIFY(ledger.record(textCall(u"b"_s, 1, 1), card, u"hosted"_s));
    QCOMPARE(hosted.rowCount(), 1);
    QCOMPARE(all.rowCount(), 2);
    hosted.setProfile(u"sandbox"_s);
    if (hosted.canFetchMore({}))
        hosted.fetchMore({});
    QCOMPARE(hosted.rowCount(), 1);
    QCOMPARE(hosted.entryAt(0).callId, u"a"_s);
    QVERIFY(!hosted.canFetchMore({}));
}

QTEST_GUILESS_MAIN(TestLedgerModel)
#include "tst_ledgermodel.moc"
