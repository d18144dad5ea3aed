// bench_sandbox_load: how many small requests the sandbox gateway serves on loopback.
//
// Targets: >= 3,000 GET /v1/balance per second over 32 keep-alive connections, p99 < 20 ms,
// zero errors, and the ledger consistent afterwards (balance and usage still answer;
// spent == the sum of the usage rows' credits; free calls added no rows and moved no
// money). The sandbox runs as a child process (bytespike-sandbox --port 0); the load
// comes from this process (bsp::bench::LoadClient), and from wrk when it is installed.
#include "benchutil.h"
#include "core/money.h"
#include "loadclient.h"
#include "sandboxprocess.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;

namespace {

constexpr auto kKey = "sk-byts-sandbox";
constexpr int kConnections = 32;
constexpr qint64 kDurationMs = 5000;
constexpr qint64 kMaxRequests = 150000;
constexpr int kSeedCalls = 3;

struct Answer
{
    int status = 0;
    QJsonObject json;
};

// One request through QNetworkAccessManager, waited for (setup and checks only).
Answer call(QNetworkAccessManager &nam, quint16 port, const QString &path,
    const QJsonObject *body = nullptr)
{
    QUrl url(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path));
    QNetworkRequest req(url);
    req.setRawHeader("x-api-key", kKey);
    req.setRawHeader("anthropic-version", "2023-06-01");
    req.setTransferTimeout(10000);
    QNetworkReply *reply = nullptr;
    if (body) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        reply = nam.post(req, QJsonDocument(*body).toJson(QJsonDocument::Compact));
    } else {
        reply = nam.get(req);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return a;
}

struct Ledger
{
    bool answered = false;
    bsp::Credits remaining = 0;
    bsp::Credits spent = 0;
    qsizetype rows = 0;
    bsp::Credits rowCredits = 0;
};

Ledger readLedger(QNetworkAccessManager &nam, quint16 port)
{
    Ledger l;
    const Answer balance = call(nam, port, u"/v1/balance"_s);
    const Answer usage = call(nam, port, u"/api/v1/usage?limit=1000"_s);
    l.answered = balance.status == 200 && usage.status == 200
        && balance.json.contains("spent_credits"_L1) && usage.json.value("data"_L1).isArray();
    l.remaining = bsp::creditsFromUsd(balance.json.value("remaining_credits"_L1).toDouble());
    l.spent = bsp::creditsFromUsd(balance.json.value("spent_credits"_L1).toDouble());
    const QJsonArray rows = usage.json.value("data"_L1).toArray();
    l.rows = rows.size();
    for (const QJsonValue &row : rows)
        l.rowCredits += bsp::creditsFromUsd(row.toObject().value("credits"_L1).toDouble());
    return l;
}

void stopSandbox(QProcess &sandbox, bsp::bench::Report &report)
{
    sandbox.terminate(); // SIGTERM: the sandbox quits its event loop and exits 0
    const bool clean = sandbox.waitForFinished(5000) && sandbox.exitStatus() == QProcess::NormalExit
        && sandbox.exitCode() == 0;
    if (!clean) {
        sandbox.kill();
        sandbox.waitForFinished(2000);
    }
    report.check("sandbox_clean_exit", clean ? 1 : 0, Cmp::Equal, 1);
}

// wrk, when installed, gives a second opinion from a C load generator.
void runWrk(quint16 port, bsp::bench::Report &report)
{
    const QString wrk = QStandardPaths::findExecutable(u"wrk"_s);
    if (wrk.isEmpty()) {
        std::printf("# wrk: not installed, skipped\n");
        return;
    }
    QProcess p;
    p.start(wrk,
        {u"-t2"_s, u"-c%1"_s.arg(kConnections), u"-d%1s"_s.arg(kDurationMs / 1000), u"--latency"_s,
            u"-H"_s, u"x-api-key: %1"_s.arg(QLatin1StringView(kKey)),
            u"http://127.0.0.1:%1/v1/balance"_s.arg(port)});
    if (!p.waitForFinished(int(kDurationMs) + 10000)) {
        p.kill();
        p.waitForFinished(2000);
        std::printf("# wrk: did not finish\n");
        return;
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts))
        std::printf("# wrk: %s\n", qPrintable(line));
    static const QRegularExpression rps(u"Requests/sec:\\s*([0-9.]+)"_s);
    if (const auto m = rps.match(out); m.hasMatch())
        report.info("sandbox_wrk_req_per_s", m.captured(1).toDouble());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bsp::bench::Report report("bench_sandbox_load");

    QProcess sandbox;
    const quint16 port = bsp::bench::startSandboxProcess(sandbox);
    if (port == 0) {
        std::printf("# could not start %s\n", BSP_SANDBOX_PATH);
        report.skipped("sandbox_req_per_s", "sandbox did not start");
        sandbox.kill();
        sandbox.waitForFinished(2000);
        return report.finish();
    }
    std::printf("# sandbox on port %u; %d keep-alive connections, %lld ms or %lld requests\n",
        unsigned(port), kConnections, kDurationMs, kMaxRequests);

    QNetworkAccessManager nam;
    // Billable calls first, so the ledger has money and rows to check afterwards.
    const QJsonObject message {{u"model"_s, u"claude-haiku-4-5"_s}, {u"max_tokens"_s, 64},
        {u"messages"_s,
            QJsonArray {
                QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, u"Seed the ledger"_s}}}}};
    int seeded = 0;
    for (int i = 0; i < kSeedCalls; ++i)
        seeded += call(nam, port, u"/v1/messages"_s, &message).status == 200 ? 1 : 0;
    const Ledger before = readLedger(nam, port);

    bsp::bench::LoadConfig config;
    config.port = port;
    config.connections = kConnections;
    config.durationMs = kDurationMs;
    config.maxRequests = kMaxRequests;
    config.request = "GET /v1/balance HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nx-api-key: " + kKey + "\r\nAccept: application/json\r\n\r\n";
    bsp::bench::LoadClient client(config);
    const bsp::bench::LoadResult load = client.run();

    constexpr double nsToMs = 1e-6;
    const double rate = load.seconds > 0 ? double(load.completed) / load.seconds : 0;
    report.info("sandbox_requests", double(load.completed));
    report.info("sandbox_reconnects", double(load.reconnects));
    report.check("sandbox_req_per_s", rate, Cmp::AtLeast, 3000);
    report.info("sandbox_p50_ms", double(bsp::bench::percentile(load.latencyNs, 50)) * nsToMs);
    report.check("sandbox_p99_ms", double(bsp::bench::percentile(load.latencyNs, 99)) * nsToMs,
        Cmp::Below, 20);
    report.info(
        "sandbox_max_ms", load.latencyNs.isEmpty() ? 0 : double(load.latencyNs.last()) * nsToMs);
    report.check("sandbox_errors", double(load.errors), Cmp::Equal, 0);
    for (const QString &e : load.errorSamples)
        std::printf("# error: %s\n", qPrintable(e));

    runWrk(port, report);

    // Free calls must leave the ledger as it was, and the ledger must add up.
    const Ledger after = readLedger(nam, port);
    const bool consistent = before.answered && after.answered && seeded == kSeedCalls
        && after.spent > 0 && after.rows == before.rows && after.rows == kSeedCalls
        && after.spent == before.spent && after.remaining == before.remaining
        && after.spent == after.rowCredits;
    std::printf(
        "# ledger: %lld rows, spent %s, rows sum %s, remaining %s (before: %lld rows, spent %s)\n",
        qlonglong(after.rows), qPrintable(bsp::formatUsd(after.spent)),
        qPrintable(bsp::formatUsd(after.rowCredits)), qPrintable(bsp::formatUsd(after.remaining)),
        qlonglong(before.rows), qPrintable(bsp::formatUsd(before.spent)));
    report.check("sandbox_ledger_consistent", consistent ? 1 : 0, Cmp::Equal, 1);

    stopSandbox(sandbox, report);
    return report.finish();
}
