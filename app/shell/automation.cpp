#include "shell/automation.h"

#include "core/tasktracker.h"
#include "core/videotask.h"
#include "shell/appcontext.h"
#include "ui/chat/chatcomposer.h"
#include "ui/chat/chattab.h"
#include "ui/chat/conversationview.h"
#include "ui/mainwindow.h"

#include <QCoreApplication>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace bsp::app {

namespace {

QString gatewayUrl()
{
    return qEnvironmentVariable("BSP_AUTOMATION_GATEWAY");
}

void say(const char *what, const QString &text)
{
    std::printf("automation: %s %s\n", what, qPrintable(text));
    std::fflush(stdout);
}

// Sends `count` messages one at a time: the next goes once the previous reply ended.
void startChat(ui::MainWindow *window, int count)
{
    struct State
    {
        int sent = 0;
        QString pending; // sent, reply not finished yet
        QMetaObject::Connection finished;
    };
    auto state = std::make_shared<State>();
    auto *timer = new QTimer(window);
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, window, [window, timer, state, count] {
        auto *tab = qobject_cast<ui::ChatTab *>(window->tabWidget(ui::TabId::Chat));
        if (!tab || !tab->isConnected() || tab->isStreaming() || !state->pending.isEmpty())
            return;
        if (state->sent >= count) {
            timer->stop();
            // BSP_AUTOMATION_SHOT=FILE: a picture of the window with the replies, then quit.
            if (const QString shot = qEnvironmentVariable("BSP_AUTOMATION_SHOT"); !shot.isEmpty())
                QTimer::singleShot(500, window, [window, shot] {
                    say(window->grab().save(shot) ? "saved" : "not saved", shot);
                    QCoreApplication::quit();
                });
            return;
        }
        if (!state->finished) {
            state->finished = QObject::connect(
                tab, &ui::ChatTab::streamFinished, tab, [tab, state] {
                    const QList<ChatTurn> turns = tab->conversationView()->turns();
                    if (!turns.isEmpty() && turns.constLast().status == ChatTurn::Status::Complete)
                        say("acked", state->pending);
                    else
                        say("unfinished", state->pending);
                    state->pending.clear();
                });
        }
        const QString text = qEnvironmentVariable("BSP_AUTOMATION_MESSAGE");
        ++state->sent;
        state->pending = text.isEmpty()
            ? u"crash cycle message %1-%2"_s.arg(QCoreApplication::applicationPid())
                  .arg(state->sent)
            : text;
        tab->input()->setPlainText(state->pending);
        tab->send();
        say("sent", state->pending);
    });
    timer->start();
}

bool isSettled(const VideoTask &t)
{
    switch (t.state) {
    case VideoTask::State::Completed:
        return t.download == VideoTask::DownloadState::Done
            || t.download == VideoTask::DownloadState::Failed;
    case VideoTask::State::Failed:
    case VideoTask::State::Cancelled:
        return true;
    default:
        return false;
    }
}

// Submits one short video task per launch while the store holds fewer than `total`,
// once the tracker has resumed the ones it has. Prints "automation: task submitted ID"
// and, for every task of the store that ends (finished, failed or cancelled, its clip
// downloaded or its download failed), "automation: task settled ID STATE".
void startTasks(AppContext &context, int total)
{
    TaskTracker *tracker = context.taskTracker();
    const auto report = [tracker](qint64 id) {
        const VideoTask *t = tracker->task(id);
        if (t && isSettled(*t))
            say("task settled", u"%1 %2"_s.arg(id).arg(int(t->state)));
    };
    QObject::connect(tracker, &TaskTracker::taskChanged, tracker, report);
    QObject::connect(tracker, &TaskTracker::downloadFinished, tracker,
        [report](qint64 id, bool) { report(id); });
    auto *timer = new QTimer(tracker);
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, tracker, [tracker, timer, total, report] {
        if (!tracker->isStarted())
            return;
        timer->stop();
        for (const qint64 id : tracker->taskIds())
            report(id);
        if (tracker->taskIds().size() >= total)
            return;
        VideoRequest request;
        request.model = u"seedance-2.0-pro-fast"_s;
        request.prompt = u"crash cycle clip %1"_s.arg(QCoreApplication::applicationPid());
        request.durationSeconds = 4;
        if (const qint64 id = tracker->submit(request); id > 0)
            say("task submitted", QString::number(id));
    });
    timer->start();
}

} // namespace

void applyAutomationOptions(AppOptions &options)
{
    if (!gatewayUrl().isEmpty())
        options.startSandbox = false;
}

void startAutomation(AppContext &context)
{
    if (const QString url = gatewayUrl(); !url.isEmpty())
        context.window()->setSandboxEndpoint(QUrl(url), qEnvironmentVariable("BSP_AUTOMATION_KEY"));
    if (const int chat = qEnvironmentVariableIntValue("BSP_AUTOMATION_CHAT"); chat > 0)
        startChat(context.window(), chat);
    if (const int tasks = qEnvironmentVariableIntValue("BSP_AUTOMATION_TASKS"); tasks > 0)
        startTasks(context, tasks);
}

} // namespace bsp::app
