// bench_crash_cycles: runs the desktop app (offscreen) against a standalone sandbox
// through N cycles of kill -9 at a random moment, restarting it each time on the same
// data folder, then checks what a user would: every call the gateway billed is in the
// ledger once, every chat turn the app acknowledged is in the history, the database
// passes PRAGMA integrity_check, no file was put aside as damaged, and every video task
// is resumed and finished.
//
//   bench_crash_cycles [--cycles N] [--tasks T] [--seed S] [--keep]
//
// The app sends chat messages on its own through its automation hook
// (app/shell/automation.h) and submits a short video task at each launch until the
// store holds T, so kills also land mid-submit, mid-poll and mid-download. The sandbox
// keeps running across the cycles, so its usage rows are the record of what was billed.
// After the last kill the app runs once more, unkilled, until every task has settled
// (finished with its clip downloaded, failed or cancelled), or 120 s.
#include "benchutil.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrlQuery>

#include <csignal>
#include <cstdio>
#include <map>

#include <signal.h>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;

namespace {

const QString kKey = u"sk-crash-cycles"_s;

struct Options
{
    int cycles = 100;
    int tasks = 30;
    quint64 seed = 12;
    bool keep = false;
};

Options parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption cyclesOpt(u"cycles"_s, u"Kill cycles (default 100)."_s, u"N"_s);
    const QCommandLineOption tasksOpt(
        u"tasks"_s, u"Video tasks submitted over the cycles (default 30)."_s, u"T"_s);
    const QCommandLineOption seedOpt(u"seed"_s, u"Seed of the kill moments."_s, u"S"_s);
    const QCommandLineOption keepOpt(u"keep"_s, u"Keep the data folder and print it."_s);
    parser.addOptions({cyclesOpt, tasksOpt, seedOpt, keepOpt});
    parser.process(app);
    Options o;
    if (parser.isSet(cyclesOpt))
        o.cycles = qMax(1, parser.value(cyclesOpt).toInt());
    if (parser.isSet(tasksOpt))
        o.tasks = qMax(0, parser.value(tasksOpt).toInt());
    if (parser.isSet(seedOpt))
        o.seed = parser.value(seedOpt).toULongLong();
    o.keep = parser.isSet(keepOpt);
    return o;
}

// The sandbox on a free port; returns its base URL or an empty string.
QString startSandbox(QProcess &sandbox, quint64 seed)
{
    sandbox.setProgram(QStringLiteral(BSP_SANDBOX_PATH));
    sandbox.setArguments({u"--port"_s, u"0"_s, u"--key"_s, kKey + u"=100000"_s, u"--time-scale"_s,
        u"0.5"_s, u"--seed"_s, QString::number(seed)});
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start();
    QElapsedTimer t;
    t.start();
    QByteArray out;
    while (t.elapsed() < 15000 && sandbox.state() != QProcess::NotRunning) {
        sandbox.waitForReadyRead(200);
        out += sandbox.readAllStandardOutput();
        const qsizetype at = out.indexOf("Listening on ");
        if (at >= 0 && out.indexOf('\n', at) > at)
            return QString::fromUtf8(out.mid(at + 13, out.indexOf('\n', at) - at - 13)).trimmed();
    }
    return {};
}

enum class Phase { Starting, MidStream, AfterReply, Idle };

const char *phaseName(Phase p)
{
    switch (p) {
    case Phase::Starting:
        return "kills_before_first_send";
    case Phase::MidStream:
        return "kills_mid_stream";
    case Phase::AfterReply:
        return "kills_within_100ms_of_reply_end"; // the ledger and history writes
    case Phase::Idle:
        return "kills_between_calls";
    }
    return "";
}

struct Cycle
{
    Phase phase = Phase::Starting;
    bool exitedOnItsOwn = false;
    bool taskOpen = false; // a task submitted or resumed had not settled at the kill
    QStringList acked;
    QSet<QString> settled; // task ids
    bool allSettled = false; // `untilSettled` reached
};

// One run of the app, killed with SIGKILL `killAfterMs` after its start or, when
// `untilSettled` is given, once that many tasks have settled in this run.
Cycle runOnce(const QString &dataDir, const QString &gateway, int killAfterMs, int tasks,
    int untilSettled = -1)
{
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"BSP_AUTOMATION_GATEWAY"_s, gateway);
    env.insert(u"BSP_AUTOMATION_KEY"_s, kKey);
    env.insert(u"BSP_AUTOMATION_CHAT"_s, untilSettled < 0 ? u"1000"_s : u"0"_s);
    env.insert(u"BSP_AUTOMATION_TASKS"_s, QString::number(tasks));
    app.setProcessEnvironment(env);
    app.setProgram(QStringLiteral(BSP_PLAYGROUND_PATH));
    app.setArguments({u"--data-dir"_s, dataDir, u"--lang"_s, u"en"_s});
    app.setProcessChannelMode(QProcess::SeparateChannels);
    app.setStandardErrorFile(dataDir + u"/../app-stderr.log"_s, QIODevice::Append);

    Cycle c;
    QString pending;
    QElapsedTimer sinceAck;
    QByteArray buffer;
    QSet<QString> submitted;
    QEventLoop loop;
    auto readLines = [&] {
        buffer += app.readAllStandardOutput();
        qsizetype nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(buffer.left(nl));
            buffer.remove(0, nl + 1);
            if (line.startsWith(u"automation: sent "_s)) {
                pending = line.mid(17);
            } else if (line.startsWith(u"automation: acked "_s)) {
                c.acked.append(line.mid(18));
                pending.clear();
                sinceAck.start();
            } else if (line.startsWith(u"automation: unfinished "_s)) {
                pending.clear();
                sinceAck.start();
            } else if (line.startsWith(u"automation: task submitted "_s)) {
                submitted.insert(line.mid(27));
            } else if (line.startsWith(u"automation: task settled "_s)) {
                c.settled.insert(line.mid(25).section(u' ', 0, 0));
                if (untilSettled >= 0 && c.settled.size() >= untilSettled && !c.allSettled) {
                    c.allSettled = true;
                    loop.quit();
                }
            }
        }
    };
    QObject::connect(&app, &QProcess::readyReadStandardOutput, readLines);
    QObject::connect(&app, &QProcess::finished, &loop, &QEventLoop::quit);
    bool killed = false;
    QTimer::singleShot(killAfterMs, &loop, [&] {
        readLines();
        if (!pending.isEmpty())
            c.phase = Phase::MidStream;
        else if (sinceAck.isValid() && sinceAck.elapsed() <= 100)
            c.phase = Phase::AfterReply;
        else if (sinceAck.isValid())
            c.phase = Phase::Idle;
        c.taskOpen = !(submitted - c.settled).isEmpty();
        killed = true;
        ::kill(pid_t(app.processId()), SIGKILL);
    });
    app.start();
    loop.exec();
    c.exitedOnItsOwn = !killed && !c.allSettled;
    if (c.allSettled)
        app.terminate(); // an ordinary quit
    app.waitForFinished(5000);
    return c;
}

struct Usage
{
    bool ok = false;
    QHash<QString, double> billed; // request id -> USD, credits > 0
    int rows = 0;
};

Usage fetchUsage(const QString &gateway)
{
    Usage u;
    QNetworkAccessManager nam;
    QString after;
    for (int page = 0; page < 10000; ++page) {
        QUrl url(gateway + u"/api/v1/usage"_s);
        QUrlQuery q;
        q.addQueryItem(u"limit"_s, u"100"_s);
        if (!after.isEmpty())
            q.addQueryItem(u"after"_s, after);
        url.setQuery(q);
        QNetworkRequest request(url);
        request.setRawHeader("x-api-key", kKey.toUtf8());
        QNetworkReply *reply = nam.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return u;
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        const QJsonArray data = o.value(u"data"_s).toArray();
        for (const QJsonValue &v : data) {
            const QJsonObject row = v.toObject();
            ++u.rows;
            const double credits = row.value(u"credits"_s).toDouble();
            if (credits > 0)
                u.billed.insert(row.value(u"request_id"_s).toString(), credits);
            after = row.value(u"request_id"_s).toString();
        }
        if (!o.value(u"has_more"_s).toBool() || data.isEmpty())
            break;
    }
    u.ok = true;
    return u;
}

struct Store
{
    bool opened = false;
    QString integrity;
    std::map<QString, int> ledgerCount; // request id -> rows
    int ledgerRows = 0;
    int ackedFound = 0;
    int tasks = 0;
    int tasksCompleted = 0; // finished with the clip downloaded and on disk
    int tasksFailedOrCancelled = 0;
    int tasksUnsettled = 0; // still submitting, queued, running or downloading
};

// A task row as the bench sees it: settled or not, and for a finished one whether its
// clip is on disk.
void countTask(Store &s, const QString &state, const QByteArray &detail)
{
    ++s.tasks;
    const QJsonObject d = QJsonDocument::fromJson(detail).object();
    const int download = d.value(u"download"_s).toInt();
    const QString file = d.value(u"file"_s).toString();
    if (state == u"failed"_s || state == u"cancelled"_s)
        ++s.tasksFailedOrCancelled;
    else if (state == u"completed"_s && download == 2 && !file.isEmpty() && QFile::exists(file))
        ++s.tasksCompleted;
    else
        ++s.tasksUnsettled;
}

Store inspect(const QString &path, const QStringList &acked)
{
    Store s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"crash"_s);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        s.opened = db.open();
        if (s.opened) {
            QSqlQuery q(db);
            if (q.exec(u"PRAGMA integrity_check"_s) && q.next())
                s.integrity = q.value(0).toString();
            q.exec(u"SELECT request_id FROM ledger"_s);
            while (q.next()) {
                ++s.ledgerRows;
                const QString id = q.value(0).toString();
                if (!id.isEmpty())
                    ++s.ledgerCount[id];
            }
            // An acknowledged turn: the user's message and a complete reply after it.
            QSqlQuery t(db);
            t.prepare(u"SELECT COUNT(*) FROM chat_turns u JOIN chat_turns a"
                      " ON a.conversation_id = u.conversation_id AND a.seq = u.seq + 1"
                      " WHERE u.role = 'user' AND u.text = ? AND a.role = 'assistant'"
                      " AND a.status = 'complete'"_s);
            for (const QString &text : acked) {
                t.addBindValue(text);
                if (t.exec() && t.next() && t.value(0).toInt() > 0)
                    ++s.ackedFound;
            }
            q.exec(u"SELECT state, detail FROM video_tasks"_s);
            while (q.next())
                countTask(s, q.value(0).toString(), q.value(1).toByteArray());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"crash"_s);
    return s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options opt = parse(app);
    bsp::bench::Report report("bench_crash_cycles");
    bsp::bench::Rng rng(opt.seed);

    QTemporaryDir tmp;
    tmp.setAutoRemove(!opt.keep);
    const QString dataDir = tmp.path() + u"/data"_s;
    QDir().mkpath(dataDir);

    QProcess sandbox;
    const QString gateway = startSandbox(sandbox, opt.seed);
    if (gateway.isEmpty()) {
        report.skipped("cycles", "the sandbox did not start");
        return report.finish();
    }

    QElapsedTimer total;
    total.start();
    std::map<Phase, int> phases;
    QStringList acked;
    int ownExits = 0;
    int killsWithTaskOpen = 0;
    for (int i = 0; i < opt.cycles; ++i) {
        // Mostly while a reply streams, sometimes at start-up: 0.3 s to 4 s after launch.
        const Cycle c = runOnce(dataDir, gateway, rng.between(300, 4000), opt.tasks);
        ++phases[c.phase];
        acked += c.acked;
        if (c.exitedOnItsOwn)
            ++ownExits;
        if (c.taskOpen)
            ++killsWithTaskOpen;
    }
    const double seconds = total.elapsed() / 1000.0;
    // The last run is not killed: it resumes what the kills interrupted and ends once
    // every task of the store has settled.
    const int tasksInStore = inspect(dataDir + u"/playground.sqlite"_s, {}).tasks;
    QElapsedTimer settleClock;
    settleClock.start();
    Cycle settle;
    settle.allSettled = true;
    if (tasksInStore > 0)
        settle = runOnce(dataDir, gateway, 120'000, tasksInStore, tasksInStore);
    const double settleSeconds = settleClock.elapsed() / 1000.0;

    const Usage usage = fetchUsage(gateway);
    sandbox.terminate();
    sandbox.waitForFinished(5000);
    const Store store = inspect(dataDir + u"/playground.sqlite"_s, acked);

    int once = 0, twice = 0, missing = 0;
    for (auto it = usage.billed.cbegin(); it != usage.billed.cend(); ++it) {
        const auto found = store.ledgerCount.find(it.key());
        const int n = found == store.ledgerCount.end() ? 0 : found->second;
        if (n == 1)
            ++once;
        else if (n == 0)
            ++missing;
        else
            ++twice;
    }
    int notBilled = 0; // ledger rows whose request id the gateway does not list as billed
    for (const auto &[id, n] : store.ledgerCount)
        if (!usage.billed.contains(id))
            notBilled += n;
    const QStringList putAside = QDir(dataDir).entryList({u"*.corrupt-*"_s}, QDir::Files);

    report.info("cycles", opt.cycles);
    report.info("seconds", seconds);
    for (const Phase p : {Phase::Starting, Phase::MidStream, Phase::AfterReply, Phase::Idle})
        report.info(phaseName(p), phases[p]);
    report.check("app_exits_not_by_kill", ownExits, Cmp::Equal, 0);
    report.check("usage_read", usage.ok ? 1 : 0, Cmp::Equal, 1);
    report.info("usage_rows", usage.rows);
    report.info("billed_calls", double(usage.billed.size()));
    report.info("ledger_rows", store.ledgerRows);
    report.check("billed_in_ledger_once", once, Cmp::Equal, double(usage.billed.size()));
    report.check("billed_missing_from_ledger", missing, Cmp::Equal, 0);
    report.check("billed_twice_in_ledger", twice, Cmp::Equal, 0);
    report.info("ledger_rows_not_billed", notBilled, "(failures, cancels: free)");
    report.info("acked_turns", acked.size());
    report.check("acked_turns_in_history", store.ackedFound, Cmp::Equal, double(acked.size()));
    report.check(
        "integrity_check_ok", store.opened && store.integrity == u"ok"_s ? 1 : 0, Cmp::Equal, 1);
    report.check("files_put_aside_as_damaged", double(putAside.size()), Cmp::Equal, 0);
    report.info("kills_with_a_task_unsettled", killsWithTaskOpen, "(mid-submit, -poll, -download)");
    report.info("tasks_submitted", store.tasks);
    report.info("settle_run_seconds", settleSeconds, "(the unkilled last run)");
    report.info("tasks_completed_with_clip", store.tasksCompleted);
    report.info("tasks_failed_or_cancelled", store.tasksFailedOrCancelled);
    report.check("tasks_resumed_or_finished", store.tasksCompleted + store.tasksFailedOrCancelled,
        Cmp::Equal, double(store.tasks));
    report.check("tasks_unsettled", store.tasksUnsettled, Cmp::Equal, 0);
    report.check("settle_run_saw_every_task_settle", settle.allSettled ? 1 : 0, Cmp::Equal, 1);
    if (opt.keep)
        std::printf("data folder: %s\n", qPrintable(dataDir));
    return report.finish();
}
