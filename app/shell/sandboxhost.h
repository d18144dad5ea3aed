#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <functional>

namespace bsp::app {

// The built-in sandbox gateway, run as its own process (bytespike-sandbox) on a
// loopback port: the app neither loads its HTTP server and FFmpeg encoders nor shares
// its event loop with them, and a crash there never takes the window down. The child
// quits when its standard input closes, so it never outlives the app, even after a
// kill. Its wallets live in the state file, so they survive both.
class SandboxHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxHost)

public:
    // Once per start: the base URL and key to use, or an error; `notice` says what
    // happened to a damaged state file.
    using Ready = std::function<void(
        const QUrl &url, const QString &key, const QString &error, const QString &notice)>;

    // `executable`: the sandbox program; empty means bytespike-sandbox next to the app.
    explicit SandboxHost(QString executable = {}, QObject *parent = nullptr);
    ~SandboxHost() override;

    // `statePath`: where the sandbox keeps its wallets between runs. `ready` runs on this
    // object's thread once the server listens (or failed to start).
    void start(const QString &statePath, Ready ready);
    // Closes the child's input and waits a moment for it to save and quit.
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString executable() const { return m_executable; }
    qint64 processId() const { return m_process.processId(); }

    static QString defaultExecutable();

Q_SIGNALS:
    // The sandbox stopped on its own after it was ready; `reason` is for the user. It is
    // started again (up to kMaxRestarts times a session) and `ready` runs once more.
    void lost(const QString &reason);

public:
    static constexpr int kMaxRestarts = 3;

private:
    void readOutput();
    void report(const QUrl &url, const QString &error);
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QString m_executable;
    QProcess m_process;
    QByteArray m_out;
    QString m_notice;
    QString m_lastError; // the child's last error line on stderr
    Ready m_ready;
    bool m_reported = false;
    bool m_stopping = false;
    QString m_statePath;
    int m_restarts = 0;
};

} // namespace bsp::app
