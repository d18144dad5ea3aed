#pragma once

#include "core/chatstream.h"
#include "core/chattypes.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSplitter;
class QToolButton;

namespace bsp {
class CostService;
class GatewayClient;
} // namespace bsp

namespace bsp::ui {

class MessageView;

// One column of a compare run: its model, its own stream and Stop, the answer and
// its metrics (or its typed error and request id).
class CompareColumn final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareColumn)

public:
    CompareColumn(int index, GatewayClient *client, CostService *cost, QWidget *parent = nullptr);

    int index() const { return m_index; }
    QComboBox *modelCombo() const { return m_model; }
    QPushButton *stopButton() const { return m_stop; }
    ChatStream *stream() const { return m_stream; }
    MessageView *view() const { return m_view; }
    // Sandbox fault for this column only (x-sandbox-fault), e.g. to see a failure.
    void setFault(const QString &fault) { m_fault = fault; }
    void setModels(const QStringList &models);
    ChatParams params(const ChatParams &shared) const; // shared params, own model
    void setTurn(const ChatTurn &turn);
    void start(
        const ChatParams &params, const MessageRequest &request, qint64 conversationId, int seq);
    ChatTurn currentTurn() const { return m_turn; }
    bool isRunning() const;
    void setCollapsed(bool collapsed);

Q_SIGNALS:
    void finished(int index);
    void checkpoint(int index);

private:
    int m_index;
    ChatStream *m_stream;
    ChatTurn m_turn;
    QString m_fault;
    QComboBox *m_model;
    QPushButton *m_stop;
    QToolButton *m_collapse;
    QScrollArea *m_scroll;
    MessageView *m_view;
};

// 2–4 columns side by side, each streaming independently, a summary row that marks
// the fastest and cheapest, and a word diff of two columns.
class ComparePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparePanel)

public:
    ComparePanel(GatewayClient *client, CostService *cost, QWidget *parent = nullptr);

    void setColumnCount(int n); // 2..4
    void setPrompt(const QString &prompt); // the prompt all columns answer, shown above them
    int columnCount() const { return int(m_columns.size()); }
    CompareColumn *column(int i) const { return m_columns.at(i); }
    void setModels(const QStringList &models);
    QList<ChatParams> columnParams(const ChatParams &shared) const;
    void setColumnParams(const QList<ChatParams> &columns);
    bool isRunning() const;
    void stopAll();
    void clearAnswers();
    QString summaryText() const;
    void updateSummary();
    // HTML of a word diff between two columns' answers.
    static QString diffHtml(const QString &a, const QString &b);
    void showDiff(int a, int b);

Q_SIGNALS:
    void columnCountChanged(int n);
    void columnFinished(int index);
    void columnCheckpoint(int index);
    void allFinished();

private:
    GatewayClient *m_client;
    CostService *m_cost;
    QStringList m_models;
    QSplitter *m_splitter;
    QLabel *m_prompt;
    QLabel *m_summary;
    QList<CompareColumn *> m_columns;
};

} // namespace bsp::ui
