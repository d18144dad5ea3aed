#include "shell/instancelock.h"

#include <QCoreApplication>
#include <QDir>

using namespace Qt::StringLiterals;

namespace bsp::app {

InstanceLock::InstanceLock(const QString &dataDir)
    : m_dataDir(dataDir), m_lock(QDir(dataDir).filePath(u"playground.lock"_s))
{
    // Never stale by age: a long session keeps its folder. A holder that is no longer
    // running is still recognised at once (QLockFile checks its process).
    m_lock.setStaleLockTime(0);
}

bool InstanceLock::acquire()
{
    if (m_lock.tryLock(0)) {
        m_message.clear();
        return true;
    }
    qint64 pid = 0;
    QString host;
    QString appName;
    if (m_lock.error() == QLockFile::LockFailedError && m_lock.getLockInfo(&pid, &host, &appName)) {
        m_message = QCoreApplication::translate("bsp::app::InstanceLock",
            "ByteSpike Playground is already open with the data folder %1 (process %2 on %3). "
            "Switch to that window, or close it first; to run a second one beside it, start it "
            "with --data-dir and another folder.")
                        .arg(QDir::toNativeSeparators(m_dataDir))
                        .arg(pid)
                        .arg(host);
    } else {
        m_message = QCoreApplication::translate(
            "bsp::app::InstanceLock", "Cannot lock the data folder %1: check that it is writable.")
                        .arg(QDir::toNativeSeparators(m_dataDir));
    }
    return false;
}

} // namespace bsp::app
