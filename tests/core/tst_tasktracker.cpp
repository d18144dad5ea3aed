// TaskTracker against the real sandbox over loopback, with a real SQLite store:
// submit to download, cancel in every state, failures, restarts, lost submit
// answers, duplicate submits, the poll cadence and stuck tasks.
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/tasklistmodel.h"
#include "core/tasktracker.h"
#include "core/videotaskstore.h"
#include "gatewaytestutil.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace bsp;
using namespace std::chrono_literals;

namespace {

VideoRequest request(const QString &model, const QString &prompt, double seconds = 2)
{
    VideoRequest r;
    r.model = model;
    r.prompt = prompt;
    r.durationSeconds = seconds;
    r.resolution = u"720p"_s;
    r.aspectRatio = u"16:9"_s;
    return r;
}

PollCadence fastCadence(double scale)
{
    PollCadence c;
    c.timeScale = scale;
    c.tick = 10ms;
    c.maxQueriesPerSecond = 200;
    c.stuckMinimum = 3600s; // no stuck flags unless a test wants them
    return c;
}

struct Rig
{
    std::unique_ptr<sandbox::SandboxServer> server;
    std::unique_ptr<GatewayClient> client;
    std::unique_ptr<VideoTaskStore> store;
    std::unique_ptr<TaskTracker> tracker;
    QString dbPath;
    QString media;

    void open(const QString &dir, PollCadence cadence)
    {
        dbPath = dir + u"/playground.sqlite"_s;
        media = dir + u"/media"_s;
        store = std::make_unique<VideoTaskStore>(dbPath);
        QVERIFY2(store->open(), qPrintable(store->lastError()));
        tracker = std::make_unique<TaskTracker>(client.get(), store.get(), media);
        tracker->setCadence(cadence);
        tracker->start();
    }
    void close()
    {
        tracker.reset();
        store.reset();
    }
    const VideoTask &task(qint64 id) const { return *tracker->task(id); }
};

// What an earlier run left in the store, changed while the app was not running.
void setStored(const QString &dbPath, qint64 id, const QUrl &url, VideoTask::DownloadState d)
{
    VideoTaskStore store(dbPath);
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    std::optional<VideoTask> t = store.find(id);
    QVERIFY(t);
    t->outputUrl = url;
    t->download = d;
    QVERIFY2(store.update(*t), qPrintable(store.lastError()));
}

} // namespace

class TestTaskTracker : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    Rig rig(double sandboxScale, double trackerScale)
    {
        Rig r;
        r.server = test::startSandbox(sandboxScale);
        r.client = test::clientFor(*r.server);
        r.open(m_dir->path(), fastCadence(trackerScale));
        return r;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void submitProgressCompleteDownload()
    {
        Rig r = rig(0.01, 0.01);
        PollCadence c = r.tracker->cadence();
        c.useStream = true; // the stream where offered; polling for the rest
        r.tracker->setCadence(c);
        int streams = 0;
        QList<double> progress;
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"a red kite over the sea"_s));
        QVERIFY2(id > 0, qPrintable(r.store->lastError()));
        // The row exists, with its out_task_id, before any answer came.
        const auto stored = r.store->find(id);
        QVERIFY(stored);
        QVERIFY(!stored->outTaskId.isEmpty());
        QCOMPARE(stored->state, VideoTask::State::Submitting);
        connect(r.tracker.get(), &TaskTracker::taskChanged, this, [&](qint64 changed) {
            if (changed == id && r.task(id).progress)
                progress.append(*r.task(id).progress);
            streams = std::max(streams, r.tracker->openStreams());
        });
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 20000);
        const VideoTask &t = r.task(id);
        QCOMPARE(t.state, VideoTask::State::Completed);
        QVERIFY(!t.taskId.isEmpty());
        QVERIFY(t.estimatedCredits.has_value());
        QCOMPARE(t.creditsUsed, t.estimatedCredits); // completed: the full reservation
        QVERIFY(std::adjacent_find(progress.cbegin(), progress.cend(), std::greater<>())
            == progress.cend()); // never backwards
        QVERIFY(progress.size() >= 2);
        QCOMPARE(streams, 1); // followed on its stream
        QVERIFY(QFileInfo(t.filePath).size() > 1000);
        QVERIFY(t.filePath.startsWith(r.media));
        QCOMPARE(t.outputSeconds, 2.0);
        // The store says the same after the fact.
        QCOMPARE(r.store->find(id)->download, VideoTask::DownloadState::Done);
    }

    // A task that ends on its stream leaves one ledger entry, its own, at the charge the
    // gateway stated; the stream books no row of its own.
    void streamedTaskUpdatesItsOwnLedgerEntry()
    {
        Rig r = rig(0.01, 0.01);
        QVERIFY(r.tracker->cadence().useStream); // the default
        Ledger ledger(r.dbPath);
        QVERIFY2(ledger.open(), qPrintable(ledger.lastError()));
        CostService cost(r.client.get(), &ledger);
        int streamed = 0;
        connect(r.client.get(), &GatewayClient::callFinished, this,
            [&](const CallRecord &rec) { streamed += rec.route == u"/v1/tasks/stream"_s; });
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"a heron at dawn"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Completed, 20000);
        QCOMPARE(streamed, 1);
        QTRY_VERIFY(ledger.entry(u"task:"_s + r.task(id).outTaskId).has_value());
        const auto entry = ledger.entry(u"task:"_s + r.task(id).outTaskId);
        QCOMPARE(entry->status, LedgerEntry::Status::Succeeded);
        QVERIFY(r.task(id).creditsUsed.has_value());
        QCOMPARE(entry->chargedCredits, *r.task(id).creditsUsed);
        QVERIFY(entry->chargedCredits > 0);
        QCOMPARE(ledger.count(entry->profile), 1);
    }

    // A task belongs to the profile it was submitted on: while the client points at
    // another gateway (where its id means nothing: 404) it is neither queried, failed,
    // resubmitted nor cancelled there; back on its profile it finishes.
    void aTaskWaitsForItsOwnProfile()
    {
        Rig r = rig(0.2, 0.01); // queued 0.6 s, then a 12 s render scaled to 2.4 s
        PollCadence c = r.tracker->cadence();
        c.useStream = false; // polled: a stream already open would finish on its own gateway
        r.tracker->setCadence(c);
        auto other = test::startSandbox(0.01);
        const QString key = sandbox::SandboxServer::defaultKey();
        r.client->setEndpoint(u"A"_s, QUrl(r.server->baseUrl()), key);
        int queries = 0;
        connect(r.tracker.get(), &TaskTracker::querySent, this, [&] { ++queries; });
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"a lantern on a lake"_s));
        QCOMPARE(r.task(id).profile, u"A"_s);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Queued, 5000);
        QCOMPARE(r.store->find(id)->profile, u"A"_s); // kept across restarts

        r.client->setEndpoint(u"B"_s, QUrl(other->baseUrl()), key);
        const int before = queries;
        QTest::qWait(800);
        QCOMPARE(queries, before);
        QVERIFY(!r.task(id).isTerminal());
        QVERIFY(r.task(id).awaitingProfile); // the row says so
        QVERIFY(!r.task(id).isCancellable());
        r.tracker->cancel(id); // nothing goes to the other gateway
        QCOMPARE(r.task(id).cancel, VideoTask::CancelState::None);

        r.client->setEndpoint(u"A"_s, QUrl(r.server->baseUrl()), key);
        QTRY_VERIFY(!r.task(id).awaitingProfile);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Completed, 20000);
        QVERIFY(queries > before);
    }

    void cancelWhileQueuedIsFree()
    {
        Rig r = rig(0.5, 0.01); // queued for 1.5 s
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"queued then cancelled"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Queued, 5000);
        QList<int> cancelStates;
        connect(r.tracker.get(), &TaskTracker::taskChanged, this,
            [&](qint64 changed) { cancelStates.append(int(r.task(changed).cancel)); });
        r.tracker->cancel(id);
        QCOMPARE(r.task(id).cancel, VideoTask::CancelState::Requested);
        r.tracker->cancel(id); // idempotent: no second request
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Cancelled, 5000);
        QCOMPARE(r.task(id).cancel, VideoTask::CancelState::Confirmed);
        QCOMPARE(r.task(id).creditsUsed, std::optional<Credits>(0));
        QCOMPARE(cancelStates.first(), int(VideoTask::CancelState::Requested));
        QCOMPARE(cancelStates.last(), int(VideoTask::CancelState::Confirmed));
    }

    void cancelWhileRunningFollowsThePolicy_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("billed");
        QTest::newRow("sora-2 bills rendered seconds") << u"sora-2"_s << true;
        QTest::newRow("veo-3.1 is free") << u"veo-3.1"_s << false;
    }

    void cancelWhileRunningFollowsThePolicy()
    {
        QFETCH(QString, model);
        QFETCH(bool, billed);
        Rig r = rig(0.1, 0.01); // queued 0.3 s, a 5 s clip renders for 6-7.5 s
        const qint64 id = r.tracker->submit(request(model, u"cancel me mid-render"_s, 5));
        QTRY_VERIFY_WITH_TIMEOUT(r.task(id).progress.value_or(0) > 0.1, 10000);
        r.tracker->cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Cancelled, 5000);
        const VideoTask &t = r.task(id);
        QCOMPARE(t.cancel, VideoTask::CancelState::Confirmed);
        QVERIFY(t.creditsUsed.has_value());
        if (billed) {
            QVERIFY(*t.creditsUsed > 0);
            QVERIFY(*t.creditsUsed < *t.estimatedCredits);
        } else {
            QCOMPARE(*t.creditsUsed, Credits(0));
        }
    }

    void cancelLosingTheRaceSaysSo()
    {
        Rig r = rig(0.01, 1.0); // the tracker polls slowly, the render is quick
        PollCadence slow = r.tracker->cadence();
        slow.useStream = false;
        slow.tick = 10ms;
        r.tracker->setCadence(slow);
        const qint64 id = r.tracker->submit(request(u"veo-3.1-fast"_s, u"done before cancel"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Queued, 5000);
        // Wait on the gateway itself until the clip is done; the tracker has not seen it.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto q = QCoro::waitFor(r.client->queryTask(r.task(id).taskId));
                return q.ok() && q->status == TaskStatus::Completed;
            }(),
            10000);
        QCOMPARE(r.task(id).state, VideoTask::State::Queued);
        r.tracker->cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Completed, 5000);
        QCOMPARE(r.task(id).cancel, VideoTask::CancelState::LostRace);
        QCOMPARE(r.task(id).creditsUsed, r.task(id).estimatedCredits); // the real charge
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 10000);
    }

    void failedTaskIsFree()
    {
        Rig r = rig(0.01, 0.01);
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"breaks [fault:task_fail]"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Failed, 10000);
        QCOMPARE(r.task(id).creditsUsed, std::optional<Credits>(0));
        QCOMPARE(r.task(id).errorCode, u"upstream_error"_s);
        QVERIFY(!r.task(id).errorMessage.isEmpty());
        QCOMPARE(r.task(id).download, VideoTask::DownloadState::None);
    }

    void rejectedSubmitIsFreeAndSaysWhy()
    {
        Rig r = rig(0.01, 0.01);
        const qint64 id
            = r.tracker->submit(request(u"sora-2"_s, u"blocked [fault:content_policy]"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Failed, 10000);
        QCOMPARE(r.task(id).creditsUsed, std::optional<Credits>(0));
        QCOMPARE(r.task(id).errorCode, u"content_policy_violation"_s);
        QVERIFY(r.task(id).taskId.isEmpty());
    }

    void reopenedStoreResumesAndCompletes()
    {
        Rig r = rig(0.05, 0.01);
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"survives a restart"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Running, 10000);
        const QString taskId = r.task(id).taskId;
        r.close(); // the app goes away mid-render
        r.open(m_dir->path(), fastCadence(0.01));
        QVERIFY(r.tracker->task(id));
        QCOMPARE(r.task(id).taskId, taskId);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 20000);
        QCOMPARE(r.task(id).state, VideoTask::State::Completed);
    }

    // A clip fetched in a later run (its download interrupted, or retried after its file
    // went missing) comes from the URL the gateway gives now, not the stored one: that
    // may have expired, and the built-in sandbox listens on a new port after a restart.
    // Asking again books nothing.
    void aLaterRunFetchesTheClipFromTheUrlGivenNow()
    {
        Rig r = rig(0.01, 0.01);
        Ledger ledger(r.dbPath);
        QVERIFY2(ledger.open(), qPrintable(ledger.lastError()));
        CostService cost(r.client.get(), &ledger);
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"a clip fetched twice"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 20000);
        const QString callId = u"task:"_s + r.task(id).outTaskId;
        QTRY_VERIFY(ledger.entry(callId).has_value());
        const Credits charged = ledger.entry(callId)->chargedCredits;
        const QUrl given = r.task(id).outputUrl;
        const QString file = r.task(id).filePath;

        // Gone: the file (by hand) and the port the URL names (the gateway moved).
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        QUrl stale = given;
        stale.setPort(closed.serverPort());
        closed.close();
        r.close();
        QVERIFY(QFile::remove(file));
        setStored(r.dbPath, id, stale, VideoTask::DownloadState::Done);
        r.open(m_dir->path(), fastCadence(0.01));
        QCOMPARE(r.task(id).download, VideoTask::DownloadState::Failed);
        QVERIFY2(
            r.task(id).downloadError.contains(u"missing"_s), qPrintable(r.task(id).downloadError));
        r.tracker->retryDownload(id);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 10000);
        QVERIFY(QFileInfo(r.task(id).filePath).size() > 1000);
        QCOMPARE(r.task(id).outputUrl, given);
        QCOMPARE(r.store->find(id)->outputUrl, given);

        // Interrupted mid-download, with a link that has since expired (404).
        r.close();
        QVERIFY(QFile::remove(file));
        QUrl expired = given;
        expired.setPath(u"/v1/files/file_expired"_s);
        setStored(r.dbPath, id, expired, VideoTask::DownloadState::Downloading);
        r.open(m_dir->path(), fastCadence(0.01));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 10000);
        QVERIFY(QFileInfo(r.task(id).filePath).size() > 1000);
        QCOMPARE(r.task(id).outputUrl, given);

        QCOMPARE(ledger.count(ledger.entry(callId)->profile), 1);
        QCOMPARE(ledger.entry(callId)->chargedCredits, charged);
        QCOMPARE(r.task(id).state, VideoTask::State::Completed);
    }

    void lostSubmitAnswerIsRecoveredByOutTaskId()
    {
        Rig r = rig(0.01, 0.01);
        r.close();
        // The previous run stored its row and sent the submit; the answer never came.
        VideoTask lost;
        lost.outTaskId = u"lost-answer-0001"_s;
        lost.model = u"sora-2"_s;
        lost.prompt = u"the answer was lost"_s;
        lost.durationSeconds = 2;
        lost.resolution = u"720p"_s;
        lost.aspectRatio = u"16:9"_s;
        lost.createdAt = QDateTime::currentDateTimeUtc();
        {
            VideoTaskStore s(m_dir->filePath(u"playground.sqlite"_s));
            QVERIFY(s.open());
            QVERIFY(s.insert(lost));
        }
        TaskSubmit sent;
        sent.model = lost.model;
        sent.outTaskId = lost.outTaskId;
        sent.prompt = lost.prompt;
        sent.durationSeconds = 2;
        const auto accepted = QCoro::waitFor(r.client->submitTask(sent));
        QVERIFY(accepted.ok());

        int byOut = 0;
        r.store = std::make_unique<VideoTaskStore>(m_dir->filePath(u"playground.sqlite"_s));
        QVERIFY(r.store->open());
        r.tracker = std::make_unique<TaskTracker>(r.client.get(), r.store.get(), r.media);
        r.tracker->setCadence(fastCadence(0.01));
        QSignalSpy submits(r.client.get(), &GatewayClient::callFinished);
        connect(r.tracker.get(), &TaskTracker::querySent, this,
            [&](qint64, bool out) { byOut += out ? 1 : 0; });
        r.tracker->start();
        const qint64 id = lost.id;
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).download, VideoTask::DownloadState::Done, 20000);
        QCOMPARE(r.task(id).taskId, accepted->taskId); // the same task, not a second one
        QCOMPARE(byOut, 1);
        for (const QList<QVariant> &call : std::as_const(submits))
            QVERIFY(call.at(0).value<CallRecord>().route != u"/v1/tasks/submit"_s);
    }

    void neverSubmittedIsSubmittedOnceWithTheSameId()
    {
        Rig r = rig(0.01, 0.01);
        r.close();
        VideoTask orphan;
        orphan.outTaskId = u"never-sent-0001"_s;
        orphan.model = u"veo-3.1-fast"_s;
        orphan.prompt = u"the request never left"_s;
        orphan.durationSeconds = 2;
        orphan.resolution = u"720p"_s;
        orphan.aspectRatio = u"16:9"_s;
        orphan.createdAt = QDateTime::currentDateTimeUtc();
        {
            VideoTaskStore s(m_dir->filePath(u"playground.sqlite"_s));
            QVERIFY(s.open());
            QVERIFY(s.insert(orphan));
        }
        r.open(m_dir->path(), fastCadence(0.01));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(orphan.id).state, VideoTask::State::Completed, 20000);
        const auto q = QCoro::waitFor(r.client->queryTaskByOutId(orphan.outTaskId));
        QVERIFY(q.ok());
        QCOMPARE(q->taskId, r.task(orphan.id).taskId);
    }

    void identicalSubmitsMakeOneTask()
    {
        Rig r = rig(0.01, 0.01);
        const VideoRequest req = request(u"sora-2"_s, u"double click"_s);
        const qint64 a = r.tracker->submit(req);
        const qint64 b = r.tracker->submit(req);
        QCOMPARE(a, b);
        QCOMPARE(r.tracker->taskIds().size(), 1);
        QCOMPARE(r.store->all().size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(a).state, VideoTask::State::Completed, 20000);
    }

    void pollsKeepTheCadenceAndStopAtTheEnd()
    {
        Rig r = rig(0.02, 0.05); // intervals 50-100 ms
        PollCadence c = r.tracker->cadence();
        c.useStream = false;
        r.tracker->setCadence(c);
        QHash<qint64, QList<qint64>> times;
        QElapsedTimer clock;
        clock.start();
        connect(r.tracker.get(), &TaskTracker::querySent, this, [&](qint64 id, bool) {
            QVERIFY(!r.task(id).isTerminal());
            times[id].append(clock.elapsed());
        });
        QList<qint64> ids;
        for (const QString &m : {u"sora-2"_s, u"veo-3.1-fast"_s, u"seedance-2.0"_s})
            ids.append(r.tracker->submit(request(m, u"cadence "_s + m)));
        for (qint64 id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(r.task(id).isTerminal(), 20000);
        const QHash<qint64, QList<qint64>> atEnd = times;
        QTest::qWait(500);
        QCOMPARE(times, atEnd); // nothing after the terminal answer
        for (qint64 id : ids) {
            const QList<qint64> &t = times.value(id);
            QVERIFY(!t.isEmpty());
            const auto interval = c.intervalFor(r.task(id).estimatedSeconds, 0ms).count();
            for (int i = 1; i < t.size(); ++i)
                QVERIFY2(t.at(i) - t.at(i - 1) >= interval * 0.9 - 12,
                    qPrintable(u"gap %1 ms < %2 ms"_s.arg(t.at(i) - t.at(i - 1)).arg(interval)));
        }
    }

    void globalCapHoldsWithManyTasks()
    {
        Rig r = rig(0.05, 0.01);
        PollCadence c = r.tracker->cadence();
        c.useStream = false;
        c.maxQueriesPerSecond = 20;
        r.tracker->setCadence(c);
        for (int i = 0; i < 12; ++i)
            r.tracker->submit(request(u"sora-2"_s, u"many %1"_s.arg(i)));
        QTRY_VERIFY_WITH_TIMEOUT(r.tracker->queriesSent() > 0, 10000);
        const qint64 before = r.tracker->queriesSent();
        QTest::qWait(1000);
        const qint64 perSecond = r.tracker->queriesSent() - before;
        QVERIFY2(perSecond <= 25, qPrintable(QString::number(perSecond))); // 20/s + a 0.2 s burst
        QVERIFY(perSecond >= 10);
    }

    void stuckTaskIsFlaggedAndRequeriedByOutTaskId()
    {
        Rig r = rig(1.0, 1.0); // a real 3 s queue
        PollCadence c = r.tracker->cadence();
        c.stuckMinimum = 300ms;
        c.stuckFactor = 0.001;
        c.useStream = false;
        r.tracker->setCadence(c);
        // Every stall re-arms the flag (a slow machine may see the queue move, and stall
        // again), so count what matters: out_task_id queries happen only for a stuck task.
        int byOutWhileStuck = 0;
        int byOutOtherwise = 0;
        connect(r.tracker.get(), &TaskTracker::querySent, this, [&](qint64 q, bool out) {
            if (out)
                ++(r.task(q).stuck ? byOutWhileStuck : byOutOtherwise);
        });
        const qint64 id = r.tracker->submit(request(u"sora-2"_s, u"waits in the queue"_s));
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Queued, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(r.task(id).stuck, 2500);
        QTRY_VERIFY_WITH_TIMEOUT(byOutWhileStuck >= 1, 2000);
        QCOMPARE(byOutOtherwise, 0);
        QVERIFY(r.task(id).isCancellable());
        r.tracker->cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(r.task(id).state, VideoTask::State::Cancelled, 5000);
    }

    void listModelFollowsTheTracker()
    {
        Rig r = rig(0.01, 0.01);
        TaskListModel model(r.tracker.get());
        TaskFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(
            &filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 ok = r.tracker->submit(request(u"sora-2"_s, u"a lighthouse"_s));
        const qint64 bad = r.tracker->submit(request(u"sora-2"_s, u"storm [fault:task_fail]"_s));
        QCOMPARE(model.rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(r.task(ok).isTerminal() && r.task(bad).isTerminal(), 20000);
        filter.setStatusFilter(TaskFilterModel::StatusFilter::Failed);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(TaskListModel::IdRole).toLongLong(), bad);
        QCOMPARE(filter.index(0, 0).data(TaskListModel::ChargedRole).toLongLong(), 0);
        filter.setStatusFilter(TaskFilterModel::StatusFilter::All);
        filter.setSearchText(u"LIGHT"_s);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(TaskListModel::ProgressRole).toDouble(), 1.0);
        filter.setSearchText({});
        QVERIFY(r.tracker->remove(bad));
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTaskTracker)
#include "tst_tasktracker.moc"
