#pragma once

#include <QObject>

#include <memory>

namespace bsp {

namespace detail {
// The shared state behind CancelToken copies: a QObject so a running call can
// connect its reply's abort() to it.
class CancelState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CancelState)

public:
    CancelState() = default;
    bool cancelled = false;

Q_SIGNALS:
    void cancelRequested();
};
} // namespace detail

// A cheap, copyable handle: keep a copy, hand one to a call in CallOptions, and
// cancel() aborts that call's request (it ends with ApiError::Kind::Cancelled; a
// stream keeps its partial content). One token may cancel several calls. Cancelling
// is sticky: a call started with an already-cancelled token ends at once.
class CancelToken
{
public:
    CancelToken() : m_state(std::make_shared<detail::CancelState>()) { }

    void cancel() const
    {
        if (m_state->cancelled)
            return;
        m_state->cancelled = true;
        Q_EMIT m_state->cancelRequested();
    }
    bool isCancelled() const { return m_state->cancelled; }
    // For the client: the object whose cancelRequested() signal fires on cancel().
    detail::CancelState *state() const { return m_state.get(); }

private:
    std::shared_ptr<detail::CancelState> m_state;
};

} // namespace bsp
