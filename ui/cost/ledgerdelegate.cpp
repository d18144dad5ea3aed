#include "ui/cost/ledgerdelegate.h"

#include "core/ledger.h"
#include "core/ledgermodel.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

LedgerEntry entryOf(const QModelIndex &index)
{
    return index.data(LedgerModel::EntryRole).value<LedgerEntry>();
}

} // namespace

LedgerDelegate::LedgerDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

LedgerDelegate::Badge LedgerDelegate::badgeFor(const QModelIndex &index)
{
    // Only two columns carry badges: decide by column before copying the entry, since
    // paint() asks for every visible cell.
    if (!index.isValid()
        || (index.column() != LedgerModel::ChargedColumn
            && index.column() != LedgerModel::ReconciledColumn))
        return Badge::None;
    const LedgerEntry e = entryOf(index);
    if (index.column() == LedgerModel::ReconciledColumn)
        return e.mismatch ? Badge::Mismatch : Badge::None;
    if (e.status == LedgerEntry::Status::Reserved)
        return Badge::Reserved;
    if ((e.status == LedgerEntry::Status::Failed || e.status == LedgerEntry::Status::Cancelled)
        && e.chargedCredits == 0)
        return Badge::NotBilled;
    return Badge::None;
}

QString LedgerDelegate::badgeText(Badge b)
{
    switch (b) {
    case Badge::NotBilled:
        return tr("not billed");
    case Badge::Reserved:
        return tr("reserved");
    case Badge::Mismatch:
        return tr("differs");
    case Badge::None:
        break;
    }
    return {};
}

QString LedgerDelegate::toolTipFor(const QModelIndex &index)
{
    const LedgerEntry e = entryOf(index);
    QStringList lines;
    switch (badgeFor(index)) {
    case Badge::NotBilled:
        lines << (e.status == LedgerEntry::Status::Cancelled
                ? tr("Cancelled before anything was billed: charged $0.")
                : tr("Failed calls are free: charged $0."));
        if (!e.errorCode.isEmpty())
            lines << tr("Reason: %1 %2").arg(e.errorCode, e.errorMessage).trimmed();
        if (e.estimatedCredits)
            lines
                << tr("Would have cost %1 at the card's rate.").arg(formatUsd(*e.estimatedCredits));
        break;
    case Badge::Reserved:
        lines << tr("Running task: %1 is held, not spent, until the task ends.")
                     .arg(formatUsd(e.reservedCredits));
        break;
    case Badge::Mismatch:
        lines << tr("The gateway's usage says %1, the ledger charged %2.")
                     .arg(formatUsd(e.reconciledCredits.value_or(0)), formatUsd(e.chargedCredits));
        break;
    case Badge::None: {
        const QString own = index.data(Qt::ToolTipRole).toString();
        if (!own.isEmpty())
            lines << own;
        break;
    }
    }
    if (!e.requestId.isEmpty())
        lines << tr("Request id: %1").arg(e.requestId);
    return lines.join(u'\n');
}

void LedgerDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Badge badge = badgeFor(index);
    if (badge == Badge::None) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background and selection as usual, then text on the left and a pill on the right.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *w = opt.widget;
    QStyle *style = w ? w->style() : nullptr;
    if (style)
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);

    const QString label = badgeText(badge);
    const QFontMetrics fm(opt.font);
    const int pad = 4;
    const int pillW = fm.horizontalAdvance(label) + 2 * pad;
    const QRect r = opt.rect.adjusted(2, 2, -2, -2);
    const QRect pill(
        r.left(), r.top() + (r.height() - fm.height() - 2) / 2, pillW, fm.height() + 2);
    QColor bg;
    switch (badge) {
    case Badge::NotBilled:
        bg = QColor(0x2e, 0x7d, 0x32); // green: nothing spent
        break;
    case Badge::Reserved:
        bg = QColor(0xef, 0x6c, 0x00); // amber: held
        break;
    default:
        bg = QColor(0xc6, 0x28, 0x28); // red: check this one
        break;
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(bg);
    painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter->setPen(Qt::white);
    painter->drawText(pill, Qt::AlignCenter, label);
    const bool selected = opt.state & QStyle::State_Selected;
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QRect textRect = r.adjusted(pillW + pad, 0, 0, 0);
    painter->drawText(textRect, Qt::AlignRight | Qt::AlignVCenter,
        fm.elidedText(text, Qt::ElideLeft, textRect.width()));
    painter->restore();
}

QSize LedgerDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    const Badge badge = badgeFor(index);
    if (badge != Badge::None)
        s.rwidth() += QFontMetrics(option.font).horizontalAdvance(badgeText(badge)) + 16;
    return s;
}

bool LedgerDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && index.isValid()) {
        const QString tip = toolTipFor(index);
        if (!tip.isEmpty()) {
            QToolTip::showText(event->globalPos(), tip, view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace bsp::ui
