#include "core/indexbundle.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(IndexBundle)
};

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

} // namespace

QString IndexBundle::cacheFolder(const QString &dir)
{
    return QDir(dir).filePath(u"cache"_s);
}

bool IndexBundle::save(const QString &dir, QString *error) const
{
    if (!index)
        return fail(error, Tr::tr("nothing to save: no index"));
    if (!QDir().mkpath(dir))
        return fail(error, Tr::tr("cannot create %1").arg(dir));
    const QDir d(dir);
    QSaveFile chunksFile(d.filePath(u"chunks.jsonl"_s));
    if (!chunksFile.open(QIODevice::WriteOnly))
        return fail(error, chunksFile.errorString());
    for (const Chunk &c : chunks) {
        const QJsonObject o {{u"source"_s, c.source}, {u"position"_s, c.position},
            {u"record"_s, c.record}, {u"text"_s, c.text}};
        chunksFile.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    }
    if (!chunksFile.commit())
        return fail(error, Tr::tr("cannot write chunks.jsonl: %1").arg(chunksFile.errorString()));
    if (!index->save(d.filePath(u"index.bin"_s), model, error))
        return false;
    const QJsonObject manifest {{u"format"_s, 1}, {u"model"_s, model},
        {u"dimensions"_s, index->dimensions()}, {u"chunks"_s, qint64(chunks.size())},
        {u"chunking"_s, options.chunkSpec()}, {u"field"_s, options.field},
        {u"corpus"_s, corpusPath}, {u"built_at"_s, builtAt.toString(Qt::ISODate)},
        {u"index"_s, index->kind()}};
    QSaveFile m(d.filePath(u"manifest.json"_s));
    if (!m.open(QIODevice::WriteOnly))
        return fail(error, m.errorString());
    m.write(QJsonDocument(manifest).toJson());
    if (!m.commit())
        return fail(error, Tr::tr("cannot write manifest.json: %1").arg(m.errorString()));
    return true;
}

std::optional<IndexBundle> IndexBundle::load(
    const QString &dir, const QString &expectedModel, QString *error)
{
    const QDir d(dir);
    QFile m(d.filePath(u"manifest.json"_s));
    if (!m.open(QIODevice::ReadOnly)) {
        fail(error, Tr::tr("%1 holds no index (no manifest.json)").arg(dir));
        return std::nullopt;
    }
    const QJsonObject manifest = QJsonDocument::fromJson(m.readAll()).object();
    IndexBundle b;
    b.model = manifest.value("model"_L1).toString();
    b.dimensions = manifest.value("dimensions"_L1).toInt();
    b.corpusPath = manifest.value("corpus"_L1).toString();
    b.builtAt = QDateTime::fromString(manifest.value("built_at"_L1).toString(), Qt::ISODate);
    b.options.parseChunkSpec(manifest.value("chunking"_L1).toString());
    b.options.field = manifest.value("field"_L1).toString();
    if (b.model.isEmpty() || b.dimensions <= 0) {
        fail(error, Tr::tr("manifest.json in %1 names no model or dimensions").arg(dir));
        return std::nullopt;
    }
    if (!expectedModel.isEmpty() && b.model != expectedModel) {
        fail(error, Tr::tr("the index was built with %1, not %2").arg(b.model, expectedModel));
        return std::nullopt;
    }
    std::unique_ptr<FlatIndex> index
        = FlatIndex::load(d.filePath(u"index.bin"_s), b.model, b.dimensions, error);
    if (!index)
        return std::nullopt;
    QFile c(d.filePath(u"chunks.jsonl"_s));
    if (!c.open(QIODevice::ReadOnly)) {
        fail(error, Tr::tr("cannot read chunks.jsonl: %1").arg(c.errorString()));
        return std::nullopt;
    }
    b.chunks.reserve(index->size());
    while (!c.atEnd()) {
        const QByteArray line = c.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        b.chunks.append(Chunk {o.value("source"_L1).toString(), o.value("position"_L1).toInt(),
            o.value("record"_L1).toInt(), o.value("text"_L1).toString()});
    }
    if (b.chunks.size() != index->size()) {
        fail(error,
            Tr::tr("chunks.jsonl has %1 chunks; the index has %2 rows")
                .arg(b.chunks.size())
                .arg(index->size()));
        return std::nullopt;
    }
    b.index = std::move(index);
    return b;
}

} // namespace bsp
