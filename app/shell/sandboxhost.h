#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <QUrl>

#include <functional>

namespace bsp::sandbox {
class SandboxServer;
} // namespace bsp::sandbox

namespace bsp::app {

// The built-in sandbox gateway in its own thread: its QHttpServer and handlers never
// compete with the widgets for the UI thread.
class SandboxHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxHost)

public:
    // `notice`: what happened to a damaged wallet file (SandboxServer::stateReport()).
    using Ready = std::function<void(
        const QUrl &url, const QString &key, const QString &error, const QString &notice)>;

    explicit SandboxHost(QObject *parent = nullptr);
    ~SandboxHost() override;

    // `statePath`: where the sandbox keeps its wallets between runs. `ready` runs on
    // this object's thread once the server listens (or failed to).
    void start(const QString &statePath, Ready ready);
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

private:
    QThread m_thread;
    QObject *m_anchor = nullptr;
    bsp::sandbox::SandboxServer *m_server = nullptr;
};

} // namespace bsp::app
