#include "core/imagegallerystore.h"

#include "core/database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadPool>
#include <QUuid>
#include <QVariant>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

QString nn(const QString &s)
{
    return s.isNull() ? QString(u""_s) : s;
}

const QString kColumns = u"id, run_id, created_ms, model, route, prompt, params, charged_credits,"
                         " latency_ms, request_id, seed, file, width, height, file_size"_s;

GalleryImage fromQuery(const QSqlQuery &q)
{
    GalleryImage g;
    g.id = q.value(0).toLongLong();
    g.runId = q.value(1).toString();
    // UTC: local time would ask for the time zone again for every row of a long list.
    g.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
    g.model = q.value(3).toString();
    g.route = q.value(4).toString();
    g.prompt = q.value(5).toString();
    g.params = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    g.charged = q.value(7).toLongLong();
    g.latencyMs = q.value(8).toLongLong();
    g.requestId = q.value(9).toString();
    g.seed = q.value(10).toString();
    g.file = q.value(11).toString();
    g.width = q.value(12).toInt();
    g.height = q.value(13).toInt();
    g.fileSize = q.value(14).toLongLong();
    return g;
}

} // namespace

QJsonObject GalleryImage::toJson() const
{
    return QJsonObject {{u"file"_s, file}, {u"model"_s, model}, {u"route"_s, route},
        {u"prompt"_s, prompt}, {u"params"_s, params}, {u"charged_usd"_s, usdFromCredits(charged)},
        {u"charged_credits"_s, charged}, {u"latency_ms"_s, latencyMs}, {u"request_id"_s, requestId},
        {u"seed"_s, seed}, {u"width"_s, width}, {u"height"_s, height}, {u"file_size"_s, fileSize},
        {u"created_at"_s, createdAt.toUTC().toString(Qt::ISODateWithMs)}};
}

bool GalleryFilter::matches(const GalleryImage &image) const
{
    if (!model.isEmpty() && image.model != model)
        return false;
    const QString t = text.trimmed();
    if (t.isEmpty())
        return true;
    const auto latinLower = [](QString s) {
        for (QChar &c : s) {
            if (c.unicode() < 128)
                c = c.toLower();
        }
        return s;
    };
    const QString needle = latinLower(t);
    return latinLower(image.prompt).contains(needle) || latinLower(image.model).contains(needle);
}

ImageGalleryStore::ImageGalleryStore(
    const QString &databasePath, const QString &imagesDir, QObject *parent)
    : QObject(parent)
    , m_db(std::make_unique<Database>(databasePath))
    , m_imagesDir(QDir(imagesDir).absolutePath())
{ }

ImageGalleryStore::~ImageGalleryStore() = default;

bool ImageGalleryStore::open()
{
    if (!QDir().mkpath(m_imagesDir)) {
        m_error = tr("Cannot create the image folder %1").arg(m_imagesDir);
        return false;
    }
    if (!m_db->open()) {
        m_error = m_db->lastError();
        return false;
    }
    sweepPartFiles();
    return true;
}

void ImageGalleryStore::sweepPartFiles()
{
    // A kill between writing a fresh image and renaming it into place leaves its
    // `.part` file (imagedecode::storeAndDecode). Swept on the pool, so that listing a
    // large folder never holds up the start; a file written in the last minute may
    // still be on its way (another store open on the folder) and is left alone.
    const QString folder = m_imagesDir;
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-60);
    QThreadPool::globalInstance()->start([folder, before] {
        const QFileInfoList parts
            = QDir(folder).entryInfoList({u"*.part"_s}, QDir::Files | QDir::Hidden);
        for (const QFileInfo &part : parts) {
            if (part.lastModified().toUTC() < before)
                QFile::remove(part.absoluteFilePath());
        }
    });
}

bool ImageGalleryStore::isOpen() const
{
    return m_db->isOpen();
}

QString ImageGalleryStore::newFilePath(const QString &suffix) const
{
    return m_imagesDir + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces) + u'.' + suffix;
}

QString ImageGalleryStore::absolutePath(const GalleryImage &image) const
{
    return QDir(m_imagesDir).filePath(image.file);
}

std::optional<GalleryImage> ImageGalleryStore::add(GalleryImage image)
{
    if (!isOpen())
        return std::nullopt;
    image.file = QFileInfo(image.file).fileName();
    if (!image.createdAt.isValid())
        image.createdAt = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db->db());
    q.prepare(u"INSERT INTO image_gallery (run_id, created_ms, model, route, prompt, params,"
              " charged_credits, latency_ms, request_id, seed, file, width, height, file_size)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(nn(image.runId));
    q.addBindValue(image.createdAt.toMSecsSinceEpoch());
    q.addBindValue(nn(image.model));
    q.addBindValue(nn(image.route));
    q.addBindValue(nn(image.prompt));
    q.addBindValue(QString::fromUtf8(QJsonDocument(image.params).toJson(QJsonDocument::Compact)));
    q.addBindValue(image.charged);
    q.addBindValue(image.latencyMs);
    q.addBindValue(nn(image.requestId));
    q.addBindValue(nn(image.seed));
    q.addBindValue(image.file);
    q.addBindValue(image.width);
    q.addBindValue(image.height);
    q.addBindValue(image.fileSize);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return std::nullopt;
    }
    image.id = q.lastInsertId().toLongLong();
    Q_EMIT imageAdded(image);
    return image;
}

QList<GalleryImage> ImageGalleryStore::select(const QString &tail, const QVariantList &binds) const
{
    if (!isOpen())
        return {};
    return selectOn(m_db->db(), tail, binds, &m_error);
}

QList<GalleryImage> ImageGalleryStore::selectOn(
    QSqlDatabase db, const QString &tail, const QVariantList &binds, QString *error)
{
    QList<GalleryImage> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT "_s + kColumns + u" FROM image_gallery "_s + tail);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(fromQuery(q));
    return out;
}

std::optional<GalleryImage> ImageGalleryStore::image(qint64 id) const
{
    const QList<GalleryImage> rows = select(u"WHERE id = ?"_s, {id});
    return rows.isEmpty() ? std::nullopt : std::optional<GalleryImage>(rows.first());
}

namespace {

// The WHERE ... ORDER BY ... LIMIT of a gallery list, and its bound values.
std::pair<QString, QVariantList> listQuery(const GalleryFilter &filter, int limit)
{
    QStringList where;
    QVariantList binds;
    if (!filter.text.trimmed().isEmpty()) {
        where.append(u"(prompt LIKE ? ESCAPE '\\' OR model LIKE ? ESCAPE '\\')"_s);
        QString t = filter.text.trimmed();
        t.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
        const QString like = u'%' + t + u'%';
        binds << like << like;
    }
    if (!filter.model.isEmpty()) {
        where.append(u"model = ?"_s);
        binds << filter.model;
    }
    QString tail = where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s);
    tail += u" ORDER BY id DESC"_s;
    if (limit > 0)
        tail += u" LIMIT "_s + QString::number(limit);
    return {tail, binds};
}

} // namespace

QList<GalleryImage> ImageGalleryStore::list(const GalleryFilter &filter, int limit) const
{
    const auto [tail, binds] = listQuery(filter, limit);
    return select(tail, binds);
}

QList<GalleryImage> ImageGalleryStore::listFrom(
    const QString &databasePath, const GalleryFilter &filter, int limit, QString *error)
{
    Database reader(databasePath);
    if (!reader.openForReading()) {
        if (error)
            *error = reader.lastError();
        return {};
    }
    const auto [tail, binds] = listQuery(filter, limit);
    return selectOn(reader.db(), tail, binds, error);
}

QString ImageGalleryStore::databasePath() const
{
    return m_db ? m_db->path() : QString();
}

QList<GalleryImage> ImageGalleryStore::run(const QString &runId) const
{
    return select(u"WHERE run_id = ? ORDER BY id"_s, {runId});
}

QStringList ImageGalleryStore::models() const
{
    QStringList out;
    if (!isOpen())
        return out;
    QSqlQuery q(m_db->db());
    if (q.exec(u"SELECT DISTINCT model FROM image_gallery ORDER BY model"_s)) {
        while (q.next())
            out.append(q.value(0).toString());
    }
    return out;
}

int ImageGalleryStore::count() const
{
    if (!isOpen())
        return 0;
    QSqlQuery q(m_db->db());
    return q.exec(u"SELECT COUNT(*) FROM image_gallery"_s) && q.next() ? q.value(0).toInt() : 0;
}

bool ImageGalleryStore::remove(qint64 id)
{
    const std::optional<GalleryImage> img = image(id);
    if (!img)
        return false;
    QSqlQuery q(m_db->db());
    q.prepare(u"DELETE FROM image_gallery WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    QFile::remove(absolutePath(*img));
    // An edit's source (kept for its re-runs, shared by them) goes with the last image
    // that names it.
    const QString source = QFileInfo(img->params.value(u"source_file"_s).toString()).fileName();
    if (!source.isEmpty() && !sourceInUse(source))
        QFile::remove(QDir(m_imagesDir).filePath(source));
    Q_EMIT imageRemoved(id);
    return true;
}

bool ImageGalleryStore::sourceInUse(const QString &fileName) const
{
    // File names are fresh UUIDs: a match in a row's params is that row naming it.
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT COUNT(*) FROM image_gallery WHERE instr(params, ?) > 0"_s);
    q.addBindValue(QString(u"\"source_file\":\""_s + fileName + u'"'));
    return !q.exec() || !q.next() || q.value(0).toInt() > 0; // unsure: keep it
}

bool ImageGalleryStore::exportRun(const QString &runId, const QString &folder, QString *error) const
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QList<GalleryImage> images = run(runId);
    if (images.isEmpty())
        return fail(tr("The run has no images."));
    if (!QDir().mkpath(folder))
        return fail(tr("Cannot create %1").arg(folder));
    QJsonArray list;
    for (const GalleryImage &g : images) {
        const QString target = QDir(folder).filePath(g.file);
        QFile::remove(target);
        if (!QFile::copy(absolutePath(g), target))
            return fail(tr("Cannot copy %1").arg(g.file));
        list.append(g.toJson());
    }
    QSaveFile manifest(QDir(folder).filePath(u"manifest.json"_s));
    if (!manifest.open(QIODevice::WriteOnly))
        return fail(manifest.errorString());
    const QJsonObject root {
        {u"run_id"_s, runId}, {u"prompt"_s, images.first().prompt}, {u"images"_s, list}};
    manifest.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!manifest.commit())
        return fail(manifest.errorString());
    return true;
}

QList<ImagePreset> ImageGalleryStore::presets() const
{
    QList<ImagePreset> out;
    if (!isOpen())
        return out;
    QSqlQuery q(m_db->db());
    if (q.exec(u"SELECT name, body FROM image_presets ORDER BY name"_s)) {
        while (q.next())
            out.append({q.value(0).toString(),
                QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object()});
    }
    return out;
}

bool ImageGalleryStore::savePreset(const ImagePreset &preset)
{
    if (!isOpen() || preset.name.trimmed().isEmpty())
        return false;
    QSqlQuery q(m_db->db());
    q.prepare(u"INSERT OR REPLACE INTO image_presets (name, body, updated_ms) VALUES (?, ?, ?)"_s);
    q.addBindValue(preset.name.trimmed());
    q.addBindValue(QString::fromUtf8(QJsonDocument(preset.body).toJson(QJsonDocument::Compact)));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return q.exec();
}

bool ImageGalleryStore::removePreset(const QString &name)
{
    if (!isOpen())
        return false;
    QSqlQuery q(m_db->db());
    q.prepare(u"DELETE FROM image_presets WHERE name = ?"_s);
    q.addBindValue(name);
    return q.exec();
}

} // namespace bsp
