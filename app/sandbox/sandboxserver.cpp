#include "sandbox/sandboxserver.h"

#include "core/profiles.h"
#include "sandbox/connectiongate.h"
#include "sandbox/context.h"
#include "sandbox/routes.h"
#include "sandbox/taskrunner.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTcpServer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSandboxState, "bsp.sandbox.state")

namespace bsp::sandbox {

struct SandboxServer::Private
{
    SandboxOptions options;
    QObject *anchor = nullptr; // child of the server: the context of continuations
    std::unique_ptr<SandboxContext> ctx;
    QHttpServer *http = nullptr; // child of the server
    ConnectionGate *gate = nullptr; // child of http
    quint16 port = 0;
    QString error;
    QString stateReport;
    std::shared_ptr<TaskRunner> tasks;

    void restoreState();
};

void SandboxServer::Private::restoreState()
{
    QFile file(options.statePath);
    if (!file.exists())
        return;
    QString why;
    if (!file.open(QIODevice::ReadOnly)) {
        // Unreadable is not corrupt: leave it where it is, and do not overwrite it.
        stateReport = QObject::tr("The sandbox wallet file %1 could not be read (%2); the "
                                  "sandbox starts with a fresh wallet and will not save it.")
                          .arg(options.statePath, file.errorString());
        options.statePath.clear();
        return;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    file.close();
    if (parse.error != QJsonParseError::NoError)
        why = QObject::tr("it is not valid JSON (%1 at offset %2)")
                  .arg(parse.errorString())
                  .arg(parse.offset);
    else if (!doc.isObject())
        why = QObject::tr("it is not a JSON object");
    else if (QString invalid; !ctx->accounts().restoreState(doc.object(), &invalid))
        why = invalid;
    if (why.isEmpty()) {
        // Unfinished video tasks go on; an entry that does not validate is dropped.
        if (const int n = tasks->restoreTasks(doc.object().value(u"tasks"_s).toArray()); n > 0)
            qCInfo(lcSandboxState) << "restored" << n << "unfinished task(s)";
        return;
    }
    // Kept aside under a new name, never overwritten; the wallet starts fresh.
    const QString aside = options.statePath + u".corrupt-"_s
        + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    QString kept = aside;
    for (int i = 1; QFile::exists(kept); ++i)
        kept = aside + u'-' + QString::number(i);
    if (QFile::rename(options.statePath, kept)) {
        // It holds usage history: as private as the file it was.
        QFile::setPermissions(kept, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        stateReport = QObject::tr("The sandbox wallet file was damaged (%1). It was kept as "
                                  "%2 and the sandbox started with a fresh wallet.")
                          .arg(why, QFileInfo(kept).fileName());
    } else {
        stateReport = QObject::tr("The sandbox wallet file %1 was damaged (%2) and could not "
                                  "be moved aside; the sandbox starts with a fresh wallet and "
                                  "will not save it.")
                          .arg(options.statePath, why);
        options.statePath.clear();
    }
}

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->options = std::move(options);
    d->anchor = new QObject(this);
    d->ctx = std::make_unique<SandboxContext>(d->options, d->anchor);
    d->http = new QHttpServer(this);
    SandboxContext &ctx = *d->ctx;
    d->tasks = std::make_shared<TaskRunner>(ctx);
    if (!d->options.statePath.isEmpty()) {
        // Clips beside the state file ("state-clips/"), so finished ones outlive a restart.
        const QFileInfo state(d->options.statePath);
        d->tasks->setClipsFolder(state.dir().filePath(state.completeBaseName() + u"-clips"_s));
        d->restoreState();
        if (!d->options.statePath.isEmpty())
            ctx.accounts().setChangeHandler([this] { saveState(); });
    }
    installUtilityRoutes(*d->http, ctx);
    installImageRoutes(*d->http, ctx);
    installVectorRoutes(*d->http, ctx);
    installMessagesRoutes(*d->http, ctx);
    installTaskRoutes(*d->http, ctx, d->tasks);
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
    d->ctx->accounts().setChangeHandler({});
    saveState();
    delete d->anchor;
    d->anchor = nullptr;
    delete d->http;
    d->http = nullptr;
    d->tasks.reset(); // it points at the context
    d->ctx.reset();
}

quint16 SandboxServer::listen()
{
    if (d->port)
        return d->port;
    GateLimits limits;
    limits.headerTimeoutMs = d->options.headerTimeoutMs;
    limits.idleTimeoutMs = d->options.idleTimeoutMs;
    limits.maxConnections = d->options.maxConnections;
    limits.bodyLimit = bodyLimitForPath;
    auto *tcp = new ConnectionGate(std::move(limits), d->http);
    if (!tcp->listen(d->options.address, d->options.port)) {
        d->error = u"cannot listen on %1:%2: %3"_s.arg(d->options.address.toString())
                       .arg(d->options.port)
                       .arg(tcp->errorString());
        delete tcp;
        return 0;
    }
    d->http->bind(tcp);
    d->gate = tcp;
    d->port = tcp->serverPort();
    d->error.clear();
    d->ctx->setBaseUrl(baseUrl());
    d->tasks->restoreOutputs(); // clips of tasks finished before a restart: this run's URLs
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

QString SandboxServer::boundAddress() const
{
    return d->gate ? d->gate->serverAddress().toString() : QString();
}

int SandboxServer::openConnections() const
{
    return d->gate ? d->gate->openConnections() : 0;
}

QString SandboxServer::stateReport() const
{
    return d->stateReport;
}

bool SandboxServer::saveState()
{
    if (d->options.statePath.isEmpty() || !d->ctx)
        return false;
    // QSaveFile writes a temporary file and renames it over the old one: a kill at any
    // moment leaves the old state or the new, never half of one.
    QSaveFile file(d->options.statePath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QJsonObject state = d->ctx->accounts().saveState();
    state.insert(u"tasks"_s, d->tasks->saveTasks());
    file.write(QJsonDocument(state).toJson(QJsonDocument::Compact));
    return file.commit();
}

QString SandboxServer::defaultKey()
{
    return QString::fromLatin1(bsp::kSandboxKey);
}

} // namespace bsp::sandbox
