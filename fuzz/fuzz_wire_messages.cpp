// /v1/messages answers and requests: Message::fromJson (text, tool_use, image blocks,
// nested tool results), its JSON round trip, and MessageRequest::fromJson.
#include "fuzzutil.h"

#include "core/wire_messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto o = bsp::fuzz::object(data, size);
    if (!o)
        return 0;
    if (const auto m = bsp::Message::fromJson(*o)) {
        (void)m->text();
        (void)m->images();
        const auto again = bsp::Message::fromJson(m->toJson());
        if (!again)
            __builtin_trap(); // what the client writes, it reads back
    }
    const bsp::MessageRequest r = bsp::MessageRequest::fromJson(*o);
    (void)r.toJson(true);
    (void)r.estimatedInputTokens();
    (void)r.imageTool();
    return 0;
}
