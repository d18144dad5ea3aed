#include "ui/chat/comparepanel.h"

#include "ui/chat/messageview.h"

#include "core/costservice.h"
#include "core/gatewayclient.h"

#include <QComboBox>
#include <QDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <optional>

namespace bsp::ui {

using namespace Qt::StringLiterals;

CompareColumn::CompareColumn(int index, GatewayClient *client, CostService *cost, QWidget *parent)
    : QWidget(parent)
    , m_index(index)
    , m_stream(new ChatStream(client, cost, this))
    , m_model(new QComboBox(this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_collapse(new QToolButton(this))
    , m_scroll(new QScrollArea(this))
    , m_view(new MessageView(ChatTurn {.role = u"assistant"_s}, this))
{
    m_model->setObjectName(u"columnModel"_s);
    m_stop->setObjectName(u"columnStop"_s);
    m_stop->setEnabled(false);
    m_collapse->setText(u"−"_s);
    m_collapse->setToolTip(tr("Collapse or expand this column"));
    m_collapse->setCheckable(true);
    m_view->setCompact(true);
    m_view->setActionsVisible(false);
    // Top-aligned: the answer grows downwards, the rest of the column stays empty.
    auto *host = new QWidget(m_scroll);
    auto *hostLayout = new QVBoxLayout(host);
    hostLayout->setContentsMargins(0, 0, 0, 0);
    hostLayout->addWidget(m_view);
    hostLayout->addStretch(1);
    m_scroll->setWidget(host);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);

    // The picker has the column's whole width, so a model name is not clipped; its
    // minimum does not follow the longest name, so four columns never widen the window.
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(8);
    m_model->setAccessibleName(tr("Model of column %1").arg(index + 1));
    m_stop->setAccessibleName(tr("Stop column %1").arg(index + 1));
    m_collapse->setAccessibleName(tr("Collapse column %1").arg(index + 1));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_collapse);
    bar->addStretch(1);
    bar->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_model);
    layout->addLayout(bar);
    layout->addWidget(m_scroll, 1);
    setMinimumWidth(60);

    connect(m_stop, &QPushButton::clicked, m_stream, &ChatStream::stop);
    connect(m_collapse, &QToolButton::toggled, this, &CompareColumn::setCollapsed);
    connect(m_stream, &ChatStream::updated, this, [this] {
        const ChatTurn t = m_stream->turn();
        m_turn.content = t.content;
        m_turn.status = t.status;
        m_turn.metrics = t.metrics;
        m_turn.error = t.error;
        m_view->setTurn(m_turn);
    });
    connect(m_stream, &ChatStream::checkpoint, this, [this] { Q_EMIT checkpoint(m_index); });
    connect(m_stream, &ChatStream::finished, this, [this] {
        m_stop->setEnabled(false);
        m_model->setEnabled(true);
        const ChatTurn t = m_stream->turn();
        m_turn.content = t.content;
        m_turn.status = t.status;
        m_turn.metrics = t.metrics;
        m_turn.error = t.error;
        if (m_stream->error() && !m_turn.error.contains(m_stream->error()->requestId))
            m_turn.error = m_stream->error()->displayText()
                + (m_stream->error()->requestId.isEmpty()
                        ? QString()
                        : u" · "_s + tr("request %1").arg(m_stream->error()->requestId));
        m_view->setTurn(m_turn);
        Q_EMIT finished(m_index);
    });
}

void CompareColumn::setModels(const QStringList &models)
{
    const QString current = m_model->currentText();
    m_model->clear();
    m_model->addItems(models);
    const int i = models.indexOf(current);
    m_model->setCurrentIndex(i >= 0 ? i : qMin(m_index, int(models.size()) - 1));
}

ChatParams CompareColumn::params(const ChatParams &shared) const
{
    ChatParams p = shared;
    p.model = m_model->currentText();
    return p;
}

void CompareColumn::setTurn(const ChatTurn &turn)
{
    m_turn = turn;
    m_view->setTurn(turn);
    if (!turn.model.isEmpty()) {
        if (m_model->findText(turn.model) < 0)
            m_model->addItem(turn.model);
        m_model->setCurrentText(turn.model);
    }
}

void CompareColumn::start(
    const ChatParams &params, const MessageRequest &request, qint64 conversationId, int seq)
{
    m_turn = ChatTurn {.conversationId = conversationId,
        .seq = seq,
        .column = m_index,
        .role = u"assistant"_s,
        .model = params.model,
        .status = ChatTurn::Status::Streaming};
    m_view->setTurn(m_turn);
    m_stop->setEnabled(true);
    m_model->setEnabled(false);
    CallOptions opt;
    opt.tab = u"chat"_s;
    if (!m_fault.isEmpty())
        opt.headers.append(qMakePair(QByteArray("x-sandbox-fault"), m_fault.toUtf8()));
    m_stream->start(params, request, opt);
}

bool CompareColumn::isRunning() const
{
    return m_stream->isRunning();
}

void CompareColumn::setCollapsed(bool collapsed)
{
    m_scroll->setVisible(!collapsed);
    m_model->setVisible(!collapsed);
    m_stop->setVisible(!collapsed);
    m_collapse->setText(collapsed ? u"+"_s : u"−"_s);
    setMaximumWidth(collapsed ? m_collapse->sizeHint().width() + 8 : QWIDGETSIZE_MAX);
}

ComparePanel::ComparePanel(GatewayClient *client, CostService *cost, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_cost(cost)
    , m_splitter(new QSplitter(this))
    , m_prompt(new QLabel(this))
    , m_summary(new QLabel(this))
{
    m_prompt->setObjectName(u"comparePrompt"_s);
    m_prompt->setWordWrap(true);
    m_prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prompt->hide();
    m_summary->setObjectName(u"compareSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_prompt);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_summary);
    setColumnCount(2);
}

void ComparePanel::setColumnCount(int n)
{
    n = qBound(2, n, 4);
    while (m_columns.size() > n) {
        CompareColumn *c = m_columns.takeLast();
        c->stream()->stop();
        c->deleteLater();
        c->setParent(nullptr);
    }
    while (m_columns.size() < n) {
        auto *c = new CompareColumn(int(m_columns.size()), m_client, m_cost, m_splitter);
        c->setModels(m_models);
        m_splitter->addWidget(c);
        connect(c, &CompareColumn::checkpoint, this, &ComparePanel::columnCheckpoint);
        connect(c, &CompareColumn::finished, this, [this](int i) {
            updateSummary();
            Q_EMIT columnFinished(i);
            if (!isRunning())
                Q_EMIT allFinished();
        });
        m_columns.append(c);
    }
    m_splitter->setSizes(QList<int>(n, 1000)); // equal widths; the user resizes from there
    updateSummary();
    Q_EMIT columnCountChanged(n);
}

void ComparePanel::setPrompt(const QString &prompt)
{
    m_prompt->setText(u"<b>"_s + tr("Prompt:") + u"</b> "_s + prompt.left(600).toHtmlEscaped());
    m_prompt->setVisible(!prompt.isEmpty());
}

void ComparePanel::setModels(const QStringList &models)
{
    m_models = models;
    for (CompareColumn *c : std::as_const(m_columns))
        c->setModels(models);
}

QList<ChatParams> ComparePanel::columnParams(const ChatParams &shared) const
{
    QList<ChatParams> out;
    for (CompareColumn *c : m_columns)
        out.append(c->params(shared));
    return out;
}

void ComparePanel::setColumnParams(const QList<ChatParams> &columns)
{
    setColumnCount(qMax(2, int(columns.size())));
    for (qsizetype i = 0; i < columns.size() && i < m_columns.size(); ++i) {
        QComboBox *combo = m_columns.at(i)->modelCombo();
        if (combo->findText(columns.at(i).model) < 0)
            combo->addItem(columns.at(i).model);
        combo->setCurrentText(columns.at(i).model);
    }
}

bool ComparePanel::isRunning() const
{
    for (CompareColumn *c : m_columns)
        if (c->isRunning())
            return true;
    return false;
}

void ComparePanel::stopAll()
{
    for (CompareColumn *c : std::as_const(m_columns))
        c->stream()->stop();
}

void ComparePanel::clearAnswers()
{
    for (CompareColumn *c : std::as_const(m_columns))
        c->setTurn(ChatTurn {.role = u"assistant"_s, .model = c->modelCombo()->currentText()});
    updateSummary();
}

void ComparePanel::updateSummary()
{
    std::optional<int> fastest, cheapest, firstToken;
    for (int i = 0; i < int(m_columns.size()); ++i) {
        const ChatTurn t = m_columns.at(i)->currentTurn();
        if (t.status != ChatTurn::Status::Complete || t.content.isEmpty())
            continue;
        const ChatMetrics &m = t.metrics;
        const auto metricsOf = [&](int j) { return m_columns.at(j)->currentTurn().metrics; };
        if (!fastest || m.totalMs < metricsOf(*fastest).totalMs)
            fastest = i;
        if (m.timeToFirstTokenMs >= 0
            && (!firstToken || m.timeToFirstTokenMs < metricsOf(*firstToken).timeToFirstTokenMs))
            firstToken = i;
        if (m.charged && (!cheapest || *m.charged < metricsOf(*cheapest).charged.value_or(0)))
            cheapest = i;
    }
    const auto name = [&](std::optional<int> i) {
        return i ? QString(tr("column %1 (%2)")
                               .arg(*i + 1)
                               .arg(m_columns.at(*i)->currentTurn().model.toHtmlEscaped()))
                 : tr("—");
    };
    m_summary->setText(tr("<b>Fastest:</b> %1 &nbsp; <b>First token:</b> %2 &nbsp; "
                          "<b>Cheapest:</b> %3")
                           .arg(name(fastest), name(firstToken), name(cheapest)));
}

QString ComparePanel::summaryText() const
{
    return m_summary->text();
}

QString ComparePanel::diffHtml(const QString &a, const QString &b)
{
    static const QRegularExpression ws(u"\\s+"_s);
    const QStringList x = a.split(ws, Qt::SkipEmptyParts).mid(0, 3000);
    const QStringList y = b.split(ws, Qt::SkipEmptyParts).mid(0, 3000);
    const qsizetype n = x.size(), m = y.size();
    // LCS table over words; answers are short enough for O(n·m).
    QList<int> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](qsizetype i, qsizetype j) -> int & { return lcs[i * (m + 1) + j]; };
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = x.at(i) == y.at(j) ? at(i + 1, j + 1) + 1 : qMax(at(i + 1, j), at(i, j + 1));
    QString html;
    qsizetype i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && x.at(i) == y.at(j)) {
            html += x.at(i++).toHtmlEscaped() + u' ';
            ++j;
        } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
            html += u"<span style=\"background:#c8f0c8\">"_s + y.at(j++).toHtmlEscaped()
                + u"</span> "_s;
        } else {
            html += u"<span style=\"background:#f4c0c0;text-decoration:line-through\">"_s
                + x.at(i++).toHtmlEscaped() + u"</span> "_s;
        }
    }
    return html;
}

void ComparePanel::showDiff(int a, int b)
{
    if (a < 0 || b < 0 || a >= columnCount() || b >= columnCount())
        return;
    auto *dlg = new QDialog(this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setWindowTitle(tr("Diff: column %1 → column %2").arg(a + 1).arg(b + 1));
    auto *view = new QTextBrowser(dlg);
    view->setObjectName(u"diffView"_s);
    view->setHtml(
        diffHtml(m_columns.at(a)->currentTurn().text(), m_columns.at(b)->currentTurn().text()));
    auto *layout = new QVBoxLayout(dlg);
    layout->addWidget(new QLabel(
        tr("Red: only in column %1 · green: only in column %2").arg(a + 1).arg(b + 1), dlg));
    layout->addWidget(view);
    dlg->resize(700, 500);
    dlg->show();
}

} // namespace bsp::ui
