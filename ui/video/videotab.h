#pragma once

#include "ui/media/media.h"

#include <QPointer>
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QSystemTrayIcon;

namespace bsp {
class CostService;
class DesktopNotifier;
class GatewayClient;
class TaskFilterModel;
class TaskListModel;
class TaskTracker;
struct VideoRequest;
} // namespace bsp

namespace bsp::ui {

class CompareView;
class TaskDelegate;
class Thumbnailer;
class VideoForm;
class VideoPlayer;

// The Video tab: the submit form, the task list (model/view with a delegate: live
// progress, elapsed, reserved and charged, Cancel), filters, the embedded player with
// the clip's file actions, and the side-by-side compare of one prompt on 2–4 models.
// It receives the tracker (which owns every task call) from the composition root.
class VideoTab final : public VideoTabBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoTab)

public:
    // `notifier` (optional): desktop notifications when a task ends while the window is
    // not active; without it, or when no notification service answers, the tray.
    VideoTab(TaskTracker *tracker, CostService *cost, GatewayClient *client,
        DesktopNotifier *notifier = nullptr, QWidget *parent = nullptr);
    ~VideoTab() override;

    void setFirstFrameFile(const QString &path) override;
    void reloadModels() override;
    // Shows a task: selects its row and its clip (or its compare run).
    void showTask(qint64 id);
    qint64 currentTask() const;

    VideoForm *form() const { return m_form; }
    QListView *taskView() const { return m_view; }
    TaskFilterModel *filterModel() const { return m_filter; }
    TaskDelegate *delegate() const { return m_delegate; }
    VideoPlayer *player() const { return m_player; }
    CompareView *compareView() const { return m_compare; }
    QString lastNotification() const { return m_lastNotification; }

    void saveState() const;

protected:
    void hideEvent(QHideEvent *event) override;

private:
    void buildList();
    void buildResult();
    void restoreState();
    void onSubmit(const QList<VideoRequest> &requests);
    void onFinished(qint64 id);
    void onChanged(qint64 id);
    void onCurrentChanged();
    void updateActions();
    void notify(qint64 id);
    void showInTray(const QString &title, const QString &body, qint64 id);
    void bringUp(qint64 id);
    void saveAs();

    QPointer<TaskTracker> m_tracker;
    CostService *m_cost = nullptr;
    QPointer<GatewayClient> m_client;
    TaskListModel *m_model = nullptr;
    TaskFilterModel *m_filter = nullptr;
    TaskDelegate *m_delegate = nullptr;
    Thumbnailer *m_thumbs = nullptr;
    QSplitter *m_splitter = nullptr;
    VideoForm *m_form = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_sort = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_view = nullptr;
    QStackedWidget *m_resultStack = nullptr;
    VideoPlayer *m_player = nullptr;
    CompareView *m_compare = nullptr;
    QLabel *m_details = nullptr;
    QPushButton *m_openFolder = nullptr;
    QPushButton *m_saveAs = nullptr;
    QPushButton *m_copyPath = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_remove = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastNotification;
    qint64 m_notifiedTask = 0;
    qint64 m_shownTask = 0;
};

} // namespace bsp::ui
