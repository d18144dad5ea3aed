// Task answers in every documented variant (canonical, pending/in_progress/succeeded/
// expired, result.video_url, result_url, credits) and submit bodies (canonical / flat),
// each read back from its own JSON.
#include "fuzzutil.h"

#include "core/wire_tasks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto o = bsp::fuzz::object(data, size);
    if (!o)
        return 0;
    QString why;
    if (const auto t = bsp::TaskInfo::fromJson(*o, &why)) {
        (void)bsp::taskStatusName(t->status);
        (void)bsp::isTerminal(t->status);
        if (!bsp::TaskInfo::fromJson(t->toJson(), &why))
            __builtin_trap();
    }
    if (const auto s = bsp::TaskSubmit::fromJson(*o, &why))
        (void)s->toJson();
    return 0;
}
