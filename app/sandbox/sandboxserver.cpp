#include "sandbox/sandboxserver.h"

#include "sandbox/context.h"
#include "sandbox/routes.h"

#include <QFile>
#include <QHttpServer>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

struct SandboxServer::Private
{
    SandboxOptions options;
    QObject *anchor = nullptr; // child of the server: the context of continuations
    std::unique_ptr<SandboxContext> ctx;
    QHttpServer *http = nullptr; // child of the server
    quint16 port = 0;
    QString error;
};

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->options = std::move(options);
    d->anchor = new QObject(this);
    d->ctx = std::make_unique<SandboxContext>(d->options, d->anchor);
    d->http = new QHttpServer(this);
    SandboxContext &ctx = *d->ctx;
    if (!d->options.statePath.isEmpty()) {
        QFile file(d->options.statePath);
        if (file.open(QIODevice::ReadOnly))
            ctx.accounts().restoreState(QJsonDocument::fromJson(file.readAll()).object());
    }
    installUtilityRoutes(*d->http, ctx);
    installImageRoutes(*d->http, ctx);
    installVectorRoutes(*d->http, ctx);
    installMessagesRoutes(*d->http, ctx);
    installTaskRoutes(*d->http, ctx);
    d->http->setMissingHandler(
        [&ctx](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QString path = request.url().path();
            const Envelope envelope
                = path.startsWith(u"/v1/messages"_s) ? Envelope::Anthropic : Envelope::OpenAI;
            CallOptions callOptions;
            callOptions.requireAuth = false;
            callOptions.bodyLimit = std::numeric_limits<qsizetype>::max();
            auto call = ctx.begin(request, std::move(responder), envelope, path, callOptions);
            if (call)
                call->fail(404, u"not_found"_s, u"no route for %1"_s.arg(path));
        });
}

SandboxServer::~SandboxServer()
{
    // Work on the pool finishes first (long jobs watch shutdownFlag()); then the
    // continuations and timers die with the anchor, before the context they point at.
    d->ctx->shutdown();
    if (!d->options.statePath.isEmpty()) {
        QSaveFile file(d->options.statePath);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(
                QJsonDocument(d->ctx->accounts().saveState()).toJson(QJsonDocument::Compact));
            file.commit();
        }
    }
    delete d->anchor;
    d->anchor = nullptr;
    delete d->http;
    d->http = nullptr;
    d->ctx.reset();
}

quint16 SandboxServer::listen()
{
    if (d->port)
        return d->port;
    auto *tcp = new QTcpServer(d->http);
    if (!tcp->listen(d->options.address, d->options.port)) {
        d->error = u"cannot listen on %1:%2: %3"_s.arg(d->options.address.toString())
                       .arg(d->options.port)
                       .arg(tcp->errorString());
        delete tcp;
        return 0;
    }
    d->http->bind(tcp);
    d->port = tcp->serverPort();
    d->error.clear();
    d->ctx->setBaseUrl(baseUrl());
    return d->port;
}

quint16 SandboxServer::port() const
{
    return d->port;
}

QString SandboxServer::baseUrl() const
{
    const QHostAddress &a = d->options.address;
    QString host = u"127.0.0.1"_s;
    if (a != QHostAddress::LocalHost && a != QHostAddress::Any && a != QHostAddress::AnyIPv4
        && !a.isNull())
        host = a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']'
                                                             : a.toString();
    return u"http://"_s + host + u':' + QString::number(d->port);
}

QString SandboxServer::errorString() const
{
    return d->error;
}

QString SandboxServer::defaultKey()
{
    return u"sk-byts-sandbox"_s;
}

} // namespace bsp::sandbox
