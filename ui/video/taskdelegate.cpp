#include "ui/video/taskdelegate.h"

#include "core/tasklistmodel.h"
#include "ui/video/videoplayer.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmapCache>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

constexpr int kRowHeight = 88;
constexpr int kThumbW = 96;
constexpr int kThumbH = 54;
constexpr int kPad = 6;

QString charge(const VideoTask &t)
{
    const Credits c = t.creditsUsed.value_or(0);
    return c == 0 ? TaskDelegate::tr("not billed")
                  : TaskDelegate::tr("charged %1").arg(formatUsd(c));
}

QString activeStatus(const VideoTask &t)
{
    const QString base = t.state == VideoTask::State::Submitting ? TaskDelegate::tr("Submitting…")
        : t.state == VideoTask::State::Queued                    ? TaskDelegate::tr("Queued")
                                                                 : TaskDelegate::tr("Running");
    switch (t.cancel) {
    case VideoTask::CancelState::Requested:
        return TaskDelegate::tr("Cancel requested…");
    case VideoTask::CancelState::Refused:
        return TaskDelegate::tr("%1 — the gateway refused the cancel: %2")
            .arg(base, t.cancelMessage);
    default:
        break;
    }
    if (t.awaitingProfile)
        return TaskDelegate::tr("%1 — on profile %2: switch to it to follow or cancel this task")
            .arg(base, t.profile);
    if (t.stuck)
        return TaskDelegate::tr("%1 — no change for longer than this model takes; checked again, "
                                "you may cancel")
            .arg(base);
    return base;
}

} // namespace

QString taskStatusText(const VideoTask &t)
{
    switch (t.state) {
    case VideoTask::State::Submitting:
    case VideoTask::State::Queued:
    case VideoTask::State::Running:
        return activeStatus(t);
    case VideoTask::State::Completed: {
        QString s = t.cancel == VideoTask::CancelState::LostRace
            ? TaskDelegate::tr("Completed — it finished before the cancel arrived")
            : TaskDelegate::tr("Completed");
        if (t.download == VideoTask::DownloadState::Downloading)
            s += TaskDelegate::tr(" · downloading %1 %…").arg(int(t.downloadProgress * 100));
        else if (t.download == VideoTask::DownloadState::Failed)
            s += TaskDelegate::tr(" · download failed: %1").arg(t.downloadError);
        else if (t.width > 0)
            s += TaskDelegate::tr(" · %1×%2, %3 s").arg(t.width).arg(t.height).arg(t.outputSeconds);
        return s;
    }
    case VideoTask::State::Failed:
        return TaskDelegate::tr("Failed: %1 — %2")
            .arg(t.errorMessage.isEmpty() ? t.errorCode : t.errorMessage, charge(t));
    case VideoTask::State::Cancelled:
        return t.cancel == VideoTask::CancelState::Confirmed
            ? TaskDelegate::tr("Cancelled — confirmed by the gateway, %1").arg(charge(t))
            : TaskDelegate::tr("Cancelled, %1").arg(charge(t));
    }
    return {};
}

QString taskCostText(const VideoTask &t)
{
    if (t.isTerminal())
        return charge(t);
    if (t.estimatedCredits)
        return TaskDelegate::tr("reserved %1").arg(formatUsd(*t.estimatedCredits));
    return {};
}

TaskDelegate::TaskDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

QRect TaskDelegate::cancelRect(const QRect &row)
{
    // In the thumbnail's place (a task that can still be cancelled has no clip yet), so
    // the text keeps the row's whole width: beside the text, in a narrow list (or with
    // the longer words of Chinese), it left the status and the progress bar no room.
    return QRect(
        row.left() + kPad + (kThumbW - 78) / 2, row.top() + kPad + (kThumbH - 26) / 2, 78, 26);
}

QSize TaskDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    // A narrow hint: the list view gives each row its viewport width.
    return QSize(200, kRowHeight);
}

void TaskDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto t = index.data(TaskListModel::TaskRole).value<VideoTask>();
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    const QRect r = option.rect.adjusted(kPad, kPad, -kPad, -kPad);
    const QRect thumb(r.left(), r.top(), kThumbW, kThumbH);
    QPixmap pix;
    if (!t.thumbnailPath.isEmpty() && !QPixmapCache::find(t.thumbnailPath, &pix)) {
        if (pix.load(t.thumbnailPath)) {
            pix = pix.scaled(thumb.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
            QPixmapCache::insert(t.thumbnailPath, pix);
        }
    }
    if (!pix.isNull())
        painter->drawPixmap(thumb.topLeft() + QPoint((kThumbW - pix.width()) / 2, 0), pix);
    else
        painter->fillRect(thumb, opt.palette.alternateBase());

    const bool selected = opt.state & QStyle::State_Selected;
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const bool cancellable = t.isCancellable();
    const int right = r.right();
    const int textLeft = thumb.right() + kPad * 2;
    const QFontMetrics fm(opt.font);
    const int line = fm.height();
    const QString cost = taskCostText(t);
    const int costWidth = fm.horizontalAdvance(cost) + kPad;
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    const QString head = QFontMetrics(bold).elidedText(
        t.model + u"  ·  "_s + formatClock(t.elapsedMs(QDateTime::currentDateTimeUtc())),
        Qt::ElideRight, right - textLeft - costWidth);
    painter->drawText(QRect(textLeft, r.top(), right - textLeft, line), Qt::AlignLeft, head);
    painter->setFont(opt.font);
    painter->drawText(QRect(textLeft, r.top(), right - textLeft, line), Qt::AlignRight, cost);
    const QString prompt = fm.elidedText(t.prompt.simplified(), Qt::ElideRight, right - textLeft);
    painter->drawText(
        QRect(textLeft, r.top() + line, right - textLeft, line), Qt::AlignLeft, prompt);

    QColor statusColour = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    if (t.state == VideoTask::State::Failed || t.stuck
        || t.cancel == VideoTask::CancelState::Refused)
        statusColour = QColor(0xb3, 0x26, 0x1e);
    painter->setPen(statusColour);
    const QRect statusRect(textLeft, r.top() + 2 * line, right - textLeft, line);
    const QString status = fm.elidedText(taskStatusText(t), Qt::ElideRight, statusRect.width());
    painter->drawText(statusRect, Qt::AlignLeft | Qt::AlignVCenter, status);

    // Progress while it runs (and full when done): the gateway's figure, or elapsed
    // against estimated_seconds ("est."). Failed and cancelled rows have none.
    if (t.state != VideoTask::State::Failed && t.state != VideoTask::State::Cancelled) {
        const QRect bar(textLeft, r.top() + 3 * line + 2, std::min(260, right - textLeft), line);
        bool estimated = false;
        const auto progress = t.shownProgress(QDateTime::currentDateTimeUtc(), &estimated);
        QStyleOptionProgressBar pb;
        pb.rect = bar;
        pb.minimum = 0;
        pb.maximum = progress ? 1000 : 0; // busy indicator while nothing is known
        pb.progress = progress ? int(*progress * 1000) : 0;
        pb.textVisible = true;
        pb.text = progress ? (estimated ? tr("est. %1 %").arg(int(*progress * 100))
                                        : tr("%1 %").arg(int(*progress * 100)))
                           : QString();
        pb.state = QStyle::State_Enabled | QStyle::State_Horizontal;
        style->drawControl(QStyle::CE_ProgressBar, &pb, painter, opt.widget);
    }

    if (cancellable) {
        QStyleOptionButton button;
        button.rect = cancelRect(option.rect);
        button.text = tr("Cancel");
        button.state = QStyle::State_Enabled | QStyle::State_Raised;
        style->drawControl(QStyle::CE_PushButton, &button, painter, opt.widget);
    }
    painter->restore();
}

bool TaskDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *me = static_cast<QMouseEvent *>(event);
        if (me->button() == Qt::LeftButton && index.data(TaskListModel::CancellableRole).toBool()
            && cancelRect(option.rect).contains(me->position().toPoint())) {
            Q_EMIT cancelClicked(index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace bsp::ui
