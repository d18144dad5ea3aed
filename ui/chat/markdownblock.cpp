#include "ui/chat/markdownblock.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

// A Markdown label that remembers its size hints and its height for the last widths it
// was asked about. QLabel lays its document out again for every such question (and
// again at its own width when it paints); in a long reply the layout asks every label
// on every change of the tail, which made the cost grow with the length of the reply.
class MarkdownLabel final : public QLabel
{
public:
    using QLabel::QLabel;

    void setMarkdownText(const QString &text)
    {
        m_hfw.clear();
        m_hint = m_minHint = QSize();
        setText(text);
    }

    int heightForWidth(int width) const override
    {
        for (const auto &[w, h] : m_hfw)
            if (w == width)
                return h;
        const int h = QLabel::heightForWidth(width);
        if (m_hfw.size() >= 4)
            m_hfw.removeFirst();
        m_hfw.append({width, h});
        return h;
    }

    // The tail of a streamed reply gets a new text every frame. QLabel's own hints lay
    // the document out at two more widths (80 average characters, and 0, which puts
    // every word on a line of its own) before it is laid out again at its real width to
    // be painted; a long tail's hints use the real width only, which the paint reuses.
    QSize sizeHint() const override
    {
        if (!m_hint.isValid()) {
            if (text().size() < kCheapHintChars) {
                m_hint = QLabel::sizeHint();
            } else {
                const int w = preferredWidth();
                m_hint = QSize(w, heightForWidth(width() > 0 ? width() : w));
            }
        }
        return m_hint;
    }

    QSize minimumSizeHint() const override
    {
        if (!m_minHint.isValid()) {
            if (text().size() < kCheapHintChars) {
                m_minHint = QLabel::minimumSizeHint();
            } else {
                const QMargins m = contentsMargins();
                m_minHint = QSize(fontMetrics().averageCharWidth() * 12 + m.left() + m.right(),
                    fontMetrics().height() + m.top() + m.bottom());
            }
        }
        return m_minHint;
    }

protected:
    void changeEvent(QEvent *event) override
    {
        if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
            m_hfw.clear();
            m_hint = m_minHint = QSize();
        }
        QLabel::changeEvent(event);
    }

private:
    static constexpr qsizetype kCheapHintChars = 300;

    int preferredWidth() const
    {
        const QMargins m = contentsMargins();
        return fontMetrics().averageCharWidth() * 80 + m.left() + m.right();
    }

    mutable QList<QPair<int, int>> m_hfw;
    mutable QSize m_hint;
    mutable QSize m_minHint;
};

bool isFence(QStringView line)
{
    const QStringView t = line.trimmed();
    return t.startsWith(u"```") || t.startsWith(u"~~~");
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
        else if (!fenced && line.trimmed().isEmpty() && end + 1 - from >= minChars)
            return end + 1;
        lineStart = end + 1;
    }
    return -1;
}

} // namespace

MarkdownBlock::MarkdownBlock(QWidget *parent)
    : QWidget(parent), m_layout(new QVBoxLayout(this)), m_tail(newLabel())
{
    setObjectName(u"messageTextBlock"_s);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);
    m_layout->addWidget(m_tail);
    m_deferred.setSingleShot(true);
    connect(&m_deferred, &QTimer::timeout, this, &MarkdownBlock::renderTail);
}

QLabel *MarkdownBlock::newLabel()
{
    auto *l = new MarkdownLabel(this);
    l->setObjectName(u"messageText"_s);
    l->setTextFormat(Qt::MarkdownText);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextBrowserInteraction);
    l->setOpenExternalLinks(true);
    l->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return l;
}

void MarkdownBlock::setMarkdown(const QString &text)
{
    if (text == m_text)
        return;
    // A text that does not continue the settled part (regenerated, edited) starts over.
    if (m_settled > 0 && !text.startsWith(QStringView(m_text).left(m_settled))) {
        qDeleteAll(m_chunks);
        m_chunks.clear();
        m_settled = 0;
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
        if (cut < 0)
            return;
        QLabel *chunk = newLabel();
        static_cast<MarkdownLabel *>(chunk)->setMarkdownText(
            m_text.mid(m_settled, cut - m_settled));
        m_layout->insertWidget(int(m_chunks.size()), chunk);
        m_chunks.append(chunk);
        m_settled = cut;
    }
}

void MarkdownBlock::renderTail()
{
    m_deferred.stop();
    QElapsedTimer cost;
    cost.start();
    const QString tail = m_text.mid(m_settled);
    if (m_tail->text() != tail)
        static_cast<MarkdownLabel *>(m_tail)->setMarkdownText(tail);
    m_lastCostNs = cost.nsecsElapsed();
    m_sinceRender.start();
}

QString MarkdownBlock::renderedText() const
{
    QString out;
    for (const QLabel *l : labels())
        out += l->text();
    return out;
}

QList<QLabel *> MarkdownBlock::labels() const
{
    QList<QLabel *> out = m_chunks;
    out.append(m_tail);
    return out;
}

} // namespace bsp::ui
