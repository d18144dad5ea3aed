#pragma once

#include "core/corpus.h"
#include "core/semanticsearch.h"

#include <QAbstractTableModel>
#include <QSet>

namespace bsp::ui {

// The corpus as a table: source, position, length and the start of the text.
class ChunkTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Source, Position, Length, Text, ColumnCount };
    enum Role { FullTextRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void setChunks(const QList<Chunk> *chunks); // not owned; call again after it changed
    // Rows recalled / reranked by the last search, shown in bold / marked.
    void setHighlights(const QSet<int> &recalled, const QSet<int> &reranked);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    const QList<Chunk> *m_chunks = nullptr;
    QSet<int> m_recalled;
    QSet<int> m_reranked;
};

// One ranking of a search: the recall (by cosine) or the rerank, with each rerank hit's
// move against its recall rank (up, down, or new to the top N).
class RankingModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Rank, Score, Change, Chunk, Text, ColumnCount };
    enum Role { ChunkRowRole = Qt::UserRole + 1, MoveRole };
    enum class Kind { Recall, Rerank };
    enum Move { Same = 0, Up = 1, Down = 2, New = 3 };

    explicit RankingModel(Kind kind, QObject *parent = nullptr);

    void setOutcome(const SearchOutcome &outcome, const QList<bsp::Chunk> *chunks);
    void clear();
    // The rerank hit's move: N = the size of the rerank list.
    static Move moveOf(int recallRank, int newRank, int topN);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        int chunkRow = -1;
        double score = 0;
        int recallRank = 0;
        Move move = Same;
        bool kept = false; // recall rows that survived the rerank
    };
    Kind m_kind;
    QList<Row> m_rows;
    const QList<bsp::Chunk> *m_chunks = nullptr;
};

} // namespace bsp::ui
