#include "shell/sandboxhost.h"

#include "sandbox/sandboxserver.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace bsp::app {

SandboxHost::SandboxHost(QObject *parent) : QObject(parent) { }

SandboxHost::~SandboxHost()
{
    stop();
}

void SandboxHost::start(const QString &statePath, Ready ready)
{
    if (m_thread.isRunning())
        return;
    m_thread.setObjectName(u"sandbox"_s);
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(m_anchor, [this, statePath, ready = std::move(ready)] {
        // Constructed here, so the server and its sockets belong to the worker thread.
        bsp::sandbox::SandboxOptions options;
        options.statePath = statePath;
        m_server = new bsp::sandbox::SandboxServer(options);
        const quint16 port = m_server->listen();
        const QUrl url = port ? QUrl(m_server->baseUrl()) : QUrl();
        const QString error = port ? QString() : m_server->errorString();
        const QString notice = m_server->stateReport();
        QMetaObject::invokeMethod(this, [ready, url, error, notice] {
            ready(url, bsp::sandbox::SandboxServer::defaultKey(), error, notice);
        });
    });
}

void SandboxHost::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_anchor, [this] { delete std::exchange(m_server, nullptr); },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete std::exchange(m_anchor, nullptr);
}

} // namespace bsp::app
