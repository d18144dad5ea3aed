// Message stream events: an SSE body through the parser and the accumulator, as
// streamMessage() runs them, with and without keeping the text and with a small reply
// limit so the limit path runs.
#include "fuzzutil.h"

#include "core/messageaccumulator.h"
#include "core/sseparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bsp::SseParser parser;
    bsp::MessageAccumulator acc;
    acc.setKeepText((data[0] & 1) != 0);
    acc.setMaxContentBytes((data[0] & 2) ? 4096 : 0);
    const QList<bsp::SseEvent> events = parser.feed(
        QByteArrayView(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    for (const bsp::SseEvent &e : events) {
        const auto ev = acc.apply(e);
        if (ev)
            bsp::fuzz::consume(*ev);
    }
    const bsp::Message m = acc.takeMessage();
    (void)m.text();
    (void)m.images();
    (void)m.toJson();
    return 0;
}
