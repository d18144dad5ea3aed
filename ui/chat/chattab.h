#pragma once

#include "core/chatstore.h"
#include "core/chattypes.h"
#include "ui/chat/attachment.h"

#include <QList>
#include <QPlainTextEdit>
#include <QPointer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QStackedWidget;
class QVBoxLayout;
class QHBoxLayout;

namespace bsp {
class ChatStream;
class CostService;
class GatewayClient;
} // namespace bsp

namespace bsp::ui {

class ComparePanel;
class MessageView;

// The composer: plain text, and images by paste or drop (handed to the tab).
class ComposerEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComposerEdit)

public:
    using QPlainTextEdit::QPlainTextEdit;

Q_SIGNALS:
    void imagesOffered(
        const QList<QByteArray> &files, const QStringList &names, const QList<QImage> &images);
    void sendRequested();

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
    void keyPressEvent(QKeyEvent *event) override;
};

// The Chat tab: streaming conversations with Markdown, image in and out, 2–4 models
// side by side, history in SQLite (sidebar with search, rename, delete, export), and
// the metrics and cost of every response. Every call is tagged tab="chat", so the
// composition root's GatewayClient → CostService glue puts it in the ledger.
class ChatTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatTab)

public:
    // `cost` may be null (no estimates or prices). The store opens `databasePath`
    // (the app's SQLite file; the "chat" migration creates the tables).
    ChatTab(GatewayClient *client, CostService *cost, const QString &databasePath,
        QWidget *parent = nullptr);
    ~ChatTab() override;

    // Reloads the model lists from /v1/models (text models; image models for the tool).
    void reloadModels();

    // Conversations
    void newConversation();
    void newCompare();
    bool openConversation(qint64 id);
    qint64 currentConversation() const { return m_conversationId; }
    bool isCompare() const { return m_compare; }
    ChatStore *store() const { return m_store.get(); }

    // Composer
    bool attachFile(const QString &path); // false with lastRefusal() set
    bool attachBytes(const QByteArray &bytes, const QString &name);
    QString lastRefusal() const { return m_refusal; }
    int attachmentCount() const { return int(m_attachments.size()); }
    void send();
    void stop();
    bool isStreaming() const;

    // Parts, for tests and the bench.
    ComposerEdit *input() const { return m_input; }
    QComboBox *modelCombo() const { return m_model; }
    QCheckBox *imageToolBox() const { return m_imageTool; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *stopButton() const { return m_stop; }
    QLabel *estimateLabel() const { return m_estimate; }
    QLabel *totalLabel() const { return m_total; }
    QListWidget *historyList() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    QList<MessageView *> messageViews() const { return m_views; }
    ComparePanel *comparePanel() const { return m_comparePanel; }
    ChatStream *currentStream() const { return m_stream; }
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
    QWidget *buildParams();
    QWidget *buildComposer();
    void refreshHistory();
    void showTurns(const QList<ChatTurn> &turns);
    MessageView *addView(const ChatTurn &turn);
    void clearViews();
    void startReply(const QList<ChatTurn> &history);
    void sendCompare(const QString &text, const QList<ContentBlock> &blocks);
    void onStreamUpdated();
    void onStreamFinished();
    void regenerate(MessageView *view);
    void editTurn(MessageView *view);
    void ensureConversation(const QString &firstText);
    void saveParams();
    void updateEstimate();
    void updateTotal();
    void updateButtons();
    void refreshAttachments();
    void offerImages(
        const QList<QByteArray> &files, const QStringList &names, const QList<QImage> &images);
    void renameCurrent();
    void deleteCurrent();
    void exportCurrent(bool markdown);
    void savePreset();
    void applyPreset(int index);
    void refreshPresets();
    void scrollToBottom();
    QList<ChatTurn> turns() const;

    QPointer<GatewayClient> m_client;
    QPointer<CostService> m_cost;
    std::unique_ptr<ChatStore> m_store;
    qint64 m_conversationId = 0;
    bool m_compare = false;
    bool m_loading = false;
    bool m_followEnd = true; // keep the newest message in view
    bool m_modelsNotice = false; // the notice shows a model-list error
    int m_modelsGeneration = 0; // a newer load (profile switch) supersedes an older one
    QList<Attachment> m_attachments;
    QString m_refusal;
    ChatStream *m_stream = nullptr;
    MessageView *m_streamView = nullptr;
    ChatTurn m_streamTurn;

    // sidebar
    QLineEdit *m_search = nullptr;
    QListWidget *m_list = nullptr;
    // parameters
    QComboBox *m_model = nullptr;
    QPlainTextEdit *m_system = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QLineEdit *m_stops = nullptr;
    QCheckBox *m_imageTool = nullptr;
    QComboBox *m_imageModel = nullptr;
    QComboBox *m_imageSize = nullptr;
    QWidget *m_compareBar = nullptr;
    QSpinBox *m_columns = nullptr;
    QComboBox *m_presets = nullptr;
    // conversation
    QStackedWidget *m_stack = nullptr;
    QScrollArea *m_scroll = nullptr;
    QVBoxLayout *m_viewsLayout = nullptr;
    QList<MessageView *> m_views;
    ComparePanel *m_comparePanel = nullptr;
    // composer
    QHBoxLayout *m_thumbs = nullptr;
    QWidget *m_thumbBar = nullptr;
    ComposerEdit *m_input = nullptr;
    QLabel *m_notice = nullptr;
    QLabel *m_estimate = nullptr;
    QLabel *m_total = nullptr;
    QPushButton *m_attach = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
};

} // namespace bsp::ui
