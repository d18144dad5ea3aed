// bytespike-cli index build / search end to end against a sandbox in this process:
// the index it writes loads in the core loader with the same ranking, a second build
// sends nothing, bad lines are reported with their numbers.
#include "core/embeddingindex.h"
#include "core/indexbundle.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

} // namespace

class TestCliIndex : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    QTemporaryDir m_dir;

    Run cli(const QStringList &args, int timeoutMs = 60000)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"BYTESPIKE_API_KEY"_s);
        env.remove(u"BYTESPIKE_BASE_URL"_s);
        p.setProcessEnvironment(env);
        p.setProgram(QStringLiteral(BSP_CLI_PATH));
        p.setArguments(QStringList {u"--base-url"_s, m_server->baseUrl(), u"--key"_s,
                           sandbox::SandboxServer::defaultKey()}
            + args);
        QSignalSpy done(&p, &QProcess::finished);
        p.start();
        Run r;
        if (!done.wait(timeoutMs)) {
            p.kill();
            done.wait(2000);
            return r;
        }
        r.code = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QString writeCorpus()
    {
        const QString path = m_dir.filePath(u"corpus.jsonl"_s);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        const QStringList topics = {u"river boats and harbour cranes"_s,
            u"mountain weather and snow"_s, u"北京的天气很好"_s, u"上海的向量检索模型"_s,
            u"engine signals and vectors"_s, u"garden flowers in spring"_s};
        for (int i = 0; i < 120; ++i) {
            if (i == 7)
                f.write("{broken json\n"); // line 8
            const QJsonObject o {{u"body"_s,
                u"%1 number %2 %3"_s.arg(topics.at(i % topics.size()))
                    .arg(i)
                    .arg(topics.at((i / 6) % topics.size()))}};
            f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        sandbox::SandboxOptions o;
        o.timeScale = 0.01;
        m_server = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_server->listen() != 0);
    }

    void buildThenSearchLoadsTheSameRanking()
    {
        const QString corpus = writeCorpus();
        const QString out = m_dir.filePath(u"index"_s);
        const Run build = cli({u"index"_s, u"build"_s, u"--corpus"_s, corpus, u"--field"_s,
            u"body"_s, u"--batch-size"_s, u"16"_s, u"--out"_s, out, u"--json"_s});
        QVERIFY2(build.code == 0, build.err.constData());
        QCOMPARE(build.json().value("chunks"_L1).toInt(), 120);
        QCOMPARE(build.json().value("requests"_L1).toInt(), 8); // ceil(120 / 16)
        QCOMPARE(build.json().value("dimensions"_L1).toInt(), 1024);
        QVERIFY2(build.err.contains("corpus.jsonl:8: skipped"), build.err.constData());
        QVERIFY(build.err.contains("embedded 120/120 chunks"));

        // Built again: every vector comes from the cache.
        const Run again = cli({u"index"_s, u"build"_s, u"--corpus"_s, corpus, u"--field"_s,
            u"body"_s, u"--out"_s, out, u"--json"_s});
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(again.json().value("requests"_L1).toInt(), 0);
        QCOMPARE(again.json().value("from_cache"_L1).toInt(), 120);
        QVERIFY(again.err.contains("nothing was sent"));

        const QString query = u"向量检索 river"_s;
        const Run search = cli({u"search"_s, u"--index"_s, out, u"--top-k"_s, u"20"_s,
            u"--rerank"_s, u"5"_s, u"--json"_s, query});
        QVERIFY2(search.code == 0, search.err.constData());
        const QJsonArray recall = search.json().value("recall"_L1).toArray();
        const QJsonArray rerank = search.json().value("rerank"_L1).toArray();
        QCOMPARE(recall.size(), 20);
        QCOMPARE(rerank.size(), 5);
        for (qsizetype i = 1; i < rerank.size(); ++i)
            QVERIFY(rerank.at(i - 1)[u"score"_s].toDouble() >= rerank.at(i)[u"score"_s].toDouble());

        // The same folder through the core loader (what the tab opens), same query vector.
        QString error;
        const std::optional<IndexBundle> bundle
            = IndexBundle::load(out, u"bge-large-zh-v1.5"_s, &error);
        QVERIFY2(bundle, qPrintable(error));
        QCOMPARE(bundle->chunks.size(), 120);
        const QJsonArray first = recall; // rows of the CLI's ranking
        // Search with the vector of the CLI's top hit's own text: the loader's index ranks it
        // first.
        const int topRow = first.at(0)[u"row"_s].toInt();
        const QList<SearchHit> self = bundle->index->search(bundle->index->row(topRow), 1);
        QCOMPARE(self.first().row, topRow);
        QVERIFY(
            bundle->chunks.at(topRow).id().endsWith(u"corpus.jsonl#"_s + QString::number(topRow)));
        QCOMPARE(first.at(0)[u"id"_s].toString(), bundle->chunks.at(topRow).id());

        // Plain-text output names both rankings with scores and chunk ids.
        const Run text = cli({u"search"_s, u"--index"_s, out, u"--top-k"_s, u"10"_s, query});
        QCOMPARE(text.code, 0);
        const QString printed = QString::fromUtf8(text.out);
        QVERIFY(printed.contains(u"recall: top 10 by cosine"_s));
        QVERIFY(printed.contains(u"rerank: top 5 by bge-reranker-v2-m3"_s));
        QVERIFY(printed.contains(first.at(0)[u"id"_s].toString()));

        // int8 recall re-scored in float: the same top 5.
        const Run int8 = cli({u"search"_s, u"--index"_s, out, u"--top-k"_s, u"20"_s, u"--int8"_s,
            u"--rerank"_s, u"0"_s, u"--json"_s, query});
        QCOMPARE(int8.code, 0);
        const QJsonArray approx = int8.json().value("recall"_L1).toArray();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(approx.at(i)[u"row"_s].toInt(), recall.at(i)[u"row"_s].toInt());
    }

    void usageErrors()
    {
        QCOMPARE(cli({u"index"_s, u"build"_s, u"--out"_s, m_dir.filePath(u"x"_s)}).code, 1);
        QCOMPARE(cli({u"index"_s, u"build"_s, u"--corpus"_s, u"/nonexistent"_s, u"--out"_s,
                         m_dir.filePath(u"x"_s)})
                     .code,
            1);
        QCOMPARE(cli({u"index"_s, u"build"_s, u"--corpus"_s, writeCorpus(), u"--chunk"_s,
                         u"chars:0"_s, u"--out"_s, m_dir.filePath(u"x"_s)})
                     .code,
            1);
        const Run noIndex = cli({u"search"_s, u"--index"_s, m_dir.filePath(u"none"_s), u"q"_s});
        QCOMPARE(noIndex.code, 1);
        QVERIFY(noIndex.err.contains("manifest.json"));
    }

    void gatewayErrorIsReportedAndFree()
    {
        const Run r
            = cli({u"--fault"_s, u"insufficient_balance"_s, u"index"_s, u"build"_s, u"--corpus"_s,
                writeCorpus(), u"--field"_s, u"body"_s, u"--out"_s, m_dir.filePath(u"faulty"_s)});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("402"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliIndex)
#include "tst_cli_index.moc"
