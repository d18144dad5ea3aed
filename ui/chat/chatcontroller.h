#pragma once

#include "core/chattypes.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/money.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace bsp {
class ChatStore;
class ChatStream;
} // namespace bsp

namespace bsp::ui {

// The calls of the Chat tab and their persistence, without widgets: the model list,
// the streamed reply of a plain conversation (with its checkpoints into the store),
// the conversation row and its turns. The store is the composition root's; the
// controller only reads and writes it.
class ChatController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatController)

public:
    // `cost` may be null (no estimates or prices); `store` must outlive the controller.
    ChatController(
        GatewayClient *client, CostService *cost, ChatStore *store, QObject *parent = nullptr);
    ~ChatController() override;

    GatewayClient *client() const { return m_client; }
    CostService *cost() const { return m_cost; }
    ChatStore *store() const { return m_store; }
    ChatStream *stream() const { return m_stream; }

    qint64 conversationId() const { return m_conversationId; }
    void setConversationId(qint64 id) { m_conversationId = id; }
    // Creates the conversation row if there is none yet; true when it did.
    bool ensureConversation(const QString &firstText, bool compare, const ChatParams &params,
        const QList<ChatParams> &columns);
    void saveParams(const ChatParams &params, const QList<ChatParams> &columns);
    ChatTurn saveUserTurn(const QList<ContentBlock> &content);
    void removeTurnsFrom(int seq);
    std::optional<Credits> conversationTotal() const;

    // Streams the reply to `history` with `params`; returns the new (streaming) turn.
    ChatTurn startReply(const ChatParams &params, const QList<ChatTurn> &history);
    ChatTurn liveTurn() const; // the reply as it stands
    bool isRunning() const;
    void stop();

    // Loads /v1/models; modelsLoaded or modelsFailed follow (a newer load wins).
    void loadModels();
    // The cheapest text model the card prices (by output rate), or empty.
    QString cheapestTextModel(const QStringList &models) const;
    // The estimate of sending `history` once with each of `params` (summed).
    CostEstimate estimate(const QList<ChatParams> &params, const QList<ChatTurn> &history) const;

Q_SIGNALS:
    void replyUpdated(const bsp::ChatTurn &turn);
    void replyFinished(const bsp::ChatTurn &turn);
    void modelsLoaded(const QStringList &textModels, const QStringList &imageModels);
    void modelsFailed(const QString &message);
    void conversationCreated(qint64 id);

private:
    void onFinished();

    QPointer<GatewayClient> m_client;
    QPointer<CostService> m_cost;
    ChatStore *m_store;
    ChatStream *m_stream;
    qint64 m_conversationId = 0;
    int m_modelsGeneration = 0; // a newer load (profile switch) supersedes an older one
    ChatTurn m_streamTurn;
};

} // namespace bsp::ui
