#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableView;
class QTabWidget;
class QTextBrowser;

namespace bsp {
class CostService;
class GatewayClient;
class VectorCache;
struct CorpusOptions;
} // namespace bsp

namespace bsp::ui {

class ChunkTableModel;
class EmbeddingsController;
class MapView;
class RankingModel;

// Embed a corpus once, recall top K by cosine, rerank to top N, and see why: the corpus
// and its chunks on the left; the two rankings side by side, each stage's time and cost,
// and the map of the corpus on the right. All calls go through the controller.
class EmbeddingsTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingsTab)

public:
    // `cache` is opened by the composition root; `indexFolder` holds the current index.
    EmbeddingsTab(GatewayClient *client, CostService *cost, VectorCache *cache,
        const QString &indexFolder, QWidget *parent = nullptr);
    ~EmbeddingsTab() override;

    EmbeddingsController *controller() const { return m_controller; }
    void loadPaths(const QStringList &paths);
    void openIndex(const QString &dir);
    void search(const QString &query);
    // The embedding and rerank models from the gateway's catalogue (/v1/models), keeping
    // the ones chosen when the catalogue still lists them.
    void reloadModels();
    QStringList embeddingModels() const;

private:
    QWidget *buildCorpusPanel();
    QWidget *buildEmbedBox();
    QWidget *buildSearchPanel();
    void connectController();
    CorpusOptions corpusOptions() const;
    void refreshCorpus();
    void refreshEstimate();
    void refreshCosts();
    void showResults();
    void showHit(const QModelIndex &index);
    void selectChunk(int row);
    void exportResults(const QString &suffix);
    void exportIndex();
    void updateEnabled();
    void restoreState();
    void saveState() const;

    EmbeddingsController *m_controller;
    ChunkTableModel *m_chunkModel;
    RankingModel *m_recallModel;
    RankingModel *m_rerankModel;

    QSplitter *m_splitter = nullptr;
    QPushButton *m_openFiles = nullptr;
    QPushButton *m_openFolder = nullptr;
    QPushButton *m_openIndex = nullptr;
    QPlainTextEdit *m_paste = nullptr;
    QPushButton *m_usePaste = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_field = nullptr;
    QComboBox *m_chunking = nullptr;
    QSpinBox *m_chunkSize = nullptr;
    QSpinBox *m_overlap = nullptr;
    QLabel *m_issues = nullptr;
    QTableView *m_chunkTable = nullptr;

    QComboBox *m_model = nullptr;
    QSpinBox *m_batch = nullptr;
    QSpinBox *m_inFlight = nullptr;
    QPushButton *m_embed = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_cost = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_exportIndex = nullptr;

    QLineEdit *m_query = nullptr;
    QSpinBox *m_topK = nullptr;
    QSpinBox *m_topN = nullptr;
    QLineEdit *m_rerankModelEdit = nullptr;
    QPointer<GatewayClient> m_client;
    QCheckBox *m_int8 = nullptr;
    QPushButton *m_search = nullptr;
    QLabel *m_stages = nullptr;
    QTabWidget *m_views = nullptr;
    QTableView *m_recallTable = nullptr;
    QTableView *m_rerankTable = nullptr;
    QTextBrowser *m_hitText = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QPushButton *m_exportJson = nullptr;
    MapView *m_map = nullptr;
    QStringList m_lastPaths;
};

} // namespace bsp::ui
