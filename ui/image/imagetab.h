#pragma once

#include "core/imagegallerystore.h"
#include "core/wiretypes.h"
#include "ui/image/imagecontroller.h"
#include "ui/widgets/imageviewer.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace bsp {
class CostService;
class GalleryModel;
class GatewayClient;
class ThumbnailCache;
} // namespace bsp

namespace bsp::ui {

// The Image tab: one prompt on several models (and on both routes of a model) at once,
// a grid that fills as answers arrive with each image's latency, cost (from the ledger),
// pixel size and seed, free failures with their reason, image-to-image, presets, the
// gallery of every image made, and the shared viewer (A/B wipe, send to chat, first frame).
class ImageTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageTab)

public:
    // `store` must be open; `cost` and `thumbnails` may be null.
    ImageTab(GatewayClient *client, CostService *cost, ImageGalleryStore *store,
        ThumbnailCache *thumbnails, QWidget *parent = nullptr);
    ~ImageTab() override;

    // Reloads the image models and the tool-carrying text models from /v1/models.
    void reloadModels();

    // Form
    void setLane(const QString &model, const QString &route, bool on);
    QList<RunLane> lanes() const;
    ImageRunSpec spec() const;
    // Loads a source image for image-to-image; false (and nothing kept) when it does not
    // decode. The check runs off the UI thread; sourceChecked() reports the outcome.
    void setSourceFile(const QString &path);
    void clearSource();
    bool hasSource() const { return !m_source.isEmpty(); }
    QLabel *sourceLabel() const { return m_sourceLabel; }
    QString lastRefusal() const { return m_refusal; }
    void generate();
    void cancel();
    void rerun(qint64 galleryId);
    bool savePreset(const QString &name);
    bool applyPreset(const QString &name);
    // Opens the shared viewer on a file (decoded off the UI thread); `compare` adds B.
    void openViewer(const QString &path, const QString &compare = {});

    ImageController *controller() const { return m_controller; }
    GalleryModel *galleryModel() const { return m_gallery; }

    // Parts, for tests and the bench.
    QPlainTextEdit *promptEdit() const { return m_prompt; }
    QTreeWidget *modelTree() const { return m_models; }
    QComboBox *sizeCombo() const { return m_size; }
    QSpinBox *countSpin() const { return m_count; }
    QComboBox *formatCombo() const { return m_format; }
    QCheckBox *seedBox() const { return m_seedOn; }
    QSpinBox *seedSpin() const { return m_seed; }
    QPushButton *generateButton() const { return m_generate; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLabel *estimateLabel() const { return m_estimate; }
    QLabel *noticeLabel() const { return m_notice; }
    QTableView *runGrid() const { return m_grid; }
    QListView *galleryView() const { return m_galleryView; }
    QLineEdit *gallerySearch() const { return m_search; }
    QTabWidget *pages() const { return m_pages; }
    ImageViewer *viewer() const { return m_viewer; }

Q_SIGNALS:
    void sendToChatRequested(const QString &path);
    void useAsFirstFrameRequested(const QString &path);
    void sourceChecked(bool ok);
    void modelsLoaded();

private:
    // Sources bigger than this are refused before they are read (the gateway takes 32 MiB).
    static constexpr qint64 kMaxSourceBytes = 20 * 1024 * 1024;
    bool adoptSource(const GalleryImage &image, ImageRunSpec &spec);
    void showSource(
        const QByteArray &bytes, const QString &name, const QString &mediaType, QSize size);
    QWidget *buildForm();
    QWidget *buildRunPage();
    QWidget *buildGalleryPage();
    void fillModels(const QList<ModelInfo> &models);
    void updateEstimate();
    void updateButtons();
    void saveState() const;
    void restoreState();
    QJsonObject formJson() const;
    void applyFormJson(const QJsonObject &o);
    void refreshPresets();
    void refreshGalleryFilter();
    void openGridCell(const QModelIndex &index);
    void compareSelection();
    QList<qint64> selectedGalleryIds() const;
    QString selectedPath() const;
    void deleteSelected();
    void exportSelectedRun();
    QString describeRun() const;

    QPointer<GatewayClient> m_client;
    QPointer<CostService> m_cost;
    QPointer<ImageGalleryStore> m_store;
    QPointer<ThumbnailCache> m_thumbs;
    ImageController *m_controller = nullptr;
    GalleryModel *m_gallery = nullptr;
    QPointer<ImageViewer> m_viewer;
    QByteArray m_source;
    QString m_sourceName;
    QString m_sourceType;
    QString m_refusal;
    bool m_restoring = false;
    int m_modelsGeneration = 0;
    QString m_pendingVia; // the restored text model, until the model list arrives
    QStringList m_pendingLanes; // ticked lanes restored before the model list arrived

    // form
    QPlainTextEdit *m_prompt = nullptr;
    QTreeWidget *m_models = nullptr;
    QComboBox *m_via = nullptr;
    QComboBox *m_size = nullptr;
    QSpinBox *m_count = nullptr;
    QComboBox *m_quality = nullptr;
    QCheckBox *m_seedOn = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_format = nullptr;
    QLabel *m_sourceLabel = nullptr;
    QString m_sourceFile; // the source's copy in the gallery folder, once it has one
    QPushButton *m_sourcePick = nullptr;
    QPushButton *m_sourceClear = nullptr;
    QComboBox *m_presets = nullptr;
    QLabel *m_estimate = nullptr;
    QLabel *m_notice = nullptr;
    QPushButton *m_generate = nullptr;
    QPushButton *m_cancel = nullptr;
    // pages
    QTabWidget *m_pages = nullptr;
    QTableView *m_grid = nullptr;
    QLabel *m_runSummary = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_modelFilter = nullptr;
    QListView *m_galleryView = nullptr;
};

} // namespace bsp::ui
