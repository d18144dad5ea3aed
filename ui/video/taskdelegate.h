#pragma once

#include "core/videotask.h"

#include <QStyledItemDelegate>

namespace bsp::ui {

// One line of words for a task's state, as the row and the notification say it.
QString taskStatusText(const VideoTask &task);
// "reserved $0.24", "charged $0.12", "not billed".
QString taskCostText(const VideoTask &task);

// Paints a task row (thumbnail, model, status, prompt, a progress bar marked as an
// estimate when it is one, elapsed time, reserved and charged) and a Cancel button on
// queued and running tasks; a click on it emits cancelClicked().
class TaskDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskDelegate)

public:
    explicit TaskDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    static QRect cancelRect(const QRect &row);

Q_SIGNALS:
    void cancelClicked(const QModelIndex &index);
};

} // namespace bsp::ui
