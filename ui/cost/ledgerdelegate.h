#pragma once

#include <QStyledItemDelegate>

namespace bsp::ui {

// Draws the ledger's charged column: a failure or a free cancel gets a distinct
// "not billed" badge, a running task a "reserved" badge, so nobody reads a hold or
// a free failure as spend. Tooltips carry the reason and the request id.
class LedgerDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LedgerDelegate)

public:
    explicit LedgerDelegate(QObject *parent = nullptr);

    enum class Badge { None, NotBilled, Reserved, Mismatch };
    static Badge badgeFor(const QModelIndex &index);
    static QString badgeText(Badge b);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    static QString toolTipFor(const QModelIndex &index);
};

} // namespace bsp::ui
