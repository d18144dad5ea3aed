#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace bsp::ui {

// A text block of a message rendered as Markdown, cheap to update while it streams:
// the text is cut at paragraph breaks (blank lines outside code fences) into settled
// chunks, each rendered once into its own label, and only the tail after the last cut
// is parsed again when text arrives. A short text is one label. If the tail alone gets
// expensive (one huge code block), its re-renders are spaced out so parsing takes at
// most about a quarter of the time, and the final text is always rendered.
class MarkdownBlock final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkdownBlock)

public:
    explicit MarkdownBlock(QWidget *parent = nullptr);

    void setMarkdown(const QString &text);
    QString markdown() const { return m_text; }
    // The Markdown source of every label, in order (what is shown once rendered).
    QString renderedText() const;
    QList<QLabel *> labels() const;

    static constexpr qsizetype kChunkChars = 250;

private:
    QLabel *newLabel();
    void settle();
    void renderTail();

    QVBoxLayout *m_layout;
    QList<QLabel *> m_chunks;
    QLabel *m_tail;
    QString m_text;
    qsizetype m_settled = 0; // m_text[0, m_settled) is in m_chunks
    QElapsedTimer m_sinceRender;
    qint64 m_lastCostNs = 0;
    QTimer m_deferred;
};

} // namespace bsp::ui
