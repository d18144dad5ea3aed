#include "core/chatstream.h"

#include "core/costservice.h"
#include "core/tokens.h"

#include <QPointer>

#include <chrono>
#include <utility>

namespace bsp {

using namespace Qt::StringLiterals;

ChatStream::ChatStream(GatewayClient *client, CostService *cost, QObject *parent)
    : QObject(parent), m_client(client), m_cost(cost)
{
    m_frame.setSingleShot(true);
    m_frame.setTimerType(Qt::PreciseTimer);
    m_checkpoint.setSingleShot(true);
    m_checkpoint.setInterval(250);
    connect(&m_frame, &QTimer::timeout, this, &ChatStream::flush);
    connect(&m_checkpoint, &QTimer::timeout, this, [this] {
        if (!m_checkpointDirty)
            return;
        m_checkpointDirty = false;
        Q_EMIT checkpoint();
    });
}

ChatStream::~ChatStream()
{
    // A closed view aborts its call (recorded as cancelled by the client).
    if (m_running)
        m_cancel.cancel();
}

qint64 ChatStream::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ChatStream::start(const ChatParams &params, MessageRequest request, CallOptions opt)
{
    Q_ASSERT(!m_running);
    m_params = params;
    m_cancel = CancelToken();
    opt.cancel = m_cancel;
    m_snapshot = Message();
    m_snapshot.model = params.model;
    m_error.reset();
    m_status = ChatTurn::Status::Streaming;
    m_metrics = ChatMetrics();
    if (m_cost) {
        const CostEstimate estimate = estimateRequestRange(m_cost->rateCard(), request);
        m_metrics.estimated = estimate.expected;
        m_metrics.estimatedMax = estimate.upTo;
        opt.estimate = estimate.expected; // the ledger's Estimated column: the same number
    }
    m_metrics.inputTokens = estimateRequestTokens(request);
    m_deltas = 0;
    m_oldestPendingNs = 0;
    m_running = true;
    m_clock.start();
    Q_EMIT started();
    QCoro::connect(run(std::move(request), std::move(opt)), this, [] {});
}

void ChatStream::stop()
{
    if (m_running)
        m_cancel.cancel();
}

QCoro::Task<> ChatStream::run(MessageRequest request, CallOptions opt)
{
    QPointer<ChatStream> self(this);
    QPointer<GatewayClient> client = m_client;
    if (!client) {
        StreamedMessage out;
        out.error = ApiError::network(tr("no gateway client"));
        finish(out);
        co_return;
    }
    auto handler = [self](const MessageStreamEvent &event, const Message &soFar) {
        if (self)
            self->onEvent(event, soFar);
    };
    StreamedMessage out = co_await client->streamMessage(std::move(request), handler, opt);
    if (self)
        self->finish(out);
}

void ChatStream::onEvent(const MessageStreamEvent &event, const Message &soFar)
{
    using T = MessageStreamEvent::Type;
    if (event.type == T::Ping)
        return;
    m_snapshot = soFar;
    if (event.type == T::TextDelta || event.type == T::BlockStart)
        ++m_deltas;
    if (m_metrics.timeToFirstTokenMs < 0
        && (event.type == T::TextDelta || event.type == T::BlockStart))
        m_metrics.timeToFirstTokenMs = m_clock.elapsed();
    // Only deltas that change what is shown count for the paint latency.
    if (m_oldestPendingNs == 0 && (event.type == T::TextDelta || event.type == T::BlockStart))
        m_oldestPendingNs = nowNs();
    m_dirty = true;
    m_checkpointDirty = true;
    if (!m_frame.isActive()) {
        // A delta after a quiet frame is shown at the next loop turn (a burst in one
        // read still coalesces); later ones one frame after the last update, so the
        // view is laid out at most once per frame and a delta waits at most one frame.
        const qint64 since = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : m_frameMs;
        m_frame.start(since >= m_frameMs ? 0 : int(m_frameMs - since));
    }
    if (!m_checkpoint.isActive())
        m_checkpoint.start();
}

void ChatStream::flush()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    m_sinceFlush.start();
    Q_EMIT updated();
    m_oldestPendingNs = 0;
}

ChatMetrics ChatStream::metrics() const
{
    ChatMetrics m = m_metrics;
    if (m_running) {
        m.totalMs = m_clock.elapsed();
        m.outputTokens = qMax(m_snapshot.usage.outputTokens, estimateTokens(m_snapshot.text()));
        if (m_snapshot.usage.inputTokens > 0)
            m.inputTokens = m_snapshot.usage.inputTokens;
    }
    return m;
}

void ChatStream::finish(const StreamedMessage &out)
{
    m_frame.stop();
    m_checkpoint.stop();
    m_running = false;
    m_snapshot = out.message;
    if (m_snapshot.model.isEmpty())
        m_snapshot.model = m_params.model;
    m_error = out.error;
    if (!out.error)
        m_status = ChatTurn::Status::Complete;
    else if (out.error->kind == ApiError::Kind::Cancelled)
        m_status = ChatTurn::Status::Cancelled;
    else
        m_status = ChatTurn::Status::Failed;

    m_metrics.totalMs = m_clock.elapsed();
    if (out.timeToFirstTokenMs >= 0)
        m_metrics.timeToFirstTokenMs = out.timeToFirstTokenMs;
    if (out.message.usage.inputTokens > 0)
        m_metrics.inputTokens = out.message.usage.inputTokens;
    m_metrics.outputTokens = out.message.usage.outputTokens;
    const bool billed = !out.error || out.error->billed;
    if (billed && m_metrics.outputTokens == 0)
        m_metrics.outputTokens = estimateTokens(out.message.text());
    m_metrics.stopReason = out.message.stopReason;
    if (!out.error.has_value() && m_metrics.stopReason.isEmpty())
        m_metrics.stopReason = u"end_turn"_s;
    if (m_status == ChatTurn::Status::Cancelled)
        m_metrics.stopReason = u"cancelled"_s;
    else if (m_status == ChatTurn::Status::Failed)
        m_metrics.stopReason = u"error"_s;
    m_metrics.requestId
        = out.requestId.isEmpty() && out.error ? out.error->requestId : out.requestId;
    if (!billed)
        m_metrics.charged = 0;
    else if (m_cost && m_cost->chargedFor(m_metrics.requestId))
        m_metrics.charged = m_cost->chargedFor(m_metrics.requestId); // the ledger's record
    else if (m_cost)
        m_metrics.charged = responseCost(m_cost->rateCard(), m_params, out.message,
            m_metrics.inputTokens, m_metrics.outputTokens); // no ledger (a bare stream)
    m_dirty = false;
    m_oldestPendingNs = 0;
    Q_EMIT updated();
    Q_EMIT finished();
}

ChatTurn ChatStream::turn() const
{
    ChatTurn t;
    t.role = u"assistant"_s;
    t.model = m_params.model;
    t.content = m_snapshot.content;
    t.status = m_status;
    t.metrics = metrics();
    if (m_error)
        t.error = m_error->displayText();
    return t;
}

} // namespace bsp
