#include "core/imagerunmodel.h"

#include <QLocale>

namespace bsp {

using namespace Qt::StringLiterals;

ImageRunModel::ImageRunModel(QObject *parent) : QAbstractTableModel(parent) { }

int ImageRunModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ImageRunModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lanes.size());
}

QString ImageRunModel::caption(const RunCell &c)
{
    switch (c.state) {
    case RunCell::State::Pending:
        return tr("Generating…");
    case RunCell::State::Cancelled:
        return tr("Cancelled · not billed");
    case RunCell::State::Failed:
        return tr("%1\nnot billed").arg(c.error);
    case RunCell::State::Done:
        break;
    }
    QStringList lines;
    lines << tr("%1 × %2 px · %3")
                 .arg(c.size.width())
                 .arg(c.size.height())
                 .arg(QLocale().formattedDataSize(c.fileSize));
    lines << tr("%1 ms · %2")
                 .arg(c.latencyMs)
                 .arg(c.charged ? formatUsd(*c.charged) : tr("cost pending"));
    if (!c.seed.isEmpty())
        lines << tr("seed %1").arg(c.seed);
    return lines.join(u'\n');
}

QVariant ImageRunModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() >= m_lanes.size() || index.row() >= m_rows)
        return {};
    const RunCell &c = m_cells.at(index.column()).at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case CaptionRole:
        return caption(c);
    case Qt::AccessibleTextRole:
        return QString(m_lanes.at(index.column()).model + u": "_s + caption(c));
    case Qt::ToolTipRole:
        return c.requestId.isEmpty()
            ? caption(c)
            : QString(caption(c) + u'\n' + tr("request %1").arg(c.requestId));
    case Qt::DecorationRole:
        return c.thumbnail.isNull() ? QVariant() : QVariant(c.thumbnail);
    case StateRole:
        return int(c.state);
    case PathRole:
        return c.path;
    default:
        return {};
    }
}

QVariant ImageRunModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (o == Qt::Vertical)
        return section + 1;
    if (section < 0 || section >= m_lanes.size())
        return {};
    const RunLane &l = m_lanes.at(section);
    const QString route = l.route == u"messages"_s ? tr("Messages tool")
        : l.route == u"edits"_s                    ? tr("Edit")
                                                   : tr("Images API");
    return tr("%1 · %2").arg(l.model, route);
}

void ImageRunModel::reset(const QList<RunLane> &lanes, int imagesPerLane)
{
    beginResetModel();
    m_lanes = lanes;
    m_rows = imagesPerLane;
    m_cells.clear();
    for (qsizetype i = 0; i < lanes.size(); ++i)
        m_cells.append(QList<RunCell>(imagesPerLane));
    endResetModel();
}

const RunCell &ImageRunModel::cell(int row, int column) const
{
    return m_cells.at(column).at(row);
}

void ImageRunModel::setCell(int row, int column, const RunCell &cell)
{
    if (column < 0 || column >= m_cells.size() || row < 0 || row >= m_rows)
        return;
    m_cells[column][row] = cell;
    const QModelIndex i = index(row, column);
    Q_EMIT dataChanged(i, i);
    Q_EMIT cellChanged(row, column);
}

void ImageRunModel::settlePending(int column, RunCell::State state, const QString &error)
{
    for (int c = 0; c < m_cells.size(); ++c) {
        if (column >= 0 && c != column)
            continue;
        for (int r = 0; r < m_rows; ++r) {
            RunCell cell = m_cells.at(c).at(r);
            if (cell.state != RunCell::State::Pending)
                continue;
            cell.state = state;
            cell.error = error;
            setCell(r, c, cell);
        }
    }
}

int ImageRunModel::count(RunCell::State state) const
{
    int n = 0;
    for (const auto &col : m_cells)
        for (const RunCell &c : col)
            n += c.state == state ? 1 : 0;
    return n;
}

} // namespace bsp
