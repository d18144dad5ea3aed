#pragma once

#include "core/apierror.h"
#include "core/canceltoken.h"
#include "core/gatewayclient.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>
#include <optional>

namespace bsp {

class FlatIndex;
class VectorCache;

struct EmbedProgress
{
    qsizetype done = 0; // distinct texts with a vector (cached before + embedded now)
    qsizetype total = 0; // distinct texts
    qsizetype fromCache = 0; // of `done`, found in the cache at the start
    int requests = 0; // embedding requests answered so far
    double chunksPerSecond = 0; // embedded now / seconds since the first request
    double etaSeconds = -1; // -1 while unknown
};

// Embeds a corpus into the vector cache: texts already cached are never sent; the rest
// go in batches of `batchSize` with up to `maxInFlight` requests at once, encoding
// base64. Every answered batch is in the cache before the next progress signal, so a
// cancel (or a crash) keeps what finished and the next run sends only the rest.
class EmbedJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbedJob)

public:
    enum class State { Idle, Hashing, Running, Finished, Cancelled, Failed };
    Q_ENUM(State)

    EmbedJob(GatewayClient *client, VectorCache *cache, QObject *parent = nullptr);
    ~EmbedJob() override;

    void setModel(const QString &model) { m_model = model; }
    QString model() const { return m_model; }
    void setBatchSize(int n) { m_batchSize = std::clamp(n, 1, 256); }
    int batchSize() const { return m_batchSize; }
    void setMaxInFlight(int n) { m_maxInFlight = std::clamp(n, 1, 16); }
    int maxInFlight() const { return m_maxInFlight; }
    // tab, headers and timeout for every request; the job adds its own cancel token.
    void setCallOptions(const CallOptions &options) { m_options = options; }

    // Starts (the cache must be open for the model). Hashing runs on the thread pool.
    void start(const QStringList &texts);
    void cancel();
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Hashing || m_state == State::Running; }
    EmbedProgress progress() const { return m_progress; }
    std::optional<ApiError> error() const { return m_error; }
    // One key per input text, in input order (valid once hashing is done).
    QList<QByteArray> keys() const { return m_keys; }

    // The vectors of `keys` from the cache as one index, in the keys' order. Null with
    // `error` set when a key is missing. Heavy: call it from a worker.
    static std::unique_ptr<FlatIndex> assemble(
        const VectorCache &cache, const QList<QByteArray> &keys, QString *error = nullptr);

Q_SIGNALS:
    void progressed(const bsp::EmbedProgress &progress);
    // Every run ends with exactly one finished(): state() says how.
    void finished(bsp::EmbedJob::State state);

private:
    struct Batch
    {
        QList<QByteArray> keys;
        QStringList texts;
    };
    void hashed(const QList<QByteArray> &keys, const QStringList &texts);
    void pump();
    void batchDone(int batch, const Result<EmbeddingResult> &result);
    void finish(State state);
    void updateRate();

    GatewayClient *m_client;
    VectorCache *m_cache;
    QString m_model = QStringLiteral("bge-large-zh-v1.5");
    int m_batchSize = 64;
    int m_maxInFlight = 4;
    CallOptions m_options;
    CancelToken m_cancel;
    State m_state = State::Idle;
    quint64 m_generation = 0;
    bool m_finished = false;
    QList<QByteArray> m_keys;
    QList<Batch> m_batches;
    int m_nextBatch = 0;
    int m_inFlight = 0;
    qsizetype m_embedded = 0;
    EmbedProgress m_progress;
    QElapsedTimer m_clock;
    std::optional<ApiError> m_error;
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::EmbedProgress)
