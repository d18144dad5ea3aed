// The SSE parser over arbitrary bytes, cut into chunks at offsets taken from the input,
// with a small event limit so the overflow path is reached too.
#include "fuzzutil.h"

#include "core/sseparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // First byte: chunk size; second: the event limit in KiB (0 = the default).
    const size_t chunk = size_t(data[0]) + 1;
    bsp::SseParser parser;
    if (data[1] != 0)
        parser.setMaxEventBytes(qsizetype(data[1]) * 64);
    QList<bsp::SseEvent> out;
    for (size_t at = 2; at < size; at += chunk) {
        const size_t n = std::min(chunk, size - at);
        parser.feed(QByteArrayView(reinterpret_cast<const char *>(data + at), qsizetype(n)), out);
        if (out.size() > 1024)
            out.clear();
    }
    for (const bsp::SseEvent &e : out) {
        if (e.event.isEmpty())
            __builtin_trap(); // an event always has a name ("message" by default)
    }
    parser.reset();
    return 0;
}
