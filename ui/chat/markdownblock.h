#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTextBrowser>
#include <QTimer>

class QTextCursor;

namespace bsp::ui {

// A text block of a message rendered as Markdown into one document, cheap to update
// while it streams: the text is cut at paragraph breaks (blank lines outside code
// fences) into settled chunks, each imported once and appended to the document, and
// only the tail after the last cut is imported again when text arrives, replacing the
// tail's previous rendering in place. The document lays out only what changed and the
// widget paints only what is exposed, so the cost of a frame does not grow with the
// length of the reply. If the tail alone gets expensive (one huge code block), its
// re-renders are spaced out so that importing takes at most about a quarter of the
// time, and the final text is always rendered. The whole reply can be selected and
// copied at once; links open in the browser.
//
// The widget is as tall as its document (no scroll bar of its own: the conversation
// scrolls), reported through heightForWidth.
class MarkdownBlock final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkdownBlock)

public:
    explicit MarkdownBlock(QWidget *parent = nullptr);

    void setMarkdown(const QString &text);
    QString markdown() const { return m_text; }
    // The Markdown source rendered so far (equal to markdown() once it is shown).
    QString renderedText() const { return m_rendered; }
    // How many chunks are settled (rendered once, never again while the text grows).
    qsizetype settledChunks() const { return m_chunks; }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static constexpr qsizetype kChunkChars = 250;
    // Up to this length, a height at another width than the shown one is measured.
    static constexpr int kExactOtherWidthChars = 3000;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void settle();
    void renderTail();
    // Replaces everything from m_tailPos to the end of the document with `markdown`.
    void replaceTail(const QString &markdown);
    void appendImported(QTextCursor &cursor, const QString &markdown);
    void documentHeightChanged();

    QString m_text;
    QString m_rendered; // m_text[0, m_settled) + the tail as last rendered
    qsizetype m_settled = 0; // m_text[0, m_settled) is in the document for good
    qsizetype m_chunks = 0;
    int m_tailPos = 0; // where the tail's rendering starts in the document
    QElapsedTimer m_sinceRender;
    qint64 m_lastCostNs = 0;
    QTimer m_deferred;
    int m_lastHeight = -1;
    mutable QList<QPair<int, int>> m_hfw; // heights at other widths, until the text changes
};

} // namespace bsp::ui
