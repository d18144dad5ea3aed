// The sandbox's clips follow the asked shape and resolution (scaled to a quarter), and
// clips of two models with one prompt are not the same picture.
#include "sandbox/engines.h"
#include "sandbox/engines_video.h"

#include <QImage>
#include <QMediaPlayer>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoFrame>
#include <QVideoSink>

using namespace Qt::StringLiterals;
using namespace bsp::sandbox;

class TestVideoClips final : public QObject
{
    Q_OBJECT

    QImage firstFrame(const QString &path)
    {
        QMediaPlayer player;
        QVideoSink sink;
        player.setVideoSink(&sink);
        QImage image;
        connect(&sink, &QVideoSink::videoFrameChanged, this, [&](const QVideoFrame &f) {
            if (f.isValid() && image.isNull())
                image = f.toImage();
        });
        player.setSource(QUrl::fromLocalFile(path));
        player.play();
        if (!QTest::qWaitFor([&] { return !image.isNull(); }, 15000))
            return {};
        return image.convertToFormat(QImage::Format_RGB32);
    }

private Q_SLOTS:
    void sizeFollowsAspectAndResolution_data()
    {
        QTest::addColumn<QString>("aspect");
        QTest::addColumn<QString>("resolution");
        QTest::addColumn<QSize>("size");
        QTest::newRow("16:9 720p") << u"16:9"_s << u"720p"_s << QSize(320, 180);
        QTest::newRow("9:16 720p") << u"9:16"_s << u"720p"_s << QSize(180, 320);
        QTest::newRow("1:1 1080p") << u"1:1"_s << u"1080p"_s << QSize(270, 270);
        QTest::newRow("16:9 480p") << u"16:9"_s << u"480p"_s << QSize(214, 120);
        QTest::newRow("4:3 1080p") << u"4:3"_s << u"1080p"_s << QSize(360, 270);
        QTest::newRow("nonsense falls back") << u"wide"_s << u"huge"_s << QSize(320, 180);
    }

    void sizeFollowsAspectAndResolution()
    {
        QFETCH(QString, aspect);
        QFETCH(QString, resolution);
        QFETCH(QSize, size);
        QCOMPARE(clipSizeFor(aspect, resolution), size);
    }

    void twoModelsGiveDifferentPictures()
    {
        QTemporaryDir dir;
        QList<QImage> frames;
        for (const QString &model : {u"sora-2"_s, u"veo-3.1"_s}) {
            ClipSpec spec;
            spec.prompt = u"a lighthouse at dusk"_s;
            spec.seconds = 1;
            spec.label = model;
            spec.seed = qHash(model + u"\n"_s + spec.prompt);
            const QString path = dir.filePath(model + u".mp4"_s);
            QString error;
            QVERIFY2(encodeClip(spec, path, &error), qPrintable(error));
            frames.append(firstFrame(path));
            QVERIFY(!frames.last().isNull());
        }
        QCOMPARE(frames.at(0).size(), frames.at(1).size());
        // Count pixels that differ clearly: more than a caption's worth.
        qint64 differ = 0;
        for (int y = 0; y < frames.at(0).height(); ++y)
            for (int x = 0; x < frames.at(0).width(); ++x) {
                const QRgb a = frames.at(0).pixel(x, y);
                const QRgb b = frames.at(1).pixel(x, y);
                if (qAbs(qRed(a) - qRed(b)) + qAbs(qGreen(a) - qGreen(b))
                        + qAbs(qBlue(a) - qBlue(b))
                    > 60)
                    ++differ;
            }
        QVERIFY2(differ > frames.at(0).width() * frames.at(0).height() / 5,
            qPrintable(QString::number(differ)));
    }
};

QTEST_MAIN(TestVideoClips)
#include "tst_videoclips.moc"
