// bytespike-sandbox, the standalone executable: its command line, the ready line,
// a clear error on a taken port, and a clean exit on SIGTERM/SIGINT.
#include "sandboxhttp.h"

#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using bsp::test::Http;

class TestSandboxMain : public QObject
{
    Q_OBJECT

private:
    // Starts the executable and returns its base URL from the ready line.
    QString start(QProcess &process, const QStringList &args)
    {
        process.start(QStringLiteral(BSP_SANDBOX_PATH), args);
        if (!process.waitForStarted(5000))
            return {};
        if (!process.waitForReadyRead(10000))
            return {};
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        if (!line.startsWith(u"Listening on http://127.0.0.1:"_s))
            return {};
        return line.mid(u"Listening on "_s.size());
    }

private Q_SLOTS:
    void readyLineKeysAndSigterm_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void readyLineKeysAndSigterm()
    {
        QFETCH(int, signal);
        QProcess process;
        const QString base = start(process,
            {u"--port"_s, u"0"_s, u"--key"_s, u"sk-one=5"_s, u"--key"_s, u"sk-two"_s,
                u"--time-scale"_s, u"0.01"_s, u"--seed"_s, u"3"_s});
        QVERIFY2(!base.isEmpty(), process.readAllStandardError().constData());
        Http http(base);
        QCOMPARE(
            http.get(u"/v1/balance"_s, "sk-one").json().value("remaining_credits"_L1).toDouble(),
            5.0);
        QCOMPARE(
            http.get(u"/v1/balance"_s, "sk-two").json().value("remaining_credits"_L1).toDouble(),
            100.0);
        // Explicit keys replace the default one.
        QCOMPARE(http.get(u"/v1/balance"_s, "sk-byts-sandbox").status, 401);
        ::kill(pid_t(process.processId()), signal);
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void readyLineNamesTheBoundAddress()
    {
        // --address 0.0.0.0 listens on every interface and says so.
        QProcess process;
        process.start(
            QStringLiteral(BSP_SANDBOX_PATH), {u"--port"_s, u"0"_s, u"--address"_s, u"0.0.0.0"_s});
        QVERIFY(process.waitForStarted(5000));
        QVERIFY(process.waitForReadyRead(10000));
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        QVERIFY2(line.startsWith(u"Listening on http://0.0.0.0:"_s), qPrintable(line));
        const QString port = line.section(u':', -1);
        Http http(u"http://127.0.0.1:"_s + port);
        QCOMPARE(http.get(u"/v1/balance"_s, "sk-byts-sandbox").status, 200);
        process.terminate();
        QVERIFY(process.waitForFinished(5000));
    }

    void portTaken()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost));
        QProcess process;
        process.start(
            QStringLiteral(BSP_SANDBOX_PATH), {u"--port"_s, QString::number(blocker.serverPort())});
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QVERIFY(!process.readAllStandardError().isEmpty());
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("port") << QStringList {u"--port"_s, u"99999"_s};
        QTest::newRow("fault-rate") << QStringList {u"--fault-rate"_s, u"2"_s};
        QTest::newRow("time-scale") << QStringList {u"--time-scale"_s, u"0"_s};
        QTest::newRow("key balance") << QStringList {u"--key"_s, u"k=lots"_s};
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QProcess process;
        process.start(QStringLiteral(BSP_SANDBOX_PATH), args);
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(!process.readAllStandardError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSandboxMain)
#include "tst_sandboxmain.moc"
