#include "ui/embeddings/embeddingmodels.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QFont>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

QString preview(const QString &text)
{
    QString t = text.left(200);
    t.replace(u'\n', u' ');
    return t.size() < text.size() ? t + QChar(0x2026) : t;
}

} // namespace

void ChunkTableModel::setChunks(const QList<Chunk> *chunks)
{
    beginResetModel();
    m_chunks = chunks;
    m_recalled.clear();
    m_reranked.clear();
    endResetModel();
}

void ChunkTableModel::setHighlights(const QSet<int> &recalled, const QSet<int> &reranked)
{
    m_recalled = recalled;
    m_reranked = reranked;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ChunkTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_chunks ? 0 : int(m_chunks->size());
}

int ChunkTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChunkTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_chunks)
        return {};
    const Chunk &c = m_chunks->at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Source:
            return QFileInfo(c.source).fileName().isEmpty() ? c.source
                                                            : QFileInfo(c.source).fileName();
        case Position:
            return c.record > 0 ? tr("%1 (line %2)").arg(c.position + 1).arg(c.record)
                                : QString::number(c.position + 1);
        case Length:
            return int(c.text.size());
        case Text:
            return preview(c.text);
        }
        break;
    case Qt::ToolTipRole:
        return index.column() == Source ? c.source : c.text.left(2000);
    case Qt::TextAlignmentRole:
        if (index.column() == Length)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::FontRole:
        if (m_reranked.contains(index.row()) || m_recalled.contains(index.row())) {
            QFont f;
            f.setBold(m_reranked.contains(index.row()));
            f.setItalic(!m_reranked.contains(index.row()));
            return f;
        }
        break;
    case FullTextRole:
        return c.text;
    }
    return {};
}

QVariant ChunkTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Source:
        return tr("Source");
    case Position:
        return tr("Position");
    case Length:
        return tr("Length");
    case Text:
        return tr("Text");
    }
    return {};
}

// ---- RankingModel -------------------------------------------------------------

RankingModel::RankingModel(Kind kind, QObject *parent) : QAbstractTableModel(parent), m_kind(kind)
{ }

RankingModel::Move RankingModel::moveOf(int recallRank, int newRank, int topN)
{
    if (recallRank > topN)
        return New;
    if (recallRank > newRank)
        return Up;
    if (recallRank < newRank)
        return Down;
    return Same;
}

void RankingModel::setOutcome(const SearchOutcome &outcome, const QList<bsp::Chunk> *chunks)
{
    beginResetModel();
    m_chunks = chunks;
    m_rows.clear();
    const int topN = int(outcome.reranked.size());
    if (m_kind == Kind::Recall) {
        QSet<int> kept;
        for (const RerankedHit &h : outcome.reranked)
            kept.insert(h.row);
        for (qsizetype i = 0; i < outcome.recall.size(); ++i) {
            const SearchHit &h = outcome.recall.at(i);
            m_rows.append(Row {h.row, double(h.score), int(i + 1), Same, kept.contains(h.row)});
        }
    } else {
        for (qsizetype i = 0; i < outcome.reranked.size(); ++i) {
            const RerankedHit &h = outcome.reranked.at(i);
            m_rows.append(
                Row {h.row, h.score, h.recallRank, moveOf(h.recallRank, int(i + 1), topN), true});
        }
    }
    endResetModel();
}

void RankingModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int RankingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RankingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RankingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    const bool hasChunk = m_chunks && r.chunkRow >= 0 && r.chunkRow < m_chunks->size();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Rank:
            return index.row() + 1;
        case Score:
            return QString::number(r.score, 'f', 4);
        case Change:
            if (m_kind == Kind::Recall)
                return r.kept ? tr("kept") : QString();
            switch (r.move) {
            case Up:
                return tr("▲ %1 (from #%2)")
                    .arg(r.recallRank - (index.row() + 1))
                    .arg(r.recallRank);
            case Down:
                return tr("▼ %1 (from #%2)").arg(index.row() + 1 - r.recallRank).arg(r.recallRank);
            case New:
                return tr("new (from #%1)").arg(r.recallRank);
            case Same:
                return tr("= (#%1)").arg(r.recallRank);
            }
            break;
        case Chunk:
            return hasChunk ? m_chunks->at(r.chunkRow).id().section(u'/', -1) : QString();
        case Text:
            return hasChunk ? preview(m_chunks->at(r.chunkRow).text) : QString();
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == Change && m_kind == Kind::Rerank) {
            switch (r.move) {
            case Up:
                return QBrush(QColor(0x1b, 0x7f, 0x3b));
            case Down:
                return QBrush(QColor(0xb0, 0x2a, 0x2a));
            case New:
                return QBrush(QColor(0x1f, 0x5f, 0xbf));
            case Same:
                break;
            }
        }
        break;
    case Qt::FontRole:
        if (m_kind == Kind::Recall && r.kept) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::ToolTipRole:
        return hasChunk ? m_chunks->at(r.chunkRow).text.left(2000) : QVariant();
    case ChunkRowRole:
        return r.chunkRow;
    case MoveRole:
        return int(r.move);
    }
    return {};
}

QVariant RankingModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Rank:
        return tr("#");
    case Score:
        return m_kind == Kind::Recall ? tr("Cosine") : tr("Relevance");
    case Change:
        return m_kind == Kind::Recall ? tr("Rerank") : tr("Change");
    case Chunk:
        return tr("Chunk");
    case Text:
        return tr("Text");
    }
    return {};
}

} // namespace bsp::ui
