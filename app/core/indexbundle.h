#pragma once

#include "core/corpus.h"
#include "core/embeddingindex.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

namespace bsp {

// A built index on disk, in one folder, beside its vector cache:
//   manifest.json  model, dimensions, chunk count, chunking, corpus path, time
//   chunks.jsonl   one {"source","position","record","text"} per row, in row order
//   index.bin      the normalised float32 matrix (FlatIndex::save)
//   cache/         the VectorCache the vectors came from (a rebuild sends nothing)
// The CLI writes it and the Embeddings tab opens it; both read it with load().
struct IndexBundle
{
    QString model;
    int dimensions = 0;
    QString corpusPath;
    CorpusOptions options;
    QDateTime builtAt;
    QList<Chunk> chunks;
    std::shared_ptr<FlatIndex> index;

    static QString cacheFolder(const QString &dir);
    bool save(const QString &dir, QString *error = nullptr) const;
    // The manifest's model and dimensions are checked against the index file's, and
    // against `expectedModel` when given; the chunk count against the rows.
    static std::optional<IndexBundle> load(
        const QString &dir, const QString &expectedModel = {}, QString *error = nullptr);
};

} // namespace bsp
