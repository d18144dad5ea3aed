// The sandbox's clips must play in the app: encode one with the sandbox's encoder and
// play it through Qt Multimedia (the GStreamer backend) into a video sink.
#include "sandbox/engines.h"

#include <QMediaPlayer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

using namespace Qt::StringLiterals;

class TestClipPlayback final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sandboxClipPlaysInQtMultimedia()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"clip.mp4"_s);
        bsp::sandbox::ClipSpec spec;
        spec.prompt = u"a red kite over the sea"_s;
        spec.seconds = 2;
        QString error;
        QVERIFY2(bsp::sandbox::encodeClip(spec, path, &error), qPrintable(error));

        QMediaPlayer player;
        QVideoSink sink;
        player.setVideoSink(&sink);
        int frames = 0;
        QSize frameSize;
        connect(&sink, &QVideoSink::videoFrameChanged, this, [&](const QVideoFrame &frame) {
            if (frame.isValid()) {
                ++frames;
                frameSize = frame.size();
            }
        });
        QList<QMediaPlayer::MediaStatus> statuses;
        connect(&player, &QMediaPlayer::mediaStatusChanged, this,
            [&](QMediaPlayer::MediaStatus s) { statuses.append(s); });
        QString playerError;
        connect(&player, &QMediaPlayer::errorOccurred, this,
            [&](QMediaPlayer::Error, const QString &text) { playerError = text; });

        player.setSource(QUrl::fromLocalFile(path));
        player.play();
        QTRY_VERIFY_WITH_TIMEOUT(
            statuses.contains(QMediaPlayer::EndOfMedia) || !playerError.isEmpty(), 20000);
        QVERIFY2(playerError.isEmpty(), qPrintable(playerError));
        QVERIFY(statuses.contains(QMediaPlayer::LoadedMedia));
        QCOMPARE(frameSize, QSize(spec.width, spec.height));
        QVERIFY2(frames >= 10, qPrintable(u"only %1 frames reached the sink"_s.arg(frames)));
        QVERIFY(qAbs(player.duration() - 2000) <= 100);
    }
};

QTEST_MAIN(TestClipPlayback)
#include "tst_clipplayback.moc"
