#include "ui/image/runcelldelegate.h"

#include "core/imagerunmodel.h"

#include <QApplication>
#include <QPainter>

namespace bsp::ui {

RunCellDelegate::RunCellDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

void RunCellDelegate::paint(
    QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    opt.text.clear();
    opt.icon = QIcon();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, p, w);

    const auto state = RunCell::State(index.data(ImageRunModel::StateRole).toInt());
    const QRect r = option.rect.adjusted(6, 6, -6, -6);
    const QRect thumbRect(r.left() + (r.width() - kThumb) / 2, r.top(), kThumb, kThumb);
    p->save();
    const QImage thumb = index.data(Qt::DecorationRole).value<QImage>();
    if (!thumb.isNull()) {
        const QSize s = thumb.size().scaled(thumbRect.size(), Qt::KeepAspectRatio);
        const QRect t(thumbRect.center().x() - s.width() / 2,
            thumbRect.center().y() - s.height() / 2, s.width(), s.height());
        p->setRenderHint(QPainter::SmoothPixmapTransform);
        p->drawImage(t, thumb);
    } else {
        p->fillRect(thumbRect, option.palette.color(QPalette::AlternateBase));
        p->setPen(option.palette.color(QPalette::PlaceholderText));
        const QString mark = state == RunCell::State::Pending ? tr("…")
            : state == RunCell::State::Cancelled              ? tr("Cancelled")
                                                              : tr("Failed");
        p->drawText(thumbRect, Qt::AlignCenter, mark);
    }
    QRect text(r.left(), thumbRect.bottom() + 6, r.width(), r.bottom() - thumbRect.bottom() - 6);
    QColor pen = option.palette.color(
        option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
    if (state == RunCell::State::Failed)
        pen = QColor(0xc0, 0x39, 0x2b);
    p->setPen(pen);
    p->drawText(text, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
        index.data(ImageRunModel::CaptionRole).toString());
    p->restore();
}

QSize RunCellDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return QSize(kThumb + 24, kThumb + 12 + option.fontMetrics.height() * 4 + 8);
}

} // namespace bsp::ui
