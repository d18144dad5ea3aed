#include "ui/chat/messageview.h"

#include "ui/chat/imagethumbs.h"
#include "ui/chat/markdownblock.h"
#include "ui/widgets/imageviewer.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr int kImageSide = 320;

// What a block's widget shows: its kind, and for an image which bytes.
QString blockKey(const ContentBlock &b)
{
    if (b.isImage())
        return u"i"_s + QString::number(quintptr(b.data.constData()), 16) + u':'
            + QString::number(b.data.size());
    return b.type == u"text"_s ? u"t"_s : u"o"_s;
}

QString trM(const char *text)
{
    return QApplication::translate("bsp::ui::MessageView", text);
}

// An image of a reply or an attachment: a thumbnail (decoded and scaled in a worker)
// that opens the viewer; the full image is decoded in a worker when clicked.
QWidget *imageWidget(const ContentBlock &b, QWidget *parent)
{
    auto *button = new QPushButton(parent);
    button->setObjectName(u"messageImage"_s);
    button->setFlat(true);
    button->setCursor(Qt::PointingHandCursor);
    if (b.data.isEmpty()) {
        button->setText(b.url.isValid() ? b.url.toString() : trM("[image that does not decode]"));
        return button;
    }
    button->setText(trM("Loading image…"));
    button->setAccessibleName(trM("Image"));
    const QByteArray bytes = b.data;
    const QString suffix = b.mediaType.section(u'/', 1).replace(u"jpeg"_s, u"jpg"_s);
    ChatThumbnails::instance()->request(bytes, kImageSide, button, [button](const Thumbnail &t) {
        if (t.image.isNull()) {
            button->setText(trM("[image that does not decode]"));
            return;
        }
        // Shrunk to fit the bubble; a small image keeps its own size.
        const QPixmap thumb = QPixmap::fromImage(t.image);
        button->setText({});
        button->setIcon(thumb);
        button->setIconSize(thumb.size());
        button->setFixedSize(thumb.size() + QSize(8, 8));
        button->setToolTip(trM("%1 × %2 px — click to open, zoom and save")
                               .arg(t.fullSize.width())
                               .arg(t.fullSize.height()));
    });
    QObject::connect(button, &QPushButton::clicked, button, [button, bytes, suffix] {
        auto *watcher = new QFutureWatcher<QImage>(button);
        QObject::connect(watcher, &QFutureWatcher<QImage>::finished, button, [=] {
            watcher->deleteLater();
            const QImage image = watcher->result();
            if (!image.isNull())
                ImageViewer::open(button->window(), image, bytes,
                    u"chat-image."_s + (suffix.isEmpty() ? u"png"_s : suffix));
        });
        watcher->setFuture(QtConcurrent::run([bytes] { return QImage::fromData(bytes); }));
    });
    return button;
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
    , m_context(new QCheckBox(tr("Send as context"), this))
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
    m_context->setObjectName(u"includeInContext"_s);
    m_context->setToolTip(tr("A failed reply and the message it answered are not sent with "
                             "the next message. Tick to send them anyway."));
    m_context->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_context);
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
    connect(m_context, &QCheckBox::toggled, this, &MessageView::includeInContextToggled);
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

void MessageView::setEditing(bool editing)
{
    m_editing = editing;
    setFrameShadow(editing ? QFrame::Sunken : QFrame::Plain);
    setLineWidth(editing ? 2 : 1);
    updateHeader();
}

void MessageView::updateHeader()
{
    const bool user = m_turn.role == u"user"_s;
    QString header = user
        ? QString(u"<b>"_s + tr("You") + u"</b>"_s)
        : QString(u"<b>"_s + tr("Assistant") + u"</b> · "_s + m_turn.model.toHtmlEscaped());
    if (m_editing)
        header += u" · <i>"_s + tr("editing in the message box") + u"</i>"_s;
    m_header->setText(header);
}

QString MessageView::blockSignature() const
{
    QString sig;
    for (const ContentBlock &b : m_turn.content)
        sig += blockKey(b) + u'|';
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
    updateHeader();
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
    // Widgets of the blocks that did not change are kept: a streamed reply only adds
    // blocks, and rebuilding its text would lay all of it out again.
    qsizetype keep = 0;
    while (keep < m_blockWidgets.size() && keep < m_turn.content.size()
        && m_blockKeys.at(keep) == blockKey(m_turn.content.at(keep)))
        ++keep;
    while (m_blockWidgets.size() > keep) {
        delete m_blockWidgets.takeLast();
        m_blockKeys.removeLast();
    }
    for (qsizetype i = keep; i < m_turn.content.size(); ++i) {
        const ContentBlock &b = m_turn.content.at(i);
        QWidget *w = nullptr;
        if (b.isImage()) {
            w = imageWidget(b, this);
        } else if (b.type == u"text"_s) {
            w = new MarkdownBlock(this);
        } else {
            auto *l = new QLabel(this);
            l->setObjectName(u"messageTool"_s);
            l->setWordWrap(true);
            l->setForegroundRole(QPalette::PlaceholderText);
            w = l;
        }
        m_blocks->addWidget(w);
        m_blockWidgets.append(w);
        m_blockKeys.append(blockKey(b));
    }
    updateBlocks();
}

void MessageView::updateBlocks()
{
    for (qsizetype i = 0; i < m_turn.content.size() && i < m_blockWidgets.size(); ++i) {
        const ContentBlock &b = m_turn.content.at(i);
        if (auto *md = qobject_cast<MarkdownBlock *>(m_blockWidgets.at(i))) {
            md->setMarkdown(b.text);
            continue;
        }
        auto *label = qobject_cast<QLabel *>(m_blockWidgets.at(i));
        if (!label || b.isImage())
            continue;
        QString text;
        if (b.type == u"tool_use"_s)
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
    const bool failedReply = m_turn.role != u"user"_s && m_turn.status == ChatTurn::Status::Failed;
    m_context->setVisible(failedReply);
    {
        const QSignalBlocker block(m_context);
        m_context->setChecked(m_turn.includeInContext);
    }
    if (failedReply && !m_turn.includeInContext)
        status += u' ' + tr("Not sent as context.");
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
        if (auto *md = qobject_cast<MarkdownBlock *>(w))
            out += md->renderedText();
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
