// The app's sandbox runs as its own process (bsp::app::SandboxHost): it reports a
// working gateway, keeps its wallet in the state file across runs, quits as soon as
// the app closes its input, reports a missing program and a child that died.
#include "../sandbox/sandboxhttp.h"
#include "shell/sandboxhost.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using bsp::app::SandboxHost;
using bsp::test::Http;

namespace {

struct Ready
{
    QUrl url;
    QString key;
    QString error;
    QString notice;
};

// Every report of a host (a restarted sandbox reports again), kept where the host's
// callback can reach it for as long as the host lives.
using Reports = std::shared_ptr<QList<Ready>>;

// Starts `host` and waits for its first report.
std::optional<Ready> startAndWait(SandboxHost &host, const QString &statePath, Reports reports = {})
{
    if (!reports)
        reports = std::make_shared<QList<Ready>>();
    host.start(statePath,
        [reports](
            const QUrl &url, const QString &key, const QString &error, const QString &notice) {
            reports->append(Ready {url, key, error, notice});
        });
    QElapsedTimer clock;
    clock.start();
    while (reports->isEmpty() && clock.elapsed() < 15000)
        QTest::qWait(20);
    return reports->isEmpty() ? std::nullopt : std::optional<Ready>(reports->constFirst());
}

double remaining(const Ready &r)
{
    Http http(r.url.toString());
    return http.get(u"/v1/balance"_s, r.key.toUtf8())
        .json()
        .value("remaining_credits"_L1)
        .toDouble(-1);
}

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace

class TestSandboxHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walletSurvivesARestart()
    {
        QTemporaryDir dir;
        const QString state = dir.filePath(u"sandbox-state.json"_s);
        double spent = 0;
        {
            SandboxHost host(QStringLiteral(BSP_SANDBOX_PATH));
            const auto ready = startAndWait(host, state);
            QVERIFY(ready);
            QVERIFY2(ready->error.isEmpty(), qPrintable(ready->error));
            QCOMPARE(ready->url.host(), u"127.0.0.1"_s);
            const double before = remaining(*ready);
            QVERIFY(before > 0);
            Http http(ready->url.toString());
            const auto r = http.post(u"/v1/messages"_s, ready->key.toUtf8(),
                QJsonObject {{u"model"_s, u"claude-haiku-4-5"_s}, {u"max_tokens"_s, 16},
                    {u"messages"_s,
                        QJsonArray {
                            QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, u"hi"_s}}}}});
            QCOMPARE(r.status, 200);
            spent = remaining(*ready);
            QVERIFY(spent < before);
        }
        SandboxHost again(QStringLiteral(BSP_SANDBOX_PATH));
        const auto ready = startAndWait(again, state);
        QVERIFY(ready && ready->error.isEmpty());
        QCOMPARE(remaining(*ready), spent);
    }

    // A damaged wallet file: the child keeps it aside and says so; the app is told.
    void aDamagedStateFileIsReported()
    {
        QTemporaryDir dir;
        const QString state = dir.filePath(u"sandbox-state.json"_s);
        QFile file(state);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ not json");
        file.close();
        SandboxHost host(QStringLiteral(BSP_SANDBOX_PATH));
        const auto ready = startAndWait(host, state);
        QVERIFY(ready && ready->error.isEmpty());
        QVERIFY2(ready->notice.contains(u"damaged"_s), qPrintable(ready->notice));
        QVERIFY(remaining(*ready) > 0); // a fresh wallet
    }

    void stopEndsTheChildThroughItsInput()
    {
        QTemporaryDir dir;
        SandboxHost host(QStringLiteral(BSP_SANDBOX_PATH));
        QSignalSpy lost(&host, &SandboxHost::lost);
        const auto ready = startAndWait(host, dir.filePath(u"state.json"_s));
        QVERIFY(ready && ready->error.isEmpty());
        const qint64 pid = host.processId();
        QVERIFY(processAlive(pid));
        QElapsedTimer clock;
        clock.start();
        host.stop();
        // Well under the 3 s after which stop() would fall back to SIGTERM.
        QVERIFY2(clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!host.isRunning());
        QVERIFY(!processAlive(pid));
        QCOMPARE(lost.count(), 0); // asked to stop: not a loss
    }

    void missingProgramIsReported()
    {
        SandboxHost host(u"/nonexistent/bytespike-sandbox"_s);
        const auto ready = startAndWait(host, {});
        QVERIFY(ready);
        QVERIFY(!ready->url.isValid());
        QVERIFY(ready->key.isEmpty());
        QVERIFY2(
            ready->error.contains(u"/nonexistent/bytespike-sandbox"_s), qPrintable(ready->error));
    }

    // A child that dies is reported, then started again on the same state file: the
    // wallet goes on, on a new port.
    void aChildThatDiesIsReportedAndRestarted()
    {
        QTemporaryDir dir;
        SandboxHost host(QStringLiteral(BSP_SANDBOX_PATH));
        QSignalSpy lost(&host, &SandboxHost::lost);
        auto reports = std::make_shared<QList<Ready>>();
        const auto ready = startAndWait(host, dir.filePath(u"state.json"_s), reports);
        QVERIFY(ready && ready->error.isEmpty());
        const double before = remaining(*ready);
        ::kill(pid_t(host.processId()), SIGKILL);
        QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, 5000);
        QVERIFY2(lost.first().first().toString().contains(u"crashed"_s),
            qPrintable(lost.first().first().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(reports->size(), 2, 10000);
        const Ready again = reports->at(1);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QCOMPARE(remaining(again), before);
        // Not forever: after kMaxRestarts a lost sandbox stays down.
        for (int i = 1; i <= SandboxHost::kMaxRestarts; ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(host.isRunning() && reports->size() == i + 1, 10000);
            ::kill(pid_t(host.processId()), SIGKILL);
            QTRY_COMPARE_WITH_TIMEOUT(lost.count(), i + 1, 5000);
        }
        QTest::qWait(1000);
        QVERIFY(!host.isRunning());
        QCOMPARE(reports->size(), SandboxHost::kMaxRestarts + 1);
    }
};

QTEST_GUILESS_MAIN(TestSandboxHost)
#include "tst_sandboxhost.moc"
