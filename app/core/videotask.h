#pragma once

#include "core/money.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>

namespace bsp {

// One video task as the app keeps it: what was asked, where the gateway says it is,
// what it cost, and where its clip is. The store persists every field, so a task
// survives a restart (or a kill) at any point of its life.
struct VideoTask
{
    enum class State {
        Submitting, // out_task_id stored, the submit answer not yet seen
        Queued,
        Running,
        Completed,
        Failed,
        Cancelled,
    };
    enum class CancelState {
        None,
        Requested, // the user asked; the gateway's answer is pending
        Confirmed, // the gateway says cancelled
        Refused, // the gateway refused (an error answer); the task goes on
        LostRace, // the task had already finished when the cancel arrived
    };
    enum class DownloadState { None, Downloading, Done, Failed };

    qint64 id = 0; // the store's row id
    QString outTaskId;
    QString taskId;
    QString model;
    QString prompt;
    double durationSeconds = 5;
    QString resolution;
    QString aspectRatio;
    QByteArray firstFrame; // optional image bytes, kept so a resubmit sends the same
    QString firstFrameMediaType;
    QString group; // compare runs: the tasks of one run share it
    // The gateway profile it was submitted to: its queries and cancel go there only (a
    // 404 from another gateway must never fail it, nor a resubmit bill it twice).
    QString profile;
    // Not stored: the client points at another profile now, so the task waits (neither
    // queried nor cancellable from here) until that profile is back.
    bool awaitingProfile = false;

    State state = State::Submitting;
    CancelState cancel = CancelState::None;
    QString cancelMessage; // why a cancel was refused, when it was
    std::optional<double> progress; // 0..1 when the gateway sends it
    std::optional<double> estimatedSeconds;
    std::optional<Credits> estimatedCredits; // the reservation
    std::optional<Credits> creditsUsed; // terminal only: the gateway's figure
    QDateTime createdAt;
    QDateTime submittedAt;
    QDateTime finishedAt;
    QDateTime lastChangeAt; // status or progress last moved
    QString errorCode;
    QString errorMessage;

    QUrl outputUrl;
    int width = 0;
    int height = 0;
    double outputSeconds = 0;
    DownloadState download = DownloadState::None;
    QString filePath;
    QString thumbnailPath;
    QString downloadError;
    double downloadProgress = 0; // 0..1 while downloading (not stored)
    bool stuck = false;

    bool isTerminal() const
    {
        return state == State::Completed || state == State::Failed || state == State::Cancelled;
    }
    bool isCancellable() const
    {
        return (state == State::Submitting || state == State::Queued || state == State::Running)
            && cancel != CancelState::Requested && !awaitingProfile;
    }
    // The clip's progress: the gateway's, else elapsed against estimated_seconds
    // (`*estimated` then says so); nullopt when neither is known.
    std::optional<double> shownProgress(const QDateTime &now, bool *estimated = nullptr) const;
    qint64 elapsedMs(const QDateTime &now) const;
};

QString videoStateName(VideoTask::State s); // stored names: "submitting", "queued", ...
VideoTask::State videoStateFromName(const QString &name);

} // namespace bsp

Q_DECLARE_METATYPE(bsp::VideoTask)
