#include "ui/chat/chattab.h"

#include "ui/chat/chatcontroller.h"
#include "ui/chat/comparepanel.h"
#include "ui/chat/conversationview.h"
#include "ui/chat/messageview.h"
#include "ui/chat/parameterpanel.h"

#include "core/chatstore.h"
#include "core/chatstream.h"
#include "core/costservice.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ChatTab::ChatTab(GatewayClient *client, CostService *cost, ChatStore *store, QWidget *parent)
    : QWidget(parent)
    , m_controller(new ChatController(client, cost, store, this))
    , m_paramsPanel(new ParameterPanel(this))
    , m_stack(new QStackedWidget(this))
    , m_conversation(new ConversationView(this))
    , m_comparePanel(new ComparePanel(client, cost, this))
    , m_composer(new ChatComposer(this))
{
    setObjectName(u"chatTab"_s);
    m_stack->addWidget(m_conversation);
    m_stack->addWidget(m_comparePanel);

    auto *main = new QWidget(this);
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->addWidget(m_paramsPanel);
    mainLayout->addWidget(m_stack, 1);
    mainLayout->addWidget(m_composer);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(buildSidebar());
    splitter->addWidget(main);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 800});
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
    setAcceptDrops(true);
    // Escape stops a streaming reply, or abandons an edit (also from the message box).
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &ChatTab::onEscape);

    connectParts();
    connectCompare();
    refreshHistory();
    refreshPresets();
    newConversation();
    reloadModels();
}

ChatTab::~ChatTab() = default; // the controller keeps a reply that was still streaming

void ChatTab::connectParts()
{
    connect(m_controller, &ChatController::replyUpdated, this, &ChatTab::onReplyUpdated);
    connect(m_controller, &ChatController::replyFinished, this, &ChatTab::onReplyFinished);
    connect(m_controller, &ChatController::modelsLoaded, this, &ChatTab::onModelsLoaded);
    connect(m_controller, &ChatController::modelsFailed, this, [this](const QString &message) {
        m_composer->showNotice(tr("Could not load the models: %1").arg(message));
        m_modelsNotice = true;
    });
    connect(m_controller, &ChatController::conversationCreated, this, [this](qint64 id) {
        refreshHistory();
        Q_EMIT conversationChanged(id);
    });
    connect(m_paramsPanel, &ParameterPanel::changed, this, [this] {
        saveParams();
        updateEstimate();
        if (!m_compare && !params().model.isEmpty())
            QSettings().setValue(u"chat/lastModel"_s, params().model);
    });
    connect(m_paramsPanel, &ParameterPanel::savePresetRequested, this, &ChatTab::savePreset);
    connect(m_paramsPanel, &ParameterPanel::presetActivated, this, &ChatTab::applyPreset);
    connect(m_composer, &ChatComposer::sendRequested, this, &ChatTab::send);
    connect(m_composer, &ChatComposer::stopRequested, this, &ChatTab::stop);
    connect(m_composer, &ChatComposer::contentChanged, this, &ChatTab::updateEstimate);
    connect(m_composer, &ChatComposer::escapePressed, this, &ChatTab::onEscape);
    connect(m_composer, &ChatComposer::cancelEditRequested, this, &ChatTab::cancelEdit);
    connect(m_conversation, &ConversationView::includeInContextToggled, this,
        &ChatTab::setIncludeInContext);
    connect(m_conversation, &ConversationView::promptChosen, this, [this](const QString &prompt) {
        input()->setPlainText(prompt);
        input()->setFocus();
    });
    connect(m_conversation, &ConversationView::regenerateRequested, this, &ChatTab::regenerate);
    connect(m_conversation, &ConversationView::editRequested, this, &ChatTab::editTurn);
}

void ChatTab::connectCompare()
{
    ChatStore *store = m_controller->store();
    connect(m_comparePanel, &ComparePanel::columnCheckpoint, this, [this, store](int i) {
        ChatTurn t = m_comparePanel->column(i)->currentTurn();
        if (t.id != 0 || t.conversationId != 0)
            store->saveTurn(t);
    });
    connect(m_comparePanel, &ComparePanel::columnFinished, this, [this, store](int i) {
        ChatTurn t = m_comparePanel->column(i)->currentTurn();
        if (t.conversationId != 0)
            store->saveTurn(t);
        updateTotal();
    });
    connect(m_comparePanel, &ComparePanel::allFinished, this, &ChatTab::updateButtons);
    connect(m_comparePanel, &ComparePanel::columnCountChanged, m_paramsPanel,
        &ParameterPanel::setColumnCount);
    connect(m_paramsPanel, &ParameterPanel::columnCountChanged, m_comparePanel,
        &ComparePanel::setColumnCount);
    connect(m_paramsPanel, &ParameterPanel::diffRequested, m_comparePanel, &ComparePanel::showDiff);
}

void ChatTab::reloadModels()
{
    m_controller->loadModels();
}

// The model the user last picked (in any earlier session), if the gateway has it.
QString ChatTab::rememberedModel(const QStringList &models) const
{
    const QString last = QSettings().value(u"chat/lastModel"_s).toString();
    return models.contains(last) ? last : QString();
}

void ChatTab::onModelsLoaded(const QStringList &text, const QStringList &image)
{
    if (std::exchange(m_modelsNotice, false))
        m_composer->hideNotice();
    QString current = params().model;
    if (current.isEmpty())
        current = rememberedModel(text);
    if (current.isEmpty())
        current = m_controller->cheapestTextModel(text);
    m_paramsPanel->setModels(text, image, current);
    m_comparePanel->setModels(text);
    updateEstimate();
}

// Forwarders to the parts.
qint64 ChatTab::currentConversation() const
{
    return m_controller->conversationId();
}
ChatStore *ChatTab::store() const
{
    return m_controller->store();
}
bool ChatTab::attachFile(const QString &path)
{
    return m_composer->attachFile(path);
}
bool ChatTab::attachBytes(const QByteArray &bytes, const QString &name)
{
    return m_composer->attachBytes(bytes, name);
}
QString ChatTab::lastRefusal() const
{
    return m_composer->lastRefusal();
}
int ChatTab::attachmentCount() const
{
    return m_composer->attachmentCount();
}
ComposerEdit *ChatTab::input() const
{
    return m_composer->input();
}
QComboBox *ChatTab::modelCombo() const
{
    return m_paramsPanel->modelCombo();
}
QCheckBox *ChatTab::imageToolBox() const
{
    return m_paramsPanel->imageToolBox();
}
QPushButton *ChatTab::sendButton() const
{
    return m_composer->sendButton();
}
QPushButton *ChatTab::stopButton() const
{
    return m_composer->stopButton();
}
QLabel *ChatTab::estimateLabel() const
{
    return m_composer->estimateLabel();
}
QLabel *ChatTab::totalLabel() const
{
    return m_composer->totalLabel();
}
QList<MessageView *> ChatTab::messageViews() const
{
    return m_conversation->views();
}
ChatStream *ChatTab::currentStream() const
{
    return m_controller->stream();
}
ChatParams ChatTab::params() const
{
    return m_paramsPanel->params();
}
void ChatTab::setParams(const ChatParams &params)
{
    m_paramsPanel->setParams(params);
}

void ChatTab::addAttachmentFile(const QString &path)
{
    m_composer->attachFile(path);
    input()->setFocus();
}

void ChatTab::saveParams()
{
    m_controller->saveParams(
        params(), m_compare ? m_comparePanel->columnParams(params()) : QList<ChatParams> {});
}

bool ChatTab::isStreaming() const
{
    return m_controller->isRunning() || m_comparePanel->isRunning();
}

void ChatTab::updateButtons()
{
    m_composer->setBusy(isStreaming());
    // Nothing is sent while the profile is not connected; the button says why.
    sendButton()->setEnabled(!isStreaming() && m_connected);
    sendButton()->setToolTip(m_connected ? QString() : m_offlineReason);
}

void ChatTab::setConnectionState(bool connected, const QString &reason)
{
    const bool wasConnected = m_connected;
    m_connected = connected;
    m_offlineReason = connected ? QString() : tr("Not connected: %1").arg(reason);
    if (!connected)
        m_composer->showNotice(m_offlineReason);
    else if (!wasConnected)
        m_composer->hideNotice();
    updateButtons();
}

void ChatTab::send()
{
    if (isStreaming() || m_composer->isEmpty() || !m_connected)
        return;
    if (!m_compare && modelCombo()->currentText().isEmpty()) {
        m_composer->showNotice(tr("Pick a model first (the model list has not loaded)."));
        return;
    }
    m_composer->hideNotice();
    finishEdit();
    const QString text = m_composer->text();
    const QList<ContentBlock> blocks = m_composer->takeMessage();
    m_controller->ensureConversation(text, m_compare, params(),
        m_compare ? m_comparePanel->columnParams(params()) : QList<ChatParams> {});
    if (m_compare) {
        m_comparePanel->setPrompt(text);
        sendCompare(blocks);
        return;
    }
    m_conversation->addView(m_controller->saveUserTurn(blocks));
    startReply(m_conversation->turns());
}

void ChatTab::startReply(const QList<ChatTurn> &history)
{
    const ChatTurn turn = m_controller->startReply(params(), history);
    m_streamView = m_conversation->addView(turn);
    m_streamView->setActionsVisible(false);
    updateButtons();
}

void ChatTab::onReplyUpdated(const ChatTurn &turn)
{
    if (m_streamView)
        m_streamView->setTurn(turn); // followed by the range change when at the end
}

void ChatTab::onReplyFinished(const ChatTurn &turn)
{
    if (m_streamView) {
        m_streamView->setTurn(turn);
        m_streamView->setActionsVisible(true);
    }
    m_streamView = nullptr;
    updateButtons();
    updateTotal();
    Q_EMIT streamFinished();
}

void ChatTab::stop()
{
    m_controller->stop();
    m_comparePanel->stopAll();
    input()->setFocus(); // the Stop button goes disabled: keep typing where the user was
}

void ChatTab::sendCompare(const QList<ContentBlock> &blocks)
{
    // A compare conversation keeps every prompt; each column answers the latest one
    // with only that prompt as context.
    ChatTurn user = m_controller->saveUserTurn(blocks);
    saveParams();
    m_conversation->clear();
    m_streamView = nullptr;
    m_conversation->addView(user)->setActionsVisible(false);
    const ChatParams shared = params();
    for (int i = 0; i < m_comparePanel->columnCount(); ++i) {
        CompareColumn *c = m_comparePanel->column(i);
        const ChatParams p = c->params(shared);
        c->start(p, buildRequest(p, {user}), currentConversation(), user.seq + 1);
        ChatTurn t = c->currentTurn();
        store()->saveTurn(t);
        c->setTurn(t); // carries the row id for the checkpoints
    }
    updateButtons();
}

void ChatTab::regenerate(MessageView *view)
{
    if (isStreaming() || m_compare)
        return;
    cancelEdit();
    const qsizetype at = m_conversation->indexOf(view);
    if (at < 0)
        return;
    m_controller->removeTurnsFrom(view->turn().seq);
    m_conversation->removeFrom(at);
    startReply(m_conversation->turns());
}

void ChatTab::editTurn(MessageView *view)
{
    if (isStreaming() || m_compare || m_conversation->indexOf(view) < 0)
        return;
    if (m_editing)
        cancelEdit();
    // The original turn and its reply stay until the edited message is sent.
    m_draftBeforeEdit = m_composer->draft();
    const ChatTurn t = view->turn();
    m_composer->setDraft({t.text(), {}});
    for (const ContentBlock &b : t.content)
        if (b.isImage())
            attachBytes(b.data, tr("image"));
    m_editing = view;
    view->setEditing(true);
    m_composer->setEditing(true);
    input()->setFocus();
    updateEstimate();
}

void ChatTab::cancelEdit()
{
    if (m_editing)
        m_editing->setEditing(false);
    const bool was = m_composer->isEditing();
    m_editing = nullptr;
    m_composer->setEditing(false);
    if (was)
        m_composer->setDraft(std::exchange(m_draftBeforeEdit, {}));
    updateEstimate();
}

void ChatTab::finishEdit()
{
    if (m_editing) {
        const qsizetype at = m_conversation->indexOf(m_editing);
        m_controller->removeTurnsFrom(m_editing->turn().seq);
        m_conversation->removeFrom(at);
        updateTotal();
    }
    m_editing = nullptr;
    m_draftBeforeEdit = {};
    m_composer->setEditing(false);
}

void ChatTab::onEscape()
{
    if (isStreaming())
        stop();
    else if (m_composer->isEditing())
        cancelEdit();
}

void ChatTab::setIncludeInContext(MessageView *view, bool include)
{
    ChatTurn t = view->turn();
    t.includeInContext = include;
    if (t.conversationId != 0)
        store()->saveTurn(t);
    view->setTurn(t);
    updateEstimate();
}

void ChatTab::updateEstimate()
{
    if (!m_controller->cost()) {
        estimateLabel()->clear();
        return;
    }
    QList<ChatTurn> history = m_compare ? QList<ChatTurn> {} : m_conversation->turns();
    if (m_editing) // the edited message replaces its turn and what follows
        history.resize(qMax<qsizetype>(0, m_conversation->indexOf(m_editing)));
    history.append(
        ChatTurn {.role = u"user"_s, .content = {ContentBlock::textBlock(input()->toPlainText())}});
    const ChatParams shared = params();
    const QList<ChatParams> all
        = m_compare ? m_comparePanel->columnParams(shared) : QList<ChatParams> {shared};
    estimateLabel()->setText(
        tr("Estimate: %1").arg(CostService::formatEstimate(m_controller->estimate(all, history))));
    estimateLabel()->setToolTip(
        tr("Input tokens of the conversation plus an expected reply, and "
           "the most it can cost at max tokens, priced with the rate card"));
}

void ChatTab::updateTotal()
{
    totalLabel()->setText(
        tr("Conversation total: %1").arg(formatUsd(m_controller->conversationTotal().value_or(0))));
}

void ChatTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The profile may have come up after construction: a tab without models retries.
    if (modelCombo()->count() == 0)
        reloadModels();
}

void ChatTab::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

void ChatTab::dropEvent(QDropEvent *event)
{
    QStringList names;
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &u : urls)
        if (u.isLocalFile())
            names.append(u.toLocalFile());
    QList<QImage> images;
    if (names.isEmpty() && event->mimeData()->hasImage())
        images.append(qvariant_cast<QImage>(event->mimeData()->imageData()));
    m_composer->offerImages({}, names, images);
    event->acceptProposedAction();
}

} // namespace bsp::ui
