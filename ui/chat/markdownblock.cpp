#include "ui/chat/markdownblock.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

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
    auto *l = new QLabel(this);
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
        chunk->setText(m_text.mid(m_settled, cut - m_settled));
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
        m_tail->setText(tail);
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
