// The rate card loader (GET /v1/pricing, the bundled pricing.json) and the prices it
// computes for whatever it accepted.
#include "fuzzutil.h"

#include "core/ratecard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString why;
    const auto card = bsp::RateCard::fromJson(bsp::fuzz::bytes(data, size), &why);
    if (!card)
        return 0;
    for (const bsp::Rate &r : card->rates()) {
        (void)card->textCost(r.model, 1000, 1000);
        (void)r.toJson();
    }
    return 0;
}
