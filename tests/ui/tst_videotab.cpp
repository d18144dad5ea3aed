// The Video tab offscreen against the sandbox (small time scale): the form, the task
// list with its Cancel button, failures, double clicks, the first-frame check, the
// downloaded clip in Qt Multimedia, compare, notifications, accessibility, state.
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/tasklistmodel.h"
#include "core/tasktracker.h"
#include "core/videotaskstore.h"
#include "sandbox/sandboxserver.h"
#include "ui/video/compareview.h"
#include "ui/video/taskdelegate.h"
#include "ui/video/videoform.h"
#include "ui/video/videoplayer.h"
#include "ui/video/videotab.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMediaPlayer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoFrame>
#include <QVideoSink>

using namespace Qt::StringLiterals;
using namespace bsp;
using namespace std::chrono_literals;

class TestVideoTab final : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<CostService> m_cost;
    std::unique_ptr<VideoTaskStore> m_store;
    std::unique_ptr<TaskTracker> m_tracker;
    std::unique_ptr<ui::VideoTab> m_tab;

    void startRig(double scale, const QString &mediaFolder = u"media"_s)
    {
        sandbox::SandboxOptions o;
        o.timeScale = scale;
        m_server = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_server->listen() != 0);
        m_client = std::make_unique<GatewayClient>();
        m_client->setBaseUrl(QUrl(m_server->baseUrl()));
        m_client->setApiKey(sandbox::SandboxServer::defaultKey());
        m_cost = std::make_unique<CostService>(m_client.get(), nullptr);
        m_store = std::make_unique<VideoTaskStore>(m_dir->filePath(u"playground.sqlite"_s));
        QVERIFY(m_store->open());
        startTab(mediaFolder);
    }
    // The tracker and the tab on the rig's store: again after stopTab() is a restart.
    void startTab(const QString &mediaFolder)
    {
        m_tracker = std::make_unique<TaskTracker>(
            m_client.get(), m_store.get(), m_dir->filePath(mediaFolder));
        PollCadence c;
        c.timeScale = 0.01;
        c.tick = 10ms;
        c.maxQueriesPerSecond = 200;
        m_tracker->setCadence(c);
        m_tracker->start();
        m_tab = std::make_unique<ui::VideoTab>(m_tracker.get(), m_cost.get(), m_client.get());
        m_tab->resize(1200, 700);
        m_tab->show();
        m_tab->reloadModels();
        QTRY_VERIFY(modelBox() && modelBox()->count() > 0);
    }
    void stopTab()
    {
        m_tab.reset();
        m_tracker.reset();
    }

    QComboBox *modelBox() const
    {
        for (QComboBox *c : m_tab->form()->findChildren<QComboBox *>())
            if (c->accessibleName() == u"Video model"_s)
                return c;
        return nullptr;
    }
    QPushButton *submitButton() const
    {
        for (QPushButton *b : m_tab->form()->findChildren<QPushButton *>())
            if (b->text() == u"Submit"_s)
                return b;
        return nullptr;
    }
    QModelIndex rowOf(qint64 id) const
    {
        auto *f = m_tab->filterModel();
        for (int r = 0; r < f->rowCount(); ++r)
            if (f->index(r, 0).data(TaskListModel::IdRole).toLongLong() == id)
                return f->index(r, 0);
        return {};
    }
    const VideoTask &task(qint64 id) const { return *m_tracker->task(id); }
    qint64 onlyTask() const
    {
        return m_tracker->taskIds().size() == 1 ? m_tracker->taskIds().first() : 0;
    }
    QString rowText(qint64 id) const { return ui::taskStatusText(task(id)); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
    }
    void cleanup()
    {
        m_tab.reset();
        m_tracker.reset();
        m_store.reset();
        m_cost.reset();
        m_client.reset();
        m_server.reset();
        m_dir.reset();
    }

    void submitDownloadsAClipThatPlays()
    {
        startRig(0.01);
        ui::VideoForm *form = m_tab->form();
        form->selectModel(u"sora-2"_s);
        form->setPrompt(u"a blue whale under the ice"_s);
        form->setDuration(2);
        form->setAspectRatio(u"9:16"_s);
        form->setResolution(u"720p"_s);
        QTest::mouseClick(submitButton(), Qt::LeftButton);
        QTRY_VERIFY(onlyTask() != 0);
        const qint64 id = onlyTask();
        QTRY_VERIFY_WITH_TIMEOUT(task(id).progress.has_value(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(task(id).download, VideoTask::DownloadState::Done, 20000);
        QVERIFY(rowText(id).startsWith(u"Completed"_s));
        QCOMPARE(QSize(task(id).width, task(id).height), QSize(180, 320)); // 9:16, 720p / 4
        QCOMPARE(m_tab->currentTask(), id);
        QTRY_COMPARE_WITH_TIMEOUT(m_tab->player()->clip(), task(id).filePath, 5000);

        QMediaPlayer player;
        QVideoSink sink;
        player.setVideoSink(&sink);
        QSize frameSize;
        connect(&sink, &QVideoSink::videoFrameChanged, this, [&](const QVideoFrame &f) {
            if (f.isValid())
                frameSize = f.size();
        });
        player.setSource(QUrl::fromLocalFile(task(id).filePath));
        player.play();
        QTRY_VERIFY_WITH_TIMEOUT(player.mediaStatus() == QMediaPlayer::BufferedMedia
                || player.mediaStatus() == QMediaPlayer::EndOfMedia,
            15000);
        QVERIFY(qAbs(player.duration() - 2000) <= 100);
        QTRY_COMPARE_WITH_TIMEOUT(frameSize, QSize(180, 320), 10000);
        // The row gets a thumbnail from the first second.
        QTRY_VERIFY_WITH_TIMEOUT(!task(id).thumbnailPath.isEmpty(), 15000);
        QVERIFY(!QImage(task(id).thumbnailPath).isNull());
    }

    void cancelButtonOnAQueuedRowIsFree()
    {
        startRig(0.5); // 1.5 s in the queue
        m_tab->form()->selectModel(u"sora-2"_s);
        m_tab->form()->setPrompt(u"cancel me while queued"_s);
        m_tab->form()->submit();
        QTRY_VERIFY(onlyTask() != 0);
        const qint64 id = onlyTask();
        QTRY_COMPARE_WITH_TIMEOUT(task(id).state, VideoTask::State::Queued, 5000);
        QListView *view = m_tab->taskView();
        const QRect row = view->visualRect(rowOf(id));
        QVERIFY(row.isValid());
        // In the thumbnail's place, not beside the text (which it squeezed to nothing).
        QVERIFY(row.contains(ui::TaskDelegate::cancelRect(row)));
        QVERIFY(ui::TaskDelegate::cancelRect(row).right() < row.left() + row.width() / 3);
        QTest::mouseClick(
            view->viewport(), Qt::LeftButton, {}, ui::TaskDelegate::cancelRect(row).center());
        QCOMPARE(task(id).cancel, VideoTask::CancelState::Requested);
        QVERIFY(rowText(id).contains(u"Cancel requested"_s));
        QTRY_COMPARE_WITH_TIMEOUT(task(id).state, VideoTask::State::Cancelled, 5000);
        QCOMPARE(rowText(id), u"Cancelled — confirmed by the gateway, not billed"_s);
        QVERIFY(!rowOf(id).data(TaskListModel::CancellableRole).toBool());
    }

    void failedTaskShowsTheReasonAndNotBilled()
    {
        startRig(0.01);
        m_tab->form()->selectModel(u"sora-2"_s);
        m_tab->form()->setPrompt(u"breaks [fault:task_fail]"_s);
        m_tab->form()->submit();
        QTRY_VERIFY(onlyTask() != 0);
        const qint64 id = onlyTask();
        QTRY_COMPARE_WITH_TIMEOUT(task(id).state, VideoTask::State::Failed, 10000);
        QVERIFY2(rowText(id).contains(u"upstream"_s), qPrintable(rowText(id)));
        QVERIFY(rowText(id).endsWith(u"not billed"_s));
        QCOMPARE(ui::taskCostText(task(id)), u"not billed"_s);
    }

    // The pane beside the list never widens the tab (at 1280 px that pushed the Cost dock
    // off the screen): not the clip's path under the player, which has no place to wrap,
    // nor Retry download, nor the clock while the clip plays.
    void theClipPaneNeverWidensTheTab()
    {
        startRig(0.01, u"media/"_s + QString(200, u'p'));
        const int before = m_tab->minimumSizeHint().width();
        m_tab->form()->selectModel(u"sora-2"_s);
        m_tab->form()->setPrompt(u"a long way down"_s);
        m_tab->form()->setDuration(2);
        m_tab->form()->submit();
        QTRY_VERIFY(onlyTask() != 0);
        const qint64 id = onlyTask();
        QTRY_COMPARE_WITH_TIMEOUT(task(id).download, VideoTask::DownloadState::Done, 20000);
        QCOMPARE(m_tab->currentTask(), id);
        QLabel *details = nullptr;
        for (QLabel *l : m_tab->findChildren<QLabel *>())
            if (l->text().contains(QString(200, u'p')))
                details = l;
        QVERIFY(details); // the path is shown, in full
        QVERIFY2(m_tab->minimumSizeHint().width() <= before,
            qPrintable(u"%1 -> %2"_s.arg(before).arg(m_tab->minimumSizeHint().width())));

        // Restarted with the clip deleted by hand: Retry download takes the place of the
        // file's own actions, and neither widens the tab.
        const QString file = task(id).filePath;
        stopTab();
        QVERIFY(QFile::remove(file));
        startTab(u"media/"_s + QString(200, u'p'));
        QCOMPARE(task(id).download, VideoTask::DownloadState::Failed);
        m_tab->showTask(id);
        QCOMPARE(m_tab->currentTask(), id);
        QPushButton *retry = nullptr;
        for (QPushButton *b : m_tab->findChildren<QPushButton *>())
            if (b->text() == u"Retry download"_s)
                retry = b;
        QVERIFY(retry && retry->isVisible());
        QVERIFY2(m_tab->minimumSizeHint().width() <= before,
            qPrintable(u"%1 -> %2"_s.arg(before).arg(m_tab->minimumSizeHint().width())));
        for (QPushButton *b : m_tab->findChildren<QPushButton *>())
            if (b->text() == u"Copy path"_s || b->text() == u"Save as…"_s)
                QVERIFY(!b->isVisible());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(task(id).download, VideoTask::DownloadState::Done, 10000);
        QTRY_VERIFY(!retry->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(m_tab->player()->clip(), task(id).filePath, 5000);

        // Playing: the clock shows "position / duration", still within the width.
        m_tab->player()->play();
        QTRY_VERIFY_WITH_TIMEOUT(m_tab->player()->player()->position() > 0, 10000);
        const auto clockShown = [this] {
            for (QLabel *l : m_tab->player()->findChildren<QLabel *>())
                if (l->text().endsWith(u" / 0:02.0"_s))
                    return true;
            return false;
        };
        QTRY_VERIFY(clockShown());
        QVERIFY2(m_tab->minimumSizeHint().width() <= before,
            qPrintable(u"%1 -> %2"_s.arg(before).arg(m_tab->minimumSizeHint().width())));
    }

    void doubleClickOnSubmitMakesOneTask()
    {
        startRig(0.01);
        m_tab->form()->selectModel(u"veo-3.1-fast"_s);
        m_tab->form()->setPrompt(u"clicked twice"_s);
        QTest::mouseDClick(submitButton(), Qt::LeftButton);
        QTest::mouseClick(submitButton(), Qt::LeftButton);
        m_tab->form()->submit();
        QTest::qWait(100);
        QCOMPARE(m_tracker->taskIds().size(), 1);
        QCOMPARE(m_store->all().size(), 1);
    }

    void firstFrameIsCheckedLocally()
    {
        startRig(0.01);
        ui::VideoForm *form = m_tab->form();
        const QString bad = m_dir->filePath(u"broken.png"_s);
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("\x89PNG\r\n\x1a\n this is not an image");
        }
        QSignalSpy checked(form, &ui::VideoForm::firstFrameChecked);
        m_tab->setFirstFrameFile(bad);
        QTRY_COMPARE(checked.count(), 1);
        QCOMPARE(checked.first().at(0).toBool(), false);
        QVERIFY(!form->hasFirstFrame());
        QVERIFY(!form->firstFrameError().isEmpty());

        const QString good = m_dir->filePath(u"frame.png"_s);
        QImage img(320, 180, QImage::Format_RGB32);
        img.fill(Qt::darkGreen);
        QVERIFY(img.save(good));
        m_tab->setFirstFrameFile(good);
        QTRY_COMPARE(checked.count(), 2);
        QVERIFY(checked.last().at(0).toBool());
        QVERIFY(form->hasFirstFrame());
        form->selectModel(u"veo-3.1-fast"_s);
        form->setPrompt(u"starts from a green frame"_s);
        form->submit();
        QTRY_VERIFY(onlyTask() != 0);
        QVERIFY(!task(onlyTask()).firstFrame.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(task(onlyTask()).state, VideoTask::State::Completed, 20000);
    }

    void compareRunsPlaySideBySide()
    {
        startRig(0.01);
        ui::VideoForm *form = m_tab->form();
        form->setCompareMode(true);
        form->setCompareModels({u"sora-2"_s, u"veo-3.1-fast"_s, u"seedance-2.0"_s});
        form->setPrompt(u"a paper boat in the rain"_s);
        form->setDuration(2);
        form->submit();
        QTRY_COMPARE(m_tracker->taskIds().size(), 3);
        QString group;
        for (qint64 id : m_tracker->taskIds()) {
            QVERIFY(!task(id).group.isEmpty());
            QVERIFY(group.isEmpty() || group == task(id).group);
            group = task(id).group;
            QTRY_COMPARE_WITH_TIMEOUT(task(id).download, VideoTask::DownloadState::Done, 30000);
        }
        m_tab->showTask(m_tracker->taskIds().first());
        ui::CompareView *cmp = m_tab->compareView();
        QCOMPARE(cmp->group(), group);
        QCOMPARE(cmp->players().size(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(cmp->players().cbegin(), cmp->players().cend(),
                                     [](ui::VideoPlayer *p) { return !p->clip().isEmpty(); }),
            5000);
        for (ui::VideoPlayer *p : cmp->players())
            QTRY_VERIFY_WITH_TIMEOUT(p->player()->duration() > 0, 10000);
        cmp->seekAll(1000);
        for (ui::VideoPlayer *p : cmp->players())
            QTRY_VERIFY_WITH_TIMEOUT(qAbs(p->player()->position() - 1000) < 200, 5000);
    }

    void finishedWhileInactiveNotifies()
    {
        startRig(0.01);
        QWidget other; // another window has the focus
        other.show();
        QApplication::setActiveWindow(&other);
        QTRY_VERIFY(!m_tab->isActiveWindow());
        m_tab->form()->selectModel(u"veo-3.1-fast"_s);
        m_tab->form()->setPrompt(u"tell me when done"_s);
        m_tab->form()->submit();
        QTRY_VERIFY(onlyTask() != 0);
        QTRY_VERIFY_WITH_TIMEOUT(task(onlyTask()).isTerminal(), 20000);
        QVERIFY(m_tab->lastNotification().contains(u"veo-3.1-fast"_s));
        QVERIFY(m_tab->lastNotification().contains(u"Completed"_s));
    }

    void everyControlHasAnAccessibleName()
    {
        startRig(0.01);
        QStringList missing;
        for (QWidget *w : m_tab->findChildren<QWidget *>()) {
            const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QComboBox *>(w)
                || qobject_cast<QLineEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w)
                || qobject_cast<QSlider *>(w) || qobject_cast<QPlainTextEdit *>(w)
                || qobject_cast<QListView *>(w);
            if (!control || qobject_cast<QLineEdit *>(w->parentWidget())
                || qobject_cast<QAbstractSpinBox *>(w->parentWidget())
                || qobject_cast<QComboBox *>(w->parentWidget()))
                continue;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
            if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
                missing << QString::fromLatin1(w->metaObject()->className()) + u' '
                        + w->objectName();
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
    }

    void tabStatePersists()
    {
        startRig(0.01);
        m_tab->form()->selectModel(u"veo-3.1"_s);
        m_tab->form()->setPrompt(u"remember me"_s);
        m_tab->form()->setDuration(7);
        m_tab->form()->setAspectRatio(u"1:1"_s);
        m_tab->saveState();
        m_tab = std::make_unique<ui::VideoTab>(m_tracker.get(), m_cost.get(), m_client.get());
        m_tab->reloadModels();
        QTRY_VERIFY(modelBox()->count() > 0);
        QCOMPARE(modelBox()->currentData().toString(), u"veo-3.1"_s);
        const QList<VideoRequest> r = m_tab->form()->requests();
        QCOMPARE(r.size(), 1);
        QCOMPARE(r.first().prompt, u"remember me"_s);
        QCOMPARE(r.first().durationSeconds, 7.0);
        QCOMPARE(r.first().aspectRatio, u"1:1"_s);
    }
};

QTEST_MAIN(TestVideoTab)
#include "tst_videotab.moc"
