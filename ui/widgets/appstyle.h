#pragma once

#include <QProxyStyle>

namespace bsp::ui {

// The application's style: the platform's own (Fusion here), with one start-up cost
// taken out. QMenuBar asks for the tool bar extension icon when it is built, and Qt
// reads that icon's format by asking every image-format plugin in turn, so the first
// window would wait for a dozen plugins (TIFF, WebP, SVG, …) and their libraries to load.
// This style reads the same built-in PNGs as PNG, which needs no plugin, and only when
// the icon is first drawn.
class AppStyle final : public QProxyStyle
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppStyle)

public:
    // baseStyleKey: the style this one refines, as QStyleFactory names it.
    explicit AppStyle(const QString &baseStyleKey);

    QIcon standardIcon(StandardPixmap standardIcon, const QStyleOption *option = nullptr,
        const QWidget *widget = nullptr) const override;
};

} // namespace bsp::ui
