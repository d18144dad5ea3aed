#include "ui/chat/conversationview.h"

#include "ui/chat/messageview.h"

#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ConversationView::ConversationView(QWidget *parent)
    : QWidget(parent), m_scroll(new QScrollArea(this))
{
    setObjectName(u"conversationView"_s);
    auto *host = new QWidget(m_scroll);
    m_layout = new QVBoxLayout(host);
    m_layout->addStretch(1);
    m_scroll->setWidget(host);
    m_scroll->setWidgetResizable(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);
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

MessageView *ConversationView::addView(const ChatTurn &turn)
{
    auto *v = new MessageView(turn, m_scroll->widget());
    m_layout->insertWidget(m_layout->count() - 1, v);
    m_views.append(v);
    connect(
        v, &MessageView::regenerateRequested, this, [this, v] { Q_EMIT regenerateRequested(v); });
    connect(v, &MessageView::editRequested, this, [this, v] { Q_EMIT editRequested(v); });
    scrollToBottom();
    return v;
}

void ConversationView::clear()
{
    qDeleteAll(m_views);
    m_views.clear();
}

void ConversationView::removeFrom(qsizetype index)
{
    while (m_views.size() > index && index >= 0)
        delete m_views.takeLast();
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
