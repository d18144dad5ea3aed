// ChatTab: the composer (text, attachments by button, paste or drop).

#include "ui/chat/chattab.h"

#include "core/chattypes.h"

#include <QDragEnterEvent>
#include <QFileDialog>
#include <QHBoxLayout>
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
    QPlainTextEdit::keyPressEvent(event);
}

QWidget *ChatTab::buildComposer()
{
    auto *box = new QWidget(this);
    m_thumbBar = new QWidget(box);
    m_thumbs = new QHBoxLayout(m_thumbBar);
    m_thumbs->setContentsMargins(0, 0, 0, 0);
    m_thumbs->addStretch(1);
    m_thumbBar->hide();
    m_input = new ComposerEdit(box);
    m_input->setObjectName(u"chatInput"_s);
    m_input->setPlaceholderText(
        tr("Message (Enter sends, Shift+Enter for a new line; paste or drop images)"));
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 4 + 12);
    m_notice = new QLabel(box);
    m_notice->setObjectName(u"chatNotice"_s);
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(u"color: #c02020"_s);
    m_notice->hide();
    m_attach = new QPushButton(tr("Attach image…"), box);
    m_estimate = new QLabel(box);
    m_estimate->setObjectName(u"chatEstimate"_s);
    m_total = new QLabel(box);
    m_total->setObjectName(u"chatTotal"_s);
    m_send = new QPushButton(tr("Send"), box);
    m_send->setObjectName(u"chatSend"_s);
    m_send->setDefault(true);
    m_stop = new QPushButton(tr("Stop"), box);
    m_stop->setObjectName(u"chatStop"_s);
    m_stop->setEnabled(false);

    auto *row = new QHBoxLayout;
    row->addWidget(m_attach);
    row->addWidget(m_estimate);
    row->addStretch(1);
    row->addWidget(m_total);
    row->addWidget(m_stop);
    row->addWidget(m_send);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_thumbBar);
    layout->addWidget(m_notice);
    layout->addWidget(m_input);
    layout->addLayout(row);

    connect(m_attach, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Attach images"), {}, tr("Images (*.png *.jpg *.jpeg *.gif *.webp)"));
        offerImages({}, files, {});
    });
    connect(m_input, &ComposerEdit::imagesOffered, this, &ChatTab::offerImages);
    connect(m_input, &ComposerEdit::sendRequested, this, &ChatTab::send);
    connect(m_input, &QPlainTextEdit::textChanged, this, &ChatTab::updateEstimate);
    connect(m_send, &QPushButton::clicked, this, &ChatTab::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatTab::stop);
    return box;
}

bool ChatTab::attachBytes(const QByteArray &bytes, const QString &name)
{
    std::optional<Attachment> a = Attachment::fromBytes(bytes, name, &m_refusal);
    if (!a) {
        m_notice->setText(m_refusal);
        m_notice->show();
        return false;
    }
    m_attachments.append(*a);
    refreshAttachments();
    return true;
}

bool ChatTab::attachFile(const QString &path)
{
    std::optional<Attachment> a = Attachment::fromFile(path, &m_refusal);
    if (!a) {
        m_notice->setText(m_refusal);
        m_notice->show();
        return false;
    }
    m_notice->hide();
    m_attachments.append(*a);
    refreshAttachments();
    return true;
}

void ChatTab::offerImages(
    const QList<QByteArray> &files, const QStringList &names, const QList<QImage> &images)
{
    for (qsizetype i = 0; i < files.size(); ++i)
        attachBytes(files.at(i), names.value(i));
    for (qsizetype i = files.size(); i < names.size(); ++i)
        attachFile(names.at(i));
    for (const QImage &img : images) {
        std::optional<Attachment> a = Attachment::fromImage(img, tr("pasted image"), &m_refusal);
        if (a) {
            m_attachments.append(*a);
        } else {
            m_notice->setText(m_refusal);
            m_notice->show();
        }
    }
    refreshAttachments();
}

void ChatTab::refreshAttachments()
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
        b->setIcon(QPixmap::fromImage(a.thumbnail));
        b->setIconSize(a.thumbnail.size());
        b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        b->setText(tr("%1 × %2 ✕").arg(a.size.width()).arg(a.size.height()));
        b->setToolTip(tr("%1 — click to remove").arg(a.name));
        connect(b, &QToolButton::clicked, this, [this, i] {
            if (i < m_attachments.size())
                m_attachments.removeAt(i);
            QTimer::singleShot(0, this, &ChatTab::refreshAttachments);
        });
        m_thumbs->insertWidget(int(i), b);
    }
    m_thumbBar->setVisible(!m_attachments.isEmpty());
    updateEstimate();
}

void ChatTab::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

void ChatTab::dropEvent(QDropEvent *event)
{
    QStringList names;
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &u : urls)
        if (u.isLocalFile())
            names.append(u.toLocalFile());
    QList<QImage> images;
    if (names.isEmpty() && event->mimeData()->hasImage())
        images.append(qvariant_cast<QImage>(event->mimeData()->imageData()));
    offerImages({}, names, images);
    event->acceptProposedAction();
}

} // namespace bsp::ui
