#pragma once

// For bench_ui_chat: a loopback server in its own thread that answers one
// POST /v1/messages with a long streamed reply in the gateway's wire format
// (docs/gateway-api.md): Markdown text (headings, paragraphs, lists, code blocks,
// tables) as text_delta events, with generated PNG images arriving whole in their
// content_block_start, as the generate_image tool delivers them. The events are built
// before the server starts, so the UI thread being measured shares nothing with it
// but the socket.

#include <QBuffer>
#include <QByteArray>
#include <QHostAddress>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPainter>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <memory>

namespace bsp::bench {

class BigReplyServer
{
public:
    // `tokens` of Markdown (about 4 characters each) in `images + 1` text blocks, an
    // image of side × side pixels between two text blocks; `tokensPerSecond` pacing.
    BigReplyServer(int tokens, int images, int side, int tokensPerSecond) : m_tickMs(4)
    {
        using namespace Qt::StringLiterals;
        const int perTick = std::max(1, tokensPerSecond * m_tickMs / 1000);
        const int deltaTokens = 5;
        add(u"message_start"_s,
            QJsonObject {{u"type"_s, u"message_start"_s},
                {u"message"_s,
                    QJsonObject {{u"id"_s, u"msg_bench"_s}, {u"type"_s, u"message"_s},
                        {u"role"_s, u"assistant"_s}, {u"model"_s, u"claude-sonnet-4-5"_s},
                        {u"content"_s, QJsonArray {}},
                        {u"usage"_s,
                            QJsonObject {{u"input_tokens"_s, 40}, {u"output_tokens"_s, 0}}}}}});
        QRandomGenerator rng(2026);
        const QString text = markdown(tokens * 4, rng);
        const qsizetype perBlock = text.size() / (images + 1) + 1;
        int index = 0;
        for (int block = 0; block <= images; ++block) {
            const QString part = text.mid(block * perBlock, perBlock);
            add(u"content_block_start"_s,
                QJsonObject {{u"type"_s, u"content_block_start"_s}, {u"index"_s, index},
                    {u"content_block"_s,
                        QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, u""_s}}}});
            int inTick = 0;
            for (qsizetype at = 0; at < part.size(); at += deltaTokens * 4) {
                add(u"content_block_delta"_s,
                    QJsonObject {{u"type"_s, u"content_block_delta"_s}, {u"index"_s, index},
                        {u"delta"_s,
                            QJsonObject {{u"type"_s, u"text_delta"_s},
                                {u"text"_s, part.mid(at, deltaTokens * 4)}}}},
                    false);
                inTick += deltaTokens;
                if (inTick >= perTick) {
                    inTick = 0;
                    m_ticks.append(QByteArray());
                }
            }
            add(u"content_block_stop"_s,
                QJsonObject {{u"type"_s, u"content_block_stop"_s}, {u"index"_s, index}});
            ++index;
            if (block == images)
                break;
            add(u"content_block_start"_s,
                QJsonObject {{u"type"_s, u"content_block_start"_s}, {u"index"_s, index},
                    {u"content_block"_s,
                        QJsonObject {{u"type"_s, u"image"_s},
                            {u"source"_s,
                                QJsonObject {{u"type"_s, u"base64"_s},
                                    {u"media_type"_s, u"image/png"_s},
                                    {u"data"_s,
                                        QString::fromLatin1(png(side, block).toBase64())}}}}}});
            add(u"content_block_stop"_s,
                QJsonObject {{u"type"_s, u"content_block_stop"_s}, {u"index"_s, index}});
            ++index;
        }
        add(u"message_delta"_s,
            QJsonObject {{u"type"_s, u"message_delta"_s},
                {u"delta"_s, QJsonObject {{u"stop_reason"_s, u"end_turn"_s}}},
                {u"usage"_s, QJsonObject {{u"output_tokens"_s, tokens}}}});
        add(u"message_stop"_s, QJsonObject {{u"type"_s, u"message_stop"_s}});
        m_tokens = int(text.size() / 4);
    }

    ~BigReplyServer()
    {
        if (m_thread) {
            m_thread->quit();
            m_thread->wait();
        }
    }

    int tokens() const { return m_tokens; }

    // Listens on loopback in its own thread; returns the base URL.
    QString start()
    {
        m_thread = std::make_unique<QThread>();
        m_server = new QTcpServer;
        m_server->listen(QHostAddress::LocalHost, 0);
        const quint16 port = m_server->serverPort();
        m_server->moveToThread(m_thread.get());
        QObject::connect(m_thread.get(), &QThread::finished, m_server, &QObject::deleteLater);
        QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection())
                serve(s);
        });
        m_thread->start();
        return QStringLiteral("http://127.0.0.1:%1").arg(port);
    }

private:
    // One event; `newTick` starts a new write (paced by the tick timer).
    void add(const QString &event, const QJsonObject &data, bool newTick = true)
    {
        if (newTick || m_ticks.isEmpty())
            m_ticks.append(QByteArray());
        m_ticks.last() += "event: " + event.toUtf8()
            + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
        if (newTick)
            m_ticks.append(QByteArray());
    }

    static QString markdown(qsizetype chars, QRandomGenerator &rng)
    {
        static const char *words[] = {"tide", "harbour", "keeper", "lamp", "storm", "vessel",
            "current", "signal", "lens", "rock", "night", "watch", "coast", "beam", "fog", "chart",
            "anchor", "gull", "wave", "light"};
        const auto word = [&] { return QString::fromLatin1(words[rng.bounded(20)]); };
        const auto sentence = [&](int n) {
            QString s;
            for (int i = 0; i < n; ++i) {
                if (i)
                    s.append(u' ');
                s.append(word());
            }
            s.append(QStringLiteral(". "));
            return s;
        };
        QString out;
        int section = 0;
        while (out.size() < chars) {
            out += QStringLiteral("## Section %1: the %2\n\n").arg(++section).arg(word());
            for (int p = 0; p < 2; ++p) {
                for (int i = 0; i < 5; ++i)
                    out += sentence(8 + int(rng.bounded(6)));
                out += QStringLiteral("Some **bold %1** and *%2* and `%3`.\n\n")
                           .arg(word(), word(), word());
            }
            for (int i = 0; i < 4; ++i)
                out += QStringLiteral("- %1\n").arg(sentence(6));
            out += u'\n';
            if (section % 2 == 0) {
                out += QStringLiteral("```cpp\n");
                for (int i = 0; i < 6; ++i)
                    out += QStringLiteral("int %1_%2 = %3; // %4\n")
                               .arg(word())
                               .arg(i)
                               .arg(rng.bounded(1000))
                               .arg(word());
                out += QStringLiteral("```\n\n");
            } else {
                out += QStringLiteral("| name | value | note |\n|---|---|---|\n");
                for (int i = 0; i < 4; ++i)
                    out += QStringLiteral("| %1 | %2 | %3 |\n")
                               .arg(word())
                               .arg(rng.bounded(100))
                               .arg(word());
                out += u'\n';
            }
        }
        return out.left(chars);
    }

    static QByteArray png(int side, int seed)
    {
        QImage image(side, side, QImage::Format_RGB32);
        QPainter p(&image);
        QLinearGradient g(0, 0, side, side);
        g.setColorAt(0, QColor::fromHsv((seed * 80) % 360, 200, 230));
        g.setColorAt(1, QColor::fromHsv((seed * 80 + 140) % 360, 180, 90));
        p.fillRect(image.rect(), g);
        QRandomGenerator rng(seed);
        for (int i = 0; i < 120; ++i) {
            p.setBrush(QColor::fromHsv(int(rng.bounded(360)), 160, 220, 140));
            p.setPen(Qt::NoPen);
            const int r = 20 + int(rng.bounded(side / 8));
            p.drawEllipse(QPoint(int(rng.bounded(side)), int(rng.bounded(side))), r, r);
        }
        p.end();
        QByteArray bytes;
        QBuffer buf(&bytes);
        buf.open(QIODevice::WriteOnly);
        image.save(&buf, "PNG");
        return bytes;
    }

    void serve(QTcpSocket *socket)
    {
        auto request = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
            *request += socket->readAll();
            const qsizetype end = request->indexOf("\r\n\r\n");
            if (end < 0 || socket->property("answered").toBool())
                return;
            qsizetype length = 0;
            for (const QByteArray &line : request->left(end).split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (request->size() < end + 4 + length)
                return;
            socket->setProperty("answered", true);
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                          "Cache-Control: no-cache\r\nrequest-id: req_bench\r\n"
                          "Connection: close\r\n\r\n");
            auto *timer = new QTimer(socket);
            timer->setTimerType(Qt::PreciseTimer);
            timer->setInterval(m_tickMs);
            auto next = std::make_shared<qsizetype>(0);
            QObject::connect(timer, &QTimer::timeout, socket, [this, socket, timer, next] {
                while (*next < m_ticks.size() && m_ticks.at(*next).isEmpty())
                    ++*next;
                if (*next >= m_ticks.size()) {
                    timer->stop();
                    socket->disconnectFromHost();
                    return;
                }
                socket->write(m_ticks.at((*next)++));
            });
            timer->start();
        });
    }

    int m_tickMs;
    int m_tokens = 0;
    QList<QByteArray> m_ticks; // what each tick writes
    std::unique_ptr<QThread> m_thread;
    QTcpServer *m_server = nullptr;
};

} // namespace bsp::bench
