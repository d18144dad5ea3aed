#include "ui/chat/markdownblock.h"

#include <QAbstractTextDocumentLayout>
#include <QDesktopServices>
#include <QResizeEvent>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>

#include <cmath>
#include <memory>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

bool isFence(QStringView line)
{
    const QStringView t = line.trimmed();
    return t.startsWith(u"```") || t.startsWith(u"~~~");
}

// A table right after a cut is imported a little differently from the same table in the
// whole text (no empty paragraph before it after a code block or a quote): tables stay
// with what comes before them.
bool startsTable(const QString &text, qsizetype at)
{
    while (at < text.size() && (text.at(at) == u' ' || text.at(at) == u'\n'))
        ++at;
    return at < text.size() && text.at(at) == u'|';
}

// The end of the first paragraph break (outside code fences) in text[from, ...) such
// that the chunk [from, cut) is at least `minChars` long; -1 when there is none yet.
qsizetype firstCut(const QString &text, qsizetype from, qsizetype minChars)
{
    bool fenced = false;
    qsizetype lineStart = from;
    while (lineStart < text.size()) {
        qsizetype end = text.indexOf(u'\n', lineStart);
        if (end < 0)
            break; // the last line is still being written
        const QStringView line = QStringView(text).mid(lineStart, end - lineStart);
        if (isFence(line))
            fenced = !fenced;
        else if (!fenced && line.trimmed().isEmpty() && end + 1 - from >= minChars
            && !startsTable(text, end + 1))
            return end + 1;
        lineStart = end + 1;
    }
    return -1;
}

} // namespace

MarkdownBlock::MarkdownBlock(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(u"messageText"_s);
    setAccessibleName(tr("Message text"));
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);
    viewport()->setAutoFillBackground(false);
    // A link never replaces the reply with what it points at (QTextBrowser's own
    // navigation): web and mail links open in the desktop's browser, others do nothing.
    setOpenLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        if (scheme == u"http"_s || scheme == u"https"_s || scheme == u"mailto"_s)
            QDesktopServices::openUrl(url);
    });
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    QTextDocument *doc = document();
    doc->setUndoRedoEnabled(false);
    doc->setDocumentMargin(0);
    connect(doc->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
        &MarkdownBlock::documentHeightChanged);
    m_deferred.setSingleShot(true);
    connect(&m_deferred, &QTimer::timeout, this, &MarkdownBlock::renderTail);
}

void MarkdownBlock::setMarkdown(const QString &text)
{
    if (text == m_text)
        return;
    // A text that does not continue the settled part (regenerated, edited) starts over.
    if (m_settled > 0 && !text.startsWith(QStringView(m_text).left(m_settled))) {
        m_settled = 0;
        m_chunks = 0;
        m_tailPos = 0;
        m_rendered.clear();
    }
    m_text = text;
    settle();
    // Re-render at most when the last render's cost is a quarter of the time since.
    const qint64 sinceNs = m_sinceRender.isValid() ? m_sinceRender.nsecsElapsed() : 0;
    if (m_lastCostNs > 2'000'000 && sinceNs < 4 * m_lastCostNs) {
        if (!m_deferred.isActive())
            m_deferred.start(int((4 * m_lastCostNs - sinceNs) / 1'000'000) + 1);
        return;
    }
    renderTail();
}

void MarkdownBlock::settle()
{
    while (m_text.size() - m_settled > 2 * kChunkChars) {
        const qsizetype cut = firstCut(m_text, m_settled, kChunkChars);
        if (cut < 0 || cut >= m_text.size())
            return;
        replaceTail(m_text.mid(m_settled, cut - m_settled));
        m_tailPos = document()->characterCount() - 1;
        m_settled = cut;
        ++m_chunks;
        m_rendered = m_text.left(m_settled);
    }
}

void MarkdownBlock::renderTail()
{
    m_deferred.stop();
    QElapsedTimer cost;
    cost.start();
    const QString tail = m_text.mid(m_settled);
    if (m_rendered.size() != m_settled + tail.size() || !m_rendered.endsWith(tail)) {
        replaceTail(tail);
        m_rendered = m_text;
    }
    m_lastCostNs = cost.nsecsElapsed();
    m_sinceRender.start();
}

void MarkdownBlock::replaceTail(const QString &markdown)
{
    QTextDocument *doc = document();
    QTextCursor c(doc);
    c.beginEditBlock();
    c.setPosition(m_tailPos);
    c.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    c.removeSelectedText();
    if (m_tailPos == 0) {
        c.setBlockFormat(QTextBlockFormat());
        c.setBlockCharFormat(QTextCharFormat());
    }
    if (!markdown.isEmpty())
        appendImported(c, markdown);
    c.endEditBlock();
}

void MarkdownBlock::appendImported(QTextCursor &c, const QString &markdown)
{
    // Imported on its own, then inserted whole: the blocks keep the formats the importer
    // gave them, as if the whole text had been imported at once.
    QTextDocument part;
    part.setMarkdown(markdown);
    QTextCursor all(&part);
    all.select(QTextCursor::Document);
    const bool atStart = c.position() == 0;
    if (!atStart)
        c.insertBlock(QTextBlockFormat(), QTextCharFormat());
    const int start = c.position();
    c.insertFragment(QTextDocumentFragment(all));
    QTextDocument *doc = document();
    const QTextBlock first = doc->findBlock(start);
    if (!atStart && first.length() == 1 && first.next().isValid()) {
        // A list or table starts a block of its own: the empty one before it goes.
        QTextCursor gap(doc);
        gap.setPosition(start - 1);
        gap.setPosition(start, QTextCursor::KeepAnchor);
        gap.removeSelectedText();
    } else {
        // A paragraph merged into the new block: it takes its own format back.
        QTextCursor fix(doc);
        fix.setPosition(start);
        fix.setBlockFormat(part.firstBlock().blockFormat());
        fix.setBlockCharFormat(part.firstBlock().charFormat());
    }
}

void MarkdownBlock::documentHeightChanged()
{
    m_hfw.clear();
    const int h = heightForWidth(width());
    if (h != m_lastHeight) {
        m_lastHeight = h;
        updateGeometry();
    }
}

int MarkdownBlock::heightForWidth(int width) const
{
    const QMargins m = contentsMargins();
    const int inner = width - m.left() - m.right();
    QTextDocument *doc = document();
    if (inner <= 0)
        return m.top() + m.bottom();
    if (std::abs(doc->textWidth() - inner) < 0.5)
        return int(std::ceil(doc->size().height())) + m.top() + m.bottom();
    for (const auto &[w, h] : m_hfw)
        if (w == width)
            return h;
    int h = 0;
    if (doc->characterCount() > kExactOtherWidthChars && doc->textWidth() > 0) {
        // Another width than the one shown, on a long text (the layout trying out a
        // minimum size): an estimate, as laying out all of it again on every change of
        // the tail would make a frame's cost grow with the reply. Once the widget gets
        // that width, its document is laid out at it and the real height replaces this.
        h = int(std::ceil(doc->size().height() * doc->textWidth() / inner)) + m.top() + m.bottom();
    } else {
        // Measured on a copy, so that the shown document keeps its layout.
        std::unique_ptr<QTextDocument> copy(doc->clone());
        copy->setDocumentMargin(doc->documentMargin());
        copy->setTextWidth(inner);
        h = int(std::ceil(copy->size().height())) + m.top() + m.bottom();
    }
    if (m_hfw.size() >= 4)
        m_hfw.removeFirst();
    m_hfw.append({width, h});
    return h;
}

QSize MarkdownBlock::sizeHint() const
{
    const QMargins m = contentsMargins();
    const int w = fontMetrics().averageCharWidth() * 80 + m.left() + m.right();
    return {w, heightForWidth(width() > 0 ? width() : w)};
}

QSize MarkdownBlock::minimumSizeHint() const
{
    const QMargins m = contentsMargins();
    return {fontMetrics().averageCharWidth() * 12 + m.left() + m.right(),
        fontMetrics().height() + m.top() + m.bottom()};
}

void MarkdownBlock::resizeEvent(QResizeEvent *event)
{
    m_hfw.clear();
    QTextBrowser::resizeEvent(event);
    // The document was laid out again at the new width: a new height for it.
    if (event->oldSize().width() != event->size().width())
        documentHeightChanged();
}

} // namespace bsp::ui
