#include "core/videotask.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bsp {

std::optional<double> VideoTask::shownProgress(const QDateTime &now, bool *estimated) const
{
    if (estimated)
        *estimated = false;
    if (state == State::Completed)
        return 1.0;
    if (progress)
        return std::clamp(*progress, 0.0, 1.0);
    if (state != State::Running || !estimatedSeconds || *estimatedSeconds <= 0)
        return std::nullopt;
    if (estimated)
        *estimated = true;
    // Never 100 % on an estimate: only the gateway says a clip is done.
    return std::min(0.99, double(elapsedMs(now)) / (*estimatedSeconds * 1000.0));
}

qint64 VideoTask::elapsedMs(const QDateTime &now) const
{
    const QDateTime start = submittedAt.isValid() ? submittedAt : createdAt;
    if (!start.isValid())
        return 0;
    const QDateTime end = isTerminal() && finishedAt.isValid() ? finishedAt : now;
    return std::max<qint64>(0, start.msecsTo(end));
}

QString videoStateName(VideoTask::State s)
{
    switch (s) {
    case VideoTask::State::Submitting:
        return u"submitting"_s;
    case VideoTask::State::Queued:
        return u"queued"_s;
    case VideoTask::State::Running:
        return u"running"_s;
    case VideoTask::State::Completed:
        return u"completed"_s;
    case VideoTask::State::Failed:
        return u"failed"_s;
    case VideoTask::State::Cancelled:
        return u"cancelled"_s;
    }
    return u"submitting"_s;
}

VideoTask::State videoStateFromName(const QString &name)
{
    for (auto s :
        {VideoTask::State::Submitting, VideoTask::State::Queued, VideoTask::State::Running,
            VideoTask::State::Completed, VideoTask::State::Failed, VideoTask::State::Cancelled}) {
        if (videoStateName(s) == name)
            return s;
    }
    return VideoTask::State::Submitting;
}

} // namespace bsp
