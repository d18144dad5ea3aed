// bench_sse: throughput of bsp::SseParser on a realistic Anthropic Messages stream,
// against a naive per-line QString parser (the named baseline, measured in the same run).
//
// Target: >= 300 MB/s. The stream (~64 MB) is many whole messages: message_start,
// content_block_start, pings, a few hundred text_delta frames of varied length (ASCII,
// CJK, emoji), content_block_stop, message_delta, message_stop. It is fed in chunks
// of 1..16 KiB, as QNetworkReply::readyRead would deliver them.
#include "benchutil.h"
#include "core/sseparser.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;
using bsp::bench::Rng;

namespace {

constexpr qsizetype kStreamBytes = 64 * 1024 * 1024;
constexpr int kRuns = 3;

struct Stream
{
    QByteArray bytes;
    QList<qsizetype> chunkEnds; // where each readyRead chunk ends
    qsizetype events = 0;
    qsizetype dataBytes = 0; // sum of the data payloads, to check both parsers agree
};

void appendEvent(Stream &s, QByteArrayView name, const QByteArray &data)
{
    s.bytes += "event: ";
    s.bytes += name;
    s.bytes += "\ndata: ";
    s.bytes += data;
    s.bytes += "\n\n";
    ++s.events;
    s.dataBytes += data.size();
}

QByteArray deltaText(Rng &rng)
{
    // Token-sized pieces as a model emits them, some non-ASCII; JSON-escaped already.
    static const char *const pieces[] = {"The", " quick", " brown", " fox", " jumps", " over",
        " the", " lazy", " dog", ".", "\\n\\n", " gateway", " stream", "ing", " \\\"quoted\\\"",
        ",", " and", " 的", " 流式", "输出", " \xF0\x9F\x9A\x80", " caf\xC3\xA9", " 1,024",
        " tokens", ":", " `code`", " -", " **bold**", " of", " a"};
    constexpr int count = int(sizeof pieces / sizeof *pieces);
    QByteArray text;
    const int n = rng.between(1, 12);
    for (int i = 0; i < n; ++i)
        text += pieces[rng.between(0, count - 1)];
    return text;
}

void appendMessage(Stream &s, Rng &rng, int serial)
{
    const QByteArray id = "msg_01" + QByteArray::number(serial).rightJustified(22, '0');
    appendEvent(s, "message_start",
        R"({"type":"message_start","message":{"id":")" + id
            + R"(","type":"message","role":"assistant","model":"claude-sonnet-4-5",)"
              R"("content":[],"stop_reason":null,"stop_sequence":null,)"
              R"("usage":{"input_tokens":1843,"output_tokens":1}}})");
    appendEvent(s, "content_block_start",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
    appendEvent(s, "ping", R"({"type": "ping"})");
    const int deltas = rng.between(200, 600);
    for (int i = 0; i < deltas; ++i) {
        if (i % 97 == 96)
            appendEvent(s, "ping", R"({"type": "ping"})");
        appendEvent(s, "content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")"
                + deltaText(rng) + "\"}}");
    }
    appendEvent(s, "content_block_stop", R"({"type":"content_block_stop","index":0})");
    appendEvent(s, "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},)"
        R"("usage":{"output_tokens":)"
            + QByteArray::number(deltas * 3) + "}}");
    appendEvent(s, "message_stop", R"({"type":"message_stop"})");
}

Stream makeStream()
{
    Stream s;
    s.bytes.reserve(kStreamBytes + 256 * 1024);
    Rng rng(42);
    for (int serial = 0; s.bytes.size() < kStreamBytes; ++serial)
        appendMessage(s, rng, serial);
    for (qsizetype at = 0; at < s.bytes.size();) {
        at = std::min(s.bytes.size(), at + rng.between(1024, 16 * 1024));
        s.chunkEnds.append(at);
    }
    return s;
}

struct Tally
{
    qsizetype events = 0;
    qsizetype dataBytes = 0;
};

Tally parseWithSseParser(const Stream &s)
{
    bsp::SseParser parser;
    QList<bsp::SseEvent> out;
    Tally t;
    qsizetype from = 0;
    for (qsizetype end : s.chunkEnds) {
        out.clear(); // keeps its capacity, as a reply handler reusing its list would
        parser.feed(QByteArrayView(s.bytes.constData() + from, end - from), out);
        for (const bsp::SseEvent &ev : out)
            t.dataBytes += ev.data.size();
        t.events += out.size();
        from = end;
    }
    return t;
}

// The baseline: what a first attempt usually looks like. Buffer the bytes, cut lines
// at '\n', turn each line into a QString and compare prefixes.
class NaiveParser
{
public:
    void feed(const QByteArray &chunk, QList<std::pair<QString, QString>> &out)
    {
        m_buffer += chunk;
        qsizetype nl;
        while ((nl = m_buffer.indexOf('\n')) >= 0) {
            QString line = QString::fromUtf8(m_buffer.left(nl));
            m_buffer.remove(0, nl + 1);
            if (line.endsWith(u'\r'))
                line.chop(1);
            if (line.isEmpty()) {
                if (!m_data.isEmpty())
                    out.append({m_event.isEmpty() ? u"message"_s : m_event, m_data});
                m_event.clear();
                m_data.clear();
            } else if (line.startsWith("event:"_L1)) {
                m_event = line.mid(6).trimmed();
            } else if (line.startsWith("data:"_L1)) {
                if (!m_data.isEmpty())
                    m_data += u'\n';
                m_data += line.mid(line.startsWith("data: "_L1) ? 6 : 5);
            }
        }
    }

private:
    QByteArray m_buffer;
    QString m_event;
    QString m_data;
};

Tally parseWithNaive(const Stream &s)
{
    NaiveParser parser;
    QList<std::pair<QString, QString>> out;
    Tally t;
    qsizetype from = 0;
    for (qsizetype end : s.chunkEnds) {
        out.clear();
        // readyRead hands out a QByteArray; the baseline takes one per chunk.
        parser.feed(QByteArray(s.bytes.constData() + from, end - from), out);
        for (const auto &ev : out)
            t.dataBytes += ev.second.toUtf8().size();
        t.events += out.size();
        from = end;
    }
    return t;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bsp::bench::Report report("bench_sse");

    const Stream stream = makeStream();
    const double mb = double(stream.bytes.size()) / 1e6;
    std::printf("# stream: %.1f MB, %lld events, %lld chunks of 1..16 KiB; best of %d runs\n", mb,
        qlonglong(stream.events), qlonglong(stream.chunkEnds.size()), kRuns);

    Tally fast;
    const auto fastTime = bsp::bench::bestOf(kRuns, [&] { fast = parseWithSseParser(stream); });
    Tally naive;
    const auto naiveTime = bsp::bench::bestOf(kRuns, [&] { naive = parseWithNaive(stream); });

    const bool agree = fast.events == stream.events && naive.events == stream.events
        && fast.dataBytes == stream.dataBytes && naive.dataBytes == stream.dataBytes;
    report.check("sse_events_match", agree ? 1 : 0, Cmp::Equal, 1);
    report.info("sse_events", double(fast.events));
    report.info(
        "sse_baseline_qstring_MBps", mb / naiveTime.wall, "(naive per-line QString parser)");
    report.check("sse_parse_MBps", mb / fastTime.wall, Cmp::AtLeast, 300);
    report.info(
        "sse_parse_cpu_MBps", mb / fastTime.cpu, "(per second of CPU: the figure on an idle core)");
    report.info("sse_speedup_vs_baseline", naiveTime.wall / fastTime.wall, "(x)");
    report.info("sse_events_per_s", double(fast.events) / fastTime.wall);
    return report.finish();
}
