#pragma once

#include "core/money.h"

#include <QAbstractTableModel>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

#include <optional>

namespace bsp {

// One column of a run: a model on one route.
struct RunLane
{
    QString model;
    QString route; // "images", "messages" or "edits"
};

// One cell of the run grid: an image that has arrived, is still coming, or failed.
struct RunCell
{
    enum class State { Pending, Done, Failed, Cancelled };

    State state = State::Pending;
    QString path; // the image file in the gallery folder
    qint64 galleryId = 0;
    QImage thumbnail;
    QSize size;
    qint64 fileSize = 0;
    qint64 latencyMs = 0;
    std::optional<Credits> charged; // from the ledger's record of the call
    QString seed;
    QString error; // why it failed, one line, with the request id
    QString requestId;
};

// The grid of one multi-model run: a column per lane, one row per asked image.
class ImageRunModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageRunModel)

public:
    enum Role { StateRole = Qt::UserRole + 1, PathRole, CellRole, CaptionRole };

    explicit ImageRunModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    void reset(const QList<RunLane> &lanes, int imagesPerLane);
    QList<RunLane> lanes() const { return m_lanes; }
    const RunCell &cell(int row, int column) const;
    void setCell(int row, int column, const RunCell &cell);
    // Every still-pending cell of `column` (all columns when -1) becomes `state`.
    void settlePending(int column, RunCell::State state, const QString &error);
    int count(RunCell::State state) const;
    static QString caption(const RunCell &cell);

Q_SIGNALS:
    void cellChanged(int row, int column);

private:
    QList<RunLane> m_lanes;
    int m_rows = 0;
    QList<QList<RunCell>> m_cells; // [column][row]
};

} // namespace bsp
