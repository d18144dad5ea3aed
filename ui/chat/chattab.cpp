#include "ui/chat/chattab.h"

#include "ui/chat/comparepanel.h"
#include "ui/chat/messageview.h"

#include "core/chatstream.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <QCoroTask>

namespace bsp::ui {

#include <utility>

using namespace Qt::StringLiterals;

ChatTab::ChatTab(
    GatewayClient *client, CostService *cost, const QString &databasePath, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_cost(cost)
    , m_store(std::make_unique<ChatStore>(databasePath))
{
    setObjectName(u"chatTab"_s);
    if (!m_store->open())
        qWarning("chat store: %s", qPrintable(m_store->lastError()));

    m_stream = new ChatStream(client, cost, this);
    m_comparePanel = new ComparePanel(client, cost, this);

    m_scroll = new QScrollArea(this);
    auto *viewsHost = new QWidget(m_scroll);
    m_viewsLayout = new QVBoxLayout(viewsHost);
    m_viewsLayout->addStretch(1);
    m_scroll->setWidget(viewsHost);
    m_scroll->setWidgetResizable(true);
    // Follow the conversation's end while the user is there: the range grows after the
    // layout settles, so the bar is moved when it does, not when the view is added.
    QScrollBar *bar = m_scroll->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followEnd)
            bar->setValue(max);
    });
    connect(bar, &QScrollBar::valueChanged, this,
        [this, bar](int value) { m_followEnd = value >= bar->maximum() - 4; });
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_scroll);
    m_stack->addWidget(m_comparePanel);

    auto *main = new QWidget(this);
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->addWidget(buildParams());
    mainLayout->addWidget(m_stack, 1);
    mainLayout->addWidget(buildComposer());

    auto *splitter = new QSplitter(this);
    splitter->addWidget(buildSidebar());
    splitter->addWidget(main);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 800});
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
    setAcceptDrops(true);

    connect(m_stream, &ChatStream::updated, this, &ChatTab::onStreamUpdated);
    connect(m_stream, &ChatStream::checkpoint, this, [this] {
        ChatTurn t = m_streamTurn;
        const ChatTurn live = m_stream->turn();
        t.content = live.content;
        t.metrics = live.metrics;
        m_store->saveTurn(t);
    });
    connect(m_stream, &ChatStream::finished, this, &ChatTab::onStreamFinished);
    connect(m_comparePanel, &ComparePanel::columnCheckpoint, this, [this](int i) {
        ChatTurn t = m_comparePanel->column(i)->currentTurn();
        if (t.id != 0 || t.conversationId != 0)
            m_store->saveTurn(t);
    });
    connect(m_comparePanel, &ComparePanel::columnFinished, this, [this](int i) {
        ChatTurn t = m_comparePanel->column(i)->currentTurn();
        if (t.conversationId != 0)
            m_store->saveTurn(t);
        updateTotal();
    });
    connect(m_comparePanel, &ComparePanel::allFinished, this, &ChatTab::updateButtons);
    connect(m_comparePanel, &ComparePanel::columnCountChanged, this, [this](int n) {
        if (m_columns->value() != n)
            m_columns->setValue(n);
    });

    refreshHistory();
    refreshPresets();
    newConversation();
    reloadModels();
}

ChatTab::~ChatTab()
{
    // Keep whatever arrived; the streams' destructors cancel their calls.
    if (m_stream->isRunning()) {
        ChatTurn t = m_streamTurn;
        t.content = m_stream->snapshot().content;
        t.metrics = m_stream->metrics();
        t.status = ChatTurn::Status::Cancelled;
        t.metrics.stopReason = u"cancelled"_s;
        m_store->saveTurn(t);
    }
}

QWidget *ChatTab::buildParams()
{
    auto *box = new QWidget(this);
    m_model = new QComboBox(box);
    m_model->setObjectName(u"chatModel"_s);
    m_model->setMinimumContentsLength(16);
    m_temperature = new QDoubleSpinBox(box);
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setSpecialValueText(tr("default"));
    m_temperature->setValue(-0.1);
    m_maxTokens = new QSpinBox(box);
    m_maxTokens->setRange(1, 64000);
    m_maxTokens->setValue(1024);
    m_stops = new QLineEdit(box);
    m_stops->setPlaceholderText(tr("comma-separated"));
    m_system = new QPlainTextEdit(box);
    m_system->setPlaceholderText(tr("System prompt (optional)"));
    m_system->setFixedHeight(m_system->fontMetrics().lineSpacing() * 2 + 12);
    m_imageTool = new QCheckBox(tr("Allow image generation"), box);
    m_imageTool->setObjectName(u"imageTool"_s);
    m_imageModel = new QComboBox(box);
    m_imageModel->addItem(u"gpt-image-2"_s);
    m_imageSize = new QComboBox(box);
    m_imageSize->addItems({u"1024x1024"_s, u"1024x1536"_s, u"1536x1024"_s, u"2048x2048"_s});
    m_imageModel->setEnabled(false);
    m_imageSize->setEnabled(false);

    m_compareBar = new QWidget(box);
    m_columns = new QSpinBox(m_compareBar);
    m_columns->setRange(2, 4);
    m_presets = new QComboBox(m_compareBar);
    m_presets->setPlaceholderText(tr("Presets"));
    auto *savePreset = new QPushButton(tr("Save preset…"), m_compareBar);
    auto *diff = new QPushButton(tr("Diff"), m_compareBar);
    diff->setObjectName(u"diffButton"_s);
    auto *cl = new QHBoxLayout(m_compareBar);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(new QLabel(tr("Columns"), m_compareBar));
    cl->addWidget(m_columns);
    cl->addWidget(m_presets, 1);
    cl->addWidget(savePreset);
    cl->addWidget(diff);
    m_compareBar->hide();

    auto *row1 = new QHBoxLayout;
    row1->addWidget(new QLabel(tr("Model"), box));
    row1->addWidget(m_model, 1);
    row1->addWidget(new QLabel(tr("Temperature"), box));
    row1->addWidget(m_temperature);
    row1->addWidget(new QLabel(tr("Max tokens"), box));
    row1->addWidget(m_maxTokens);
    row1->addWidget(new QLabel(tr("Stop"), box));
    row1->addWidget(m_stops);
    auto *row2 = new QHBoxLayout;
    row2->addWidget(m_imageTool);
    row2->addWidget(m_imageModel);
    row2->addWidget(m_imageSize);
    row2->addWidget(m_compareBar, 1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row1);
    layout->addWidget(m_system);
    layout->addLayout(row2);

    const auto changed = [this] {
        if (!m_loading)
            saveParams();
        updateEstimate();
    };
    connect(m_model, &QComboBox::currentTextChanged, this, changed);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, changed);
    connect(m_stops, &QLineEdit::editingFinished, this, changed);
    connect(m_system, &QPlainTextEdit::textChanged, this, changed);
    connect(m_imageTool, &QCheckBox::toggled, this, [this, changed](bool on) {
        m_imageModel->setEnabled(on);
        m_imageSize->setEnabled(on);
        changed();
    });
    connect(m_imageModel, &QComboBox::currentTextChanged, this, changed);
    connect(m_imageSize, &QComboBox::currentTextChanged, this, changed);
    connect(m_columns, &QSpinBox::valueChanged, this, [this, changed](int n) {
        m_comparePanel->setColumnCount(n);
        changed();
    });
    connect(savePreset, &QPushButton::clicked, this, &ChatTab::savePreset);
    connect(m_presets, &QComboBox::activated, this, &ChatTab::applyPreset);
    auto *pairs = new QMenu(diff);
    diff->setMenu(pairs);
    connect(pairs, &QMenu::aboutToShow, this, [this, pairs] {
        pairs->clear();
        const int n = m_comparePanel->columnCount();
        for (int a = 0; a < n; ++a)
            for (int b = a + 1; b < n; ++b)
                pairs->addAction(tr("Column %1 ↔ column %2").arg(a + 1).arg(b + 1), this,
                    [this, a, b] { m_comparePanel->showDiff(a, b); });
    });
    return box;
}

namespace {

// A new conversation starts on the cheapest text model the card prices (by its
// output rate): experimenting should cost little until the user picks otherwise.
QString cheapestTextModel(const RateCard &card, const QStringList &models)
{
    QString best;
    double bestRate = 0;
    for (const QString &id : models) {
        const Rate *rate = card.find(id);
        if (rate && (best.isEmpty() || rate->outputPerMtok < bestRate)) {
            best = id;
            bestRate = rate->outputPerMtok;
        }
    }
    return best;
}

} // namespace

void ChatTab::reloadModels()
{
    if (!m_client || m_client->baseUrl().isEmpty())
        return; // no gateway yet: the connection calls again once it has one
    const int generation = ++m_modelsGeneration;
    QCoro::connect(m_client->models(ModelFilter {}, CallOptions {.tab = u"chat"_s}), this,
        [this, generation](const Result<QList<ModelInfo>> &r) {
            if (generation != m_modelsGeneration)
                return;
            if (!r.ok()) {
                m_notice->setText(tr("Could not load the models: %1").arg(r.error().displayText()));
                m_notice->show();
                m_modelsNotice = true;
                return;
            }
            if (std::exchange(m_modelsNotice, false))
                m_notice->hide();
            QStringList text, image;
            for (const ModelInfo &m : r.value()) {
                if (m.outputModalities.contains(u"text"_s))
                    text.append(m.id);
                else if (m.outputModalities.contains(u"image"_s))
                    image.append(m.id);
            }
            QString current = params().model;
            if (current.isEmpty() && m_cost)
                current = cheapestTextModel(m_cost->rateCard(), text);
            m_loading = true;
            m_model->clear();
            m_model->addItems(text);
            if (!current.isEmpty()) {
                if (m_model->findText(current) < 0)
                    m_model->addItem(current);
                m_model->setCurrentText(current);
            }
            const QString img = m_imageModel->currentText();
            m_imageModel->clear();
            m_imageModel->addItems(image);
            m_imageModel->setCurrentText(img);
            m_loading = false;
            m_comparePanel->setModels(text);
            updateEstimate();
        });
}

ChatParams ChatTab::params() const
{
    ChatParams p;
    p.model = m_model->currentText();
    p.system = m_system->toPlainText();
    if (m_temperature->value() >= 0)
        p.temperature = m_temperature->value();
    p.maxTokens = m_maxTokens->value();
    const QStringList stops = m_stops->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &s : stops)
        if (!s.trimmed().isEmpty())
            p.stopSequences.append(s.trimmed());
    p.imageTool = m_imageTool->isChecked();
    p.imageModel = m_imageModel->currentText();
    p.imageSize = m_imageSize->currentText();
    return p;
}

void ChatTab::setParams(const ChatParams &p)
{
    m_loading = true;
    if (!p.model.isEmpty()) {
        if (m_model->findText(p.model) < 0)
            m_model->addItem(p.model);
        m_model->setCurrentText(p.model);
    }
    m_system->setPlainText(p.system);
    m_temperature->setValue(p.temperature.value_or(-0.1));
    m_maxTokens->setValue(p.maxTokens);
    m_stops->setText(p.stopSequences.join(u", "_s));
    m_imageTool->setChecked(p.imageTool);
    if (m_imageModel->findText(p.imageModel) < 0)
        m_imageModel->addItem(p.imageModel);
    m_imageModel->setCurrentText(p.imageModel);
    m_imageSize->setCurrentText(p.imageSize);
    m_loading = false;
}

void ChatTab::saveParams()
{
    if (m_conversationId != 0)
        m_store->saveParams(m_conversationId, params(),
            m_compare ? m_comparePanel->columnParams(params()) : QList<ChatParams> {});
}

bool ChatTab::isStreaming() const
{
    return m_stream->isRunning() || m_comparePanel->isRunning();
}

void ChatTab::updateButtons()
{
    const bool busy = isStreaming();
    m_send->setEnabled(!busy);
    m_stop->setEnabled(busy);
}

QList<ChatTurn> ChatTab::turns() const
{
    QList<ChatTurn> out;
    for (MessageView *v : m_views)
        out.append(v->turn());
    return out;
}

void ChatTab::ensureConversation(const QString &firstText)
{
    if (m_conversationId != 0)
        return;
    QString title = firstText.simplified().left(60);
    if (title.isEmpty())
        title = m_compare ? tr("Compare run") : tr("New conversation");
    m_conversationId = m_store->createConversation(title, m_compare ? u"compare"_s : u"chat"_s,
        params(), m_compare ? m_comparePanel->columnParams(params()) : QList<ChatParams> {});
    refreshHistory();
    Q_EMIT conversationChanged(m_conversationId);
}

void ChatTab::send()
{
    if (isStreaming())
        return;
    const QString text = m_input->toPlainText().trimmed();
    if (text.isEmpty() && m_attachments.isEmpty())
        return;
    if (!m_compare && m_model->currentText().isEmpty()) {
        m_notice->setText(tr("Pick a model first (the model list has not loaded)."));
        m_notice->show();
        return;
    }
    m_notice->hide();
    QList<ContentBlock> blocks;
    for (const Attachment &a : std::as_const(m_attachments))
        blocks.append(ContentBlock::imageBlock(a.bytes, a.mediaType));
    if (!text.isEmpty())
        blocks.append(ContentBlock::textBlock(text));
    m_input->clear();
    m_attachments.clear();
    refreshAttachments();
    ensureConversation(text);
    if (m_compare) {
        sendCompare(text, blocks);
        return;
    }
    ChatTurn user {.conversationId = m_conversationId, .role = u"user"_s, .content = blocks};
    m_store->saveTurn(user);
    addView(user);
    startReply(turns());
}

void ChatTab::startReply(const QList<ChatTurn> &history)
{
    const ChatParams p = params();
    m_streamTurn = ChatTurn {.conversationId = m_conversationId,
        .role = u"assistant"_s,
        .model = p.model,
        .status = ChatTurn::Status::Streaming};
    m_streamTurn.metrics.estimated = m_cost
        ? estimateRequest(m_cost->rateCard(), p, buildRequest(p, history))
        : std::optional<Credits> {};
    m_store->saveTurn(m_streamTurn);
    m_streamView = addView(m_streamTurn);
    m_streamView->setActionsVisible(false);
    m_stream->start(p, buildRequest(p, history), CallOptions {.tab = u"chat"_s});
    updateButtons();
}

void ChatTab::onStreamUpdated()
{
    if (!m_streamView)
        return;
    ChatTurn t = m_streamTurn;
    const ChatTurn live = m_stream->turn();
    t.content = live.content;
    t.metrics = live.metrics;
    t.status = live.status;
    t.error = live.error;
    m_streamView->setTurn(t); // followed by the range change when at the end
}

void ChatTab::onStreamFinished()
{
    ChatTurn t = m_streamTurn;
    const ChatTurn live = m_stream->turn();
    t.content = live.content;
    t.metrics = live.metrics;
    t.status = live.status;
    t.error = live.error;
    if (m_stream->error() && !m_stream->error()->requestId.isEmpty()
        && !t.error.contains(m_stream->error()->requestId))
        t.error += u" · "_s + tr("request %1").arg(m_stream->error()->requestId);
    m_store->saveTurn(t);
    if (m_streamView) {
        m_streamView->setTurn(t);
        m_streamView->setActionsVisible(true);
    }
    m_streamView = nullptr;
    updateButtons();
    updateTotal();
    Q_EMIT streamFinished();
}

void ChatTab::stop()
{
    m_stream->stop();
    m_comparePanel->stopAll();
    m_input->setFocus(); // the Stop button goes disabled: keep typing where the user was
}

void ChatTab::sendCompare(const QString &text, const QList<ContentBlock> &blocks)
{
    m_comparePanel->setPrompt(text);
    // A compare conversation keeps every prompt; each column answers the latest one
    // with only that prompt as context.
    ChatTurn user {.conversationId = m_conversationId, .role = u"user"_s, .content = blocks};
    m_store->saveTurn(user);
    saveParams();
    clearViews();
    addView(user)->setActionsVisible(false);
    const ChatParams shared = params();
    for (int i = 0; i < m_comparePanel->columnCount(); ++i) {
        CompareColumn *c = m_comparePanel->column(i);
        const ChatParams p = c->params(shared);
        c->start(p, buildRequest(p, {user}), m_conversationId, user.seq + 1);
        ChatTurn t = c->currentTurn();
        m_store->saveTurn(t);
        c->setTurn(t); // carries the row id for the checkpoints
    }
    updateButtons();
}

MessageView *ChatTab::addView(const ChatTurn &turn)
{
    auto *v = new MessageView(turn, m_scroll->widget());
    m_viewsLayout->insertWidget(m_viewsLayout->count() - 1, v);
    m_views.append(v);
    connect(v, &MessageView::regenerateRequested, this, [this, v] { regenerate(v); });
    connect(v, &MessageView::editRequested, this, [this, v] { editTurn(v); });
    scrollToBottom();
    return v;
}

void ChatTab::clearViews()
{
    qDeleteAll(m_views);
    m_views.clear();
    m_streamView = nullptr;
}

void ChatTab::scrollToBottom()
{
    m_followEnd = true;
    m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
}

void ChatTab::regenerate(MessageView *view)
{
    if (isStreaming() || m_compare)
        return;
    const qsizetype at = m_views.indexOf(view);
    if (at < 0)
        return;
    m_store->removeTurnsFrom(m_conversationId, view->turn().seq);
    while (m_views.size() > at)
        delete m_views.takeLast();
    startReply(turns());
}

void ChatTab::editTurn(MessageView *view)
{
    if (isStreaming() || m_compare)
        return;
    const qsizetype at = m_views.indexOf(view);
    if (at < 0)
        return;
    const ChatTurn t = view->turn();
    m_input->setPlainText(t.text());
    for (const ContentBlock &b : t.content)
        if (b.isImage())
            attachBytes(b.data, tr("image"));
    m_store->removeTurnsFrom(m_conversationId, t.seq);
    while (m_views.size() > at)
        delete m_views.takeLast();
    m_input->setFocus();
    updateTotal();
}

void ChatTab::updateEstimate()
{
    if (!m_cost) {
        m_estimate->clear();
        return;
    }
    QList<ChatTurn> history = m_compare ? QList<ChatTurn> {} : turns();
    history.append(
        ChatTurn {.role = u"user"_s, .content = {ContentBlock::textBlock(m_input->toPlainText())}});
    const ChatParams shared = params();
    std::optional<Credits> total = Credits(0);
    const QList<ChatParams> all
        = m_compare ? m_comparePanel->columnParams(shared) : QList<ChatParams> {shared};
    for (const ChatParams &p : all) {
        const std::optional<Credits> one
            = estimateRequest(m_cost->rateCard(), p, buildRequest(p, history));
        total = (total && one) ? std::optional<Credits>(*total + *one) : std::nullopt;
    }
    m_estimate->setText(tr("Estimate: %1").arg(CostService::formatEstimate(total)));
    m_estimate->setToolTip(tr("Input tokens of the conversation plus max tokens of output, "
                              "priced with the rate card"));
}

void ChatTab::updateTotal()
{
    const std::optional<Conversation> c
        = m_conversationId ? m_store->conversation(m_conversationId) : std::nullopt;
    m_total->setText(tr("Conversation total: %1").arg(formatUsd(c ? c->totalCredits : 0)));
}

void ChatTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The profile may have come up after construction: a tab without models retries.
    if (m_model->count() == 0)
        reloadModels();
}

} // namespace bsp::ui
