// bench_embeddings_embed: embedding 10,000 chunks through the client against the sandbox
// (bytespike-sandbox as a child process), the way the Embeddings tab does it: batches
// of 64, 4 in flight, encoding_format base64, every batch into the on-disk cache.
//
// Target: the event loop that runs the client (the UI thread in the app) stalls less
// than 16 ms at p99 during the run (a 1 ms precise timer; a stall is how late a tick
// comes). Reported: chunks/s, and the second run of the same corpus (all from the
// cache: 0 requests).
#include "benchutil.h"
#include "core/embedjob.h"
#include "core/gatewayclient.h"
#include "core/vectorcache.h"
#include "sandboxprocess.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;

namespace {

constexpr int kChunks = 10'000;

QStringList corpus()
{
    static const QStringList words = {u"river"_s, u"harbour"_s, u"mountain"_s, u"signal"_s,
        u"vector"_s, u"garden"_s, u"engine"_s, u"weather"_s, u"北京"_s, u"上海"_s, u"天气"_s,
        u"向量"_s, u"检索"_s, u"模型"_s, u"重排序"_s, u"语料"_s};
    bsp::bench::Rng rng(7);
    QStringList out;
    for (int i = 0; i < kChunks; ++i) {
        QString t = u"Chunk %1."_s.arg(i);
        const int n = rng.between(20, 60);
        for (int w = 0; w < n; ++w)
            t += u' ' + words.at(rng.between(0, int(words.size()) - 1));
        out.append(t);
    }
    return out;
}

struct Run
{
    double seconds = 0;
    QList<double> stallsMs;
    bsp::EmbedProgress progress;
    bsp::EmbedJob::State state = bsp::EmbedJob::State::Idle;
};

Run embed(bsp::GatewayClient &client, bsp::VectorCache &cache, const QStringList &texts)
{
    Run run;
    bsp::EmbedJob job(&client, &cache);
    job.setBatchSize(64);
    job.setMaxInFlight(4);
    QElapsedTimer tick;
    QTimer monitor;
    monitor.setTimerType(Qt::PreciseTimer);
    monitor.setInterval(1);
    QObject::connect(&monitor, &QTimer::timeout, [&] {
        if (tick.isValid())
            run.stallsMs.append(std::max(0.0, double(tick.nsecsElapsed()) / 1e6 - 1.0));
        tick.start();
    });
    QEventLoop loop;
    QObject::connect(&job, &bsp::EmbedJob::finished, &loop, [&](bsp::EmbedJob::State s) {
        run.state = s;
        loop.quit();
    });
    QTimer::singleShot(300'000, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    clock.start();
    monitor.start();
    job.start(texts);
    loop.exec();
    monitor.stop();
    run.seconds = double(clock.nsecsElapsed()) / 1e9;
    run.progress = job.progress();
    std::sort(run.stallsMs.begin(), run.stallsMs.end());
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bsp::bench::Report report("bench_embeddings_embed");
    QProcess sandbox;
    const quint16 port = bsp::bench::startSandboxProcess(sandbox);
    if (!port) {
        report.skipped("embed_stall_p99_ms", "the sandbox did not start");
        return report.finish();
    }
    bsp::GatewayClient client;
    client.setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    client.setApiKey(u"sk-byts-sandbox"_s);
    QTemporaryDir dir;
    bsp::VectorCache cache(dir.path());
    cache.open(u"bge-large-zh-v1.5"_s);
    const QStringList texts = corpus();

    const Run first = embed(client, cache, texts);
    report.check(
        "embed_finished", first.state == bsp::EmbedJob::State::Finished ? 1 : 0, Cmp::Equal, 1);
    report.info("embed_chunks", double(first.progress.done));
    report.info("embed_requests", first.progress.requests);
    report.info("embed_chunks_per_s", double(first.progress.done) / first.seconds);
    report.check("embed_stall_p99_ms", bsp::bench::percentile(first.stallsMs, 99), Cmp::Below, 16);
    report.info("embed_stall_max_ms", first.stallsMs.isEmpty() ? 0 : first.stallsMs.last());

    const qint64 sentBefore = client.attemptCount();
    const Run cached = embed(client, cache, texts);
    report.check("cached_run_requests", double(client.attemptCount() - sentBefore), Cmp::Equal, 0);
    report.info("cached_run_ms", cached.seconds * 1000.0);

    sandbox.terminate();
    if (!sandbox.waitForFinished(5000))
        sandbox.kill();
    return report.finish();
}
