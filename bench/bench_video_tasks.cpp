// 100 video tasks at once on the sandbox (in its own thread, real time scale): the
// tracker's queries per second against what the documented cadence allows, the UI
// thread's CPU while it waits, and the event loop's p99 stall (a 1 ms heartbeat).
// Targets: queries/s within the cadence allowance, CPU < 2 % of one core, p99 < 16 ms.

#include "benchutil.h"
#include "core/gatewayclient.h"
#include "core/tasktracker.h"
#include "core/videotaskstore.h"
#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

constexpr int kTasks = 100;
constexpr int kWindowMs = 10'000;

// Runs the event loop for `ms` (sleeping in it, as the app does while it waits).
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    bench::Report report("bench_video_tasks");
    QTemporaryDir dir;

    // The sandbox in a worker thread, so its encoders and handlers are not the app's.
    QThread serverThread;
    serverThread.start();
    sandbox::SandboxOptions options;
    options.keys = {{sandbox::SandboxServer::defaultKey(), creditsFromUsd(10'000)}};
    sandbox::SandboxServer *server = nullptr;
    QString baseUrl;
    QObject anchor;
    anchor.moveToThread(&serverThread);
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            server = new sandbox::SandboxServer(options);
            server->listen();
            baseUrl = server->baseUrl();
        },
        Qt::BlockingQueuedConnection);

    GatewayClient client;
    client.setBaseUrl(QUrl(baseUrl));
    client.setApiKey(sandbox::SandboxServer::defaultKey());
    VideoTaskStore store(dir.filePath(u"playground.sqlite"_s));
    if (!store.open()) {
        report.skipped("video_queries_per_s", "store did not open");
        return report.finish();
    }
    TaskTracker tracker(&client, &store, dir.filePath(u"media"_s));
    PollCadence cadence;
    cadence.maxQueriesPerSecond = 50;
    tracker.setCadence(cadence);
    tracker.start();

    const QStringList models {u"sora-2"_s, u"sora-2-pro"_s, u"veo-3.1"_s, u"seedance-2.0"_s};
    for (int i = 0; i < kTasks; ++i) {
        VideoRequest r;
        r.model = models.at(i % models.size());
        r.prompt = u"bench clip %1"_s.arg(i);
        r.durationSeconds = 10; // 100-200 s renders: all of them wait for the window
        tracker.submit(r);
    }
    // Let every submit answer arrive and the first polls settle.
    spin(4000);
    int active = 0;
    double allowance = 0;
    for (qint64 id : tracker.taskIds()) {
        const VideoTask *t = tracker.task(id);
        if (!t || t->isTerminal())
            continue;
        ++active;
        allowance += 1000.0
            / double(
                cadence.intervalFor(t->estimatedSeconds, std::chrono::milliseconds(0)).count());
    }
    allowance = std::min(allowance, cadence.maxQueriesPerSecond);

    // CPU and queries first, with nothing else on the loop.
    const qint64 queries0 = tracker.queriesSent();
    const double cpu0 = bench::threadCpuSeconds();
    QElapsedTimer window;
    window.start();
    spin(kWindowMs);
    const double seconds = double(window.elapsed()) / 1000.0;
    const double cpu = bench::threadCpuSeconds() - cpu0;
    const double qps = double(tracker.queriesSent() - queries0) / seconds;

    // Then the stalls, with a 1 ms heartbeat (its own cost is not in the CPU figure).
    QList<double> stalls;
    QElapsedTimer beat;
    beat.start();
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        stalls.append(double(beat.nsecsElapsed()) / 1e6);
        beat.restart();
    });
    heartbeat.start(1);
    spin(5000);
    heartbeat.stop();

    std::sort(stalls.begin(), stalls.end());
    report.info("video_tasks_active", active);
    report.info("video_streams_open", tracker.openStreams());
    report.info("video_cadence_allowance_qps", allowance, "(sum of 1/interval, capped)");
    report.check("video_queries_per_s", qps, bench::Cmp::AtMost, allowance * 1.05 + 0.5);
    report.check("video_ui_cpu_percent", 100.0 * cpu / seconds, bench::Cmp::Below, 2.0);
    report.check("video_loop_p99_stall_ms", bench::percentile(stalls, 99), bench::Cmp::Below, 16);
    report.info("video_loop_max_stall_ms", stalls.isEmpty() ? 0 : stalls.last());

    QMetaObject::invokeMethod(
        &anchor, [&] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return report.finish();
}
