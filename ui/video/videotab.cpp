#include "ui/video/videotab.h"

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/platform/desktopnotifier.h"
#include "core/tasklistmodel.h"
#include "core/tasktracker.h"
#include "ui/video/compareview.h"
#include "ui/video/taskdelegate.h"
#include "ui/video/thumbnailer.h"
#include "ui/video/videoform.h"
#include "ui/video/videoplayer.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QSystemTrayIcon>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bsp::ui {

VideoTab::VideoTab(TaskTracker *tracker, CostService *cost, GatewayClient *client,
    DesktopNotifier *notifier, QWidget *parent)
    : VideoTabBase(parent), m_tracker(tracker), m_cost(cost), m_client(client), m_notifier(notifier)
{
    if (m_notifier) {
        connect(m_notifier, &DesktopNotifier::activated, this, &VideoTab::bringUp);
        connect(m_notifier, &DesktopNotifier::unavailable, this,
            [this](const QString &title, const QString &body, qint64 id) {
                showInTray(title, body, id);
            });
    }
    m_model = new TaskListModel(tracker, this);
    m_filter = new TaskFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_delegate = new TaskDelegate(this);
    m_thumbs = new Thumbnailer(this);
    m_form = new VideoForm(cost, this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"videoSplitter"_s);
    m_splitter->addWidget(m_form);
    buildList();
    buildResult();
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setSizes({300, 700, 300});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_splitter);

    connect(m_form, &VideoForm::submitRequested, this, &VideoTab::onSubmit);
    connect(m_delegate, &TaskDelegate::cancelClicked, this, [this](const QModelIndex &index) {
        if (m_tracker)
            m_tracker->cancel(index.data(TaskListModel::IdRole).toLongLong());
    });
    if (m_tracker) {
        connect(m_tracker, &TaskTracker::taskFinished, this, &VideoTab::onFinished);
        connect(m_tracker, &TaskTracker::taskChanged, this, &VideoTab::onChanged);
        connect(m_tracker, &TaskTracker::downloadFinished, this, [this](qint64 id, bool ok) {
            const VideoTask *t = m_tracker->task(id);
            if (ok && t)
                m_thumbs->request(id, t->filePath);
        });
        // Tasks loaded from the store (now or when the tracker starts) get their missing
        // thumbnails.
        const auto needThumb = [this](qint64 id) {
            const VideoTask *t = m_tracker->task(id);
            if (t && t->download == VideoTask::DownloadState::Done && t->thumbnailPath.isEmpty())
                m_thumbs->request(id, t->filePath);
        };
        connect(m_tracker, &TaskTracker::taskAdded, this, needThumb);
        for (qint64 id : m_tracker->taskIds())
            needThumb(id);
    }
    connect(m_thumbs, &Thumbnailer::ready, this, [this](qint64 id, const QString &path) {
        if (m_tracker)
            m_tracker->setThumbnail(id, path);
    });
    connect(m_thumbs, &Thumbnailer::failed, this, [this](qint64 id, const QString &message) {
        if (id == currentTask())
            m_details->setText(tr("No thumbnail: %1").arg(message));
    });
    restoreState();
    updateActions();
}

VideoTab::~VideoTab()
{
    saveState();
}

void VideoTab::buildList()
{
    auto *box = new QWidget(m_splitter);
    m_statusFilter = new QComboBox(box);
    m_statusFilter->setAccessibleName(tr("Filter by status"));
    m_statusFilter->addItem(tr("All tasks"), int(TaskFilterModel::StatusFilter::All));
    m_statusFilter->addItem(tr("Queued or running"), int(TaskFilterModel::StatusFilter::Active));
    m_statusFilter->addItem(tr("Completed"), int(TaskFilterModel::StatusFilter::Completed));
    m_statusFilter->addItem(tr("Failed"), int(TaskFilterModel::StatusFilter::Failed));
    m_statusFilter->addItem(tr("Cancelled"), int(TaskFilterModel::StatusFilter::Cancelled));
    m_sort = new QComboBox(box);
    m_sort->setAccessibleName(tr("Sort tasks"));
    m_sort->addItem(tr("Newest first"), TaskListModel::CreatedRole);
    m_sort->addItem(tr("Oldest first"), -TaskListModel::CreatedRole);
    m_sort->addItem(tr("Model"), TaskListModel::ModelRole);
    m_sort->addItem(tr("Status"), TaskListModel::StateRole);
    m_sort->addItem(tr("Cost"), TaskListModel::ReservedRole);
    m_search = new QLineEdit(box);
    m_search->setPlaceholderText(tr("Search prompts and models"));
    m_search->setAccessibleName(tr("Search tasks"));
    m_search->setClearButtonEnabled(true);
    m_view = new QListView(box);
    m_view->setAccessibleName(tr("Video tasks"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setMouseTracking(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_statusFilter);
    bar->addWidget(m_sort);
    bar->addWidget(m_search, 1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    m_splitter->addWidget(box);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatusFilter(
            static_cast<TaskFilterModel::StatusFilter>(m_statusFilter->currentData().toInt()));
    });
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] {
        const int role = m_sort->currentData().toInt();
        m_filter->setSortRole(std::abs(role));
        const bool newestFirst = role == TaskListModel::CreatedRole;
        m_filter->sort(0, role < 0 || !newestFirst ? Qt::AscendingOrder : Qt::DescendingOrder);
        if (role == TaskListModel::ReservedRole)
            m_filter->sort(0, Qt::DescendingOrder);
    });
    connect(m_search, &QLineEdit::textChanged, m_filter, &TaskFilterModel::setSearchText);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &VideoTab::onCurrentChanged);
    m_filter->sort(0, Qt::DescendingOrder);
}

void VideoTab::buildResult()
{
    auto *box = new QWidget(m_splitter);
    m_resultStack = new QStackedWidget(box);
    m_player = new VideoPlayer(m_resultStack);
    m_compare = new CompareView(m_resultStack);
    m_resultStack->addWidget(m_player);
    m_resultStack->addWidget(m_compare);
    m_details = new QLabel(box);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long unbroken path must not widen the pane (and push the Cost dock off a
    // 1280 px screen); it is cut at the pane's edge, and Copy path gives it whole.
    QSizePolicy detailsPolicy = m_details->sizePolicy();
    detailsPolicy.setHorizontalPolicy(QSizePolicy::Ignored);
    m_details->setSizePolicy(detailsPolicy);
    m_openFolder = new QPushButton(tr("Open folder"), box);
    m_openFolder->setAccessibleName(tr("Open containing folder"));
    m_saveAs = new QPushButton(tr("Save as…"), box);
    m_saveAs->setAccessibleName(tr("Save clip as"));
    m_copyPath = new QPushButton(tr("Copy path"), box);
    m_copyPath->setAccessibleName(tr("Copy clip path"));
    m_retry = new QPushButton(tr("Retry download"), box);
    m_retry->setAccessibleName(tr("Retry download"));
    m_remove = new QPushButton(tr("Remove"), box);
    m_remove->setAccessibleName(tr("Remove task from the list"));
    auto *actions = new QHBoxLayout;
    for (QPushButton *b : {m_openFolder, m_saveAs, m_copyPath, m_retry, m_remove})
        actions->addWidget(b);
    actions->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_resultStack, 1);
    layout->addWidget(m_details);
    layout->addLayout(actions);
    m_splitter->addWidget(box);

    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        if (const VideoTask *t = m_tracker ? m_tracker->task(currentTask()) : nullptr)
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(t->filePath).absolutePath()));
    });
    connect(m_saveAs, &QPushButton::clicked, this, &VideoTab::saveAs);
    connect(m_copyPath, &QPushButton::clicked, this, [this] {
        if (const VideoTask *t = m_tracker ? m_tracker->task(currentTask()) : nullptr)
            QApplication::clipboard()->setText(QDir::toNativeSeparators(t->filePath));
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (m_tracker)
            m_tracker->retryDownload(currentTask());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_tracker)
            m_tracker->remove(currentTask());
    });
}

void VideoTab::setFirstFrameFile(const QString &path)
{
    m_form->setFirstFrameFile(path);
}

void VideoTab::reloadModels()
{
    if (!m_client)
        return;
    CallOptions opt;
    opt.tab = u"video"_s;
    QCoro::connect(
        m_client->models(ModelFilter {}, opt), this, [this](const Result<QList<ModelInfo>> &r) {
            if (r.ok())
                m_form->setModels(*r);
            else
                m_form->setModelsError(r.error().displayText());
        });
}

void VideoTab::onSubmit(const QList<VideoRequest> &requests)
{
    if (!m_tracker)
        return;
    qint64 first = 0;
    for (const VideoRequest &r : requests) {
        const qint64 id = m_tracker->submit(r);
        if (!first)
            first = id;
    }
    if (first)
        showTask(first);
}

qint64 VideoTab::currentTask() const
{
    return m_view->currentIndex().data(TaskListModel::IdRole).toLongLong();
}

void VideoTab::showTask(qint64 id)
{
    const QModelIndex source = m_model->indexOfTask(id);
    QModelIndex index = m_filter->mapFromSource(source);
    if (source.isValid() && !index.isValid()) {
        m_statusFilter->setCurrentIndex(0); // the filter hid it
        m_search->clear();
        index = m_filter->mapFromSource(source);
    }
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

void VideoTab::onCurrentChanged()
{
    m_shownTask = 0;
    onChanged(currentTask());
}

void VideoTab::onChanged(qint64 id)
{
    if (!m_tracker || id == 0)
        return;
    // A change to another task of the shown compare run refreshes the run too.
    const qint64 shown = currentTask();
    if (id != shown) {
        const VideoTask *changed = m_tracker->task(id);
        const VideoTask *current = shown ? m_tracker->task(shown) : nullptr;
        if (!changed || !current || current->group.isEmpty() || changed->group != current->group)
            return;
        id = shown;
    }
    const VideoTask *t = m_tracker->task(id);
    if (!t)
        return;
    if (!t->group.isEmpty()) {
        QList<VideoTask> run;
        for (qint64 other : m_tracker->taskIds()) {
            const VideoTask *o = m_tracker->task(other);
            if (o && o->group == t->group)
                run.append(*o);
        }
        m_compare->setTasks(run);
        m_resultStack->setCurrentWidget(m_compare);
    } else {
        const QString clip
            = t->download == VideoTask::DownloadState::Done ? t->filePath : QString();
        if (m_shownTask != id || m_player->clip() != clip)
            m_player->setClip(clip, t->model);
        m_resultStack->setCurrentWidget(m_player);
    }
    m_shownTask = id;
    QString details = taskStatusText(*t);
    if (!t->taskId.isEmpty())
        details += u"\n"_s + tr("Task %1 · out_task_id %2").arg(t->taskId, t->outTaskId);
    if (!t->filePath.isEmpty())
        details += u"\n"_s + QDir::toNativeSeparators(t->filePath);
    m_details->setText(details);
    updateActions();
}

void VideoTab::updateActions()
{
    const VideoTask *t = m_tracker ? m_tracker->task(currentTask()) : nullptr;
    const bool file = t && t->download == VideoTask::DownloadState::Done;
    const bool failed = t && t->download == VideoTask::DownloadState::Failed;
    // Retry takes the place of the file's actions, so the row stays as wide as before.
    for (QPushButton *b : {m_openFolder, m_saveAs, m_copyPath}) {
        b->setEnabled(file);
        b->setVisible(!failed);
    }
    m_retry->setVisible(failed);
    m_remove->setEnabled(t && t->isTerminal());
}

void VideoTab::saveAs()
{
    const VideoTask *t = m_tracker ? m_tracker->task(currentTask()) : nullptr;
    if (!t || t->filePath.isEmpty())
        return;
    const QString target = QFileDialog::getSaveFileName(
        this, tr("Save clip as"), QFileInfo(t->filePath).fileName(), tr("MP4 video (*.mp4)"));
    if (target.isEmpty())
        return;
    QFile::remove(target);
    if (!QFile::copy(t->filePath, target))
        m_details->setText(tr("Could not save %1.").arg(target));
}

void VideoTab::onFinished(qint64 id)
{
    onChanged(id);
    const QWidget *w = window();
    if (w && !w->isActiveWindow())
        notify(id);
}

void VideoTab::notify(qint64 id)
{
    const VideoTask *t = m_tracker ? m_tracker->task(id) : nullptr;
    if (!t)
        return;
    const QString title = tr("Video task finished: %1").arg(t->model);
    m_lastNotification = title + u"\n"_s + taskStatusText(*t);
    m_notifiedTask = id;
    if (m_notifier)
        m_notifier->notify(title, taskStatusText(*t), id); // the tray if it cannot
    else
        showInTray(title, taskStatusText(*t), id);
}

void VideoTab::showInTray(const QString &title, const QString &body, qint64 id)
{
    m_notifiedTask = id;
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("ByteSpike Playground"));
        connect(
            m_tray, &QSystemTrayIcon::messageClicked, this, [this] { bringUp(m_notifiedTask); });
        m_tray->show();
    }
    m_tray->showMessage(title, body, QSystemTrayIcon::Information, 8000);
}

// A click on a notification: the window comes up on this task.
void VideoTab::bringUp(qint64 id)
{
    if (QWidget *w = window()) {
        w->show();
        w->raise();
        w->activateWindow();
    }
    showTask(id);
}

void VideoTab::hideEvent(QHideEvent *event)
{
    saveState();
    QWidget::hideEvent(event);
}

void VideoTab::saveState() const
{
    QSettings s;
    s.beginGroup(u"video"_s);
    m_form->saveState(s);
    s.setValue(u"statusFilter"_s, m_statusFilter->currentIndex());
    s.setValue(u"sort"_s, m_sort->currentIndex());
    s.setValue(u"search"_s, m_search->text());
    s.setValue(u"splitter"_s, m_splitter->saveState());
    s.endGroup();
}

void VideoTab::restoreState()
{
    QSettings s;
    s.beginGroup(u"video"_s);
    m_form->restoreState(s);
    m_statusFilter->setCurrentIndex(s.value(u"statusFilter"_s, 0).toInt());
    m_sort->setCurrentIndex(s.value(u"sort"_s, 0).toInt());
    m_search->setText(s.value(u"search"_s).toString());
    if (s.contains(u"splitter"_s))
        m_splitter->restoreState(s.value(u"splitter"_s).toByteArray());
    s.endGroup();
}

} // namespace bsp::ui
