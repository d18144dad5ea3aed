#pragma once

#include "core/chattypes.h"
#include "ui/chat/attachment.h"
#include "ui/chat/imagethumbs.h"

#include <QList>
#include <QPlainTextEdit>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace bsp::ui {

// The message box: plain text, and images by paste or drop (handed to the composer).
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
    void escapePressed();

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
    void keyPressEvent(QKeyEvent *event) override;
};

// The composer: the message box, the attachments (button, paste, drop) with their
// thumbnails, a notice line for refusals and errors, the estimate and conversation
// total, Send and Stop.
class ChatComposer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatComposer)

public:
    explicit ChatComposer(QWidget *parent = nullptr);

    // What the composer holds, to put back after an abandoned edit.
    struct Draft
    {
        QString text;
        QList<Attachment> attachments;
    };
    Draft draft() const;
    void setDraft(const Draft &draft);
    // Editing a sent message: a banner says Send replaces it and Esc cancels.
    void setEditing(bool editing);
    bool isEditing() const;

    bool attachFile(const QString &path); // false with lastRefusal() set
    bool attachBytes(const QByteArray &bytes, const QString &name);
    void offerImages(
        const QList<QByteArray> &files, const QStringList &names, const QList<QImage> &images);
    QString lastRefusal() const { return m_refusal; }
    int attachmentCount() const { return int(m_attachments.size()); }
    // The thumbnail shown for attachment `i` (null until decoded), for tests.
    QImage attachmentThumbnail(int i) const { return m_attachments.value(i).thumbnail; }
    bool isEmpty() const;
    QString text() const;
    // The content of the message (images first, then the text); clears the composer.
    QList<ContentBlock> takeMessage();

    void showNotice(const QString &text);
    void hideNotice();
    void setBusy(bool busy); // Send or Stop enabled

    ComposerEdit *input() const { return m_input; }
    QLabel *estimateLabel() const { return m_estimate; }
    QLabel *totalLabel() const { return m_total; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *stopButton() const { return m_stop; }

Q_SIGNALS:
    void sendRequested();
    void stopRequested();
    void escapePressed();
    void cancelEditRequested();
    void contentChanged(); // text or attachments: the estimate changes

Q_SIGNALS:
    void thumbnailReady(); // an attachment's thumbnail was decoded (or it was refused)

private:
    void add(const Attachment &attachment);
    void onThumbnail(const QByteArray &bytes, const Thumbnail &thumb);
    void refreshAttachments();

    QList<Attachment> m_attachments;
    QString m_refusal;
    QWidget *m_thumbBar = nullptr;
    QHBoxLayout *m_thumbs = nullptr;
    ComposerEdit *m_input = nullptr;
    QLabel *m_notice = nullptr;
    QWidget *m_editBanner = nullptr;
    QLabel *m_estimate = nullptr;
    QLabel *m_total = nullptr;
    QPushButton *m_attach = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
};

} // namespace bsp::ui
