#include "ui/widgets/appstyle.h"

#include <QApplication>
#include <QGuiApplication>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>
#include <QPixmap>
#include <QStyleOption>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

// One of the icons QCommonStyle builds from Qt's own resources, read when first drawn
// (the menu bar's extension button is only shown when its menus do not fit), as PNG.
class BuiltInPngIconEngine final : public QIconEngine
{
public:
    BuiltInPngIconEngine(QString stem, QList<int> sizes)
        : m_stem(std::move(stem)), m_sizes(std::move(sizes))
    { }

    QIconEngine *clone() const override { return new BuiltInPngIconEngine(*this); }

    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        QList<QSize> sizes;
        for (const QPixmap &pm : images())
            sizes.append(pm.size());
        return sizes;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const QPixmap &best = bestFor(size);
        return best.isNull() ? QSize()
                             : best.size().scaled(size, Qt::KeepAspectRatio).boundedTo(best.size());
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State) override
    {
        const QPixmap &best = bestFor(size);
        if (best.isNull())
            return {};
        QPixmap result = best.width() <= size.width() && best.height() <= size.height()
            ? best
            : best.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        if (mode != QIcon::Normal) {
            // Disabled, active, selected: as the style draws them for any other icon.
            QStyleOption option;
            option.palette = QGuiApplication::palette();
            result = QApplication::style()->generatedIconPixmap(mode, result, &option);
        }
        return result;
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        const QPixmap pm = pixmap(rect.size() * dpr, mode, state);
        QRect target(QPoint(), pm.size() / dpr);
        target.moveCenter(rect.center());
        painter->drawPixmap(target, pm);
    }

private:
    // Read on first use, smallest first.
    const QList<QPixmap> &images()
    {
        if (m_images.isEmpty()) {
            for (const int side : m_sizes) {
                QImageReader reader(
                    u":/qt-project.org/styles/commonstyle/images/%1-%2.png"_s.arg(m_stem).arg(side),
                    "png");
                reader.setAutoDetectImageFormat(false); // or Qt asks every plugin about "png"
                if (const QImage image = reader.read(); !image.isNull())
                    m_images.append(QPixmap::fromImage(image));
            }
        }
        return m_images;
    }

    // The smallest image that covers the size asked for, else the largest.
    const QPixmap &bestFor(const QSize &size)
    {
        static const QPixmap none;
        const QList<QPixmap> &all = images();
        for (const QPixmap &pm : all)
            if (pm.width() >= size.width() || pm.height() >= size.height())
                return pm;
        return all.isEmpty() ? none : all.last();
    }

    QString m_stem;
    QList<int> m_sizes; // the files' names, ascending
    QList<QPixmap> m_images;
};

} // namespace

AppStyle::AppStyle(const QString &baseStyleKey) : QProxyStyle(baseStyleKey) { }

QIcon AppStyle::standardIcon(
    StandardPixmap standardIcon, const QStyleOption *option, const QWidget *widget) const
{
    const bool rtl
        = (option ? option->direction : QGuiApplication::layoutDirection()) == Qt::RightToLeft;
    if (standardIcon == SP_ToolBarHorizontalExtensionButton)
        return QIcon(new BuiltInPngIconEngine(
            rtl ? u"toolbar-ext-h-rtl"_s : u"toolbar-ext-h"_s, {8, 16, 32}));
    if (standardIcon == SP_ToolBarVerticalExtensionButton)
        return QIcon(new BuiltInPngIconEngine(u"toolbar-ext-v"_s, {5, 10, 20}));
    return QProxyStyle::standardIcon(standardIcon, option, widget);
}

} // namespace bsp::ui
