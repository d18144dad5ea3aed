// Error bodies of either envelope (ApiError::fromHttp with any status and headers taken
// from the input), models, balance and usage pages.
#include "fuzzutil.h"

#include "core/apierror.h"
#include "core/wiretypes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = 400 + (data[0] % 200);
    const QByteArray all = bsp::fuzz::bytes(data + 1, size - 1);
    // Up to the first NUL: a retry-after header value; the rest: the body.
    const qsizetype nul = all.indexOf('\0');
    const QByteArray header = nul >= 0 ? all.left(nul) : QByteArray();
    const QByteArray body = nul >= 0 ? all.mid(nul + 1) : all;
    const bsp::ApiError e = bsp::ApiError::fromHttp(status, body,
        {{"retry-after", header}, {"retry-after-ms", header}, {"request-id", header}});
    (void)e.displayText();
    (void)e.isRetryable();
    const auto o = bsp::fuzz::object(data + 1, size - 1);
    if (!o)
        return 0;
    (void)bsp::ModelInfo::fromJson(*o);
    (void)bsp::Balance::fromJson(*o);
    QString why;
    (void)bsp::UsagePage::fromJson(*o, &why);
    return 0;
}
