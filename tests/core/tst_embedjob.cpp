// The embed job, the vector cache and the search pipeline against the real sandbox over
// loopback: a second embed sends nothing, a cancelled run resumes to the same result,
// base64 and float answers agree, rerank order follows the sandbox's scores.
#include "core/corpus.h"
#include "core/embeddingindex.h"
#include "core/embedjob.h"
#include "core/semanticsearch.h"
#include "core/vectorcache.h"
#include "gatewaytestutil.h"

#include <QCoroFuture>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

const QString kModel = u"bge-large-zh-v1.5"_s;

QStringList corpusTexts(int n)
{
    static const QStringList words = {u"river"_s, u"mountain"_s, u"cloud"_s, u"engine"_s,
        u"vector"_s, u"garden"_s, u"harbour"_s, u"signal"_s, u"北京"_s, u"上海"_s, u"天气"_s,
        u"向量"_s, u"检索"_s, u"模型"_s};
    QStringList out;
    for (int i = 0; i < n; ++i) {
        QString t = u"chunk %1:"_s.arg(i);
        for (int w = 0; w < 6; ++w)
            t += u' ' + words.at((i * 7 + w * 3 + (i / 5)) % words.size());
        out.append(t);
    }
    return out;
}

EmbedJob::State runToEnd(EmbedJob &job, const QStringList &texts, int cancelAfterProgress = -1)
{
    QSignalSpy done(&job, &EmbedJob::finished);
    int seen = 0;
    auto c = QObject::connect(&job, &EmbedJob::progressed, &job, [&](const EmbedProgress &p) {
        if (cancelAfterProgress >= 0 && p.requests >= 1 && ++seen > cancelAfterProgress)
            job.cancel();
    });
    job.start(texts);
    if (done.isEmpty() && !done.wait(30000))
        return EmbedJob::State::Idle;
    QObject::disconnect(c);
    return done.constFirst().at(0).value<EmbedJob::State>();
}

} // namespace

class TestEmbedJob : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;

private Q_SLOTS:
    void initTestCase() { m_server = test::startSandbox(0.01); }

    void secondEmbedSendsNothing()
    {
        QTemporaryDir dir;
        auto client = test::clientFor(*m_server);
        const QStringList texts = corpusTexts(300) + corpusTexts(20); // 20 repeated texts
        VectorCache cache(dir.path());
        QVERIFY(cache.open(kModel));
        EmbedJob job(client.get(), &cache);
        job.setBatchSize(32);
        job.setMaxInFlight(3);
        QCOMPARE(runToEnd(job, texts), EmbedJob::State::Finished);
        QCOMPARE(job.progress().total, 300); // duplicates embedded once
        QCOMPARE(job.progress().done, 300);
        QCOMPARE(client->attemptCount(), 10); // ceil(300 / 32)
        QCOMPARE(cache.size(), 300);
        QCOMPARE(cache.dimensions(), 1024);

        // Again, from a fresh cache object reading the same file (as after a restart).
        VectorCache reopened(dir.path());
        QVERIFY(reopened.open(kModel));
        QCOMPARE(reopened.size(), 300);
        EmbedJob again(client.get(), &reopened);
        QCOMPARE(runToEnd(again, texts), EmbedJob::State::Finished);
        QCOMPARE(client->attemptCount(), 10); // nothing was sent
        QCOMPARE(again.progress().fromCache, 300);
        QCOMPARE(again.progress().requests, 0);
    }

    void cancelledRunResumesToTheSameResult()
    {
        const QStringList texts = corpusTexts(400);
        QTemporaryDir full, resumed;
        auto client = test::clientFor(*m_server);

        VectorCache a(full.path());
        QVERIFY(a.open(kModel));
        EmbedJob whole(client.get(), &a);
        whole.setBatchSize(20);
        QCOMPARE(runToEnd(whole, texts), EmbedJob::State::Finished);
        auto expected = EmbedJob::assemble(a, whole.keys());
        QVERIFY(expected);

        VectorCache b(resumed.path());
        QVERIFY(b.open(kModel));
        EmbedJob first(client.get(), &b);
        first.setBatchSize(20);
        first.setMaxInFlight(2);
        QCOMPARE(runToEnd(first, texts, 3), EmbedJob::State::Cancelled);
        const qsizetype kept = b.size();
        QVERIFY2(kept >= 60 && kept < 400, qPrintable(QString::number(kept)));
        QCOMPARE(first.progress().done, kept); // what finished is kept, and only that

        const qint64 before = client->attemptCount();
        VectorCache b2(resumed.path()); // as after a crash: a new process reads the file
        QVERIFY(b2.open(kModel));
        QCOMPARE(b2.size(), kept);
        EmbedJob second(client.get(), &b2);
        second.setBatchSize(20);
        QCOMPARE(runToEnd(second, texts), EmbedJob::State::Finished);
        QCOMPARE(second.progress().fromCache, kept);
        QCOMPARE(client->attemptCount() - before, (400 - kept + 19) / 20);
        auto got = EmbedJob::assemble(b2, second.keys());
        QVERIFY(got);
        QCOMPARE(got->size(), expected->size());
        QVERIFY(std::equal(got->data(), got->data() + got->size() * 1024, expected->data()));
    }

    void tornRecordIsCutOffOnOpen()
    {
        QTemporaryDir dir;
        auto client = test::clientFor(*m_server);
        {
            VectorCache cache(dir.path());
            QVERIFY(cache.open(kModel));
            EmbedJob job(client.get(), &cache);
            QCOMPARE(runToEnd(job, corpusTexts(10)), EmbedJob::State::Finished);
        }
        QFile f(QDir(dir.path()).filePath(VectorCache::fileNameFor(kModel)));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() - 100); // a crash in the middle of the last record
        f.close();
        VectorCache cache(dir.path());
        QVERIFY(cache.open(kModel));
        QCOMPARE(cache.size(), 9);
        EmbedJob job(client.get(), &cache);
        QCOMPARE(runToEnd(job, corpusTexts(10)), EmbedJob::State::Finished);
        QCOMPARE(job.progress().requests, 1);
        QCOMPARE(cache.size(), 10);
    }

    void cacheOfAnotherModelIsRefused()
    {
        QTemporaryDir dir;
        VectorCache cache(dir.path());
        QVERIFY(cache.open(kModel));
        const std::vector<float> v(4, 0.5f);
        QVERIFY(cache.put({VectorCache::keyFor(u"x"_s)}, v.data(), 4));
        QVERIFY(QFile::copy(cache.filePath(), QDir(dir.path()).filePath(u"other.vcache"_s)));
        VectorCache other(dir.path());
        QString error;
        QVERIFY(!other.open(u"other"_s, &error));
        QVERIFY2(error.contains(kModel), qPrintable(error));
    }

    void failedBatchStopsAndSaysWhy()
    {
        QTemporaryDir dir;
        auto client = test::clientFor(*m_server);
        VectorCache cache(dir.path());
        QVERIFY(cache.open(kModel));
        EmbedJob job(client.get(), &cache);
        job.setCallOptions(test::withFault("insufficient_balance"));
        QCOMPARE(runToEnd(job, corpusTexts(50)), EmbedJob::State::Failed);
        QVERIFY(job.error().has_value());
        QCOMPARE(job.error()->httpStatus, 402);
        QCOMPARE(cache.size(), 0);
    }

    void base64AndFloatAnswersAreIdentical()
    {
        auto client = test::clientFor(*m_server);
        EmbeddingRequest r;
        r.model = kModel;
        r.input = QStringList {u"hello world"_s, u"向量检索的模型"_s, u"mixed 中文 and English"_s};
        r.encodingFormat = u"float"_s;
        const auto asFloat = QCoro::waitFor(client->embed(r));
        r.encodingFormat = u"base64"_s;
        const auto asBase64 = QCoro::waitFor(client->embed(r));
        QVERIFY(asFloat.ok() && asBase64.ok());
        QCOMPARE(asFloat->dimensions, 1024);
        QCOMPARE(asBase64->dimensions, 1024);
        QCOMPARE(asBase64->values, asFloat->values);
    }

    void searchRerankFollowsTheSandboxScores()
    {
        QTemporaryDir dir;
        auto client = test::clientFor(*m_server);
        const QStringList texts = corpusTexts(200);
        VectorCache cache(dir.path());
        QVERIFY(cache.open(kModel));
        EmbedJob job(client.get(), &cache);
        QCOMPARE(runToEnd(job, texts), EmbedJob::State::Finished);
        std::shared_ptr<const EmbeddingIndex> index = EmbedJob::assemble(cache, job.keys());

        SearchRequest request;
        request.query = u"river vector 北京"_s;
        request.topK = 20;
        request.topN = 5;
        const SearchOutcome out
            = QCoro::waitFor(runSearch(client.get(), index, texts, request, {}));
        QVERIFY2(out.ok(), qPrintable(out.error ? out.error->displayText() : QString()));
        QCOMPARE(out.recall.size(), 20);
        QCOMPARE(out.reranked.size(), 5);

        // The sandbox's own scores for the same 20 documents, asked directly.
        RerankRequest rr;
        rr.model = request.rerankModel;
        rr.query = request.query;
        for (const SearchHit &h : out.recall)
            rr.documents.append(texts.at(h.row));
        const auto direct = QCoro::waitFor(client->rerank(rr));
        QVERIFY(direct.ok());
        QList<int> want;
        for (const RerankHit &h : direct->results)
            want.append(out.recall.at(h.index).row);
        QList<int> got;
        for (qsizetype i = 0; i < out.reranked.size(); ++i) {
            got.append(out.reranked.at(i).row);
            QCOMPARE(out.reranked.at(i).score, direct->results.at(i).relevanceScore);
            QCOMPARE(out.recall.at(out.reranked.at(i).recallRank - 1).row, out.reranked.at(i).row);
            if (i > 0)
                QVERIFY(out.reranked.at(i - 1).score >= out.reranked.at(i).score);
        }
        QCOMPARE(got, want.mid(0, 5));

        // The recall equals the exact reference over the same vectors.
        QCOMPARE(
            out.recall.first().score, index->search(out.queryVector.constData(), 1).first().score);
    }
};

QTEST_GUILESS_MAIN(TestEmbedJob)
#include "tst_embedjob.moc"
