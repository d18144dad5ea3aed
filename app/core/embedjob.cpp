#include "core/embedjob.h"

#include "core/embeddingindex.h"
#include "core/vectorcache.h"
#include "core/worker.h"

#include <QCoreApplication>
#include <QFuture>
#include <QSet>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EmbedJob)
};

} // namespace

EmbedJob::EmbedJob(GatewayClient *client, VectorCache *cache, QObject *parent)
    : QObject(parent), m_client(client), m_cache(cache)
{
    qRegisterMetaType<EmbedProgress>();
}

EmbedJob::~EmbedJob()
{
    m_cancel.cancel();
}

void EmbedJob::start(const QStringList &texts)
{
    if (isRunning())
        return;
    m_cancel = CancelToken();
    m_error.reset();
    m_batches.clear();
    m_keys.clear();
    m_nextBatch = 0;
    m_inFlight = 0;
    m_embedded = 0;
    m_progress = {};
    m_finished = false;
    m_state = State::Hashing;
    const quint64 generation = ++m_generation;
    runThen(
        this,
        [texts] {
            QList<QByteArray> keys;
            keys.reserve(texts.size());
            for (const QString &t : texts)
                keys.append(VectorCache::keyFor(t));
            return keys;
        },
        [this, generation, texts](const QList<QByteArray> &keys) {
            // Always from the event loop, so no signal of the run fires inside start().
            if (generation == m_generation && m_state == State::Hashing)
                hashed(keys, texts);
        });
}

void EmbedJob::hashed(const QList<QByteArray> &keys, const QStringList &texts)
{
    m_keys = keys;
    QSet<QByteArray> seen;
    Batch batch;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QByteArray &key = keys.at(i);
        if (seen.contains(key))
            continue;
        seen.insert(key);
        if (m_cache->contains(key)) {
            ++m_progress.fromCache;
            continue;
        }
        batch.keys.append(key);
        batch.texts.append(texts.at(i));
        if (batch.keys.size() == m_batchSize)
            m_batches.append(std::exchange(batch, Batch {}));
    }
    if (!batch.keys.isEmpty())
        m_batches.append(batch);
    m_progress.total = seen.size();
    m_progress.done = m_progress.fromCache;
    m_state = State::Running;
    Q_EMIT progressed(m_progress);
    if (m_batches.isEmpty()) {
        finish(State::Finished);
        return;
    }
    m_clock.start();
    pump();
}

void EmbedJob::pump()
{
    while (
        m_state == State::Running && m_inFlight < m_maxInFlight && m_nextBatch < m_batches.size()) {
        const int index = m_nextBatch++;
        EmbeddingRequest request;
        request.model = m_model;
        request.input = m_batches.at(index).texts;
        request.encodingFormat = u"base64"_s;
        CallOptions options = m_options;
        options.cancel = m_cancel;
        ++m_inFlight;
        const quint64 generation = m_generation;
        QCoro::connect(m_client->embed(request, options), this,
            [this, index, generation](const Result<EmbeddingResult> &r) {
                if (generation != m_generation)
                    return;
                --m_inFlight;
                batchDone(index, r);
            });
    }
    if (m_state == State::Running && m_inFlight == 0 && m_nextBatch >= m_batches.size())
        finish(State::Finished);
}

void EmbedJob::batchDone(int index, const Result<EmbeddingResult> &r)
{
    Batch &batch = m_batches[index];
    std::optional<ApiError> error;
    QString why;
    if (!r) {
        error = r.error();
    } else if (r->count != batch.keys.size() || r->dimensions <= 0) {
        error = ApiError::malformed(
            Tr::tr("asked for %1 vectors, got %2").arg(batch.keys.size()).arg(r->count));
    } else if (!m_cache->put(batch.keys, r->values.constData(), r->dimensions, &why)) {
        error = ApiError::malformed(why);
    }
    if (!error) {
        // Kept even when the run was cancelled while this answer was on its way.
        ++m_progress.requests;
        m_embedded += batch.keys.size();
        m_progress.done += batch.keys.size();
        batch = {};
        updateRate();
        Q_EMIT progressed(m_progress);
    } else if (m_state == State::Running) {
        m_error = error;
        m_state = error->kind == ApiError::Kind::Cancelled ? State::Cancelled : State::Failed;
        m_cancel.cancel(); // the other batches in flight
    }
    if (m_state == State::Running)
        pump();
    else if (m_inFlight == 0)
        finish(m_state);
}

void EmbedJob::updateRate()
{
    const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
    if (seconds <= 0)
        return;
    m_progress.chunksPerSecond = double(m_embedded) / seconds;
    const qsizetype left = m_progress.total - m_progress.done;
    m_progress.etaSeconds
        = m_progress.chunksPerSecond > 0 ? double(left) / m_progress.chunksPerSecond : -1;
}

void EmbedJob::cancel()
{
    if (!isRunning())
        return;
    if (m_state == State::Hashing) {
        ++m_generation; // the hashing result is dropped when it arrives
        finish(State::Cancelled);
        return;
    }
    m_state = State::Cancelled;
    m_error = ApiError::cancelled();
    m_cancel.cancel();
    if (m_inFlight == 0)
        finish(State::Cancelled);
}

void EmbedJob::finish(State state)
{
    if (std::exchange(m_finished, true))
        return; // one finished() per run
    m_state = state;
    if (state == State::Finished)
        m_progress.etaSeconds = 0;
    Q_EMIT finished(state);
}

std::unique_ptr<FlatIndex> EmbedJob::assemble(
    const VectorCache &cache, const QList<QByteArray> &keys, QString *error)
{
    const int dims = cache.dimensions();
    if (dims <= 0) {
        if (error)
            *error = Tr::tr("the cache holds no vectors");
        return nullptr;
    }
    auto index = std::make_unique<FlatIndex>(dims);
    index->reserve(keys.size());
    std::vector<float> v(static_cast<size_t>(dims));
    for (const QByteArray &key : keys) {
        if (!cache.get(key, v.data())) {
            if (error)
                *error = Tr::tr("a chunk has no vector in the cache");
            return nullptr;
        }
        index->add(v.data());
    }
    return index;
}

} // namespace bsp
