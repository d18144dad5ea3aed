#pragma once

#include <QString>
#include <QWidget>

namespace bsp {
class CostService;
class DesktopNotifier;
class GatewayClient;
class Ledger;
class TaskTracker;
} // namespace bsp

namespace bsp::ui {

// The Video tab and the spend chart are built on Qt Multimedia and Qt Charts: with
// what those load (PulseAudio, codecs, OpenGL widgets), about twenty libraries that the
// first window does not need, and a third of its start-up time. So their code is a
// library of its own, the media library (ui/video/, ui/cost/spendchart.*), loaded when
// the first of them is built. The rest of the app sees them through these classes.

// The Video tab as the composition root uses it.
class VideoTabBase : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoTabBase)

public:
    using QWidget::QWidget;
    ~VideoTabBase() override;

    // Puts an image into the form's first-frame field ("use as first frame").
    virtual void setFirstFrameFile(const QString &path) = 0;
    // Reloads the video models from /v1/models.
    virtual void reloadModels() = 0;
};

// The Cost dock's chart page: spend per day and per model, from the ledger.
class SpendChartBase : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpendChartBase)

public:
    using QWidget::QWidget;
    ~SpendChartBase() override;

    // Reads the ledger again, off the UI thread; loaded() when the charts show it.
    virtual void reload() = 0;
    virtual bool isLoading() const = 0;
    virtual int dayCount() const = 0;
    virtual int modelSliceCount() const = 0;

Q_SIGNALS:
    void loaded();
};

struct VideoTabServices
{
    TaskTracker *tracker = nullptr;
    CostService *cost = nullptr;
    GatewayClient *client = nullptr;
    DesktopNotifier *notifier = nullptr; // optional: the tray otherwise
};

class MediaFactory
{
public:
    MediaFactory() = default;
    virtual ~MediaFactory();
    Q_DISABLE_COPY_MOVE(MediaFactory)

    virtual VideoTabBase *createVideoTab(const VideoTabServices &services) const = 0;
    virtual SpendChartBase *createSpendChart(
        Ledger *ledger, const QString &profile, QWidget *parent) const = 0;
};

namespace media {

// The media library's factory: the one linked into this program if it is (the tests),
// else the library loaded once from beside the program (a build tree) or from the
// install's library folder. nullptr when it cannot be loaded; loadError() says why.
const MediaFactory *factory();
QString loadError();

// Called by the media library's own code when it is linked in or loaded.
void registerFactory(const MediaFactory *factory);

} // namespace media

} // namespace bsp::ui
