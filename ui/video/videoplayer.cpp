#include "ui/video/videoplayer.h"

#include <QAudioOutput>
#include <QCheckBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QVideoWidget>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {
constexpr int kFrameMs = 1000 / 12; // the sandbox's clips run at 12 fps
}

QString formatClock(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    return u"%1:%2.%3"_s.arg(ms / 60000)
        .arg((ms / 1000) % 60, 2, 10, QChar(u'0'))
        .arg((ms / 100) % 10);
}

VideoPlayer::VideoPlayer(QWidget *parent) : QWidget(parent)
{
    m_player = new QMediaPlayer(this);
    m_audio = new QAudioOutput(this);
    m_player->setAudioOutput(m_audio);
    m_video = new QVideoWidget(this);
    m_video->setMinimumSize(160, 90);
    m_video->setAccessibleName(tr("Video"));
    m_video->installEventFilter(this);
    m_player->setVideoOutput(m_video);

    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    m_message->setStyleSheet(u"color: #b3261e;"_s);

    m_controls = new QWidget(this);
    m_play = new QToolButton(m_controls);
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_play->setAccessibleName(tr("Play or pause"));
    m_play->setToolTip(tr("Play / pause (Space)"));
    m_back = new QToolButton(m_controls);
    m_back->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_back->setAccessibleName(tr("Previous frame"));
    m_back->setToolTip(tr("One frame back"));
    m_forward = new QToolButton(m_controls);
    m_forward->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_forward->setAccessibleName(tr("Next frame"));
    m_forward->setToolTip(tr("One frame forward"));
    m_seek = new QSlider(Qt::Horizontal, m_controls);
    m_seek->setAccessibleName(tr("Seek"));
    m_time = new QLabel(formatClock(0), m_controls);
    m_loop = new QCheckBox(tr("Loop"), m_controls);
    m_loop->setAccessibleName(tr("Loop"));
    m_mute = new QCheckBox(tr("Mute"), m_controls);
    m_mute->setAccessibleName(tr("Mute"));
    m_full = new QToolButton(m_controls);
    m_full->setText(tr("Full screen"));
    m_full->setAccessibleName(tr("Full screen"));

    // Two rows, so the player fits the narrow pane of a 1280 px window (and a compare
    // cell); the clock keeps the width of "0:00.0 / 0:00.0" so the slider does not
    // jump when playback starts.
    m_time->setMinimumWidth(
        m_time->fontMetrics().horizontalAdvance(tr("%1 / %2").arg(formatClock(0), formatClock(0))));
    auto *transport = new QHBoxLayout;
    transport->addWidget(m_play);
    transport->addWidget(m_back);
    transport->addWidget(m_forward);
    transport->addWidget(m_seek, 1);
    transport->addWidget(m_time);
    auto *options = new QHBoxLayout;
    options->addWidget(m_loop);
    options->addWidget(m_mute);
    options->addStretch(1);
    options->addWidget(m_full);
    auto *rows = new QVBoxLayout(m_controls);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    rows->addLayout(transport);
    rows->addLayout(options);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_caption);
    layout->addWidget(m_video, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_controls);

    connect(m_play, &QToolButton::clicked, this, &VideoPlayer::togglePlay);
    connect(m_back, &QToolButton::clicked, this, [this] { stepFrames(-1); });
    connect(m_forward, &QToolButton::clicked, this, [this] { stepFrames(1); });
    connect(m_loop, &QCheckBox::toggled, this, &VideoPlayer::setLooping);
    connect(m_mute, &QCheckBox::toggled, this, &VideoPlayer::setMuted);
    connect(m_full, &QToolButton::clicked, this, &VideoPlayer::toggleFullScreen);
    connect(m_seek, &QSlider::sliderPressed, this, [this] { m_seeking = true; });
    connect(m_seek, &QSlider::sliderReleased, this, [this] {
        m_seeking = false;
        seek(m_seek->value());
    });
    connect(
        m_seek, &QSlider::sliderMoved, this, [this](int v) { m_time->setText(formatClock(v)); });
    connect(m_player, &QMediaPlayer::durationChanged, this,
        [this](qint64 d) { m_seek->setRange(0, int(d)); });
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 p) {
        if (!m_seeking)
            m_seek->setValue(int(p));
        m_time->setText(tr("%1 / %2").arg(formatClock(p), formatClock(m_player->duration())));
    });
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &VideoPlayer::updateState);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &VideoPlayer::onStatus);
    connect(m_player, &QMediaPlayer::errorOccurred, this,
        [this](QMediaPlayer::Error, const QString &text) {
            m_error = tr("This clip could not be decoded: %1").arg(text);
            m_message->setText(m_error);
            m_message->setVisible(true);
            Q_EMIT decodeFailed(m_error);
        });
    updateState();
}

VideoPlayer::~VideoPlayer() = default;

void VideoPlayer::setClip(const QString &path, const QString &caption)
{
    m_path = path;
    m_error.clear();
    m_message->setVisible(false);
    setCaption(caption);
    m_player->stop();
    if (!path.isEmpty() && !QFileInfo::exists(path)) {
        m_error = tr("The clip file is missing: %1").arg(path);
        m_message->setText(m_error);
        m_message->setVisible(true);
        m_player->setSource({});
        return;
    }
    m_player->setSource(path.isEmpty() ? QUrl() : QUrl::fromLocalFile(path));
}

void VideoPlayer::setCaption(const QString &caption)
{
    m_caption->setText(caption);
    m_caption->setVisible(!caption.isEmpty());
}

void VideoPlayer::setControlsVisible(bool visible)
{
    m_controls->setVisible(visible);
}

void VideoPlayer::play()
{
    if (!m_player->source().isEmpty())
        m_player->play();
}

void VideoPlayer::pause()
{
    m_player->pause();
}

void VideoPlayer::togglePlay()
{
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        pause();
    else
        play();
}

void VideoPlayer::seek(qint64 ms)
{
    const qint64 duration = m_player->duration(); // 0 until the clip is loaded
    m_player->setPosition(
        duration > 0 ? std::clamp<qint64>(ms, 0, duration) : std::max<qint64>(0, ms));
}

void VideoPlayer::stepFrames(int frames)
{
    pause();
    seek(m_player->position() + qint64(frames) * kFrameMs);
}

void VideoPlayer::setLooping(bool loop)
{
    m_player->setLoops(loop ? QMediaPlayer::Infinite : 1);
    if (m_loop->isChecked() != loop)
        m_loop->setChecked(loop);
}

void VideoPlayer::setMuted(bool muted)
{
    m_audio->setMuted(muted);
    if (m_mute->isChecked() != muted)
        m_mute->setChecked(muted);
}

void VideoPlayer::toggleFullScreen()
{
    m_video->setFullScreen(!m_video->isFullScreen());
}

bool VideoPlayer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_video && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Escape && m_video->isFullScreen()) {
            m_video->setFullScreen(false);
            return true;
        }
        if (key == Qt::Key_Space) {
            togglePlay();
            return true;
        }
    }
    if (watched == m_video && event->type() == QEvent::MouseButtonDblClick) {
        toggleFullScreen();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void VideoPlayer::updateState()
{
    const bool playing = m_player->playbackState() == QMediaPlayer::PlayingState;
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void VideoPlayer::onStatus(QMediaPlayer::MediaStatus status)
{
    if (status == QMediaPlayer::InvalidMedia) {
        m_error = tr("This clip could not be decoded.");
        m_message->setText(m_error);
        m_message->setVisible(true);
        Q_EMIT decodeFailed(m_error);
    }
}

} // namespace bsp::ui
