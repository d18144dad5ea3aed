#pragma once

#include <QMediaPlayer>
#include <QWidget>

class QAudioOutput;
class QCheckBox;
class QLabel;
class QSlider;
class QToolButton;
class QVideoWidget;

namespace bsp::ui {

// One embedded clip player: play/pause, a seek bar, loop, mute, frame step (one frame
// at the clip's rate, back and forward), full screen. A clip that does not decode
// says so in place of the picture's caption.
class VideoPlayer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoPlayer)

public:
    explicit VideoPlayer(QWidget *parent = nullptr);
    ~VideoPlayer() override;

    // Loads a local file (empty clears). `caption` goes above the picture.
    void setClip(const QString &path, const QString &caption = {});
    QString clip() const { return m_path; }
    void setCaption(const QString &caption);
    // Compare mode hides the per-player transport (a shared one drives them).
    void setControlsVisible(bool visible);

    QMediaPlayer *player() const { return m_player; }
    QString errorText() const { return m_error; }
    void play();
    void pause();
    void togglePlay();
    void seek(qint64 ms);
    void stepFrames(int frames);
    void setLooping(bool loop);
    void setMuted(bool muted);
    void toggleFullScreen();

Q_SIGNALS:
    void decodeFailed(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateState();
    void onStatus(QMediaPlayer::MediaStatus status);

    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_audio = nullptr;
    QVideoWidget *m_video = nullptr;
    QLabel *m_caption = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_controls = nullptr;
    QToolButton *m_play = nullptr;
    QToolButton *m_back = nullptr;
    QToolButton *m_forward = nullptr;
    QSlider *m_seek = nullptr;
    QLabel *m_time = nullptr;
    QCheckBox *m_loop = nullptr;
    QCheckBox *m_mute = nullptr;
    QToolButton *m_full = nullptr;
    QString m_path;
    QString m_error;
    bool m_seeking = false;
};

QString formatClock(qint64 ms); // "0:05.2"

} // namespace bsp::ui
