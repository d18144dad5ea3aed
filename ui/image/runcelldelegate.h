#pragma once

#include <QStyledItemDelegate>

namespace bsp::ui {

// Paints one cell of the run grid: the thumbnail (or a placeholder while it comes, the
// reason when it failed) above its caption lines (pixel size, latency, cost, seed).
class RunCellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunCellDelegate)

public:
    explicit RunCellDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static constexpr int kThumb = 192;
};

} // namespace bsp::ui
