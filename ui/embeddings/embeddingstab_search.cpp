// The search half of the Embeddings tab: query, the two rankings side by side, the
// stages' times and costs, the hit's text, exports and the map.
#include "core/costservice.h"
#include "ui/embeddings/embeddingmodels.h"
#include "ui/embeddings/embeddingscontroller.h"
#include "ui/embeddings/embeddingstab.h"
#include "ui/embeddings/mapview.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

QTableView *rankingTable(
    const QString &objectName, const QString &accessible, QAbstractItemModel *m)
{
    auto *t = new QTableView;
    t->setObjectName(objectName);
    t->setAccessibleName(accessible);
    t->setModel(m);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(22);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->resizeSection(RankingModel::Rank, 30);
    t->horizontalHeader()->resizeSection(RankingModel::Score, 58);
    t->horizontalHeader()->resizeSection(RankingModel::Change, 96);
    t->horizontalHeader()->resizeSection(RankingModel::Chunk, 96);
    return t;
}

QString costText(const EmbeddingsController::StageCost &c)
{
    if (c.charged) {
        if (c.status == LedgerEntry::Status::Failed)
            return QCoreApplication::translate("bsp::ui::EmbeddingsTab", "failed, free");
        return formatUsd(*c.charged);
    }
    return CostService::formatEstimate(c.estimated);
}

} // namespace

QWidget *EmbeddingsTab::buildSearchPanel()
{
    auto *panel = new QWidget;
    auto *v = new QVBoxLayout(panel);
    v->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_query = new QLineEdit;
    m_query->setObjectName(u"searchQuery"_s);
    m_query->setAccessibleName(tr("Search query"));
    m_query->setPlaceholderText(tr("Ask the corpus… (Enter searches)"));
    m_query->setClearButtonEnabled(true);
    m_topK = new QSpinBox;
    m_topK->setObjectName(u"topK"_s);
    m_topK->setAccessibleName(tr("Recall top K"));
    m_topK->setRange(1, 1000);
    m_topK->setValue(50);
    m_topK->setPrefix(tr("recall "));
    m_topN = new QSpinBox;
    m_topN->setObjectName(u"topN"_s);
    m_topN->setAccessibleName(tr("Rerank top N"));
    m_topN->setRange(0, 100);
    m_topN->setValue(5);
    m_topN->setPrefix(tr("rerank "));
    m_topN->setToolTip(tr("0 skips the rerank call."));
    m_rerankModelEdit = new QLineEdit(u"bge-reranker-v2-m3"_s);
    m_rerankModelEdit->setObjectName(u"rerankModel"_s);
    m_rerankModelEdit->setAccessibleName(tr("Rerank model"));
    m_int8 = new QCheckBox(tr("int8"));
    m_int8->setObjectName(u"useInt8"_s);
    m_int8->setAccessibleName(tr("Recall on int8 vectors"));
    m_int8->setToolTip(tr("Recall on int8 copies of the vectors, re-scored in float."));
    m_search = new QPushButton(tr("Search"));
    m_search->setObjectName(u"searchButton"_s);
    m_search->setAccessibleName(tr("Search"));
    row->addWidget(m_query, 1);
    row->addWidget(m_search);
    v->addLayout(row);
    auto *settings = new QHBoxLayout;
    settings->addWidget(m_topK);
    settings->addWidget(m_topN);
    settings->addWidget(m_rerankModelEdit, 1);
    settings->addWidget(m_int8);
    v->addLayout(settings);
    m_stages = new QLabel;
    m_stages->setObjectName(u"searchStages"_s);
    m_stages->setAccessibleName(tr("Search stages"));
    m_stages->setWordWrap(true);
    m_stages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_stages);

    m_recallTable = rankingTable(u"recallTable"_s, tr("Recall ranking"), m_recallModel);
    m_rerankTable = rankingTable(u"rerankTable"_s, tr("Rerank ranking"), m_rerankModel);
    auto *recallBox = new QWidget;
    auto *rv = new QVBoxLayout(recallBox);
    rv->setContentsMargins(0, 0, 0, 0);
    auto *recallLabel = new QLabel(tr("Recall by cosine"));
    recallLabel->setBuddy(m_recallTable);
    rv->addWidget(recallLabel);
    rv->addWidget(m_recallTable);
    auto *rerankBox = new QWidget;
    auto *kv = new QVBoxLayout(rerankBox);
    kv->setContentsMargins(0, 0, 0, 0);
    auto *rerankLabel = new QLabel(tr("Reranked"));
    rerankLabel->setBuddy(m_rerankTable);
    kv->addWidget(rerankLabel);
    kv->addWidget(m_rerankTable);
    auto *sideBySide = new QSplitter(Qt::Horizontal);
    sideBySide->addWidget(recallBox);
    sideBySide->addWidget(rerankBox);
    m_hitText = new QTextBrowser;
    m_hitText->setObjectName(u"hitText"_s);
    m_hitText->setAccessibleName(tr("Text of the selected hit"));
    m_hitText->setPlaceholderText(tr("Select a hit to read its text."));
    auto *rankings = new QSplitter(Qt::Vertical);
    rankings->addWidget(sideBySide);
    rankings->addWidget(m_hitText);
    rankings->setStretchFactor(0, 3);
    rankings->setStretchFactor(1, 1);

    m_map = new MapView;
    m_map->setObjectName(u"corpusMap"_s);
    m_map->setDescriber([this](int chunkRow) {
        const Chunk c = m_controller->chunks().value(chunkRow);
        return c.id().section(u'/', -1) + u'\n' + c.text.left(300);
    });
    m_views = new QTabWidget;
    m_views->setObjectName(u"embeddingsViews"_s);
    m_views->setAccessibleName(tr("Results views"));
    m_views->addTab(rankings, tr("Rankings"));
    m_views->addTab(m_map, tr("Map"));
    v->addWidget(m_views, 1);

    auto *exports = new QHBoxLayout;
    m_exportCsv = new QPushButton(tr("Export CSV…"));
    m_exportCsv->setObjectName(u"exportCsv"_s);
    m_exportCsv->setAccessibleName(tr("Export results as CSV"));
    m_exportJson = new QPushButton(tr("Export JSON…"));
    m_exportJson->setObjectName(u"exportJson"_s);
    m_exportJson->setAccessibleName(tr("Export results as JSON"));
    exports->addStretch();
    exports->addWidget(m_exportCsv);
    exports->addWidget(m_exportJson);
    v->addLayout(exports);

    connect(m_search, &QPushButton::clicked, this, [this] { search(m_query->text()); });
    connect(m_query, &QLineEdit::returnPressed, this, [this] { search(m_query->text()); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportResults(u"csv"_s); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportResults(u"json"_s); });
    for (QTableView *t : {m_recallTable, m_rerankTable}) {
        connect(t->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showHit(current); });
    }
    connect(m_map, &MapView::pointClicked, this, &EmbeddingsTab::selectChunk);
    return panel;
}

void EmbeddingsTab::search(const QString &query)
{
    const QString q = query.trimmed();
    if (q.isEmpty() || !m_controller->hasIndex() || m_controller->isSearching())
        return;
    m_query->setText(q);
    SearchRequest request;
    request.query = q;
    request.topK = m_topK->value();
    request.topN = m_topN->value();
    request.rerankModel = m_rerankModelEdit->text().trimmed();
    m_stages->setText(tr("Searching…"));
    m_controller->search(request);
    updateEnabled();
    saveState();
}

void EmbeddingsTab::showResults()
{
    const SearchOutcome &r = m_controller->lastSearch();
    if (!m_controller->isSearching()) {
        m_recallModel->setOutcome(r, &m_controller->chunks());
        m_rerankModel->setOutcome(r, &m_controller->chunks());
    }
    QList<int> recalled, reranked;
    for (const SearchHit &h : r.recall)
        recalled.append(h.row);
    for (const RerankedHit &h : r.reranked)
        reranked.append(h.row);
    m_chunkModel->setHighlights(QSet<int>(recalled.cbegin(), recalled.cend()),
        QSet<int>(reranked.cbegin(), reranked.cend()));
    m_map->setHighlights(recalled, reranked, m_controller->queryPoint());
    updateEnabled();
    if (r.query.isEmpty() || m_controller->isSearching())
        return;
    if (m_query->text().trimmed().isEmpty())
        m_query->setText(r.query); // a search restored after a restart
    QStringList stages;
    stages.append(
        tr("Embed query %1 ms · %2").arg(r.embedMs).arg(costText(m_controller->embedQueryCost())));
    if (!r.recall.isEmpty() || r.failedStage != "embed"_L1)
        stages.append(tr("Recall %1 ms · free").arg(r.recallMs));
    if (m_controller->rerankCost().estimated || !r.reranked.isEmpty()
        || r.failedStage == "rerank"_L1)
        stages.append(
            tr("Rerank %1 ms · %2").arg(r.rerankMs).arg(costText(m_controller->rerankCost())));
    QString text = stages.join(u"   |   "_s);
    if (r.error)
        text += u'\n' + tr("The %1 stage failed: %2").arg(r.failedStage, r.error->displayText());
    m_stages->setText(text);
}

namespace {

// The title above a chunk's text: the same 1-based position (and line) as the chunk table,
// not Chunk::id(), whose 0-based position is a key in caches and exports.
QString chunkTitle(const Chunk &c)
{
    return c.record > 0 ? EmbeddingsTab::tr("%1, chunk %2 (line %3)")
                              .arg(c.source)
                              .arg(c.position + 1)
                              .arg(c.record)
                        : EmbeddingsTab::tr("%1, chunk %2").arg(c.source).arg(c.position + 1);
}

} // namespace

void EmbeddingsTab::showHit(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int row = index.data(RankingModel::ChunkRowRole).toInt();
    const Chunk c = m_controller->chunks().value(row);
    m_hitText->setPlainText(chunkTitle(c) + u"\n\n"_s + c.text);
    m_map->setSelected(row);
}

void EmbeddingsTab::selectChunk(int row)
{
    if (row < 0 || row >= m_chunkModel->rowCount())
        return;
    const QModelIndex index = m_chunkModel->index(row, 0);
    m_chunkTable->setCurrentIndex(index);
    m_chunkTable->scrollTo(index);
    const Chunk c = m_controller->chunks().value(row);
    m_hitText->setPlainText(chunkTitle(c) + u"\n\n"_s + c.text);
}

void EmbeddingsTab::exportResults(const QString &suffix)
{
    const QString filter = suffix == "csv"_L1 ? tr("CSV (*.csv)") : tr("JSON (*.json)");
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export the results"), u"search-results."_s + suffix, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(u'.' + suffix, Qt::CaseInsensitive))
        path += u'.' + suffix;
    QString error;
    m_status->setText(m_controller->exportResults(path, &error)
            ? tr("Saved the results to %1.").arg(QDir::toNativeSeparators(path))
            : tr("Could not save the results: %1").arg(error));
}

} // namespace bsp::ui
