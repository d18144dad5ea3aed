#include "shell/sandboxhost.h"

#include "core/profiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QTimer>

#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSandboxHost, "bsp.sandbox")

namespace bsp::app {

namespace {

constexpr qsizetype kMaxOutput = 64 * 1024; // the child prints two short lines
constexpr int kStopWaitMs = 3000;

} // namespace

SandboxHost::SandboxHost(QString executable, QObject *parent)
    : QObject(parent)
    , m_executable(executable.isEmpty() ? defaultExecutable() : std::move(executable))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &SandboxHost::readOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        const QByteArray err = m_process.readAllStandardError();
        for (const QByteArray &line : err.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QString text = QString::fromUtf8(line.trimmed().left(500));
            qCDebug(lcSandboxHost).noquote() << text;
            // Its own errors ("bytespike-sandbox: port taken"), not Qt's chatter.
            if (text.startsWith(u"bytespike-sandbox: "_s))
                m_lastError = text.mid(19);
        }
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            report({},
                tr("The sandbox program %1 could not be started: %2")
                    .arg(QDir::toNativeSeparators(m_executable), m_process.errorString()));
    });
    connect(&m_process, &QProcess::finished, this, &SandboxHost::onFinished);
}

SandboxHost::~SandboxHost()
{
    stop();
}

QString SandboxHost::defaultExecutable()
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(u"bytespike-sandbox"_s);
}

void SandboxHost::start(const QString &statePath, Ready ready)
{
    if (isRunning())
        return;
    m_ready = std::move(ready);
    m_statePath = statePath;
    m_reported = false;
    m_stopping = false;
    m_out.clear();
    m_notice.clear();
    m_lastError.clear();
    QStringList args {u"--port"_s, u"0"_s, u"--exit-with-stdin"_s};
    if (!statePath.isEmpty())
        args << u"--state"_s << statePath;
    m_process.start(m_executable, args, QIODevice::ReadWrite);
}

void SandboxHost::readOutput()
{
    m_out += m_process.readAllStandardOutput();
    qsizetype end = -1;
    while ((end = m_out.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_out.left(end)).trimmed();
        m_out.remove(0, end + 1);
        if (line.startsWith(u"Notice: "_s))
            m_notice = line.mid(8);
        else if (line.startsWith(u"Listening on "_s))
            report(QUrl(line.mid(13)), {});
    }
    if (m_out.size() > kMaxOutput)
        m_out.clear(); // not the sandbox talking: never grow without bound
}

void SandboxHost::report(const QUrl &url, const QString &error)
{
    if (std::exchange(m_reported, true) || !m_ready)
        return;
    QString why = error;
    if (why.isEmpty() && !url.isValid())
        why = tr("The sandbox printed an address that is not valid.");
    // The sandbox's one built-in key: the same in every copy, not a secret.
    const QString key = why.isEmpty() ? QString::fromLatin1(kSandboxKey) : QString();
    m_ready(why.isEmpty() ? url : QUrl(), key, why, m_notice);
}

void SandboxHost::onFinished(int exitCode, QProcess::ExitStatus status)
{
    QString reason = status == QProcess::CrashExit
        ? tr("The sandbox crashed.")
        : tr("The sandbox exited with code %1.").arg(exitCode);
    if (!m_lastError.isEmpty())
        reason += u' ' + m_lastError;
    if (!m_reported) {
        report({}, reason);
        return;
    }
    if (m_stopping)
        return;
    qCWarning(lcSandboxHost).noquote() << reason;
    Q_EMIT lost(reason);
    if (m_restarts >= kMaxRestarts)
        return;
    // Its wallet and unfinished tasks are in the state file: a new one goes on from there.
    ++m_restarts;
    QTimer::singleShot(500, this, [this] {
        if (!isRunning() && !m_stopping)
            start(m_statePath, m_ready);
    });
}

void SandboxHost::stop()
{
    m_stopping = true; // also keeps a pending restart from starting
    if (!isRunning())
        return;
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(kStopWaitMs)) {
        m_process.terminate();
        if (!m_process.waitForFinished(1000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
}

} // namespace bsp::app
