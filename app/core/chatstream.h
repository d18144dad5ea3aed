#pragma once

#include "core/apierror.h"
#include "core/canceltoken.h"
#include "core/chattypes.h"
#include "core/gatewayclient.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace bsp {

class CostService;

// One streamed reply, headless: runs GatewayClient::streamMessage, keeps the latest
// snapshot, and coalesces the deltas so a view repaints at most once per frame
// (updated()) and a store writes the partial reply at most every checkpoint interval
// (checkpoint()). stop() aborts the call; the partial reply stays and is marked
// cancelled. Metrics (tokens, TTFT, total, tok/s, estimated and charged cost) come
// with it; the ledger entry itself comes from GatewayClient::callFinished.
class ChatStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatStream)

public:
    explicit ChatStream(
        GatewayClient *client, CostService *cost = nullptr, QObject *parent = nullptr);
    ~ChatStream() override;

    void setFrameInterval(int ms) { m_frameMs = ms; }
    void setCheckpointInterval(int ms) { m_checkpoint.setInterval(ms); }

    // `opt.cancel` is replaced by the stream's own token.
    void start(const ChatParams &params, MessageRequest request, CallOptions opt);
    void stop();

    bool isRunning() const { return m_running; }
    const ChatParams &params() const { return m_params; }
    const Message &snapshot() const { return m_snapshot; }
    ChatMetrics metrics() const;
    ChatTurn::Status status() const { return m_status; }
    const std::optional<ApiError> &error() const { return m_error; }
    // The assistant turn as it stands (for the store and the view).
    ChatTurn turn() const;
    qint64 deltaCount() const { return m_deltas; }
    // Monotonic ns (steady clock) at which the oldest delta not yet announced by
    // updated() arrived; 0 when none is pending. For the paint-latency bench.
    qint64 oldestPendingNs() const { return m_oldestPendingNs; }
    static qint64 nowNs();

Q_SIGNALS:
    void started();
    void updated(); // coalesced: at most once per frame interval
    void checkpoint(); // while streaming, at most once per checkpoint interval
    void finished();

private:
    QCoro::Task<> run(MessageRequest request, CallOptions opt);
    void onEvent(const MessageStreamEvent &event, const Message &soFar);
    void finish(const StreamedMessage &out);
    void flush();

    QPointer<GatewayClient> m_client;
    QPointer<CostService> m_cost;
    ChatParams m_params;
    CancelToken m_cancel;
    Message m_snapshot;
    ChatTurn::Status m_status = ChatTurn::Status::Complete;
    std::optional<ApiError> m_error;
    ChatMetrics m_metrics;
    QElapsedTimer m_clock;
    QTimer m_frame;
    QElapsedTimer m_sinceFlush;
    int m_frameMs = 8; // at most one update per frame of a 120 Hz display
    QTimer m_checkpoint;
    qint64 m_deltas = 0;
    qint64 m_oldestPendingNs = 0;
    bool m_running = false;
    bool m_dirty = false;
    bool m_checkpointDirty = false;
};

} // namespace bsp
