// The media library's entry: registers the factory that builds its widgets, when the
// library is loaded (the app) or linked in (tests, benches).
#include "ui/cost/spendchart.h"
#include "ui/media/media.h"
#include "ui/video/videotab.h"

namespace bsp::ui {

namespace {

class Factory final : public MediaFactory
{
public:
    VideoTabBase *createVideoTab(const VideoTabServices &services) const override
    {
        return new VideoTab(services.tracker, services.cost, services.client, services.notifier);
    }

    SpendChartBase *createSpendChart(
        Ledger *ledger, const QString &profile, QWidget *parent) const override
    {
        return new SpendChart(ledger, profile, parent);
    }
};

const Factory factoryInstance;
[[maybe_unused]] const bool registered = (media::registerFactory(&factoryInstance), true);

} // namespace

} // namespace bsp::ui
