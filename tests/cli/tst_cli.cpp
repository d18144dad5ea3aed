// bytespike-cli end to end: the real executable against a real SandboxServer in this
// process, over loopback. The server lives on this thread, so every CLI run is awaited
// with the event loop turning (QSignalSpy::wait), never with waitForFinished().
#include "core/money.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace bsp::sandbox;

namespace {

const QString kKey = u"sk-byts-clitest-7f3a9c2e51"_s;

struct CliRun
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QString all() const { return QString::fromUtf8(out + err); }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_fast; // time scale 0.01
    std::unique_ptr<SandboxServer> m_real; // time scale 1: streams and renders take real time
    QTemporaryDir m_dir;

    static void prepare(QProcess &p, const QString &base, const QString &key, QStringList args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"BYTESPIKE_API_KEY"_s);
        env.remove(u"BYTESPIKE_BASE_URL"_s);
        p.setProcessEnvironment(env);
        p.setProgram(QStringLiteral(BSP_CLI_PATH));
        QStringList global;
        if (!base.isEmpty())
            global << u"--base-url"_s << base;
        if (!key.isEmpty())
            global << u"--key"_s << key;
        p.setArguments(global + args);
    }

    static CliRun finish(QProcess &p, QSignalSpy &spy, int timeoutMs)
    {
        CliRun r;
        r.finished = spy.count() > 0 || spy.wait(timeoutMs);
        if (!r.finished) {
            p.kill();
            spy.wait(2000);
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    CliRun cli(const QStringList &args, const QByteArray &input = {}, const QString &key = kKey,
        QString base = {}, int timeoutMs = 15000)
    {
        QProcess p;
        prepare(p, base.isEmpty() ? m_fast->baseUrl() : base, key, args);
        QSignalSpy spy(&p, &QProcess::finished);
        p.start();
        if (!p.waitForStarted(5000))
            return {};
        p.write(input);
        p.closeWriteChannel();
        return finish(p, spy, timeoutMs);
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(BSP_CLI_PATH)).isExecutable(), BSP_CLI_PATH);
        SandboxOptions options;
        options.keys = {{kKey, 100 * bsp::kCreditsPerUsd}};
        options.timeScale = 0.01;
        m_fast = std::make_unique<SandboxServer>(options);
        QVERIFY2(m_fast->listen() != 0, qPrintable(m_fast->errorString()));
        options.timeScale = 1.0;
        m_real = std::make_unique<SandboxServer>(options);
        QVERIFY2(m_real->listen() != 0, qPrintable(m_real->errorString()));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("needle");
        QTest::newRow("no command") << QStringList {} << kKey << u"no command"_s;
        QTest::newRow("unknown") << QStringList {u"dance"_s} << kKey << u"unknown command"_s;
        QTest::newRow("no key") << QStringList {u"balance"_s} << QString() << u"no API key"_s;
        QTest::newRow("bad n") << QStringList {u"image"_s, u"--n"_s, u"99"_s, u"cat"_s} << kKey
                               << u"--n"_s;
        QTest::newRow("no prompt") << QStringList {u"chat"_s} << kKey << u"PROMPT"_s;
        QFile text(path(u"notes.png"_s));
        QVERIFY(text.open(QIODevice::WriteOnly) && text.write("just some text\n") > 0);
        text.close();
        QTest::newRow("not an image") << QStringList {u"chat"_s, u"--image"_s, text.fileName(),
            u"hi"_s} << kKey << u"not a PNG"_s;
        QFile big(path(u"big.png"_s)); // sparse: the size check comes before any read
        QVERIFY(big.open(QIODevice::WriteOnly) && big.write("\x89PNG\r\n\x1a\n") == 8);
        QVERIFY(big.resize(21 * 1024 * 1024));
        big.close();
        QTest::newRow("image too large") << QStringList {u"chat"_s, u"--image"_s, big.fileName(),
            u"hi"_s} << kKey << u"over the 20 MiB limit"_s;
        QTest::newRow("missing image")
            << QStringList {u"chat"_s, u"--image"_s, u"/nonexistent.png"_s, u"hi"_s} << kKey
            << u"no such file"_s;
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, key);
        QFETCH(QString, needle);
        const CliRun r = cli(args, {}, key);
        QCOMPARE(r.code, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(needle), r.err.constData());
    }

    void helpPerCommand()
    {
        const CliRun r = cli({u"task"_s, u"wait"_s, u"--help"_s}, {}, QString());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--download"));
        QVERIFY(r.out.contains("bytespike-cli task wait"));
    }

    void catalogueJson()
    {
        CliRun r = cli({u"models"_s, u"--json"_s});
        QCOMPARE(r.code, 0);
        const QJsonArray models = r.json().value("data"_L1).toArray();
        QVERIFY(models.size() >= 10);
        QStringList ids;
        for (const QJsonValue &v : models)
            ids << v.toObject().value("id"_L1).toString();
        QVERIFY(ids.contains(u"claude-sonnet-4-5"_s));
        QVERIFY(ids.contains(u"bge-large-zh-v1.5"_s));

        r = cli({u"models"_s, u"--json"_s, u"--capability"_s, u"vision"_s});
        QCOMPARE(r.code, 0);
        const QJsonArray vision = r.json().value("data"_L1).toArray();
        QVERIFY(!vision.isEmpty() && vision.size() < models.size());
        for (const QJsonValue &v : vision)
            QVERIFY(v.toObject().value("capabilities"_L1).toArray().contains(u"vision"_s));

        r = cli({u"pricing"_s, u"--json"_s});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value("currency"_L1).toString(), u"USD"_s);
        QVERIFY(r.json().value("models"_L1).toArray().size() >= 10);

        r = cli({u"balance"_s, u"--json"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.json().value("remaining_credits"_L1).toDouble() > 50);
        QVERIFY(r.json().contains("spent_credits"_L1));

        r = cli({u"balance"_s});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("remaining") && r.out.contains("$"), r.out.constData());
    }

    void chatStreams()
    {
        const CliRun r
            = cli({u"chat"_s, u"--max-tokens"_s, u"200"_s, u"Say hello to the command line"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.trimmed().size() > 10);
        QVERIFY(r.out.endsWith('\n'));
        static const QRegularExpression summary(
            u"in \\d+ tok, out \\d+ tok, ttft \\d+ ms, \\d+ ms, ≈ \\$\\d"_s);
        QVERIFY2(summary.match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
    }

    void chatStdinAndJson()
    {
        const CliRun r
            = cli({u"chat"_s, u"--json"_s, u"--no-stream"_s, u"-"_s}, "a prompt from stdin\n");
        QCOMPARE(r.code, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value("type"_L1).toString(), u"message"_s);
        QVERIFY(o.value("usage"_L1).toObject().value("input_tokens"_L1).toInt() > 0);
        QVERIFY(o.value("request_id"_L1).toString().startsWith(u"req_"_s));
    }

    void chatImage()
    {
        QImage img(321, 123, QImage::Format_RGB32);
        img.fill(Qt::red);
        const QString file = path(u"red.png"_s);
        QVERIFY(img.save(file, "PNG"));
        const CliRun r = cli({u"chat"_s, u"--image"_s, file, u"What is in this picture?"_s});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("321x123"), r.out.constData());
    }

    void contentPolicyFault()
    {
        const CliRun r = cli({u"--fault"_s, u"content_policy"_s, u"chat"_s, u"draw something"_s});
        QCOMPARE(r.code, 2);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(u"error: "_s), r.err.constData());
        QVERIFY2(err.contains(u"451"_s), r.err.constData());
        QVERIFY2(err.contains(QRegularExpression(u"req_\\w+"_s)), r.err.constData());
        QVERIFY(!r.all().contains(kKey));
        QVERIFY(r.out.isEmpty());
    }

    void wrongKey()
    {
        const QString wrong = u"sk-byts-wrong-0123456789"_s;
        const CliRun r = cli({u"balance"_s}, {}, wrong);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("401"), r.err.constData());
        QVERIFY(!r.all().contains(wrong));
    }

    void gatewayDown()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const QString base = u"http://127.0.0.1:%1"_s.arg(port);
        const CliRun r = cli({u"--no-retry"_s, u"models"_s}, {}, kKey, base);
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("cannot reach the gateway"), r.err.constData());
        QVERIFY(!r.all().contains(kKey));
    }

    void imageSaves()
    {
        const QString out = path(u"images"_s);
        const CliRun r = cli({u"image"_s, u"--size"_s, u"1024x1536"_s, u"--n"_s, u"2"_s,
            u"--seed"_s, u"7"_s, u"--out"_s, out, u"a lighthouse at dusk"_s});
        QCOMPARE(r.code, 0);
        const QStringList paths = QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(paths.size(), 2);
        for (const QString &p : paths) {
            QVERIFY2(p.endsWith(u".png"_s) && p.startsWith(out), qPrintable(p));
            const QImage img(p, "PNG");
            QCOMPARE(img.size(), QSize(1024, 1536));
        }
    }

    void imageB64()
    {
        const CliRun r = cli({u"image"_s, u"--model"_s, u"seedream-4"_s, u"--format"_s,
            u"b64_json"_s, u"--json"_s, u"--out"_s, path(u"b64"_s), u"a red square"_s});
        QCOMPARE(r.code, 0);
        const QJsonArray data = r.json().value("data"_L1).toArray();
        QCOMPARE(data.size(), 1);
        const QImage img(data.at(0).toObject().value("path"_L1).toString());
        QCOMPARE(img.size(), QSize(1024, 1024));
    }

    void embedStdin()
    {
        const QByteArray input
            = "the cat sat on the mat\n\na cat on a mat\nstock prices fell sharply\n";
        const CliRun r = cli({u"embed"_s}, input);
        QCOMPARE(r.code, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value("dimensions"_L1).toInt(), 1024);
        QCOMPARE(o.value("model"_L1).toString(), u"bge-large-zh-v1.5"_s);
        QVERIFY(o.value("usage"_L1).toObject().value("total_tokens"_L1).toInt() > 0);
        const QJsonArray data = o.value("data"_L1).toArray();
        QCOMPARE(data.size(), 3); // the blank line is skipped
        QList<QList<double>> vecs;
        for (const QJsonValue &v : data) {
            const QJsonArray e = v.toObject().value("embedding"_L1).toArray();
            QCOMPARE(e.size(), 1024);
            QList<double> vec;
            for (const QJsonValue &x : e)
                vec << x.toDouble();
            vecs << vec;
        }
        const auto dot = [](const QList<double> &a, const QList<double> &b) {
            double s = 0;
            for (qsizetype i = 0; i < a.size(); ++i)
                s += a[i] * b[i];
            return s;
        };
        QVERIFY(dot(vecs[0], vecs[1]) > dot(vecs[0], vecs[2]));

        // --base64 carries the same vectors, as little-endian float32.
        const CliRun b = cli({u"embed"_s, u"--base64"_s, u"-"_s}, input);
        QCOMPARE(b.code, 0);
        const QByteArray raw = QByteArray::fromBase64(b.json()
                                                          .value("data"_L1)
                                                          .toArray()
                                                          .at(2)
                                                          .toObject()
                                                          .value("embedding"_L1)
                                                          .toString()
                                                          .toLatin1());
        QCOMPARE(raw.size(), 1024 * 4);
        float first = 0;
        std::memcpy(&first, raw.constData(), 4);
        QCOMPARE(double(first), vecs[2][0]);
    }

    void rerankOrder()
    {
        const QString docs = path(u"docs.txt"_s);
        QFile f(docs);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "dogs bark at the mailman\nthe best cat food for kittens\nstock market news today\n");
        f.close();
        CliRun r = cli({u"rerank"_s, u"--json"_s, u"--documents"_s, docs, u"cat food"_s});
        QCOMPARE(r.code, 0);
        const QJsonArray results = r.json().value("results"_L1).toArray();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).toObject().value("index"_L1).toInt(), 1);
        for (qsizetype i = 1; i < results.size(); ++i)
            QVERIFY(results.at(i - 1).toObject().value("relevance_score"_L1).toDouble()
                >= results.at(i).toObject().value("relevance_score"_L1).toDouble());

        // Human form from stdin: "rank score index text".
        r = cli({u"rerank"_s, u"--top-n"_s, u"1"_s, u"cat food"_s},
            "dogs bark at the mailman\nthe best cat food for kittens\n");
        QCOMPARE(r.code, 0);
        static const QRegularExpression line(
            u"^1 [01]\\.\\d{4} 1 the best cat food for kittens\\n$"_s);
        QVERIFY2(line.match(QString::fromUtf8(r.out)).hasMatch(), r.out.constData());
    }

    void taskSubmitWaitDownload()
    {
        CliRun r = cli({u"task"_s, u"submit"_s, u"--model"_s, u"seedance-2.0-pro-fast"_s,
            u"--duration"_s, u"2"_s, u"--out-task-id"_s, u"cli-test-1"_s, u"waves on a beach"_s});
        QCOMPARE(r.code, 0);
        const QString id = QString::fromUtf8(r.out).trimmed();
        QVERIFY2(id.startsWith(u"task_"_s), r.out.constData());
        QVERIFY2(r.err.contains("cli-test-1"), r.err.constData());

        const QString clip = path(u"clip.mp4"_s);
        r = cli({u"task"_s, u"wait"_s, id, u"--download"_s, clip}, {}, kKey, {}, 25000);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("completed"), r.err.constData());
        QFile f(clip);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.size() > 1000);
        QCOMPARE(bytes.mid(4, 4), QByteArray("ftyp"));

        r = cli({u"task"_s, u"query"_s, u"--json"_s, id});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value("status"_L1).toString(), u"completed"_s);

        // Polling sees the same end; download fetches the same clip.
        r = cli({u"task"_s, u"wait"_s, u"--poll"_s, id});
        QCOMPARE(r.code, 0);
        const QString again = path(u"again.mp4"_s);
        r = cli({u"task"_s, u"download"_s, id, again});
        QCOMPARE(r.code, 0);
        QFile g(again);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QCOMPARE(g.readAll(), bytes);
    }

    void taskCancel()
    {
        const QString base = m_real->baseUrl();
        CliRun r = cli({u"task"_s, u"submit"_s, u"--model"_s, u"sora-2"_s, u"a slow sunrise"_s}, {},
            kKey, base);
        QCOMPARE(r.code, 0);
        const QString id = QString::fromUtf8(r.out).trimmed();
        r = cli({u"task"_s, u"cancel"_s, u"--json"_s, id}, {}, kKey, base);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value("status"_L1).toString(), u"cancelled"_s);
        r = cli({u"task"_s, u"wait"_s, id}, {}, kKey, base);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("cancelled"), r.err.constData());
        r = cli({u"task"_s, u"query"_s, u"task_doesnotexist"_s}, {}, kKey, base);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("404"), r.err.constData());
    }

    void chatCtrlC()
    {
        QProcess p;
        prepare(p, m_real->baseUrl(), kKey,
            {u"chat"_s, u"--max-tokens"_s, u"1000"_s,
                u"Tell me a long story about a lighthouse keeper and the sea, with many details"_s});
        QSignalSpy finished(&p, &QProcess::finished);
        QSignalSpy output(&p, &QProcess::readyReadStandardOutput);
        p.start();
        QVERIFY(p.waitForStarted(5000));
        QVERIFY(output.wait(10000));
        ::kill(pid_t(p.processId()), SIGINT);
        const CliRun r = finish(p, finished, 10000);
        QVERIFY(r.finished);
        QCOMPARE(r.code, 130);
        QVERIFY(!r.out.trimmed().isEmpty()); // what was printed stays
        QVERIFY2(r.err.contains("cancelled"), r.err.constData());
    }

    void usageRows()
    {
        CliRun r = cli({u"usage"_s, u"--json"_s, u"--limit"_s, u"100"_s});
        QCOMPARE(r.code, 0);
        const QJsonArray rows = r.json().value("data"_L1).toArray();
        QVERIFY(rows.size() >= 5);
        bool failed451 = false;
        for (const QJsonValue &v : rows) {
            const QJsonObject row = v.toObject();
            QVERIFY(row.value("request_id"_L1).toString().startsWith(u"req_"_s));
            if (row.value("error_code"_L1).toString() == "content_policy_violation"_L1) {
                failed451 = true;
                QCOMPARE(row.value("credits"_L1).toDouble(), 0.0);
            }
        }
        QVERIFY(failed451);
        r = cli({u"usage"_s, u"--limit"_s, u"2"_s});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.count('\n'), 2);
        // Without a cursor the newest calls are listed, not the oldest.
        const QString newest = rows.last().toObject().value("request_id"_L1).toString();
        r = cli({u"usage"_s, u"--json"_s, u"--limit"_s, u"1"_s});
        QCOMPARE(r.code, 0);
        const QJsonArray last = r.json().value("data"_L1).toArray();
        QCOMPARE(last.size(), 1);
        QCOMPARE(last.first().toObject().value("request_id"_L1).toString(), newest);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
