#pragma once

// Test helper: synchronous HTTP over real loopback with QNetworkAccessManager.

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace bsp::test {

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    bool isJson() const
    {
        QJsonParseError e;
        QJsonDocument::fromJson(body, &e);
        return e.error == QJsonParseError::NoError;
    }
    // OpenAI envelope code, or Anthropic error.type.
    QString code() const
    {
        const QJsonObject e = json().value(QLatin1StringView("error")).toObject();
        return e.contains(QLatin1StringView("code"))
            ? e.value(QLatin1StringView("code")).toString()
            : e.value(QLatin1StringView("type")).toString();
    }
    double quota() const { return header("X-Quota-Remaining-Credits").toDouble(); }
};

class Http
{
public:
    explicit Http(QString base) : m_base(std::move(base)) { }

    QNetworkReply *start(const QByteArray &method, const QString &path, const QByteArray &body,
        const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        QNetworkRequest request(
            QUrl(path.startsWith(QLatin1StringView("http")) ? path : m_base + path));
        bool hasType = false;
        for (const auto &h : headers) {
            request.setRawHeader(h.first, h.second);
            hasType = hasType || h.first.compare("content-type", Qt::CaseInsensitive) == 0;
        }
        if (!body.isEmpty() && !hasType)
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        return m_nam.sendCustomRequest(request, method, body);
    }

    static HttpResult wait(QNetworkReply *reply, int timeoutMs = 15000)
    {
        QElapsedTimer clock;
        clock.start();
        if (!reply->isFinished()) {
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec();
        }
        HttpResult r;
        r.elapsedMs = clock.elapsed();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->isFinished() ? reply->error() : QNetworkReply::TimeoutError;
        r.body = reply->readAll();
        r.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return r;
    }

    HttpResult send(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return wait(start(method, path, body, headers));
    }
    HttpResult get(const QString &path, const QByteArray &key)
    {
        return send("GET", path, {}, {{"x-api-key", key}});
    }
    HttpResult post(const QString &path, const QByteArray &key, const QJsonObject &body,
        const QList<QPair<QByteArray, QByteArray>> &extra = {})
    {
        auto headers = extra;
        headers.append({"x-api-key", key});
        return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }

    QNetworkAccessManager &nam() { return m_nam; }

private:
    QString m_base;
    QNetworkAccessManager m_nam;
};

} // namespace bsp::test
