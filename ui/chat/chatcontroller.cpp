#include "ui/chat/chatcontroller.h"

#include "core/chatstore.h"
#include "core/chatstream.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"

#include <QCoroTask>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ChatController::ChatController(
    GatewayClient *client, CostService *cost, ChatStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cost(cost)
    , m_store(store)
    , m_stream(new ChatStream(client, cost, this))
{
    Q_ASSERT(store);
    connect(m_stream, &ChatStream::updated, this, [this] { Q_EMIT replyUpdated(liveTurn()); });
    connect(m_stream, &ChatStream::checkpoint, this, [this] {
        ChatTurn t = liveTurn();
        m_store->saveTurn(t);
    });
    connect(m_stream, &ChatStream::finished, this, &ChatController::onFinished);
}

ChatController::~ChatController()
{
    // Keep whatever arrived; the stream's destructor cancels its call.
    if (m_stream->isRunning()) {
        ChatTurn t = liveTurn();
        t.status = ChatTurn::Status::Cancelled;
        t.metrics.stopReason = u"cancelled"_s;
        m_store->saveTurn(t);
    }
}

bool ChatController::ensureConversation(const QString &firstText, bool compare,
    const ChatParams &params, const QList<ChatParams> &columns)
{
    if (m_conversationId != 0)
        return false;
    QString title = firstText.simplified().left(60);
    if (title.isEmpty())
        title = compare ? tr("Compare run") : tr("New conversation");
    m_conversationId
        = m_store->createConversation(title, compare ? u"compare"_s : u"chat"_s, params, columns);
    Q_EMIT conversationCreated(m_conversationId);
    return true;
}

void ChatController::saveParams(const ChatParams &params, const QList<ChatParams> &columns)
{
    if (m_conversationId != 0)
        m_store->saveParams(m_conversationId, params, columns);
}

ChatTurn ChatController::saveUserTurn(const QList<ContentBlock> &content)
{
    ChatTurn user {.conversationId = m_conversationId, .role = u"user"_s, .content = content};
    m_store->saveTurn(user);
    return user;
}

void ChatController::removeTurnsFrom(int seq)
{
    m_store->removeTurnsFrom(m_conversationId, seq);
}

std::optional<Credits> ChatController::conversationTotal() const
{
    const std::optional<Conversation> c
        = m_conversationId ? m_store->conversation(m_conversationId) : std::nullopt;
    return c ? std::optional<Credits>(c->totalCredits) : std::nullopt;
}

ChatTurn ChatController::startReply(const ChatParams &params, const QList<ChatTurn> &history)
{
    const MessageRequest request = buildRequest(params, history);
    m_streamTurn = ChatTurn {.conversationId = m_conversationId,
        .role = u"assistant"_s,
        .model = params.model,
        .status = ChatTurn::Status::Streaming};
    m_streamTurn.metrics.estimated
        = m_cost ? estimateRequest(m_cost->rateCard(), params, request) : std::optional<Credits> {};
    m_store->saveTurn(m_streamTurn);
    m_stream->start(params, request, CallOptions {.tab = u"chat"_s});
    return m_streamTurn;
}

ChatTurn ChatController::liveTurn() const
{
    ChatTurn t = m_streamTurn;
    const ChatTurn live = m_stream->turn();
    t.content = live.content;
    t.metrics = live.metrics;
    t.status = live.status;
    t.error = live.error;
    return t;
}

bool ChatController::isRunning() const
{
    return m_stream->isRunning();
}

void ChatController::stop()
{
    m_stream->stop();
}

void ChatController::onFinished()
{
    ChatTurn t = liveTurn();
    if (m_stream->error() && !m_stream->error()->requestId.isEmpty()
        && !t.error.contains(m_stream->error()->requestId))
        t.error += u" · "_s + tr("request %1").arg(m_stream->error()->requestId);
    m_store->saveTurn(t);
    m_streamTurn = t;
    Q_EMIT replyFinished(t);
}

void ChatController::loadModels()
{
    if (!m_client || m_client->baseUrl().isEmpty())
        return; // no gateway yet: the connection calls again once it has one
    const int generation = ++m_modelsGeneration;
    QCoro::connect(m_client->models(ModelFilter {}, CallOptions {.tab = u"chat"_s}), this,
        [this, generation](const Result<QList<ModelInfo>> &r) {
            if (generation != m_modelsGeneration)
                return;
            if (!r.ok()) {
                Q_EMIT modelsFailed(r.error().displayText());
                return;
            }
            QStringList text, image;
            for (const ModelInfo &m : r.value()) {
                if (m.outputModalities.contains(u"text"_s))
                    text.append(m.id);
                else if (m.outputModalities.contains(u"image"_s))
                    image.append(m.id);
            }
            Q_EMIT modelsLoaded(text, image);
        });
}

QString ChatController::cheapestTextModel(const QStringList &models) const
{
    // A new conversation starts on the cheapest text model of the card: experimenting
    // should cost little until the user picks otherwise.
    if (!m_cost)
        return {};
    QString best;
    double bestRate = 0;
    for (const QString &id : models) {
        const Rate *rate = m_cost->rateCard().find(id);
        if (rate && (best.isEmpty() || rate->outputPerMtok < bestRate)) {
            best = id;
            bestRate = rate->outputPerMtok;
        }
    }
    return best;
}

CostEstimate ChatController::estimate(
    const QList<ChatParams> &params, const QList<ChatTurn> &history) const
{
    if (!m_cost)
        return {};
    const auto add = [](std::optional<Credits> a, std::optional<Credits> b) {
        return a && b ? std::optional<Credits>(*a + *b) : std::nullopt;
    };
    CostEstimate total {Credits(0), Credits(0)};
    for (const ChatParams &p : params) {
        const CostEstimate one = estimateRequestRange(m_cost->rateCard(), buildRequest(p, history));
        total = {add(total.expected, one.expected), add(total.upTo, one.upTo)};
    }
    return total;
}

} // namespace bsp::ui
