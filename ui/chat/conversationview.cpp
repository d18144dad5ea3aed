#include "ui/chat/conversationview.h"

#include "ui/chat/messageview.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ConversationView::ConversationView(QWidget *parent)
    : QWidget(parent), m_scroll(new QScrollArea(this))
{
    setObjectName(u"conversationView"_s);
    auto *host = new QWidget(m_scroll);
    // Opaque, so that scrolling moves what is painted instead of painting it all again
    // (a streamed reply scrolls the view on every frame while it follows the end).
    host->setBackgroundRole(QPalette::Base);
    host->setAutoFillBackground(true);
    m_layout = new QVBoxLayout(host);
    m_layout->addStretch(1);
    m_scroll->setWidget(host);
    m_scroll->setWidgetResizable(true);
    m_pages = new QStackedLayout(this);
    m_pages->setContentsMargins(0, 0, 0, 0);
    m_pages->addWidget(m_scroll);
    m_pages->addWidget(buildGuide());
    updateGuide();
    // Follow the conversation's end while the user is there: the range grows after the
    // layout settles, so the bar is moved when it does, not when the view is added.
    QScrollBar *bar = m_scroll->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followEnd)
            bar->setValue(max);
    });
    connect(bar, &QScrollBar::valueChanged, this,
        [this, bar](int value) { m_followEnd = value >= bar->maximum() - 4; });
}

QStringList ConversationView::examplePrompts()
{
    return {tr("Explain how ocean tides work in two short paragraphs."),
        tr("Write a Python function that checks whether a word is a palindrome, with tests.")};
}

QWidget *ConversationView::buildGuide()
{
    m_guide = new QWidget(this);
    m_guide->setObjectName(u"chatStartGuide"_s);
    auto *title = new QLabel(u"<h3>"_s + tr("Start a conversation") + u"</h3>"_s, m_guide);
    auto *intro = new QLabel(tr("Pick a model above, type a message below and press Enter. "
                                "Every reply shows its tokens, speed and cost; failures are "
                                "free. Or start with an example:"),
        m_guide);
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(m_guide);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addStretch(1);
    layout->addWidget(title);
    layout->addWidget(intro);
    for (const QString &prompt : examplePrompts()) {
        auto *b = new QPushButton(prompt, m_guide);
        b->setObjectName(u"examplePrompt"_s);
        b->setStyleSheet(u"text-align: left; padding: 6px 10px"_s);
        b->setToolTip(prompt);
        b->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed); // never widens the tab
        connect(b, &QPushButton::clicked, this, [this, prompt] { Q_EMIT promptChosen(prompt); });
        layout->addWidget(b);
    }
    // The sandbox's fault tags (app/sandbox/context.cpp): a tag in the newest message
    // makes that call fail the way a real gateway would, for free.
    const QStringList faults {u"content_policy"_s, u"watermark"_s, u"upstream_502"_s,
        u"overloaded"_s, u"rate_limit"_s, u"insufficient_balance"_s, u"slow"_s, u"drop_stream"_s,
        u"malformed"_s};
    QStringList tags;
    for (const QString &f : faults)
        tags.append(u"<code>[fault:%1]</code>"_s.arg(f));
    auto *faultHelp = new QLabel(tr("On the Sandbox profile, put a fault tag in a message to see "
                                    "how a failure looks (not billed): %1")
                                     .arg(tags.join(u", "_s)),
        m_guide);
    faultHelp->setObjectName(u"faultTags"_s);
    faultHelp->setWordWrap(true);
    faultHelp->setTextFormat(Qt::RichText);
    faultHelp->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(faultHelp);
    layout->addStretch(2);
    return m_guide;
}

void ConversationView::updateGuide()
{
    m_pages->setCurrentWidget(m_views.isEmpty() ? m_guide : static_cast<QWidget *>(m_scroll));
}

MessageView *ConversationView::addView(const ChatTurn &turn)
{
    auto *v = new MessageView(turn, m_scroll->widget());
    m_layout->insertWidget(m_layout->count() - 1, v);
    m_views.append(v);
    connect(
        v, &MessageView::regenerateRequested, this, [this, v] { Q_EMIT regenerateRequested(v); });
    connect(v, &MessageView::editRequested, this, [this, v] { Q_EMIT editRequested(v); });
    connect(v, &MessageView::includeInContextToggled, this,
        [this, v](bool on) { Q_EMIT includeInContextToggled(v, on); });
    updateGuide();
    scrollToBottom();
    return v;
}

void ConversationView::clear()
{
    qDeleteAll(m_views);
    m_views.clear();
    updateGuide();
}

void ConversationView::removeFrom(qsizetype index)
{
    while (m_views.size() > index && index >= 0)
        delete m_views.takeLast();
    updateGuide();
}

QList<ChatTurn> ConversationView::turns() const
{
    QList<ChatTurn> out;
    for (MessageView *v : m_views)
        out.append(v->turn());
    return out;
}

void ConversationView::scrollToBottom()
{
    m_followEnd = true;
    m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
}

} // namespace bsp::ui
