#include "ui/chat/messageview.h"

#include "ui/widgets/imageviewer.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

// An image of a reply or an attachment: a thumbnail that opens the viewer.
QWidget *imageWidget(const ContentBlock &b, QWidget *parent)
{
    QImage image;
    image.loadFromData(b.data);
    auto *button = new QPushButton(parent);
    button->setObjectName(u"messageImage"_s);
    button->setFlat(true);
    button->setCursor(Qt::PointingHandCursor);
    if (image.isNull()) {
        button->setText(b.url.isValid()
                ? b.url.toString()
                : QApplication::translate("bsp::ui::MessageView", "[image that does not decode]"));
        return button;
    }
    // Shrink large images to fit the bubble; never blow a small one up.
    const QPixmap thumb = QPixmap::fromImage(image.width() > 320 || image.height() > 320
            ? image.scaled(320, 320, Qt::KeepAspectRatio, Qt::SmoothTransformation)
            : image);
    button->setIcon(thumb);
    button->setIconSize(thumb.size());
    button->setFixedSize(thumb.size() + QSize(8, 8));
    button->setToolTip(
        QApplication::translate("bsp::ui::MessageView", "%1 × %2 px — click to open, zoom and save")
            .arg(image.width())
            .arg(image.height()));
    const QByteArray bytes = b.data;
    const QString suffix = b.mediaType.section(u'/', 1).replace(u"jpeg"_s, u"jpg"_s);
    QObject::connect(button, &QPushButton::clicked, button, [button, image, bytes, suffix] {
        ImageViewer::open(button->window(), image, bytes,
            u"chat-image."_s + (suffix.isEmpty() ? u"png"_s : suffix));
    });
    return button;
}

QLabel *markdownLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(u"messageText"_s);
    l->setTextFormat(Qt::MarkdownText);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextBrowserInteraction);
    l->setOpenExternalLinks(true);
    l->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return l;
}

} // namespace

MessageView::MessageView(const ChatTurn &turn, QWidget *parent)
    : QFrame(parent)
    , m_header(new QLabel(this))
    , m_blocks(new QVBoxLayout)
    , m_status(new QLabel(this))
    , m_metrics(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_regenerate(new QToolButton(this))
    , m_edit(new QToolButton(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_status->setObjectName(u"messageStatus"_s);
    m_status->setWordWrap(true);
    m_metrics->setObjectName(u"messageMetrics"_s);
    m_metrics->setWordWrap(true);
    QFont small = m_metrics->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_metrics->setFont(small);
    m_metrics->setForegroundRole(QPalette::PlaceholderText);
    m_copy->setText(tr("Copy"));
    m_copy->setObjectName(u"copyMessage"_s);
    m_regenerate->setText(tr("Regenerate"));
    m_regenerate->setObjectName(u"regenerateMessage"_s);
    m_edit->setText(tr("Edit and resend"));
    m_edit->setObjectName(u"editMessage"_s);
    for (QToolButton *b : {m_copy, m_regenerate, m_edit})
        b->setAutoRaise(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_copy);
    top->addWidget(m_edit);
    top->addWidget(m_regenerate);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addLayout(m_blocks);
    layout->addWidget(m_status);
    layout->addWidget(m_metrics);

    connect(m_copy, &QToolButton::clicked, this,
        [this] { QApplication::clipboard()->setText(m_turn.text()); });
    connect(m_regenerate, &QToolButton::clicked, this, &MessageView::regenerateRequested);
    connect(m_edit, &QToolButton::clicked, this, &MessageView::editRequested);
    setTurn(turn);
}

void MessageView::setActionsVisible(bool visible)
{
    const bool user = m_turn.role == u"user"_s;
    m_copy->setVisible(visible);
    m_edit->setVisible(visible && user);
    m_regenerate->setVisible(visible && !user);
}

void MessageView::setCompact(bool compact)
{
    m_header->setVisible(!compact);
    setFrameShape(compact ? QFrame::NoFrame : QFrame::StyledPanel);
}

QString MessageView::blockSignature() const
{
    QString sig;
    for (const ContentBlock &b : m_turn.content)
        sig += b.isImage() ? u'i' : (b.type == u"text"_s ? u't' : u'o');
    return sig;
}

void MessageView::setTurn(const ChatTurn &turn)
{
    const bool roleChanged = turn.role != m_turn.role;
    m_turn = turn;
    const bool user = m_turn.role == u"user"_s;
    if (roleChanged) {
        setBackgroundRole(user ? QPalette::AlternateBase : QPalette::Base);
        setActionsVisible(true);
    }
    m_header->setText(user
            ? QString(u"<b>"_s + tr("You") + u"</b>"_s)
            : QString(u"<b>"_s + tr("Assistant") + u"</b> · "_s + m_turn.model.toHtmlEscaped()));
    const QString sig = blockSignature();
    if (sig != m_signature) {
        m_signature = sig;
        rebuildBlocks();
    } else {
        updateBlocks();
    }
    updateStatus();
}

void MessageView::rebuildBlocks()
{
    qDeleteAll(m_blockWidgets);
    m_blockWidgets.clear();
    for (const ContentBlock &b : std::as_const(m_turn.content)) {
        QWidget *w = nullptr;
        if (b.isImage()) {
            w = imageWidget(b, this);
        } else if (b.type == u"text"_s) {
            w = markdownLabel(this);
        } else {
            auto *l = new QLabel(this);
            l->setObjectName(u"messageTool"_s);
            l->setWordWrap(true);
            l->setForegroundRole(QPalette::PlaceholderText);
            w = l;
        }
        m_blocks->addWidget(w);
        m_blockWidgets.append(w);
    }
    updateBlocks();
}

void MessageView::updateBlocks()
{
    for (qsizetype i = 0; i < m_turn.content.size() && i < m_blockWidgets.size(); ++i) {
        const ContentBlock &b = m_turn.content.at(i);
        auto *label = qobject_cast<QLabel *>(m_blockWidgets.at(i));
        if (!label || b.isImage())
            continue;
        QString text;
        if (b.type == u"text"_s)
            text = b.text;
        else if (b.type == u"tool_use"_s)
            text
                = tr("Tool %1: %2")
                      .arg(b.name, b.input.value(u"prompt"_s).toString().left(200).toHtmlEscaped());
        else
            text = tr("[%1 block]").arg(b.type);
        if (label->text() != text)
            label->setText(text);
    }
}

void MessageView::updateStatus()
{
    QString status;
    QString color;
    switch (m_turn.status) {
    case ChatTurn::Status::Streaming:
        status = tr("Streaming…");
        break;
    case ChatTurn::Status::Cancelled:
        status = tr("Stopped — partial reply kept.");
        color = u"#a06000"_s;
        break;
    case ChatTurn::Status::Failed:
        status = tr("Failed: %1").arg(m_turn.error);
        if (!m_turn.text().isEmpty())
            status += u' ' + tr("(partial reply kept)");
        color = u"#c02020"_s;
        break;
    case ChatTurn::Status::Complete:
        break;
    }
    // A generate_image call with no image after it: the gateway blocked it (free).
    bool toolSeen = false;
    bool imageSeen = false;
    for (const ContentBlock &b : std::as_const(m_turn.content)) {
        toolSeen = toolSeen || (b.type == u"tool_use"_s && b.name == u"generate_image"_s);
        imageSeen = imageSeen || b.isImage();
    }
    if (toolSeen && !imageSeen && m_turn.status != ChatTurn::Status::Streaming)
        status = (status.isEmpty() ? QString() : status + u' ')
            + tr("Image blocked by the gateway — not billed.");
    m_status->setVisible(!status.isEmpty());
    m_status->setText(status);
    m_status->setStyleSheet(color.isEmpty() ? QString() : u"color: "_s + color);
    const bool showMetrics = m_turn.role != u"user"_s;
    m_metrics->setVisible(showMetrics);
    if (showMetrics)
        m_metrics->setText(m_turn.metrics.summary());
}

QString MessageView::renderedText() const
{
    QString out;
    for (QWidget *w : m_blockWidgets)
        if (w->objectName() == u"messageText"_s)
            out += static_cast<QLabel *>(w)->text();
    return out;
}

int MessageView::imageCount() const
{
    int n = 0;
    for (QWidget *w : m_blockWidgets)
        n += w->objectName() == u"messageImage"_s ? 1 : 0;
    return n;
}

QString MessageView::statusText() const
{
    return m_status->text();
}

QString MessageView::metricsText() const
{
    return m_metrics->text();
}

} // namespace bsp::ui
