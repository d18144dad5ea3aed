#pragma once

#include "core/chattypes.h"

#include <QList>
#include <QWidget>

class QScrollArea;
class QStackedLayout;
class QVBoxLayout;

namespace bsp::ui {

class MessageView;

// The turns of one plain conversation, newest at the bottom, kept in view while the
// user is at the end. Shows nothing but MessageViews; the tab decides what they hold.
class ConversationView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationView)

public:
    explicit ConversationView(QWidget *parent = nullptr);

    MessageView *addView(const ChatTurn &turn);
    void clear();
    // Deletes the view at `index` and every view after it.
    void removeFrom(qsizetype index);
    qsizetype indexOf(MessageView *view) const { return m_views.indexOf(view); }
    const QList<MessageView *> &views() const { return m_views; }
    QList<ChatTurn> turns() const;
    QScrollArea *scrollArea() const { return m_scroll; }
    void scrollToBottom();
    // The start guide an empty conversation shows instead of a blank pane.
    QWidget *startGuide() const { return m_guide; }
    static QStringList examplePrompts();

Q_SIGNALS:
    void regenerateRequested(bsp::ui::MessageView *view);
    void editRequested(bsp::ui::MessageView *view);
    void includeInContextToggled(bsp::ui::MessageView *view, bool include);
    void promptChosen(const QString &prompt); // an example prompt of the start guide

private:
    QWidget *buildGuide();
    void updateGuide();

    QStackedLayout *m_pages = nullptr;
    QWidget *m_guide = nullptr;
    QScrollArea *m_scroll = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QList<MessageView *> m_views;
    bool m_followEnd = true; // keep the newest message in view
};

} // namespace bsp::ui
