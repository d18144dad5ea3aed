#include "ui/chat/chatcomposer.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

bool ComposerEdit::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasImage() || source->hasUrls() || QPlainTextEdit::canInsertFromMimeData(source);
}

void ComposerEdit::insertFromMimeData(const QMimeData *source)
{
    QList<QByteArray> files;
    QStringList names;
    QList<QImage> images;
    if (source->hasUrls()) {
        const QList<QUrl> urls = source->urls();
        for (const QUrl &u : urls)
            if (u.isLocalFile())
                names.append(u.toLocalFile());
    }
    if (names.isEmpty() && source->hasImage())
        images.append(qvariant_cast<QImage>(source->imageData()));
    if (!names.isEmpty() || !images.isEmpty()) {
        Q_EMIT imagesOffered(files, names, images);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

void ComposerEdit::keyPressEvent(QKeyEvent *event)
{
    // Enter sends, Shift+Enter is a new line.
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && !(event->modifiers() & Qt::ShiftModifier)) {
        Q_EMIT sendRequested();
        return;
    }
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        Q_EMIT escapePressed();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

ChatComposer::ChatComposer(QWidget *parent)
    : QWidget(parent)
    , m_thumbBar(new QWidget(this))
    , m_thumbs(new QHBoxLayout(m_thumbBar))
    , m_input(new ComposerEdit(this))
    , m_notice(new QLabel(this))
    , m_estimate(new QLabel(this))
    , m_total(new QLabel(this))
    , m_attach(new QPushButton(tr("Attach image…"), this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
{
    setObjectName(u"chatComposer"_s);
    m_thumbs->setContentsMargins(0, 0, 0, 0);
    m_thumbs->addStretch(1);
    m_thumbBar->hide();
    m_input->setObjectName(u"chatInput"_s);
    m_input->setAccessibleName(tr("Message"));
    m_input->setPlaceholderText(
        tr("Message (Enter sends, Shift+Enter for a new line; paste or drop images)"));
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 4 + 12);
    m_notice->setObjectName(u"chatNotice"_s);
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(u"color: #c02020"_s);
    m_notice->hide();
    m_editBanner = new QWidget(this);
    m_editBanner->setObjectName(u"chatEditBanner"_s);
    auto *editText = new QLabel(
        tr("Editing a sent message: Send replaces it and the replies after it; Esc cancels."),
        m_editBanner);
    editText->setWordWrap(true);
    auto *cancelEdit = new QPushButton(tr("Cancel edit"), m_editBanner);
    cancelEdit->setObjectName(u"cancelEdit"_s);
    auto *editRow = new QHBoxLayout(m_editBanner);
    editRow->setContentsMargins(0, 0, 0, 0);
    editRow->addWidget(editText, 1);
    editRow->addWidget(cancelEdit);
    m_editBanner->hide();
    m_estimate->setObjectName(u"chatEstimate"_s);
    m_total->setObjectName(u"chatTotal"_s);
    m_send->setObjectName(u"chatSend"_s);
    m_send->setDefault(true);
    m_stop->setObjectName(u"chatStop"_s);
    m_stop->setEnabled(false);

    // The estimate and the total wrap rather than set the tab's minimum width, so the
    // chat and the Cost dock both fit a 1280-px screen.
    for (QLabel *label : {m_estimate, m_total}) {
        label->setWordWrap(true);
        label->setMinimumWidth(60);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *row = new QHBoxLayout;
    row->addWidget(m_attach);
    row->addWidget(m_estimate, 3);
    row->addWidget(m_total, 2);
    row->addWidget(m_stop);
    row->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_thumbBar);
    layout->addWidget(m_notice);
    layout->addWidget(m_editBanner);
    layout->addWidget(m_input);
    layout->addLayout(row);

    connect(m_attach, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Attach images"), {}, tr("Images (*.png *.jpg *.jpeg *.gif *.webp)"));
        offerImages({}, files, {});
    });
    connect(m_input, &ComposerEdit::imagesOffered, this, &ChatComposer::offerImages);
    connect(m_input, &ComposerEdit::sendRequested, this, &ChatComposer::sendRequested);
    connect(m_input, &ComposerEdit::escapePressed, this, &ChatComposer::escapePressed);
    connect(cancelEdit, &QPushButton::clicked, this, &ChatComposer::cancelEditRequested);
    connect(m_input, &QPlainTextEdit::textChanged, this, &ChatComposer::contentChanged);
    connect(m_send, &QPushButton::clicked, this, &ChatComposer::sendRequested);
    connect(m_stop, &QPushButton::clicked, this, &ChatComposer::stopRequested);
}

bool ChatComposer::attachBytes(const QByteArray &bytes, const QString &name)
{
    std::optional<Attachment> a = Attachment::fromBytes(bytes, name, &m_refusal);
    if (!a) {
        showNotice(m_refusal);
        return false;
    }
    add(*a);
    return true;
}

bool ChatComposer::attachFile(const QString &path)
{
    std::optional<Attachment> a = Attachment::fromFile(path, &m_refusal);
    if (!a) {
        showNotice(m_refusal);
        return false;
    }
    hideNotice();
    add(*a);
    return true;
}

void ChatComposer::offerImages(
    const QList<QByteArray> &files, const QStringList &names, const QList<QImage> &images)
{
    for (qsizetype i = 0; i < files.size(); ++i)
        attachBytes(files.at(i), names.value(i));
    for (qsizetype i = files.size(); i < names.size(); ++i)
        attachFile(names.at(i));
    for (const QImage &img : images) {
        std::optional<Attachment> a = Attachment::fromImage(img, tr("pasted image"), &m_refusal);
        if (a)
            add(*a);
        else
            showNotice(m_refusal);
    }
}

void ChatComposer::add(const Attachment &attachment)
{
    m_attachments.append(attachment);
    refreshAttachments();
    const QByteArray bytes = attachment.bytes;
    ChatThumbnails::instance()->request(bytes, Attachment::kThumbSide, this,
        [this, bytes](const Thumbnail &thumb) { onThumbnail(bytes, thumb); });
}

void ChatComposer::onThumbnail(const QByteArray &bytes, const Thumbnail &thumb)
{
    for (qsizetype i = 0; i < m_attachments.size(); ++i) {
        Attachment &a = m_attachments[i];
        if (a.bytes.constData() != bytes.constData() || !a.thumbnail.isNull())
            continue;
        if (thumb.image.isNull()) {
            showNotice(tr("%1 was not attached. %2").arg(a.name, thumb.error));
            m_attachments.removeAt(i);
        } else {
            a.thumbnail = thumb.image;
        }
        break;
    }
    refreshAttachments();
    Q_EMIT thumbnailReady();
}

bool ChatComposer::isEmpty() const
{
    return text().isEmpty() && m_attachments.isEmpty();
}

QString ChatComposer::text() const
{
    return m_input->toPlainText().trimmed();
}

QList<ContentBlock> ChatComposer::takeMessage()
{
    QList<ContentBlock> blocks;
    for (const Attachment &a : std::as_const(m_attachments))
        blocks.append(ContentBlock::imageBlock(a.bytes, a.mediaType));
    if (const QString t = text(); !t.isEmpty())
        blocks.append(ContentBlock::textBlock(t));
    m_input->clear();
    m_attachments.clear();
    refreshAttachments();
    return blocks;
}

ChatComposer::Draft ChatComposer::draft() const
{
    return {m_input->toPlainText(), m_attachments};
}

void ChatComposer::setDraft(const Draft &draft)
{
    m_input->setPlainText(draft.text);
    m_attachments = draft.attachments;
    refreshAttachments();
}

void ChatComposer::setEditing(bool editing)
{
    m_editBanner->setVisible(editing);
}

bool ChatComposer::isEditing() const
{
    return !m_editBanner->isHidden();
}

void ChatComposer::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->show();
}

void ChatComposer::hideNotice()
{
    m_notice->hide();
}

void ChatComposer::setBusy(bool busy)
{
    m_send->setEnabled(!busy);
    m_stop->setEnabled(busy);
}

void ChatComposer::refreshAttachments()
{
    while (m_thumbs->count() > 1) {
        QLayoutItem *item = m_thumbs->takeAt(0);
        delete item->widget();
        delete item;
    }
    for (qsizetype i = 0; i < m_attachments.size(); ++i) {
        const Attachment &a = m_attachments.at(i);
        auto *b = new QToolButton(m_thumbBar);
        b->setObjectName(u"attachmentThumb"_s);
        if (a.thumbnail.isNull()) {
            b->setIconSize(QSize(Attachment::kThumbSide, Attachment::kThumbSide) / 2);
        } else {
            b->setIcon(QPixmap::fromImage(a.thumbnail));
            b->setIconSize(a.thumbnail.size());
        }
        b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        b->setText(tr("%1 × %2 ✕").arg(a.size.width()).arg(a.size.height()));
        b->setToolTip(tr("%1 — click to remove").arg(a.name));
        b->setAccessibleName(tr("Remove attachment %1").arg(a.name));
        connect(b, &QToolButton::clicked, this, [this, i] {
            if (i < m_attachments.size())
                m_attachments.removeAt(i);
            QTimer::singleShot(0, this, &ChatComposer::refreshAttachments);
        });
        m_thumbs->insertWidget(int(i), b);
    }
    m_thumbBar->setVisible(!m_attachments.isEmpty());
    Q_EMIT contentChanged();
}

} // namespace bsp::ui
