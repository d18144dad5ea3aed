// The sandbox's request readers: the /v1/messages body (MessageRequest::fromJson with
// its image sources), the multipart/form-data reader of /v1/images/edits (the content
// type's boundary taken from the input), and the image inspector both feed.
#include "fuzzutil.h"

#include "sandbox/engines.h"
#include "sandbox/httpkit.h"
#include "sandbox/messagebuilder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t which = data[0] % 3;
    const QByteArray in = bsp::fuzz::bytes(data + 1, size - 1);
    if (which == 0) {
        // First line: the Content-Type header; the rest: the body.
        const qsizetype nl = in.indexOf('\n');
        const QByteArray type = nl >= 0 ? in.left(nl) : QByteArray();
        const QByteArray body = nl >= 0 ? in.mid(nl + 1) : in;
        if (const auto parts = bsp::sandbox::parseMultipart(type, body)) {
            for (const bsp::sandbox::FormPart &p : *parts)
                bsp::fuzz::consume(p.data.size());
            (void)bsp::sandbox::findPart(*parts, "image");
        }
        return 0;
    }
    if (which == 1) {
        (void)bsp::sandbox::inspectImage(in);
        return 0;
    }
    const auto o = bsp::fuzz::object(data + 1, size - 1);
    if (!o)
        return 0;
    QString error;
    QString param;
    const auto r = bsp::sandbox::MessageRequest::fromJson(*o, &error, &param,
        [](const QString &) -> std::optional<QByteArray> { return QByteArray("\x89PNG"); });
    if (r)
        (void)r->usesImageTool();
    return 0;
}
