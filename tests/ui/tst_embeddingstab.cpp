// The Embeddings tab offscreen against the sandbox, with a real ledger: paste, embed
// (cost from the ledger), embed again (nothing sent), search with both rankings, the
// map, an index built by the CLI opening with the CLI's ranking, persisted state and
// accessible names.
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/indexbundle.h"
#include "core/ledger.h"
#include "core/vectorcache.h"
#include "sandbox/sandboxserver.h"
#include "ui/embeddings/embeddingmodels.h"
#include "ui/embeddings/embeddingscontroller.h"
#include "ui/embeddings/embeddingstab.h"
#include "ui/embeddings/mapview.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace bsp;
using namespace bsp::ui;
using namespace Qt::StringLiterals;

namespace {

QString corpusText()
{
    const QStringList topics = {u"River boats carry grain to the harbour."_s,
        u"Snow falls on the mountain pass in winter."_s, u"北京今天的天气晴朗，适合出行。"_s,
        u"上海的团队在做向量检索和重排序模型。"_s,
        u"The engine sends a signal when vectors align."_s,
        u"Spring flowers open in the old garden."_s};
    QStringList paragraphs;
    for (int i = 0; i < 90; ++i)
        paragraphs.append(topics.at(i % topics.size()) + u" Note %1 about "_s.arg(i)
            + topics.at((i / 6) % topics.size()));
    return paragraphs.join(u"\n\n"_s);
}

} // namespace

class TestEmbeddingsTab : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<CostService> m_cost;
    QTemporaryDir m_dir;

    struct Fixture
    {
        std::unique_ptr<VectorCache> cache;
        std::unique_ptr<EmbeddingsTab> tab;
    };

    Fixture makeTab(const QString &folder)
    {
        Fixture f;
        f.cache = std::make_unique<VectorCache>(IndexBundle::cacheFolder(folder));
        f.cache->open(u"bge-large-zh-v1.5"_s);
        f.tab
            = std::make_unique<EmbeddingsTab>(m_client.get(), m_cost.get(), f.cache.get(), folder);
        f.tab->resize(1280, 760);
        f.tab->show();
        return f;
    }

    template<typename T>
    static T *child(QWidget *w, const char *name)
    {
        return w->findChild<T *>(QString::fromLatin1(name));
    }

    static bool embedAndWait(EmbeddingsTab *tab)
    {
        QSignalSpy indexed(tab->controller(), &EmbeddingsController::projectionChanged);
        QSignalSpy finished(tab->controller(), &EmbeddingsController::embedFinished);
        child<QPushButton>(tab, "embedButton")->click();
        return finished.wait(30000) && (indexed.count() > 0 || indexed.wait(30000));
    }

    static bool searchAndWait(EmbeddingsTab *tab, const QString &query)
    {
        QSignalSpy done(tab->controller(), &EmbeddingsController::searchFinished);
        child<QLineEdit>(tab, "searchQuery")->setText(query);
        child<QPushButton>(tab, "searchButton")->click();
        return done.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"config"_s));
        sandbox::SandboxOptions o;
        o.timeScale = 0.01;
        m_sandbox = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_sandbox->listen() != 0);
        m_client = std::make_unique<GatewayClient>();
        m_client->setBaseUrl(QUrl(m_sandbox->baseUrl()));
        m_client->setApiKey(sandbox::SandboxServer::defaultKey());
        m_ledger = std::make_unique<Ledger>(m_dir.filePath(u"playground.sqlite"_s));
        QVERIFY(m_ledger->open());
        m_cost = std::make_unique<CostService>(m_client.get(), m_ledger.get());
    }

    void pasteEmbedTwiceAndSearch()
    {
        QTemporaryDir folder;
        Fixture f = makeTab(folder.path());
        EmbeddingsTab *tab = f.tab.get();
        auto *table = child<QTableView>(tab, "chunkTable");
        QAbstractItemModelTester tester(table->model());
        child<QPlainTextEdit>(tab, "pasteText")->setPlainText(corpusText());
        child<QPushButton>(tab, "usePaste")->click();
        QTRY_COMPARE(table->model()->rowCount(), 90);
        QCOMPARE(table->model()->index(2, ChunkTableModel::Length).data().toInt(),
            int(tab->controller()->chunks().at(2).text.size()));
        auto *cost = child<QLabel>(tab, "embedCost");
        QVERIFY2(cost->text().contains(u"$"_s), qPrintable(cost->text()));
        QVERIFY(cost->text().contains(u"90"_s));

        const qint64 before = m_client->attemptCount();
        const int ledgerBefore = m_ledger->count({});
        child<QSpinBox>(tab, "batchSize")->setValue(16);
        QVERIFY(embedAndWait(tab));
        QCOMPARE(m_client->attemptCount() - before, 6); // ceil(90 / 16)
        auto *progress = child<QProgressBar>(tab, "embedProgress");
        QCOMPARE(progress->value(), 90);
        QCOMPARE(progress->maximum(), 90);
        // The charged figure is the ledger's sum over the six calls.
        const QList<LedgerEntry> entries = m_ledger->entries({}, 6);
        QCOMPARE(m_ledger->count({}) - ledgerBefore, 6);
        Credits charged = 0;
        for (const LedgerEntry &e : entries) {
            QCOMPARE(e.tab, u"embeddings"_s);
            charged += e.chargedCredits;
        }
        QCOMPARE(tab->controller()->embedCharged(), charged);
        QVERIFY2(cost->text().contains(formatUsd(charged)), qPrintable(cost->text()));
        QVERIFY(cost->text().contains(u"ledger"_s));

        // Again: everything is cached and the tab says so.
        const qint64 afterFirst = m_client->attemptCount();
        QVERIFY(embedAndWait(tab));
        QCOMPARE(m_client->attemptCount(), afterFirst);
        QVERIFY(child<QLabel>(tab, "embedStatus")->text().contains(u"nothing was sent"_s));

        QVERIFY(searchAndWait(tab, u"向量检索 模型"_s));
        auto *recall = child<QTableView>(tab, "recallTable");
        auto *rerank = child<QTableView>(tab, "rerankTable");
        QCOMPARE(recall->model()->rowCount(), 50);
        QCOMPARE(rerank->model()->rowCount(), 5);
        const SearchOutcome &r = tab->controller()->lastSearch();
        QCOMPARE(r.reranked.size(), 5);
        // The change column matches the recall rank of every reranked hit.
        for (int i = 0; i < 5; ++i) {
            const auto move = RankingModel::Move(
                rerank->model()->index(i, 0).data(RankingModel::MoveRole).toInt());
            QCOMPARE(move, RankingModel::moveOf(r.reranked.at(i).recallRank, i + 1, 5));
            QCOMPARE(rerank->model()->index(i, 0).data(RankingModel::ChunkRowRole).toInt(),
                r.reranked.at(i).row);
        }
        const QString stages = child<QLabel>(tab, "searchStages")->text();
        QVERIFY2(
            stages.contains(u"Embed query"_s) && stages.contains(u"Rerank"_s), qPrintable(stages));
        QVERIFY(tab->controller()->rerankCost().charged.has_value());
        QVERIFY(stages.contains(formatUsd(*tab->controller()->rerankCost().charged)));

        // The map: every chunk is a point; the query is placed; clicking selects in the table.
        auto *map = child<MapView>(tab, "corpusMap");
        QCOMPARE(tab->controller()->projection().size(), 90);
        QVERIFY(tab->controller()->queryPoint().has_value());
        map->resize(600, 400);
        map->setPoints(tab->controller()->projection());
        int hit = -1;
        QPoint where;
        for (int y = 0; y < map->height() && hit < 0; y += 2) {
            for (int x = 0; x < map->width() && hit < 0; x += 2) {
                hit = map->pointAt(QPoint(x, y));
                where = QPoint(x, y);
            }
        }
        QVERIFY(hit >= 0);
        QTest::mouseClick(map, Qt::LeftButton, {}, where);
        QCOMPARE(table->currentIndex().row(), hit);
        // The hit's title numbers it as the chunk table does (1-based), on both paths.
        auto *hitText = child<QTextBrowser>(tab, "hitText");
        const Chunk picked = tab->controller()->chunks().at(hit);
        const QString title = u"paste, chunk %1\n"_s.arg(picked.position + 1);
        QVERIFY2(hitText->toPlainText().startsWith(title), qPrintable(hitText->toPlainText()));
        QVERIFY(hitText->toPlainText().contains(picked.text));
        const int firstRow = rerank->model()->index(0, 0).data(RankingModel::ChunkRowRole).toInt();
        rerank->setCurrentIndex(rerank->model()->index(0, 0));
        const QString shown = hitText->toPlainText();
        QVERIFY2(shown.startsWith(u"paste, chunk %1\n"_s.arg(
                     tab->controller()->chunks().at(firstRow).position + 1)),
            qPrintable(shown));

        // Export: the CSV holds both lists.
        QString error;
        const QString csv = folder.filePath(u"results.csv"_s);
        QVERIFY(tab->controller()->exportResults(csv, &error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString exported = QString::fromUtf8(file.readAll());
        QCOMPARE(exported.count(u"\nrecall,"_s), 50);
        QCOMPARE(exported.count(u"\nrerank,"_s), 5);

        // The index and its cache as files: the exported folder loads on its own and a
        // build from it would send nothing.
        const QString exportDir = folder.filePath(u"exported"_s);
        QVERIFY2(tab->controller()->exportIndex(exportDir, &error), qPrintable(error));
        const std::optional<IndexBundle> exportedIndex = IndexBundle::load(exportDir, {}, &error);
        QVERIFY2(exportedIndex, qPrintable(error));
        QCOMPARE(exportedIndex->chunks.size(), 90);
        VectorCache exportedCache(IndexBundle::cacheFolder(exportDir));
        QVERIFY(exportedCache.open(u"bge-large-zh-v1.5"_s));
        QCOMPARE(exportedCache.size(), 90);

        // After a restart the tab reopens its index and shows the last search again,
        // without sending anything.
        const QList<SearchHit> recalled = r.recall;
        const qint64 sent = m_client->attemptCount();
        f.tab.reset();
        Fixture again = makeTab(folder.path());
        QTRY_COMPARE(again.tab->controller()->lastSearch().recall.size(), 50);
        QCOMPARE(again.tab->controller()->lastSearch().recall.at(0).row, recalled.at(0).row);
        QCOMPARE(again.tab->controller()->lastSearch().reranked.size(), 5);
        QTRY_COMPARE(child<QTableView>(again.tab.get(), "rerankTable")->model()->rowCount(), 5);
        QCOMPARE(m_client->attemptCount(), sent);
    }

    void cliIndexOpensWithTheSameRanking()
    {
        QTemporaryDir work;
        const QString corpus = work.filePath(u"corpus.txt"_s);
        {
            QFile f(corpus);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(corpusText().toUtf8());
        }
        const QString out = work.filePath(u"cli-index"_s);
        const auto cli = [this](const QStringList &args) {
            QProcess p;
            p.setProgram(QStringLiteral(BSP_CLI_PATH));
            p.setArguments(QStringList {u"--base-url"_s, m_sandbox->baseUrl(), u"--key"_s,
                               sandbox::SandboxServer::defaultKey(), u"--json"_s}
                + args);
            QSignalSpy done(&p, &QProcess::finished);
            p.start();
            done.wait(60000);
            return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        };
        QCOMPARE(cli({u"index"_s, u"build"_s, u"--corpus"_s, corpus, u"--out"_s, out})
                     .value("chunks"_L1)
                     .toInt(),
            90);
        const QString query = u"harbour grain 天气"_s;
        const QJsonObject printed = cli(
            {u"search"_s, u"--index"_s, out, u"--top-k"_s, u"50"_s, u"--rerank"_s, u"5"_s, query});
        QCOMPARE(printed.value("recall"_L1).toArray().size(), 50);

        QTemporaryDir folder;
        Fixture f = makeTab(folder.path());
        QSignalSpy opened(f.tab->controller(), &EmbeddingsController::projectionChanged);
        f.tab->openIndex(out);
        QVERIFY(opened.wait(20000));
        QCOMPARE(f.tab->controller()->chunks().size(), 90);
        child<QSpinBox>(f.tab.get(), "topK")->setValue(50);
        child<QSpinBox>(f.tab.get(), "topN")->setValue(5);
        QVERIFY(searchAndWait(f.tab.get(), query));
        const SearchOutcome &r = f.tab->controller()->lastSearch();
        const QJsonArray recall = printed.value("recall"_L1).toArray();
        const QJsonArray rerank = printed.value("rerank"_L1).toArray();
        QCOMPARE(r.recall.size(), recall.size());
        for (qsizetype i = 0; i < recall.size(); ++i)
            QCOMPARE(r.recall.at(i).row, recall.at(i)[u"row"_s].toInt());
        QCOMPARE(r.reranked.size(), rerank.size());
        for (qsizetype i = 0; i < rerank.size(); ++i)
            QCOMPARE(r.reranked.at(i).row, rerank.at(i)[u"row"_s].toInt());
    }

    // The model list is the catalogue's: a remembered model the gateway no longer lists
    // gives way to one it does.
    void modelsComeFromTheCatalogue()
    {
        QSettings().setValue(u"embeddings/model"_s, u"retired-embedder"_s);
        QTemporaryDir folder;
        Fixture f = makeTab(folder.path());
        auto *combo = child<QComboBox>(f.tab.get(), "embeddingModel");
        QCOMPARE(combo->currentText(), u"retired-embedder"_s);
        const auto models = QCoro::waitFor(m_client->models());
        QVERIFY(models.ok());
        QStringList expected;
        for (const ModelInfo &m : *models)
            if (m.outputModalities.contains(u"embedding"_s))
                expected.append(m.id);
        QVERIFY(!expected.isEmpty());
        f.tab->reloadModels();
        QTRY_COMPARE(f.tab->embeddingModels(), expected);
        QTRY_COMPARE(combo->currentText(), expected.first());
        QSettings().remove(u"embeddings/model"_s);
    }

    void statePersistsAndEveryControlIsNamed()
    {
        QTemporaryDir folder;
        {
            Fixture f = makeTab(folder.path());
            child<QSpinBox>(f.tab.get(), "topK")->setValue(33);
            child<QSpinBox>(f.tab.get(), "chunkSize")->setValue(321);
            child<QLineEdit>(f.tab.get(), "corpusField")->setText(u"body"_s);
            child<QComboBox>(f.tab.get(), "chunking")->setCurrentIndex(1);
        }
        Fixture f = makeTab(folder.path());
        QCOMPARE(child<QSpinBox>(f.tab.get(), "topK")->value(), 33);
        QCOMPARE(child<QSpinBox>(f.tab.get(), "chunkSize")->value(), 321);
        QCOMPARE(child<QLineEdit>(f.tab.get(), "corpusField")->text(), u"body"_s);
        QCOMPARE(child<QComboBox>(f.tab.get(), "chunking")->currentIndex(), 1);
        QStringList unnamed;
        const QList<QWidget *> widgets = f.tab->findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            const bool interactive = qobject_cast<QAbstractButton *>(w)
                || qobject_cast<QLineEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w)
                || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w)
                || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<MapView *>(w);
            // Parts of other controls (a table's headers, a line edit's clear button, a
            // combo box's popup) are named by their owner.
            QObject *owner = w->parent();
            const bool part = qobject_cast<QComboBox *>(owner)
                || qobject_cast<QAbstractSpinBox *>(owner)
                || qobject_cast<QAbstractItemView *>(owner) || qobject_cast<QLineEdit *>(owner)
                || w->inherits("QTabBar") || w->window() != f.tab->window();
            if (!interactive || part)
                continue;
            if (w->accessibleName().isEmpty())
                unnamed.append(
                    QString::fromLatin1(w->metaObject()->className()) + u' ' + w->objectName());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    }
};

QTEST_MAIN(TestEmbeddingsTab)
#include "tst_embeddingstab.moc"
