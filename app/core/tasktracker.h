#pragma once

#include "core/apierror.h"
#include "core/canceltoken.h"
#include "core/result.h"
#include "core/videotask.h"
#include "core/wire_tasks.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>

#include <QPointer>
#include <QTimer>
#include <optional>

#include <QCoroTask>

#include <chrono>

namespace bsp {

class GatewayClient;
class VideoTaskStore;

// When the tracker asks about a task. The docs' schedule: every 2 s for the first
// 60–180 s (1 s for fast models), then every 5 s. "Fast" is a model whose own
// estimate (estimated_seconds of the submit answer) is at most `fastModelSeconds`,
// so no model id is special-cased. Errors back off exponentially with ±25 % jitter;
// a 429 pauses every query for its retry-after.
struct PollCadence
{
    using ms = std::chrono::milliseconds;
    ms fastInterval {1000};
    ms normalInterval {2000};
    ms slowInterval {5000};
    ms fastPhase {120'000}; // the first part of a task's life, polled at the faster rate
    double fastModelSeconds = 30;
    double maxQueriesPerSecond = 10; // across all tasks (token bucket, 1 s burst)
    ms maxBackoff {60'000};
    ms stuckMinimum {30'000}; // never flagged sooner than this
    double stuckFactor = 1.5; // ... nor before stuckFactor × the model's expected time
    int maxStreams = 4; // task streams open at once (the rest is polled)
    // The task stream where the gateway offers it (its last event updates the task's
    // ledger entry like a query's answer); polling for the rest.
    bool useStream = true;
    double timeScale = 1.0; // scales every interval above (tests use 0.01)
    ms tick {100}; // the one timer's period

    // The gap before the next query of a task `sinceSubmit` old.
    ms intervalFor(std::optional<double> estimatedSeconds, ms sinceSubmit) const;
    ms scaled(ms value) const;
};

// What the submit form asks for.
struct VideoRequest
{
    QString model;
    QString prompt;
    double durationSeconds = 5;
    QString resolution = QStringLiteral("720p");
    QString aspectRatio = QStringLiteral("16:9");
    QByteArray firstFrame;
    QString firstFrameMediaType;
    QString group; // compare runs
};

// Owns the video tasks: submit with an out_task_id stored before the request leaves,
// one poll scheduler for all of them (cadence, backoff, a global cap, the task stream
// where offered), cancel, stuck detection, download of every finished clip into the
// media folder (once), and resume of every unfinished task from the store.
class TaskTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskTracker)

public:
    TaskTracker(
        GatewayClient *client, VideoTaskStore *store, QString mediaDir, QObject *parent = nullptr);
    ~TaskTracker() override;

    void setCadence(const PollCadence &cadence) { m_cadence = cadence; }
    const PollCadence &cadence() const { return m_cadence; }
    QString mediaDir() const { return m_mediaDir; }

    // Loads the store and resumes every unfinished task: polling, recovery by
    // out_task_id of a submit whose answer never came, downloads not yet done.
    void start();
    bool isStarted() const { return m_started; }

    // Returns the task's id. While an identical request is still being submitted, the
    // same id again (a double click makes one task). 0 when the store refused it.
    qint64 submit(const VideoRequest &request);
    // Idempotent; free while queued, the card's policy while running.
    void cancel(qint64 id);
    // Removes a finished task from the list and the store (the clip stays on disk).
    bool remove(qint64 id);
    // Downloads the clip again after a failed download.
    void retryDownload(qint64 id);
    // Thumbnails are made by the UI (Qt Multimedia); the tracker keeps the path.
    void setThumbnail(qint64 id, const QString &path);

    const VideoTask *task(qint64 id) const;
    QList<qint64> taskIds() const { return m_order; }

    // Statistics for tests and the bench.
    qint64 queriesSent() const { return m_queries; }
    int openStreams() const { return m_streams; }

Q_SIGNALS:
    void taskAdded(qint64 id);
    void taskChanged(qint64 id);
    void taskRemoved(qint64 id);
    // Reached completed, failed or cancelled (once per task and run).
    void taskFinished(qint64 id);
    void downloadFinished(qint64 id, bool ok);
    void querySent(qint64 id, bool byOutTaskId);
    void storeError(const QString &message);

private:
    struct Runtime
    {
        qint64 nextPollMs = 0;
        int errors = 0;
        bool inFlight = false;
        bool streaming = false;
        bool recover = false; // next query goes by out_task_id
        bool submitting = false;
        int resubmits = 0;
        bool urlFromThisRun = false; // outputUrl came from an answer of this run
        CancelToken stream;
    };

    QCoro::Task<> sendSubmit(qint64 id);
    QCoro::Task<> sendQuery(qint64 id);
    QCoro::Task<> sendCancel(qint64 id);
    QCoro::Task<> followStream(qint64 id);
    QCoro::Task<> download(qint64 id);
    QCoro::Task<QString> refreshOutputUrl(qint64 id);
    void finishDownload(qint64 id, const QString &path, const QString &error);
    void setDownloadProgress(qint64 id, double fraction);
    void onTick();
    void checkStuck(VideoTask &t, Runtime &rt, qint64 now);
    void apply(qint64 id, const TaskInfo &info);
    void submitFailed(qint64 id, const ApiError &error);
    void scheduleAfterError(Runtime &rt, const ApiError &error);
    void scheduleNext(qint64 id);
    void save(const VideoTask &t);
    void maybeStream(qint64 id);
    bool takeToken();
    qint64 nowMs() const { return m_clock.elapsed(); }
    VideoTask *mutableTask(qint64 id);
    // True when the client points at the profile `t` was submitted to (or `t` predates
    // profiles): only then is it queried, followed or cancelled.
    bool reachable(const VideoTask &t) const;
    // After a profile switch: flags the tasks that now wait for theirs (and unflags).
    void markAwayTasks();
    std::optional<QString> m_seenProfile;

    QPointer<GatewayClient> m_client;
    VideoTaskStore *m_store = nullptr;
    QString m_mediaDir;
    PollCadence m_cadence;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QHash<qint64, VideoTask> m_tasks;
    QHash<qint64, Runtime> m_runtime;
    QList<qint64> m_order;
    qint64 m_pausedUntilMs = 0;
    double m_tokens = 0;
    qint64 m_tokensAtMs = 0;
    qint64 m_queries = 0;
    int m_streams = 0;
    bool m_streamUnsupported = false;
    bool m_started = false;
};

} // namespace bsp
