// MarkdownBlock: a streamed Markdown text appended to one document chunk by chunk must
// look exactly like the whole text imported at once, settle its chunks for good, start
// over when the text does not continue, and be as tall as its document.
#include "ui/chat/markdownblock.h"

#include <QRandomGenerator>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;
using bsp::ui::MarkdownBlock;

namespace {

QString sampleMarkdown(int sections, quint32 seed)
{
    QRandomGenerator rng(seed);
    static const char *words[] = {"tide", "harbour", "keeper", "lamp", "storm", "vessel", "current",
        "signal", "lens", "rock", "night", "watch"};
    const auto word = [&] { return QString::fromLatin1(words[rng.bounded(12)]); };
    QString out;
    for (int s = 1; s <= sections; ++s) {
        out += u"## Section %1: the %2\n\n"_s.arg(s).arg(word());
        for (int i = 0; i < 6; ++i)
            out += word() + u' ' + word() + u" and the "_s + word() + u". "_s;
        out += u"Some **bold %1** and *%2* and `%3`, [a link](https://example.com/%4).\n\n"_s.arg(
            word(), word(), word(), word());
        for (int i = 0; i < 3; ++i)
            out += u"- %1 %2\n"_s.arg(word(), word());
        out += u'\n';
        if (s % 3 == 0) {
            out += u"```cpp\n"_s;
            for (int i = 0; i < 4; ++i)
                out += u"int %1_%2 = %3;\n"_s.arg(word()).arg(i).arg(rng.bounded(100));
            out += u"```\n\n| after | code |\n|---|---|\n| %1 | 1 |\n\n"_s.arg(word());
        } else if (s % 3 == 1) {
            out += u"| name | value |\n|---|---|\n"_s;
            for (int i = 0; i < 3; ++i)
                out += u"| %1 | %2 |\n"_s.arg(word()).arg(rng.bounded(100));
            out += u'\n';
        } else {
            out += u"1. first %1\n2. second %2\n\n> quoted %3\n\n"_s.arg(word(), word(), word());
        }
    }
    return out;
}

// What a reader sees of each block: its text, heading level, list, code and table cell.
QStringList shape(const QTextDocument &doc)
{
    QStringList out;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        const QTextBlockFormat f = b.blockFormat();
        QString line = b.text();
        if (line.trimmed().isEmpty() && !b.textList())
            continue; // blank separators lay out as spacing either way
        line += u" h%1 m%2/%3 i%4"_s.arg(f.headingLevel())
                    .arg(f.topMargin())
                    .arg(f.bottomMargin())
                    .arg(f.indent());
        if (QTextList *list = b.textList())
            line += u" list%1"_s.arg(int(list->format().style()));
        if (f.hasProperty(QTextFormat::BlockCodeFence) || f.nonBreakableLines())
            line += u" code"_s;
        if (qobject_cast<QTextTable *>(doc.frameAt(b.position())))
            line += u" cell"_s;
        if (f.hasProperty(QTextFormat::BlockQuoteLevel))
            line += u" quote%1"_s.arg(f.intProperty(QTextFormat::BlockQuoteLevel));
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat cf = it.fragment().charFormat();
            if (cf.fontWeight() >= QFont::Bold)
                line += u" [b:"_s + it.fragment().text() + u']';
            if (cf.isAnchor())
                line += u" [a:"_s + cf.anchorHref() + u']';
        }
        out.append(line);
    }
    return out;
}

int tables(const QTextDocument &doc)
{
    int n = 0;
    for (QTextFrame *f : doc.rootFrame()->childFrames())
        n += qobject_cast<QTextTable *>(f) ? 1 : 0;
    return n;
}

} // namespace

class TestMarkdownBlock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamedLooksLikeWholeImport_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("minChunks");
        for (quint32 seed : {1u, 7u, 42u})
            QTest::addRow("sections, seed %u", seed) << sampleMarkdown(9, seed) << seed << 8;
        // Where a cut would put a table right after a code block or a quote.
        const QString para = QString(u"The keeper wrote it down. "_s).repeated(12);
        QString code = u"```\n"_s;
        for (int i = 0; i < 12; ++i)
            code += u"int line_%1 = %1; // a comment\n"_s.arg(i);
        code += u"```\n\n"_s;
        const QString table = u"| a | b |\n|---|---|\n| 1 | 2 |\n\n"_s;
        const QString quote = u"> "_s + para + u"\n\n"_s;
        QTest::newRow("table after code")
            << para + u"\n\n"_s + code + table + para + u"\n\n"_s + para << 3u << 2;
        QTest::newRow("table after quote")
            << para + u"\n\n"_s + quote + table + para + u"\n\n"_s + para << 4u << 2;
    }

    void streamedLooksLikeWholeImport()
    {
        QFETCH(QString, text);
        QFETCH(quint32, seed);
        QFETCH(int, minChunks);
        MarkdownBlock block;
        QRandomGenerator rng(seed);
        for (qsizetype at = 0; at < text.size();) {
            at = qMin(text.size(), at + 1 + qsizetype(rng.bounded(40)));
            block.setMarkdown(text.left(at));
        }
        // A costly tail is re-rendered on a timer (on a busy machine): the last text shows.
        QTRY_COMPARE(block.renderedText(), text);
        QVERIFY2(
            block.settledChunks() >= minChunks, qPrintable(QString::number(block.settledChunks())));
        QTextDocument whole;
        whole.setMarkdown(text);
        QCOMPARE(shape(*block.document()), shape(whole));
        QCOMPARE(tables(*block.document()), tables(whole));
        QVERIFY(tables(whole) >= 1);
        // No extra blank lines where the chunks meet: the same height at the same width.
        const std::unique_ptr<QTextDocument> shown(block.document()->clone());
        shown->setTextWidth(600);
        shown->setDocumentMargin(0);
        whole.setDocumentMargin(0);
        whole.setTextWidth(600);
        QCOMPARE(shown->blockCount(), whole.blockCount());
        QVERIFY2(qAbs(shown->size().height() - whole.size().height()) < 1,
            qPrintable(u"%1 vs %2"_s.arg(shown->size().height()).arg(whole.size().height())));
    }

    void settledChunksAreNotTouchedAgain()
    {
        const QString text = sampleMarkdown(6, 3);
        MarkdownBlock block;
        qsizetype at = 0;
        while (block.settledChunks() == 0 && at < text.size())
            block.setMarkdown(text.left(at += 20));
        QVERIFY(block.settledChunks() > 0);
        const QTextBlock first = block.document()->firstBlock();
        const int revision = first.revision();
        const QString firstText = first.text();
        for (; at < text.size(); at += 20)
            block.setMarkdown(text.left(at));
        block.setMarkdown(text);
        QCOMPARE(block.document()->firstBlock().text(), firstText);
        QCOMPARE(block.document()->firstBlock().revision(), revision);
    }

    void textThatDoesNotContinueStartsOver()
    {
        MarkdownBlock block;
        block.setMarkdown(sampleMarkdown(4, 5));
        QVERIFY(block.settledChunks() > 0);
        const QString other = u"# Another answer\n\nShort and **new**.\n"_s;
        block.setMarkdown(other);
        QTRY_COMPARE(block.renderedText(), other);
        QTextDocument whole;
        whole.setMarkdown(other);
        QCOMPARE(shape(*block.document()), shape(whole));
        QVERIFY(!block.document()->toPlainText().contains(u"Section"_s));
    }

    // A relative link must not make the browser load it in place of the reply.
    void linksNeverReplaceTheReply()
    {
        MarkdownBlock block;
        const QString text = u"See [the notes](notes.md) and [the site](https://example.com)."_s;
        block.setMarkdown(text);
        QTRY_COMPARE(block.renderedText(), text);
        QVERIFY(!block.openLinks());
        Q_EMIT block.anchorClicked(QUrl(u"notes.md"_s));
        QCoreApplication::processEvents();
        QVERIFY(block.document()->toPlainText().contains(u"See the notes"_s));
        QVERIFY(block.source().isEmpty());
    }

    void isAsTallAsItsDocument()
    {
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *block = new MarkdownBlock;
        layout->addWidget(block);
        layout->addStretch(1);
        window.resize(420, 3000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString text = sampleMarkdown(5, 9);
        int lastHeight = 0;
        for (qsizetype at = 200; at <= text.size(); at += 400) {
            block->setMarkdown(text.left(at));
            QCoreApplication::processEvents();
            QTRY_COMPARE(block->height(), block->heightForWidth(block->width()));
            QVERIFY(block->height() >= lastHeight);
            lastHeight = block->height();
        }
        QVERIFY(lastHeight > 10 * block->fontMetrics().height());
        QCOMPARE(block->verticalScrollBar()->maximum(), 0); // nothing hidden inside it
        // Narrower: taller, and still all shown.
        window.resize(260, 3000);
        QTRY_VERIFY(block->height() > lastHeight);
        QTRY_COMPARE(block->height(), block->heightForWidth(block->width()));
        QCOMPARE(block->verticalScrollBar()->maximum(), 0);
    }
};

QTEST_MAIN(TestMarkdownBlock)
#include "tst_markdownblock.moc"
