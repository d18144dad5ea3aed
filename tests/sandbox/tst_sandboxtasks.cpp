// /v1/tasks/* of the sandbox gateway over real loopback HTTP: submit, query, completion
// and download of a real MP4, idempotency, cancel policies, failures, keys, and the stream.

#include "core/money.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace bsp;
using namespace bsp::sandbox;

namespace {

const QString kKeyA = u"sk-byts-task-a"_s;
const QString kKeyB = u"sk-byts-task-b"_s;
const QString kKeyPoor = u"sk-byts-task-poor"_s;

struct Result
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QString newOutId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject submitBody(const QString &model, const QString &outId, double seconds = 5,
    const QString &prompt = u"a paper boat on a rainy street"_s)
{
    return QJsonObject {{u"model"_s, model}, {u"out_task_id"_s, outId},
        {u"params"_s,
            QJsonObject {{u"prompt"_s, prompt}, {u"duration_seconds"_s, seconds},
                {u"resolution"_s, u"720p"_s}, {u"aspect_ratio"_s, u"16:9"_s}}},
        {u"callback_url"_s, QJsonValue(QJsonValue::Null)}};
}

} // namespace

class TestSandboxTasks : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_fast; // time scale 0.01: a 60 s render takes 0.6 s
    std::unique_ptr<SandboxServer> m_slow; // time scale 0.1: room to cancel mid-way
    QNetworkAccessManager m_nam;

    Result send(SandboxServer &server, const QByteArray &verb, const QString &path,
        const QByteArray &body = {}, const QString &key = kKeyA, const QByteArray &fault = {})
    {
        QNetworkRequest req(QUrl(path.startsWith(u"http"_s) ? path : server.baseUrl() + path));
        req.setRawHeader("x-api-key", key.toUtf8());
        if (!fault.isEmpty())
            req.setRawHeader("x-sandbox-fault", fault);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        QNetworkReply *reply = m_nam.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        Result r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        for (const auto &h : reply->rawHeaderPairs())
            r.headers.insert(h.first.toLower(), h.second);
        reply->deleteLater();
        return r;
    }

    Result post(SandboxServer &server, const QString &path, const QJsonObject &body,
        const QString &key = kKeyA, const QByteArray &fault = {})
    {
        return send(
            server, "POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), key, fault);
    }

    // A new sora-2 task's id.
    QString submitSora(SandboxServer &server)
    {
        return post(server, u"/v1/tasks/submit"_s, submitBody(u"sora-2"_s, newOutId()))
            .json()
            .value(u"task_id"_s)
            .toString();
    }

    QJsonObject query(SandboxServer &server, const QString &taskId, const QString &key = kKeyA)
    {
        return post(server, u"/v1/tasks/query"_s, {{u"task_id"_s, taskId}}, key).json();
    }

    // Polls until the task reaches `status` (or a terminal one); returns the last answer.
    QJsonObject waitFor(
        SandboxServer &server, const QString &taskId, const QString &status, int timeoutMs = 8000)
    {
        QElapsedTimer t;
        t.start();
        QJsonObject q;
        while (t.elapsed() < timeoutMs) {
            q = query(server, taskId);
            const QString s = q.value(u"status"_s).toString();
            if (s == status || s == u"completed"_s || s == u"failed"_s || s == u"cancelled"_s)
                return q;
            QTest::qWait(20);
        }
        return q;
    }

    QJsonObject usageRow(SandboxServer &server, const QByteArray &requestId)
    {
        const QJsonArray rows
            = send(server, "GET", u"/api/v1/usage?limit=1000"_s).json().value(u"data"_s).toArray();
        for (const QJsonValue &v : rows) {
            if (v.toObject().value(u"request_id"_s).toString().toUtf8() == requestId)
                return v.toObject();
        }
        return {};
    }

    QJsonObject balance(SandboxServer &server)
    {
        return send(server, "GET", u"/v1/balance"_s).json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        SandboxOptions options;
        options.keys = {{kKeyA, 100 * kCreditsPerUsd}, {kKeyB, 100 * kCreditsPerUsd},
            {kKeyPoor, kCreditsPerUsd / 10}};
        options.timeScale = 0.01;
        m_fast = std::make_unique<SandboxServer>(options);
        QVERIFY(m_fast->listen() != 0);
        options.timeScale = 0.1;
        m_slow = std::make_unique<SandboxServer>(options);
        QVERIFY(m_slow->listen() != 0);
    }

    void submitQueryCompleteDownload()
    {
        const QString outId = newOutId();
        const Result submitted
            = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"sora-2"_s, outId));
        QCOMPARE(submitted.status, 200);
        const QJsonObject s = submitted.json();
        const QString taskId = s.value(u"task_id"_s).toString();
        QVERIFY(taskId.startsWith(u"task_01"_s));
        QCOMPARE(s.value(u"out_task_id"_s).toString(), outId);
        QCOMPARE(s.value(u"model"_s).toString(), u"sora-2"_s);
        QCOMPARE(s.value(u"status"_s).toString(), u"queued"_s);
        QCOMPARE(s.value(u"estimated_credits"_s).toDouble(), 0.5);
        QCOMPARE(s.value(u"estimated_seconds"_s).toInt(), 60);
        QVERIFY(
            QDateTime::fromString(s.value(u"submitted_at"_s).toString(), Qt::ISODate).isValid());
        QCOMPARE(balance(*m_fast).value(u"reserved_credits"_s).toDouble(), 0.5);

        const QJsonObject running = waitFor(*m_fast, taskId, u"running"_s);
        QCOMPARE(running.value(u"status"_s).toString(), u"running"_s);
        QVERIFY(!running.contains(u"credits_used"_s));
        QVERIFY(!running.contains(u"output"_s));

        const QJsonObject done = waitFor(*m_fast, taskId, u"completed"_s);
        QCOMPARE(done.value(u"status"_s).toString(), u"completed"_s);
        QCOMPARE(done.value(u"progress"_s).toDouble(), 1.0);
        QCOMPARE(done.value(u"credits_used"_s).toDouble(), 0.5);
        QVERIFY(!done.contains(u"error"_s));
        const QJsonObject out = done.value(u"output"_s).toArray().at(0).toObject();
        QCOMPARE(out.value(u"type"_s).toString(), u"video"_s);
        QCOMPARE(out.value(u"content_type"_s).toString(), u"video/mp4"_s);
        QCOMPARE(out.value(u"duration_seconds"_s).toDouble(), 5.0);
        QCOMPARE(out.value(u"resolution"_s).toString(), u"720p"_s);
        QCOMPARE(out.value(u"width"_s).toInt(), 320);
        QCOMPARE(out.value(u"height"_s).toInt(), 180);

        const Result clip = send(*m_fast, "GET", out.value(u"url"_s).toString());
        QCOMPARE(clip.status, 200);
        QVERIFY(clip.body.size() > 1000);
        QCOMPARE(clip.body.mid(4, 4), "ftyp"_ba);
        QCOMPARE(send(*m_fast, "GET", out.value(u"url"_s).toString(), {}, kKeyB).status, 404);

        // The usage row is the submit's, written at the end.
        const QJsonObject row = usageRow(*m_fast, submitted.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"succeeded"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), 0.5);
        QCOMPARE(balance(*m_fast).value(u"reserved_credits"_s).toDouble(), 0.0);

        // Other spellings of the query.
        QCOMPARE(send(*m_fast, "GET", u"/v1/tasks/query?task_id="_s + taskId)
                     .json()
                     .value(u"status"_s)
                     .toString(),
            u"completed"_s);
        QCOMPARE(post(*m_fast, u"/v1/tasks/query"_s, {{u"out_task_id"_s, outId}})
                     .json()
                     .value(u"task_id"_s)
                     .toString(),
            taskId);
        QCOMPARE(
            post(*m_fast, u"/v1/tasks/query"_s, {{u"out_task_id"_s, outId}, {u"task_id"_s, taskId}})
                .status,
            400);
    }

    void idempotentSubmitAnd409()
    {
        const QString outId = newOutId();
        const Result first
            = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"veo-3.1-fast"_s, outId));
        QCOMPARE(first.status, 200);
        // The flat form with the same params is the same submit.
        QJsonObject flat = submitBody(u"veo-3.1-fast"_s, outId).value(u"params"_s).toObject();
        flat.insert(u"model"_s, u"veo-3.1-fast"_s);
        flat.insert(u"out_task_id"_s, outId);
        const Result again = post(*m_fast, u"/v1/tasks/submit"_s, flat);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(u"task_id"_s), first.json().value(u"task_id"_s));

        const Result other
            = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"veo-3.1-fast"_s, outId, 8));
        QCOMPARE(other.status, 409);
        QCOMPARE(other.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
            u"duplicate_out_task_id"_s);
        // Not retryable (the table), so the header must not tell SDKs to retry it.
        QCOMPARE(other.headers.value("x-should-retry"), "false"_ba);
        // Another key may use the same out_task_id.
        QCOMPARE(post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"veo-3.1-fast"_s, outId), kKeyB)
                     .status,
            200);
    }

    void submitErrors()
    {
        const Result text
            = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"claude-sonnet-4-5"_s, newOutId()));
        QCOMPARE(text.status, 400);
        QCOMPARE(text.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
            u"invalid_param"_s);
        QCOMPARE(
            post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"gpt-image-2"_s, newOutId())).status,
            400);

        const QByteArray huge
            = "{\"model\":\"sora-2\",\"prompt\":\"" + QByteArray(1100 * 1024, 'a') + "\"}";
        const Result big = send(*m_fast, "POST", u"/v1/tasks/submit"_s, huge);
        QCOMPARE(big.status, 413);
        QCOMPARE(big.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
            u"request_too_large"_s);

        const Result poor
            = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"sora-2"_s, newOutId()), kKeyPoor);
        QCOMPARE(poor.status, 402);
        QCOMPARE(poor.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
            u"insufficient_balance"_s);
    }

    void otherKeySees404()
    {
        const Result s = post(
            *m_fast, u"/v1/tasks/submit"_s, submitBody(u"seedance-2.0-pro-fast"_s, newOutId()));
        const QString id = s.json().value(u"task_id"_s).toString();
        const Result r = post(*m_fast, u"/v1/tasks/query"_s, {{u"task_id"_s, id}}, kKeyB);
        QCOMPARE(r.status, 404);
        QCOMPARE(
            r.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"task_not_found"_s);
        QCOMPARE(send(*m_fast, "POST", u"/v1/tasks/cancel/"_s + id, {}, kKeyB).status, 404);
        QCOMPARE(send(*m_fast, "GET", u"/v1/tasks/stream/"_s + id, {}, kKeyB).status, 404);
    }

    void taskFailIsFree()
    {
        const Result s = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"sora-2"_s, newOutId()),
            kKeyA, "task_fail");
        QCOMPARE(s.status, 200);
        const QJsonObject q
            = waitFor(*m_fast, s.json().value(u"task_id"_s).toString(), u"failed"_s);
        QCOMPARE(q.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(q.value(u"credits_used"_s).toDouble(), 0.0);
        QVERIFY(!q.value(u"error"_s).toObject().value(u"code"_s).toString().isEmpty());
        QVERIFY(!q.contains(u"output"_s));
        const QJsonObject row = usageRow(*m_fast, s.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), 0.0);
    }

    void streamUntilTerminal()
    {
        const Result s
            = post(*m_fast, u"/v1/tasks/submit"_s, submitBody(u"veo-3.1-fast"_s, newOutId(), 4));
        const QString id = s.json().value(u"task_id"_s).toString();
        const Result r = send(*m_fast, "GET", u"/v1/tasks/stream/"_s + id);
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/event-stream"));
        QStringList statuses;
        double lastProgress = -1;
        for (const QByteArray &frame : r.body.split('\n')) {
            if (!frame.startsWith("data: "))
                continue;
            const QJsonObject q = QJsonDocument::fromJson(frame.mid(6)).object();
            QCOMPARE(q.value(u"task_id"_s).toString(), id);
            if (statuses.isEmpty() || statuses.last() != q.value(u"status"_s).toString())
                statuses.append(q.value(u"status"_s).toString());
            QVERIFY(q.value(u"progress"_s).toDouble() >= lastProgress);
            lastProgress = q.value(u"progress"_s).toDouble();
        }
        QCOMPARE(r.body.count("event: task\n"), r.body.count("data: "));
        QCOMPARE(statuses, (QStringList {u"queued"_s, u"running"_s, u"completed"_s}));
        QVERIFY(r.body.count("event: task") >= 5); // progress steps in between
    }

    void cancelQueuedIsFree()
    {
        const double reservedBefore = balance(*m_slow).value(u"reserved_credits"_s).toDouble();
        const Result s = post(*m_slow, u"/v1/tasks/submit"_s, submitBody(u"sora-2"_s, newOutId()));
        const QString id = s.json().value(u"task_id"_s).toString();
        const Result c = post(*m_slow, u"/v1/tasks/cancel"_s, {{u"task_id"_s, id}});
        QCOMPARE(c.status, 200);
        QCOMPARE(c.json().value(u"status"_s).toString(), u"cancelled"_s);
        QCOMPARE(c.json().value(u"credits_used"_s).toDouble(), 0.0);
        const QJsonObject row = usageRow(*m_slow, s.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"cancelled"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), 0.0);
        QCOMPARE(balance(*m_slow).value(u"reserved_credits"_s).toDouble(), reservedBefore);
        // Idempotent: again, same answer.
        const Result again = send(*m_slow, "POST", u"/v1/tasks/cancel/"_s + id);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(u"status"_s).toString(), u"cancelled"_s);
    }

    void cancelRunningPerPolicy_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("billed");
        QTest::newRow("sora-2 bill_rendered") << u"sora-2"_s << true;
        QTest::newRow("veo-3.1 free") << u"veo-3.1"_s << false;
    }

    void cancelRunningPerPolicy()
    {
        QFETCH(QString, model);
        QFETCH(bool, billed);
        const Result s = post(*m_slow, u"/v1/tasks/submit"_s, submitBody(model, newOutId()));
        const QString id = s.json().value(u"task_id"_s).toString();
        const double estimate = s.json().value(u"estimated_credits"_s).toDouble();
        QJsonObject q;
        QTRY_VERIFY_WITH_TIMEOUT(
            (q = query(*m_slow, id)).value(u"progress"_s).toDouble() >= 0.1, 5000);
        QCOMPARE(q.value(u"status"_s).toString(), u"running"_s);
        const Result c = send(*m_slow, "POST", u"/v1/tasks/cancel/"_s + id);
        QCOMPARE(c.status, 200);
        const QJsonObject after = c.json();
        QCOMPARE(after.value(u"status"_s).toString(), u"cancelled"_s);
        const double used = after.value(u"credits_used"_s).toDouble();
        if (billed) {
            QVERIFY(used > 0);
            QVERIFY(used < estimate);
            // rendered seconds × rate: progress × 5 s × 0.10 USD
            QVERIFY(qAbs(used - after.value(u"progress"_s).toDouble() * 5 * 0.10) < 0.002);
        } else {
            QCOMPARE(used, 0.0);
        }
        const QJsonObject row = usageRow(*m_slow, s.headers.value("request-id"));
        QCOMPARE(row.value(u"status"_s).toString(), u"cancelled"_s);
        QCOMPARE(row.value(u"credits"_s).toDouble(), used);
        // Still cancelled later, the same credits.
        QTest::qWait(50);
        QCOMPARE(query(*m_slow, id).value(u"credits_used"_s).toDouble(), used);
    }

    // Unfinished tasks live in the state file: after a restart (the app's sandbox dies
    // with the app) a queued and a running task answer again, hold their reservations,
    // and finish; a damaged task entry is dropped, the rest restored.
    void unfinishedTasksSurviveARestart()
    {
        QTemporaryDir dir;
        SandboxOptions options;
        options.keys = {{kKeyA, 100 * kCreditsPerUsd}};
        options.timeScale = 0.05; // queued 150 ms, a sora-2 render 3 s
        options.statePath = dir.filePath(u"state.json"_s);
        QString running;
        QString queued;
        {
            SandboxServer first(options);
            QVERIFY(first.listen() != 0);
            running = submitSora(first);
            QCOMPARE(
                waitFor(first, running, u"running"_s).value(u"status"_s).toString(), u"running"_s);
            queued = submitSora(first);
            QVERIFY(!queued.isEmpty());
        }
        // A third entry that does not validate is dropped on its own.
        QFile file(options.statePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject state = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray tasks = state.value(u"tasks"_s).toArray();
        QCOMPARE(tasks.size(), 2);
        tasks.append(QJsonObject {{u"task_id"_s, u"nonsense"_s}});
        state.insert(u"tasks"_s, tasks);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(state).toJson());
        file.close();

        SandboxServer second(options);
        QVERIFY(second.listen() != 0);
        QCOMPARE(second.stateReport(), QString());
        // Queued when saved (150 ms of queue), unless this machine was slower than that.
        const QString afterRestart = query(second, queued).value(u"status"_s).toString();
        QVERIFY2(
            afterRestart == u"queued"_s || afterRestart == u"running"_s, qPrintable(afterRestart));
        QCOMPARE(query(second, running).value(u"status"_s).toString(), u"running"_s);
        const QJsonObject held = balance(second);
        QCOMPARE(held.value(u"reserved_credits"_s).toDouble(), 1.0); // two sora-2 tasks
        QCOMPARE(
            waitFor(second, running, u"completed"_s).value(u"status"_s).toString(), u"completed"_s);
        QCOMPARE(waitFor(second, queued, u"completed"_s, 15000).value(u"status"_s).toString(),
            u"completed"_s);
        QCOMPARE(balance(second).value(u"reserved_credits"_s).toDouble(), 0.0);
    }

    // A task that ended while its client was away (the app killed, its sandbox with
    // it): after the restart it still answers as it ended, and a completed clip is
    // still there to download, at a URL of the new run; nothing is held or billed again.
    void finishedTasksAndTheirClipsSurviveARestart()
    {
        QTemporaryDir dir;
        SandboxOptions options;
        options.keys = {{kKeyA, 100 * kCreditsPerUsd}, {kKeyB, 100 * kCreditsPerUsd}};
        options.timeScale = 0.01;
        options.statePath = dir.filePath(u"state.json"_s);
        QString done;
        QString cancelled;
        QByteArray clipBefore;
        double spentBefore = 0;
        {
            SandboxServer first(options);
            QVERIFY(first.listen() != 0);
            done = submitSora(first);
            const QJsonObject end = waitFor(first, done, u"completed"_s);
            QCOMPARE(end.value(u"status"_s).toString(), u"completed"_s);
            clipBefore = send(first, "GET",
                end.value(u"output"_s).toArray().at(0).toObject().value(u"url"_s).toString())
                             .body;
            QCOMPARE(clipBefore.mid(4, 4), "ftyp"_ba);
            cancelled = submitSora(first);
            QCOMPARE(post(first, u"/v1/tasks/cancel"_s, {{u"task_id"_s, cancelled}}).status, 200);
            spentBefore = balance(first).value(u"spent_credits"_s).toDouble();
        }
        QVERIFY(QDir(dir.filePath(u"state-clips"_s)).exists());

        SandboxServer second(options);
        QVERIFY(second.listen() != 0);
        const QJsonObject again = query(second, done);
        QCOMPARE(again.value(u"status"_s).toString(), u"completed"_s);
        QCOMPARE(again.value(u"credits_used"_s).toDouble(), 0.5);
        const QString url
            = again.value(u"output"_s).toArray().at(0).toObject().value(u"url"_s).toString();
        QVERIFY2(url.startsWith(second.baseUrl()), qPrintable(url));
        const Result clip = send(second, "GET", url);
        QCOMPARE(clip.status, 200);
        QCOMPARE(clip.body, clipBefore);
        QCOMPARE(send(second, "GET", url, {}, kKeyB).status, 404); // still the owner's only
        QCOMPARE(query(second, cancelled).value(u"status"_s).toString(), u"cancelled"_s);
        const QJsonObject held = balance(second);
        QCOMPARE(held.value(u"reserved_credits"_s).toDouble(), 0.0);
        QCOMPARE(held.value(u"spent_credits"_s).toDouble(), spentBefore);
    }

    void cleanupTestCase()
    {
        m_fast.reset();
        m_slow.reset();
    }
};

QTEST_GUILESS_MAIN(TestSandboxTasks)
#include "tst_sandboxtasks.moc"
