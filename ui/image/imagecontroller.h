#pragma once

#include "core/canceltoken.h"
#include "core/gatewayclient.h"
#include "core/imagedecode.h"
#include "core/imagerunmodel.h"
#include "core/ledger.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <QCoroTask>

#include <optional>

class QThreadPool;

namespace bsp {
class CostService;
class GatewayClient;
class ImageGalleryStore;
class ThumbnailCache;
} // namespace bsp

namespace bsp::ui {

// What one Generate click asks for.
struct ImageRunSpec
{
    QString prompt;
    QString size = QStringLiteral("1024x1024");
    int n = 1;
    QString quality; // empty = not sent
    std::optional<qint64> seed;
    QString responseFormat; // "url", "b64_json" or empty (the gateway's default)
    QList<RunLane> lanes;
    QString messagesModel; // the text model that carries the generate_image tool
    QByteArray source; // image-to-image: a source that decoded locally
    QString sourceName;
    QString sourceMediaType;
    // The source's copy in the gallery's folder (a file name), so a re-run of an edit
    // edits the same source; set by ImageController::start unless a re-run brings it.
    QString sourceFile;

    QJsonObject paramsJson() const; // what the gallery keeps with each image
};

// Owns the Image tab's calls: one coroutine per lane of a run, answers decoded and
// written to the gallery on the thread pool, cells filled as they arrive, Cancel for
// whatever has not answered. The cost of every cell is the ledger's record of its call.
class ImageController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageController)

public:
    ImageController(GatewayClient *client, CostService *cost, ImageGalleryStore *store,
        ThumbnailCache *thumbnails, QObject *parent = nullptr);
    ~ImageController() override;

    ImageRunModel *model() { return &m_model; }
    // Starts a run (a running one is cancelled first). Returns the run id.
    QString start(const ImageRunSpec &spec);
    void cancel();
    // Shows a finished run from the gallery in the grid (the last run after a restart).
    bool showRun(const QString &runId);
    bool isRunning() const { return m_running > 0; }
    QString currentRun() const { return m_runId; }
    ImageRunSpec lastSpec() const { return m_spec; }
    // Sandbox fault injection for one model (x-sandbox-fault), for demos and tests.
    void setFault(const QString &model, const QString &fault);

    // Checks a local source image off the UI thread: a file that does not decode is
    // refused here and never sent.
    static QCoro::Task<DecodedImage> checkSource(QByteArray bytes);

Q_SIGNALS:
    void runStarted(const QString &runId);
    void runFinished(const QString &runId);
    void cellFilled(int row, int column);

private:
    QCoro::Task<> runImagesLane(int column, ImageRunSpec spec, QString runId, CancelToken cancel);
    QCoro::Task<> runMessageCell(
        int column, int row, ImageRunSpec spec, QString runId, CancelToken cancel);
    // Fetches (URL) or takes (b64) one answer image, stores and decodes it, fills the cell.
    QCoro::Task<> deliver(int column, int row, QByteArray data, QUrl url, RunCell cell,
        ImageRunSpec spec, QString runId, CancelToken cancel);
    std::optional<Credits> chargeOf(const std::optional<LedgerEntry> &entry) const;
    QThreadPool *decodePool() const;
    std::optional<LedgerEntry> takeEntry(const QString &route);
    void failCell(int column, int row, const ApiError &error, std::optional<Credits> charged);
    void laneDone();
    CallOptions optionsFor(const QString &model, const CancelToken &cancel) const;

    QPointer<GatewayClient> m_client;
    QPointer<CostService> m_cost;
    QPointer<ImageGalleryStore> m_store;
    QPointer<ThumbnailCache> m_thumbs;
    ImageRunModel m_model;
    ImageRunSpec m_spec;
    QString m_runId;
    CancelToken m_cancel;
    int m_running = 0;
    QHash<QString, QString> m_faults;
    static qint64 key(int column, int row) { return (qint64(column) << 32) | row; }
    QSet<qint64> m_answered; // cells whose call has answered (billed; they still arrive)
    // The ledger entry of the call that finished last: the client records a call
    // synchronously just before its coroutine returns, so the caller claims it at once.
    std::optional<LedgerEntry> m_lastEntry;
};

} // namespace bsp::ui
