// Corpus loading and chunking: text, folders, CSV and JSONL with a chosen column, bad
// lines reported with their numbers and skipped, Chinese and English.
#include "core/corpus.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    return path;
}

} // namespace

class TestCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paragraphs()
    {
        CorpusOptions o;
        const QStringList c = CorpusLoader::chunk(
            u"First paragraph\nstill first.\n\n  \nSecond.\r\n\r\n第三段：北京的天气。\n\n"_s, o);
        QCOMPARE(c,
            (QStringList {
                u"First paragraph\nstill first."_s, u"Second."_s, u"第三段：北京的天气。"_s}));
    }

    void characterWindowsOverlap()
    {
        CorpusOptions o;
        QVERIFY(o.parseChunkSpec(u"chars:4:1"_s));
        QCOMPARE(CorpusLoader::chunk(u"abcdefghij"_s, o),
            (QStringList {u"abcd"_s, u"defg"_s, u"ghij"_s}));
        QVERIFY(o.parseChunkSpec(u"chars:3"_s));
        QCOMPARE(
            CorpusLoader::chunk(u"向量检索模型"_s, o), (QStringList {u"向量检"_s, u"索模型"_s}));
        QVERIFY(!o.parseChunkSpec(u"chars:3:3"_s));
        QVERIFY(!o.parseChunkSpec(u"words:3"_s));
        QVERIFY(!o.parseChunkSpec(u"chars:0"_s));
    }

    void neverSplitsASurrogatePair()
    {
        CorpusOptions o;
        QVERIFY(o.parseChunkSpec(u"chars:3:0"_s));
        const QString text = u"ab\U0001F600cd"_s; // a, b, high, low, c, d
        const QStringList c = CorpusLoader::chunk(text, o);
        QCOMPARE(c.join(QString()), text);
        for (const QString &piece : c) {
            QVERIFY(!piece.back().isHighSurrogate());
            QVERIFY(!piece.front().isLowSurrogate());
        }
    }

    void csvWithChosenColumnAndBadLines()
    {
        QTemporaryDir dir;
        const QString path = write(dir, u"docs.csv"_s,
            "id,title,body\n"
            "1,One,\"plain, with comma\"\n"
            "2,Two\n" // line 3: too few fields
            "3,Three,\"multi\nline \"\"quoted\"\"\"\n"
            "4,Four,中文内容\n");
        CorpusOptions o;
        o.field = u"body"_s;
        const Corpus c = CorpusLoader::load(path, o);
        QCOMPARE(c.chunks.size(), 3);
        QCOMPARE(c.chunks.at(0).text, u"plain, with comma"_s);
        QCOMPARE(c.chunks.at(1).text, u"multi\nline \"quoted\""_s);
        QCOMPARE(c.chunks.at(1).record, 4);
        QCOMPARE(c.chunks.at(2).text, u"中文内容"_s);
        QCOMPARE(c.chunks.at(2).record, 6);
        QCOMPARE(c.chunks.at(2).position, 2);
        QCOMPARE(c.issues.size(), 1);
        QCOMPARE(c.issues.at(0).line, 3);
        QVERIFY(c.issues.at(0).message.contains(u"3"_s));

        o.field = u"3"_s; // by number
        QCOMPARE(CorpusLoader::load(path, o).chunks.size(), 3);
        o.field = u"missing"_s;
        const Corpus none = CorpusLoader::load(path, o);
        QVERIFY(none.chunks.isEmpty());
        QCOMPARE(none.issues.size(), 1);
        QVERIFY(none.issues.at(0).message.contains(u"missing"_s));
    }

    void csvUnterminatedQuoteIsReported()
    {
        QTemporaryDir dir;
        const QString path = write(dir, u"bad.csv"_s, "text\nok\n\"never closed\nmore\n");
        const Corpus c = CorpusLoader::load(path, {});
        QCOMPARE(c.chunks.size(), 1);
        QCOMPARE(c.issues.size(), 1);
        QCOMPARE(c.issues.at(0).line, 3);
    }

    void jsonlWithFieldAndBadLines()
    {
        QTemporaryDir dir;
        const QString path = write(dir, u"docs.jsonl"_s,
            "{\"content\": \"first\"}\n"
            "{not json}\n"
            "\n"
            "[1, 2]\n"
            "{\"other\": 1}\n"
            "{\"content\": 5}\n"
            "{\"content\": \"第二\"}\n");
        CorpusOptions o;
        o.field = u"content"_s;
        const Corpus c = CorpusLoader::load(path, o);
        QCOMPARE(c.texts(), (QStringList {u"first"_s, u"第二"_s}));
        QCOMPARE(c.chunks.at(1).record, 7);
        QList<int> lines;
        for (const CorpusIssue &i : c.issues)
            lines.append(i.line);
        QCOMPARE(lines, (QList<int> {2, 4, 5, 6}));
    }

    void folderInPathOrder()
    {
        QTemporaryDir dir;
        write(dir, u"b.txt"_s, "bee\n\nbee two");
        write(dir, u"a/inner.md"_s, "inner");
        write(dir, u"c.jsonl"_s, "{\"text\": \"sea\"}\n");
        write(dir, u"skip.png"_s, "not text");
        const Corpus c = CorpusLoader::load(dir.path(), {});
        QCOMPARE(c.texts(), (QStringList {u"inner"_s, u"bee"_s, u"bee two"_s, u"sea"_s}));
        QCOMPARE(c.chunks.at(2).position, 1);
        QVERIFY(c.chunks.at(2).id().endsWith(u"b.txt#1"_s));
    }

    void pasteAndUtf8Bom()
    {
        const Corpus c = CorpusLoader::fromText(u"  one\n\ntwo  "_s, {});
        QCOMPARE(c.texts(), (QStringList {u"one"_s, u"two"_s}));
        QCOMPARE(c.chunks.at(0).source, u"paste"_s);
        QTemporaryDir dir;
        const QString path = write(dir, u"bom.txt"_s, "\xEF\xBB\xBFhello");
        QCOMPARE(CorpusLoader::load(path, {}).texts(), QStringList {u"hello"_s});
    }

    void unreadableFileIsAnIssue()
    {
        const Corpus c = CorpusLoader::load(u"/nonexistent/file.txt"_s, {});
        QVERIFY(c.chunks.isEmpty());
        QCOMPARE(c.issues.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
