#include "ui/embeddings/embeddingstab.h"

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/vectorcache.h"
#include "ui/embeddings/embeddingmodels.h"
#include "ui/embeddings/embeddingscontroller.h"
#include "ui/embeddings/mapview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

template<typename W>
W *named(W *w, const QString &objectName, const QString &accessible)
{
    w->setObjectName(objectName);
    w->setAccessibleName(accessible);
    return w;
}

QTableView *makeTable(const QString &objectName, const QString &accessible)
{
    auto *t = named(new QTableView, objectName, accessible);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(22);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setWordWrap(false);
    return t;
}

} // namespace

EmbeddingsTab::EmbeddingsTab(GatewayClient *client, CostService *cost, VectorCache *cache,
    const QString &indexFolder, QWidget *parent)
    : QWidget(parent)
    , m_controller(new EmbeddingsController(client, cost, cache, indexFolder, this))
    , m_chunkModel(new ChunkTableModel(this))
    , m_recallModel(new RankingModel(RankingModel::Kind::Recall, this))
    , m_rerankModel(new RankingModel(RankingModel::Kind::Rerank, this))
    , m_client(client)
{
    setObjectName(u"embeddingsTab"_s);
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(u"embeddingsSplitter"_s);
    m_splitter->addWidget(buildCorpusPanel());
    m_splitter->addWidget(buildSearchPanel());
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_splitter);

    m_chunkModel->setChunks(&m_controller->chunks());
    connectController();
    restoreState();
    updateEnabled();
}

EmbeddingsTab::~EmbeddingsTab()
{
    saveState();
}

QWidget *EmbeddingsTab::buildCorpusPanel()
{
    auto *panel = new QWidget;
    auto *v = new QVBoxLayout(panel);
    v->setContentsMargins(0, 0, 0, 0);

    auto *open = new QHBoxLayout;
    m_openFiles = named(new QPushButton(tr("Open files…")), u"openFiles"_s, tr("Open files"));
    m_openFolder = named(new QPushButton(tr("Open folder…")), u"openFolder"_s, tr("Open folder"));
    m_openIndex = named(new QPushButton(tr("Open index…")), u"openIndex"_s, tr("Open index"));
    m_openIndex->setToolTip(tr("Open a folder written by 'bytespike-cli index build'."));
    open->addWidget(m_openFiles);
    open->addWidget(m_openFolder);
    open->addWidget(m_openIndex);
    open->addStretch();
    v->addLayout(open);

    m_paste = named(new QPlainTextEdit, u"pasteText"_s, tr("Pasted text"));
    m_paste->setPlaceholderText(tr("…or paste text here (Chinese or English), then Use text."));
    m_paste->setMaximumHeight(70);
    m_usePaste = named(new QPushButton(tr("Use text")), u"usePaste"_s, tr("Use pasted text"));
    auto *paste = new QHBoxLayout;
    paste->addWidget(m_paste, 1);
    paste->addWidget(m_usePaste, 0, Qt::AlignTop);
    v->addLayout(paste);

    auto *form = new QFormLayout;
    m_format = named(new QComboBox, u"corpusFormat"_s, tr("File format"));
    m_format->addItem(tr("By extension"), int(CorpusOptions::Format::Auto));
    m_format->addItem(tr("Plain text"), int(CorpusOptions::Format::Text));
    m_format->addItem(tr("CSV"), int(CorpusOptions::Format::Csv));
    m_format->addItem(tr("JSONL"), int(CorpusOptions::Format::Jsonl));
    m_field = named(new QLineEdit, u"corpusField"_s, tr("Column or field"));
    m_field->setPlaceholderText(u"text"_s);
    m_field->setToolTip(
        tr("The CSV column (header name or number) or the JSONL field that holds the text."));
    m_chunking = named(new QComboBox, u"chunking"_s, tr("Chunking"));
    m_chunking->addItem(tr("By paragraph"), int(CorpusOptions::Chunking::Paragraph));
    m_chunking->addItem(tr("Every N characters"), int(CorpusOptions::Chunking::Characters));
    m_chunkSize = named(new QSpinBox, u"chunkSize"_s, tr("Characters per chunk"));
    m_chunkSize->setRange(20, 20000);
    m_chunkSize->setValue(500);
    m_overlap = named(new QSpinBox, u"chunkOverlap"_s, tr("Overlap in characters"));
    m_overlap->setRange(0, 5000);
    m_overlap->setValue(50);
    auto *sizes = new QHBoxLayout;
    sizes->addWidget(m_chunkSize);
    auto *overlapLabel = new QLabel(tr("overlap"));
    overlapLabel->setBuddy(m_overlap);
    sizes->addWidget(overlapLabel);
    sizes->addWidget(m_overlap);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Column / field"), m_field);
    form->addRow(tr("Chunks"), m_chunking);
    form->addRow(tr("Size"), sizes);
    v->addLayout(form);

    m_issues = named(new QLabel, u"corpusIssues"_s, tr("Skipped lines"));
    m_issues->setWordWrap(true);
    m_issues->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_issues);
    m_chunkTable = makeTable(u"chunkTable"_s, tr("Chunks"));
    m_chunkTable->setModel(m_chunkModel);
    m_chunkTable->horizontalHeader()->resizeSection(ChunkTableModel::Source, 120);
    m_chunkTable->horizontalHeader()->resizeSection(ChunkTableModel::Position, 80);
    m_chunkTable->horizontalHeader()->resizeSection(ChunkTableModel::Length, 60);
    v->addWidget(m_chunkTable, 1);
    v->addWidget(buildEmbedBox());
    return panel;
}

QWidget *EmbeddingsTab::buildEmbedBox()
{
    auto *box = new QGroupBox(tr("Embed"));
    auto *v = new QVBoxLayout(box);
    auto *row = new QHBoxLayout;
    m_model = named(new QComboBox, u"embeddingModel"_s, tr("Embedding model"));
    m_model->setEditable(true);
    m_model->addItem(u"bge-large-zh-v1.5"_s);
    m_batch = named(new QSpinBox, u"batchSize"_s, tr("Batch size"));
    m_batch->setRange(1, 256);
    m_batch->setValue(64);
    m_batch->setPrefix(tr("batch "));
    m_inFlight = named(new QSpinBox, u"inFlight"_s, tr("Requests in flight"));
    m_inFlight->setRange(1, 16);
    m_inFlight->setValue(4);
    m_inFlight->setPrefix(tr("in flight "));
    m_embed = named(new QPushButton(tr("Embed")), u"embedButton"_s, tr("Embed the corpus"));
    m_cancel = named(new QPushButton(tr("Cancel")), u"cancelEmbed"_s, tr("Cancel embedding"));
    row->addWidget(m_model, 1);
    row->addWidget(m_batch);
    row->addWidget(m_inFlight);
    v->addLayout(row);
    m_progress = named(new QProgressBar, u"embedProgress"_s, tr("Embedding progress"));
    m_progress->setFormat(tr("%v / %m chunks"));
    m_progress->setValue(0);
    auto *run = new QHBoxLayout;
    run->addWidget(m_embed);
    run->addWidget(m_cancel);
    run->addWidget(m_progress, 1);
    v->addLayout(run);
    m_rate = named(new QLabel, u"embedRate"_s, tr("Embedding speed"));
    m_cost = named(new QLabel, u"embedCost"_s, tr("Embedding cost"));
    m_status = named(new QLabel, u"embedStatus"_s, tr("Embedding status"));
    m_status->setWordWrap(true);
    auto *labels = new QHBoxLayout;
    labels->addWidget(m_rate);
    labels->addStretch();
    labels->addWidget(m_cost);
    v->addLayout(labels);
    v->addWidget(m_status);
    m_exportIndex = named(new QPushButton(tr("Export index and cache…")), u"exportIndex"_s,
        tr("Export index and cache"));
    v->addWidget(m_exportIndex, 0, Qt::AlignLeft);
    return box;
}

CorpusOptions EmbeddingsTab::corpusOptions() const
{
    CorpusOptions o;
    o.format = CorpusOptions::Format(m_format->currentData().toInt());
    o.field = m_field->text().trimmed();
    o.chunking = CorpusOptions::Chunking(m_chunking->currentData().toInt());
    o.chunkSize = m_chunkSize->value();
    o.overlap = std::min(m_overlap->value(), m_chunkSize->value() - 1);
    return o;
}

void EmbeddingsTab::loadPaths(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    m_lastPaths = paths;
    m_controller->loadPaths(paths, corpusOptions());
}

void EmbeddingsTab::openIndex(const QString &dir)
{
    m_controller->openIndex(dir);
}

void EmbeddingsTab::connectController()
{
    connect(m_openFiles, &QPushButton::clicked, this, [this] {
        loadPaths(QFileDialog::getOpenFileNames(this, tr("Open corpus files"), {},
            tr("Text, CSV, JSONL (*.txt *.md *.csv *.jsonl *.ndjson);;All files (*)")));
    });
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a corpus folder"));
        if (!dir.isEmpty())
            loadPaths({dir});
    });
    connect(m_openIndex, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open an index folder"));
        if (!dir.isEmpty())
            openIndex(dir);
    });
    connect(m_usePaste, &QPushButton::clicked, this, [this] {
        m_lastPaths.clear();
        m_controller->loadText(m_paste->toPlainText(), corpusOptions());
    });
    connect(m_embed, &QPushButton::clicked, this, [this] {
        m_status->clear();
        m_controller->embed(
            m_model->currentText().trimmed(), m_batch->value(), m_inFlight->value());
        updateEnabled();
    });
    connect(m_cancel, &QPushButton::clicked, m_controller, &EmbeddingsController::cancelEmbed);
    connect(m_exportIndex, &QPushButton::clicked, this, &EmbeddingsTab::exportIndex);
    connect(m_chunking, &QComboBox::currentIndexChanged, this, &EmbeddingsTab::updateEnabled);
    connect(m_model, &QComboBox::currentTextChanged, this, &EmbeddingsTab::refreshEstimate);
    connect(m_int8, &QCheckBox::toggled, m_controller, &EmbeddingsController::setUseInt8);

    connect(
        m_controller, &EmbeddingsController::loadingChanged, this, &EmbeddingsTab::updateEnabled);
    connect(
        m_controller, &EmbeddingsController::corpusChanged, this, &EmbeddingsTab::refreshCorpus);
    connect(
        m_controller, &EmbeddingsController::embedProgressed, this, [this](const EmbedProgress &p) {
            m_progress->setMaximum(int(std::max<qsizetype>(1, p.total)));
            m_progress->setValue(int(p.done));
            QString rate;
            if (p.chunksPerSecond > 0)
                rate = tr("%1 chunks/s").arg(p.chunksPerSecond, 0, 'f', 0);
            if (p.etaSeconds > 0)
                rate += u" · "_s + tr("ETA %1 s").arg(p.etaSeconds, 0, 'f', 1);
            if (p.fromCache > 0)
                rate += u" · "_s + tr("%1 from the cache").arg(p.fromCache);
            m_rate->setText(rate);
        });
    connect(m_controller, &EmbeddingsController::embedFinished, this,
        [this](EmbedJob::State, const QString &text) {
            m_status->setText(text);
            refreshEstimate();
            updateEnabled();
        });
    connect(m_controller, &EmbeddingsController::indexChanged, this, [this] {
        m_chunkModel->setChunks(&m_controller->chunks());
        m_recallModel->clear();
        m_rerankModel->clear();
        m_map->setPoints({});
        // An index holds a vector for every chunk.
        m_progress->setMaximum(int(std::max<qsizetype>(1, m_controller->chunks().size())));
        m_progress->setValue(int(m_controller->chunks().size()));
        updateEnabled();
    });
    connect(m_controller, &EmbeddingsController::projectionChanged, this, [this] {
        m_map->setPoints(m_controller->projection());
        showResults();
    });
    connect(m_controller, &EmbeddingsController::searchFinished, this, &EmbeddingsTab::showResults);
    connect(m_controller, &EmbeddingsController::costsChanged, this, &EmbeddingsTab::refreshCosts);
    connect(m_controller, &EmbeddingsController::message, m_status, &QLabel::setText);
    connect(m_chunkTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            m_map->setSelected(current.isValid() ? current.row() : -1);
        });
}

void EmbeddingsTab::refreshCorpus()
{
    m_chunkModel->setChunks(&m_controller->chunks());
    const QList<CorpusIssue> &issues = m_controller->issues();
    if (issues.isEmpty()) {
        m_issues->clear();
    } else {
        QStringList lines;
        for (const CorpusIssue &i : issues.mid(0, 20)) {
            lines.append(i.line > 0 ? tr("%1, line %2: %3")
                                          .arg(QFileInfo(i.source).fileName())
                                          .arg(i.line)
                                          .arg(i.message)
                                    : tr("%1: %2").arg(QFileInfo(i.source).fileName(), i.message));
        }
        if (issues.size() > 20)
            lines.append(tr("…and %1 more").arg(issues.size() - 20));
        m_issues->setText(
            tr("Skipped %n line(s):", nullptr, int(issues.size())) + u'\n' + lines.join(u'\n'));
    }
    m_progress->setMaximum(int(std::max<qsizetype>(1, m_controller->chunks().size())));
    m_progress->setValue(m_controller->hasIndex() && m_controller->uncachedCount() == 0
            ? int(m_controller->chunks().size())
            : 0);
    m_rate->clear();
    refreshEstimate();
    updateEnabled();
}

void EmbeddingsTab::refreshEstimate()
{
    if (m_controller->chunks().isEmpty()) {
        m_cost->clear();
        return;
    }
    const qsizetype uncached = m_controller->uncachedCount();
    if (uncached == 0) {
        m_cost->setText(tr("All chunks are cached: embedding is free"));
        return;
    }
    m_cost->setText(tr("Estimated %1 for %n new chunk(s)", nullptr, int(uncached))
                        .arg(CostService::formatEstimate(
                            m_controller->estimate(m_model->currentText().trimmed()))));
}

void EmbeddingsTab::refreshCosts()
{
    if (!m_controller->isSearching() && m_controller->embedCalls() > 0) {
        m_cost->setText(
            tr("Charged %1 over %n call(s) (ledger)", nullptr, m_controller->embedCalls())
                .arg(formatUsd(m_controller->embedCharged())));
    }
    showResults();
}

void EmbeddingsTab::updateEnabled()
{
    const bool loading = m_controller->isLoading();
    const bool embedding = m_controller->isEmbedding();
    const bool busy = loading || embedding;
    for (QWidget *w : {static_cast<QWidget *>(m_openFiles), static_cast<QWidget *>(m_openFolder),
             static_cast<QWidget *>(m_openIndex), static_cast<QWidget *>(m_usePaste)})
        w->setEnabled(!busy);
    m_embed->setEnabled(!busy && !m_controller->chunks().isEmpty());
    m_cancel->setEnabled(embedding);
    const bool chars
        = m_chunking->currentData().toInt() == int(CorpusOptions::Chunking::Characters);
    m_chunkSize->setEnabled(chars);
    m_overlap->setEnabled(chars);
    m_search->setEnabled(!busy && m_controller->hasIndex() && !m_controller->isSearching());
    m_exportIndex->setEnabled(!busy && m_controller->hasIndex());
    const bool results = !m_controller->lastSearch().recall.isEmpty();
    m_exportCsv->setEnabled(results);
    m_exportJson->setEnabled(results);
}

void EmbeddingsTab::exportIndex()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the index to a folder"));
    if (dir.isEmpty())
        return;
    QString error;
    m_status->setText(m_controller->exportIndex(dir, &error)
            ? tr("Exported the index and its cache to %1.").arg(QDir::toNativeSeparators(dir))
            : error);
}

void EmbeddingsTab::restoreState()
{
    QSettings s;
    s.beginGroup(u"embeddings"_s);
    m_format->setCurrentIndex(std::max(0, m_format->findData(s.value(u"format"_s, 0).toInt())));
    m_field->setText(s.value(u"field"_s).toString());
    m_chunking->setCurrentIndex(
        std::max(0, m_chunking->findData(s.value(u"chunking"_s, 0).toInt())));
    m_chunkSize->setValue(s.value(u"chunkSize"_s, 500).toInt());
    m_overlap->setValue(s.value(u"overlap"_s, 50).toInt());
    const QString model = s.value(u"model"_s).toString();
    if (!model.isEmpty())
        m_model->setCurrentText(model);
    m_batch->setValue(s.value(u"batch"_s, 64).toInt());
    m_inFlight->setValue(s.value(u"inFlight"_s, 4).toInt());
    m_topK->setValue(s.value(u"topK"_s, 50).toInt());
    m_topN->setValue(s.value(u"topN"_s, 5).toInt());
    m_rerankModelEdit->setText(s.value(u"rerankModel"_s, u"bge-reranker-v2-m3"_s).toString());
    m_int8->setChecked(s.value(u"int8"_s, false).toBool());
    m_query->setText(s.value(u"query"_s).toString());
    if (!m_splitter->restoreState(s.value(u"splitter"_s).toByteArray()))
        m_splitter->setSizes({360, 640}); // first run: the rankings get the room
    m_views->setCurrentIndex(s.value(u"view"_s, 0).toInt());
}

void EmbeddingsTab::saveState() const
{
    QSettings s;
    s.beginGroup(u"embeddings"_s);
    s.setValue(u"format"_s, m_format->currentData());
    s.setValue(u"field"_s, m_field->text());
    s.setValue(u"chunking"_s, m_chunking->currentData());
    s.setValue(u"chunkSize"_s, m_chunkSize->value());
    s.setValue(u"overlap"_s, m_overlap->value());
    s.setValue(u"model"_s, m_model->currentText());
    s.setValue(u"batch"_s, m_batch->value());
    s.setValue(u"inFlight"_s, m_inFlight->value());
    s.setValue(u"topK"_s, m_topK->value());
    s.setValue(u"topN"_s, m_topN->value());
    s.setValue(u"rerankModel"_s, m_rerankModelEdit->text());
    s.setValue(u"int8"_s, m_int8->isChecked());
    s.setValue(u"query"_s, m_query->text());
    s.setValue(u"splitter"_s, m_splitter->saveState());
    s.setValue(u"view"_s, m_views->currentIndex());
}

} // namespace bsp::ui

namespace bsp::ui {

void EmbeddingsTab::reloadModels()
{
    if (!m_client)
        return;
    CallOptions opt;
    opt.tab = u"embeddings"_s;
    QCoro::connect(
        m_client->models(ModelFilter {}, opt), this, [this](const Result<QList<ModelInfo>> &r) {
            if (!r.ok())
                return; // the bundled default stays; the status bar names the failure
            QStringList embedding;
            QStringList rerank;
            for (const ModelInfo &m : *r) {
                if (m.outputModalities.contains(u"embedding"_s))
                    embedding.append(m.id);
                if (m.can(u"rerank"_s))
                    rerank.append(m.id);
            }
            if (embedding.isEmpty())
                return;
            const QString current = m_model->currentText();
            m_model->clear();
            m_model->addItems(embedding);
            m_model->setCurrentText(embedding.contains(current) ? current : embedding.first());
            if (!rerank.isEmpty() && !rerank.contains(m_rerankModelEdit->text()))
                m_rerankModelEdit->setText(rerank.first());
        });
}

QStringList EmbeddingsTab::embeddingModels() const
{
    QStringList out;
    for (int i = 0; i < m_model->count(); ++i)
        out.append(m_model->itemText(i));
    return out;
}

} // namespace bsp::ui
