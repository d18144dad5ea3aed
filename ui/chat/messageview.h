#pragma once

#include "core/chattypes.h"

#include <QFrame>
#include <QList>

class QCheckBox;
class QLabel;
class QToolButton;
class QVBoxLayout;

namespace bsp::ui {

// One turn of a conversation: role and model, the content rendered as Markdown
// (code blocks, lists, tables) with images inline (click to open in the image viewer),
// the status (streaming, stopped with the partial reply kept, failed with the typed
// error), the metrics line under a reply, and Copy / Regenerate / Edit actions.
class MessageView final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageView)

public:
    explicit MessageView(const ChatTurn &turn, QWidget *parent = nullptr);

    // Updates in place; blocks whose kind did not change keep their widgets.
    void setTurn(const ChatTurn &turn);
    const ChatTurn &turn() const { return m_turn; }
    void setActionsVisible(bool visible);
    void setCompact(bool compact); // compare columns: no role header
    void setEditing(bool editing); // the composer holds this message for a resend
    bool isEditing() const { return m_editing; }
    // The rendered text of all text blocks (what the user sees), for tests.
    QString renderedText() const;
    int imageCount() const;
    QString statusText() const;
    QString metricsText() const;

Q_SIGNALS:
    void regenerateRequested();
    void editRequested();
    void includeInContextToggled(bool include); // on a failed reply

private:
    void rebuildBlocks();
    void updateBlocks();
    void updateStatus();
    QString blockSignature() const;

    void updateHeader();

    ChatTurn m_turn;
    bool m_editing = false;
    QString m_signature;
    QLabel *m_header = nullptr;
    QVBoxLayout *m_blocks = nullptr;
    QList<QWidget *> m_blockWidgets;
    QStringList m_blockKeys; // blockKey() of each widget's block
    QLabel *m_status = nullptr;
    QLabel *m_metrics = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_regenerate = nullptr;
    QToolButton *m_edit = nullptr;
    QCheckBox *m_context = nullptr;
};

} // namespace bsp::ui
