#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QTimer>

class QMediaPlayer;
class QVideoSink;

namespace bsp::ui {

// Makes a row thumbnail from a clip's first second: plays it muted into a video sink,
// takes the frame shown at ~0.5 s, scales and saves it as PNG beside the clip (on the
// thread pool). One clip at a time; a clip that does not decode reports failed().
class Thumbnailer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Thumbnailer)

public:
    explicit Thumbnailer(QObject *parent = nullptr);
    ~Thumbnailer() override;

    void request(qint64 id, const QString &clipPath);
    static QString thumbnailPathFor(const QString &clipPath);

Q_SIGNALS:
    void ready(qint64 id, const QString &thumbnailPath);
    void failed(qint64 id, const QString &message);

private:
    void next();
    void finish(const QString &error);

    QList<QPair<qint64, QString>> m_queue;
    QPointer<QMediaPlayer> m_player;
    QPointer<QVideoSink> m_sink;
    QTimer m_timeout;
    qint64 m_current = 0;
    QString m_path;
    bool m_busy = false;
};

} // namespace bsp::ui
