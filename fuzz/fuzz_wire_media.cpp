// Image, embedding (float arrays and base64 float32) and rerank answers, plus the raw
// base64 float decoder the embeddings use.
#include "fuzzutil.h"

#include "core/base64floats.h"
#include "core/wire_media.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t which = data[0] % 4;
    ++data;
    --size;
    if (which == 3) {
        QList<float> out;
        const bool ok = bsp::decodeBase64Floats(
            QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), out);
        if (ok && out.size() * 4 > qsizetype(size) / 4 * 3)
            __builtin_trap(); // more floats than the base64 can hold
        return 0;
    }
    const auto o = bsp::fuzz::object(data, size);
    if (!o)
        return 0;
    QString why;
    switch (which) {
    case 0:
        if (const auto r = bsp::ImageResult::fromJson(*o, &why))
            bsp::fuzz::consume(r->images.size());
        break;
    case 1:
        if (const auto r = bsp::EmbeddingResult::fromJson(*o, &why)) {
            if (qsizetype(r->count) * r->dimensions != r->values.size())
                __builtin_trap(); // rows must tile the values exactly
            for (int i = 0; r->dimensions > 0 && i < r->count; ++i)
                bsp::fuzz::consume(r->row(i)[r->dimensions - 1]);
        }
        break;
    case 2:
        if (const auto r = bsp::RerankResult::fromJson(*o, &why))
            bsp::fuzz::consume(r->results.size());
        break;
    }
    return 0;
}
