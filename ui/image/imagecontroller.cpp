#include "ui/image/imagecontroller.h"

#include "core/costservice.h"
#include "core/imagegallerystore.h"
#include "core/thumbnailcache.h"

#include <QCoroFuture>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QSaveFile>
#include <QThreadPool>
#include <QUuid>
#include <QtConcurrent>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

QString routeOf(const QString &lane)
{
    if (lane == u"messages"_s)
        return u"/v1/messages"_s;
    if (lane == u"edits"_s)
        return u"/v1/images/edits"_s;
    return u"/v1/images/generations"_s;
}

} // namespace

QJsonObject ImageRunSpec::paramsJson() const
{
    QJsonObject o {{u"size"_s, size}, {u"n"_s, n}};
    if (!quality.isEmpty())
        o.insert(u"quality"_s, quality);
    if (seed)
        o.insert(u"seed"_s, QString::number(*seed));
    if (!responseFormat.isEmpty())
        o.insert(u"response_format"_s, responseFormat);
    if (!messagesModel.isEmpty())
        o.insert(u"messages_model"_s, messagesModel);
    if (!sourceName.isEmpty())
        o.insert(u"source"_s, sourceName);
    if (!sourceFile.isEmpty()) {
        o.insert(u"source_file"_s, sourceFile);
        o.insert(u"source_type"_s, sourceMediaType);
    }
    return o;
}

ImageController::ImageController(GatewayClient *client, CostService *cost, ImageGalleryStore *store,
    ThumbnailCache *thumbnails, QObject *parent)
    : QObject(parent), m_client(client), m_cost(cost), m_store(store), m_thumbs(thumbnails)
{
    if (m_cost) {
        connect(m_cost, &CostService::callRecorded, this, [this](const LedgerEntry &e) {
            if (e.tab == u"image"_s)
                m_lastEntry = e;
        });
    }
    if (m_thumbs) {
        // Cells of a run shown from the gallery get their thumbnails as they decode.
        connect(m_thumbs, &ThumbnailCache::ready, this, [this](const QString &path) {
            for (int c = 0; c < m_model.columnCount(); ++c) {
                for (int r = 0; r < m_model.rowCount(); ++r) {
                    RunCell cell = m_model.cell(r, c);
                    if (cell.path == path && cell.thumbnail.isNull()) {
                        cell.thumbnail = m_thumbs->thumbnail(path);
                        m_model.setCell(r, c, cell);
                    }
                }
            }
        });
    }
}

bool ImageController::showRun(const QString &runId)
{
    if (!m_store || isRunning())
        return false;
    const QList<GalleryImage> images = m_store->run(runId);
    if (images.isEmpty())
        return false;
    QList<RunLane> lanes;
    QList<QList<GalleryImage>> perLane;
    for (const GalleryImage &g : images) {
        qsizetype at = 0;
        while (
            at < lanes.size() && (lanes.at(at).model != g.model || lanes.at(at).route != g.route))
            ++at;
        if (at == lanes.size()) {
            lanes.append({g.model, g.route});
            perLane.append(QList<GalleryImage>());
        }
        perLane[at].append(g);
    }
    qsizetype rows = 0;
    for (const auto &l : perLane)
        rows = qMax(rows, l.size());
    m_runId = runId;
    m_answered.clear();
    m_model.reset(lanes, int(rows));
    for (int c = 0; c < perLane.size(); ++c) {
        for (int r = 0; r < rows; ++r) {
            RunCell cell;
            if (r >= perLane.at(c).size()) {
                cell.state = RunCell::State::Failed;
                cell.error = tr("No image kept (failed or cancelled)");
                cell.charged = 0;
            } else {
                const GalleryImage &g = perLane.at(c).at(r);
                cell.state = RunCell::State::Done;
                cell.path = m_store->absolutePath(g);
                cell.galleryId = g.id;
                cell.size = QSize(g.width, g.height);
                cell.fileSize = g.fileSize;
                cell.latencyMs = g.latencyMs;
                cell.charged = g.charged;
                cell.seed = g.seed;
                cell.requestId = g.requestId;
                if (m_thumbs)
                    cell.thumbnail = m_thumbs->thumbnail(cell.path);
            }
            m_model.setCell(r, c, cell);
        }
    }
    return true;
}

ImageController::~ImageController()
{
    m_cancel.cancel();
}

void ImageController::setFault(const QString &model, const QString &fault)
{
    if (fault.isEmpty())
        m_faults.remove(model);
    else
        m_faults.insert(model, fault);
}

CallOptions ImageController::optionsFor(const QString &model, const CancelToken &cancel) const
{
    CallOptions opt;
    opt.tab = u"image"_s;
    opt.cancel = cancel;
    if (m_faults.contains(model))
        opt.headers.append({"x-sandbox-fault", m_faults.value(model).toUtf8()});
    return opt;
}

namespace {
// An image that arrived is what the user waits for: its decode runs on the thumbnail
// threads, so it never waits for other answers' JSON being parsed on the global pool,
// and goes ahead of queued gallery thumbnails there.
constexpr int kThumbnailPriority = 1;
} // namespace

QThreadPool *ImageController::decodePool() const
{
    return m_thumbs ? m_thumbs->pool() : QThreadPool::globalInstance();
}

QCoro::Task<DecodedImage> ImageController::checkSource(QByteArray bytes)
{
    // Named, not temporaries inside the co_await (g++ 12 destroys those twice).
    const auto job = [bytes] { return imagedecode::decodeBytes(bytes, 256); };
    QFuture<DecodedImage> future = QtConcurrent::run(job);
    co_return co_await future;
}

QString ImageController::start(const ImageRunSpec &spec)
{
    cancel();
    m_running = 0;
    m_answered.clear();
    m_cancel = CancelToken();
    m_spec = spec;
    if (!m_spec.source.isEmpty() && m_spec.sourceFile.isEmpty() && m_store) {
        // A copy of the source beside the images, written on the pool (it can be big).
        const QString type = m_spec.sourceMediaType.section(u'/', 1);
        const QString path
            = m_store->newFilePath(u"source."_s + (type == u"jpeg"_s ? u"jpg"_s : type));
        m_spec.sourceFile = QFileInfo(path).fileName();
        const QByteArray bytes = m_spec.source;
        QThreadPool::globalInstance()->start([path, bytes] {
            QSaveFile out(path);
            if (out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size())
                out.commit();
        });
    }
    m_runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_lastEntry.reset();
    m_model.reset(spec.lanes, spec.n);
    Q_EMIT runStarted(m_runId);
    if (!m_client || spec.lanes.isEmpty()) {
        Q_EMIT runFinished(m_runId);
        return m_runId;
    }
    for (int c = 0; c < spec.lanes.size(); ++c) {
        if (spec.lanes.at(c).route == u"messages"_s) {
            for (int r = 0; r < spec.n; ++r) {
                ++m_running;
                QCoro::connect(runMessageCell(c, r, m_spec, m_runId, m_cancel), this, [] {});
            }
        } else {
            ++m_running;
            QCoro::connect(runImagesLane(c, m_spec, m_runId, m_cancel), this, [] {});
        }
    }
    return m_runId;
}

void ImageController::cancel()
{
    if (m_running == 0)
        return;
    m_cancel.cancel();
    // Cells whose call has answered are billed and still arrive; the rest stop here.
    for (int c = 0; c < m_model.columnCount(); ++c) {
        for (int r = 0; r < m_model.rowCount(); ++r) {
            RunCell cell = m_model.cell(r, c);
            if (cell.state != RunCell::State::Pending || m_answered.contains(key(c, r)))
                continue;
            cell.state = RunCell::State::Cancelled;
            cell.charged = 0;
            m_model.setCell(r, c, cell);
        }
    }
}

std::optional<LedgerEntry> ImageController::takeEntry(const QString &route)
{
    std::optional<LedgerEntry> e = std::exchange(m_lastEntry, std::nullopt);
    if (e && e->route != route)
        return std::nullopt;
    return e;
}

// What the call cost in the ledger: its own line plus a tool image's line, if any.
std::optional<Credits> ImageController::chargeOf(const std::optional<LedgerEntry> &entry) const
{
    if (!entry)
        return std::nullopt;
    if (!entry->requestId.isEmpty()) {
        if (const auto total = m_cost->chargedFor(entry->requestId))
            return total;
    }
    return entry->chargedCredits;
}

void ImageController::laneDone()
{
    if (--m_running == 0)
        Q_EMIT runFinished(m_runId);
}

void ImageController::failCell(
    int column, int row, const ApiError &error, std::optional<Credits> charged)
{
    RunCell cell = m_model.cell(row, column);
    if (cell.state != RunCell::State::Pending)
        return;
    cell.state = error.kind == ApiError::Kind::Cancelled ? RunCell::State::Cancelled
                                                         : RunCell::State::Failed;
    cell.error = error.displayText();
    cell.requestId = error.requestId;
    cell.charged = charged.value_or(0);
    m_model.setCell(row, column, cell);
    Q_EMIT cellFilled(row, column);
}

QCoro::Task<> ImageController::runImagesLane(
    int column, ImageRunSpec spec, QString runId, CancelToken cancel)
{
    QPointer<ImageController> self(this);
    const RunLane lane = spec.lanes.at(column);
    QElapsedTimer clock;
    clock.start();
    Result<ImageResult> r;
    if (lane.route == u"edits"_s) {
        ImageEditRequest req;
        req.model = lane.model;
        req.prompt = spec.prompt;
        req.image = spec.source;
        req.imageFileName = spec.sourceName.isEmpty() ? u"source.png"_s : spec.sourceName;
        req.imageMediaType = spec.sourceMediaType.isEmpty() ? u"image/png"_s : spec.sourceMediaType;
        req.n = spec.n;
        req.size = spec.size;
        const CallOptions opt = optionsFor(lane.model, cancel);
        auto call = m_client->editImage(req, opt);
        r = co_await std::move(call);
    } else {
        ImageRequest req;
        req.model = lane.model;
        req.prompt = spec.prompt;
        req.n = spec.n;
        req.size = spec.size;
        req.quality = spec.quality;
        req.responseFormat = spec.responseFormat;
        req.seed = spec.seed;
        const CallOptions opt = optionsFor(lane.model, cancel);
        auto call = m_client->generateImages(req, opt);
        r = co_await std::move(call);
    }
    if (!self || runId != m_runId)
        co_return;
    const std::optional<LedgerEntry> entry = takeEntry(routeOf(lane.route));
    const std::optional<Credits> charged = chargeOf(entry);
    if (!r.ok()) {
        for (int row = 0; row < spec.n; ++row)
            failCell(column, row, r.error(), charged);
        laneDone();
        co_return;
    }
    const QList<GeneratedImage> images = r->images;
    for (int row = 0; row < spec.n; ++row)
        m_answered.insert(key(column, row));
    for (int row = 0; row < spec.n; ++row) {
        if (row >= images.size()) {
            failCell(column, row, ApiError::malformed(tr("The gateway sent fewer images.")), 0);
            continue;
        }
        RunCell cell;
        cell.latencyMs = clock.elapsed();
        if (charged)
            cell.charged = *charged / qMax<qsizetype>(1, images.size());
        // The seed the gateway reports for this image; without one, the cell does not
        // guess (how a gateway derives the seeds of n images from one is its own).
        cell.seed = images.at(row).seed;
        auto step = deliver(
            column, row, images.at(row).data, images.at(row).url, cell, spec, runId, cancel);
        co_await std::move(step);
        if (!self || runId != m_runId)
            co_return;
    }
    laneDone();
}

QCoro::Task<> ImageController::runMessageCell(
    int column, int row, ImageRunSpec spec, QString runId, CancelToken cancel)
{
    QPointer<ImageController> self(this);
    const RunLane lane = spec.lanes.at(column);
    MessageRequest req;
    req.model = spec.messagesModel;
    req.maxTokens = 512;
    req.messages.append(InputMessage::user(spec.prompt));
    req.addImageTool(lane.model, spec.size);
    req.toolChoice = QJsonObject {{u"type"_s, u"tool"_s}, {u"name"_s, u"generate_image"_s}};
    QElapsedTimer clock;
    clock.start();
    const CallOptions opt = optionsFor(lane.model, cancel);
    auto call = m_client->createMessage(req, opt);
    const Result<Message> r = co_await std::move(call);
    if (!self || runId != m_runId)
        co_return;
    const std::optional<LedgerEntry> entry = takeEntry(u"/v1/messages"_s);
    const std::optional<Credits> charged = chargeOf(entry);
    if (!r.ok()) {
        failCell(column, row, r.error(), charged);
        laneDone();
        co_return;
    }
    const QList<ContentBlock> images = r->images();
    if (images.isEmpty()) {
        // A blocked image does not fail the message: its text says why.
        ApiError blocked;
        blocked.kind = ApiError::Kind::ContentPolicy;
        blocked.message = r->text().trimmed().isEmpty() ? tr("No image came back.") : r->text();
        failCell(column, row, blocked, charged);
        RunCell cell = m_model.cell(row, column);
        cell.error = tr("Image blocked: %1").arg(blocked.message.left(160));
        m_model.setCell(row, column, cell);
        laneDone();
        co_return;
    }
    m_answered.insert(key(column, row));
    RunCell cell;
    cell.latencyMs = clock.elapsed();
    cell.charged = charged;
    auto step
        = deliver(column, row, images.first().data, images.first().url, cell, spec, runId, cancel);
    co_await std::move(step);
    if (self && runId == m_runId)
        laneDone();
}

QCoro::Task<> ImageController::deliver(int column, int row, QByteArray data, QUrl url, RunCell cell,
    ImageRunSpec spec, QString runId, CancelToken cancel)
{
    QPointer<ImageController> self(this);
    const RunLane lane = spec.lanes.at(column);
    Q_UNUSED(cancel)
    const QString path = m_store ? m_store->newFilePath(u"png"_s) : QString();
    const int edge = m_thumbs ? m_thumbs->edge() : 192;
    if (data.isEmpty() && url.isValid()) {
        // Streamed to the gallery file once (never held whole in memory); a fresh token:
        // the image is made and billed, so Cancel does not throw it away.
        CallOptions opt = optionsFor(QString(), CancelToken());
        auto call = m_client->downloadToFile(url, path, {}, opt);
        const Result<qint64> got = co_await std::move(call);
        if (!self || runId != m_runId)
            co_return;
        if (!got.ok()) {
            // The image was made (and billed); only its download failed.
            RunCell failed = m_model.cell(row, column);
            failed.state = RunCell::State::Failed;
            failed.error = tr("Download failed: %1").arg(got.error().displayText());
            failed.charged = cell.charged;
            m_model.setCell(row, column, failed);
            co_return;
        }
    }
    // Decodes what was downloaded to `path`, or writes the answer's bytes there and decodes them.
    auto job = [data, path, edge] {
        if (!data.isEmpty())
            return imagedecode::storeAndDecode(data, path, edge);
        DecodedImage d = imagedecode::decodeFile(path, edge);
        if (!d.ok())
            QFile::remove(path);
        return d;
    };
    QFuture<DecodedImage> future = QtConcurrent::task(std::move(job))
                                       .onThreadPool(*decodePool())
                                       .withPriority(kThumbnailPriority)
                                       .spawn();
    DecodedImage decoded = co_await future;
    if (!self || runId != m_runId)
        co_return;
    if (!decoded.ok()) {
        RunCell failed = m_model.cell(row, column);
        failed.state = RunCell::State::Failed;
        failed.error = decoded.error;
        failed.charged = cell.charged;
        m_model.setCell(row, column, failed);
        co_return;
    }
    if (!data.isEmpty()) // written by storeAndDecode, not yet on the disk: flushed now
        QThreadPool::globalInstance()->start(
            [file = decoded.path] { imagedecode::syncFile(file); });
    cell.state = RunCell::State::Done;
    cell.path = decoded.path;
    cell.size = decoded.size;
    cell.fileSize = decoded.fileSize;
    cell.thumbnail = decoded.thumbnail;
    if (m_thumbs)
        m_thumbs->insert(decoded.path, decoded.thumbnail);
    if (m_store) {
        GalleryImage g;
        g.runId = runId;
        g.model = lane.model;
        g.route = lane.route;
        g.prompt = spec.prompt;
        g.params = spec.paramsJson();
        g.charged = cell.charged.value_or(0);
        g.latencyMs = cell.latencyMs;
        g.seed = cell.seed;
        g.file = QFileInfo(decoded.path).fileName();
        g.width = decoded.size.width();
        g.height = decoded.size.height();
        g.fileSize = decoded.fileSize;
        if (const auto added = m_store->add(g))
            cell.galleryId = added->id;
    }
    m_model.setCell(row, column, cell);
    Q_EMIT cellFilled(row, column);
}

} // namespace bsp::ui
