// The app's style: the menu bar's extension icon costs the first window no image plugin.
#include "ui/widgets/appstyle.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QMenuBar>
#include <QPixmap>
#include <QStyleFactory>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Image-format plugins this process has loaded so far.
bool imagePluginLoaded()
{
    QFile maps(u"/proc/self/maps"_s);
    if (!maps.open(QIODevice::ReadOnly))
        return false;
    return maps.readAll().contains("/imageformats/");
}

} // namespace

class TestAppStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void extensionIconsNeedNoImagePlugin()
    {
        QVERIFY2(!imagePluginLoaded(), "an image plugin was loaded before the test");
        auto *style = new bsp::ui::AppStyle(u"Fusion"_s);
        QApplication::setStyle(style); // the application owns it
        QMenuBar bar; // asks for the horizontal extension icon when built
        const QIcon horizontal = style->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton);
        const QIcon vertical = style->standardIcon(QStyle::SP_ToolBarVerticalExtensionButton);
        QVERIFY(!horizontal.isNull());
        QCOMPARE(horizontal.availableSizes().size(), 3);
        const QPixmap h16 = horizontal.pixmap(QSize(16, 16));
        QVERIFY(!h16.isNull());
        QVERIFY(!vertical.pixmap(QSize(10, 10)).isNull());
        const QPixmap disabled = horizontal.pixmap(QSize(16, 16), QIcon::Disabled);
        QVERIFY(!disabled.isNull());
        QVERIFY(disabled.toImage() != h16.toImage()); // the style's disabled look
        // Read as PNG by name: no plugin was asked whether it reads them.
        QVERIFY(!imagePluginLoaded());
        // The same icons as Qt's own style makes from those files.
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(u"Fusion"_s));
        for (const auto sp : {QStyle::SP_ToolBarHorizontalExtensionButton,
                 QStyle::SP_ToolBarVerticalExtensionButton}) {
            const QIcon qts = fusion->standardIcon(sp);
            const QIcon ours = style->standardIcon(sp);
            QCOMPARE(ours.availableSizes(), qts.availableSizes());
            for (const QSize &size : qts.availableSizes())
                for (const QIcon::Mode mode : {QIcon::Normal, QIcon::Disabled})
                    QCOMPARE(
                        ours.pixmap(size, mode).toImage().convertToFormat(QImage::Format_ARGB32),
                        qts.pixmap(size, mode).toImage().convertToFormat(QImage::Format_ARGB32));
        }
    }
};

QTEST_MAIN(TestAppStyle)
#include "tst_appstyle.moc"
