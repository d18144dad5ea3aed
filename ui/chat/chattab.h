#pragma once

#include "core/chattypes.h"
#include "ui/chat/chatcomposer.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace bsp {
class ChatStore;
class ChatStream;
class CostService;
class GatewayClient;
} // namespace bsp

namespace bsp::ui {

class ChatController;
class ComparePanel;
class ConversationView;
class MessageView;
class ParameterPanel;

// The Chat tab: streaming conversations with Markdown, image in and out, 2–4 models
// side by side, history in SQLite (sidebar with search, rename, delete, export), and
// the metrics and cost of every response. It puts together a ParameterPanel, a
// ConversationView (or the ComparePanel), a ChatComposer and the history sidebar;
// the ChatController owns the calls. Every call is tagged tab="chat", so the
// composition root's GatewayClient → CostService glue puts it in the ledger.
class ChatTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatTab)

public:
    // `cost` may be null (no estimates or prices). `store` is opened by the
    // composition root and must outlive the tab.
    ChatTab(GatewayClient *client, CostService *cost, ChatStore *store, QWidget *parent = nullptr);
    static constexpr int kSearchDebounceMs = 200; // the history search waits for a pause
    ~ChatTab() override;

    // Reloads the model lists from /v1/models (text models; image models for the tool).
    void reloadModels();
    // Send works only while a profile is connected; otherwise it is disabled and
    // `reason` (the connection's status) says why.
    void setConnectionState(bool connected, const QString &reason);
    bool isConnected() const { return m_connected; }

    // Conversations
    void newConversation();
    void newCompare();
    bool openConversation(qint64 id);
    qint64 currentConversation() const;
    bool isCompare() const { return m_compare; }
    ChatStore *store() const;

    // Composer
    bool attachFile(const QString &path); // false with lastRefusal() set
    bool attachBytes(const QByteArray &bytes, const QString &name);
    // Adds an image file to the composer as an attachment (checked as any attachment;
    // a refusal shows in the composer's notice) and focuses the message box.
    void addAttachmentFile(const QString &path);
    QString lastRefusal() const;
    int attachmentCount() const;
    void send();
    void stop();
    bool isStreaming() const;
    bool isEditing() const { return !m_editing.isNull(); }

    // Parts, for tests and the bench.
    ChatController *controller() const { return m_controller; }
    ChatComposer *composer() const { return m_composer; }
    ParameterPanel *parameterPanel() const { return m_paramsPanel; }
    ConversationView *conversationView() const { return m_conversation; }
    ComposerEdit *input() const;
    QComboBox *modelCombo() const;
    QCheckBox *imageToolBox() const;
    QPushButton *sendButton() const;
    QPushButton *stopButton() const;
    QLabel *estimateLabel() const;
    QLabel *totalLabel() const;
    QListWidget *historyList() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    QList<MessageView *> messageViews() const;
    ComparePanel *comparePanel() const { return m_comparePanel; }
    ChatStream *currentStream() const;
    ChatParams params() const;
    void setParams(const ChatParams &params);

Q_SIGNALS:
    void conversationChanged(qint64 id);
    void streamFinished(); // a plain conversation's reply ended (any status)

protected:
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *buildSidebar();
    void connectParts();
    void connectCompare();
    void onModelsLoaded(const QStringList &text, const QStringList &image);
    void refreshHistory();
    void showConversation(const Conversation &c);
    void showCompareTurns(const QList<ChatTurn> &all);
    void startReply(const QList<ChatTurn> &history);
    void sendCompare(const QList<ContentBlock> &blocks);
    void onReplyUpdated(const ChatTurn &turn);
    void onReplyFinished(const ChatTurn &turn);
    void regenerate(MessageView *view);
    void editTurn(MessageView *view);
    void cancelEdit();
    void finishEdit(); // the edited message is being sent: its old turns go
    void onEscape();
    void setIncludeInContext(MessageView *view, bool include);
    QString rememberedModel(const QStringList &models) const;
    void saveParams();
    void updateEstimate();
    void updateTotal();
    void updateButtons();
    void renameCurrent();
    void deleteCurrent();
    void exportCurrent(bool markdown);
    void savePreset();
    void applyPreset(int index);
    void refreshPresets();

    ChatController *m_controller = nullptr;
    bool m_compare = false;
    bool m_modelsNotice = false; // the notice shows a model-list error
    bool m_connected = true; // set by the composition root from the connection
    QString m_offlineReason;
    MessageView *m_streamView = nullptr;
    QPointer<MessageView> m_editing; // the sent message the composer holds for a resend
    ChatComposer::Draft m_draftBeforeEdit;

    // sidebar
    QLineEdit *m_search = nullptr;
    QListWidget *m_list = nullptr;
    // parts
    ParameterPanel *m_paramsPanel = nullptr;
    QStackedWidget *m_stack = nullptr;
    ConversationView *m_conversation = nullptr;
    ComparePanel *m_comparePanel = nullptr;
    ChatComposer *m_composer = nullptr;
};

} // namespace bsp::ui
