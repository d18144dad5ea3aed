#pragma once

#include <QLockFile>
#include <QString>

namespace bsp::app {

// One app per data folder. A second instance on the same folder would take the first's
// calls in flight for interrupted ones (and settle them as such), and both would write
// the same history and ledger. The lock is a QLockFile in the folder: a lock left by a
// process that is gone (killed, crashed) is taken over at once.
class InstanceLock
{
public:
    explicit InstanceLock(const QString &dataDir);

    // False when another running instance holds the folder; message() says which.
    bool acquire();
    QString message() const { return m_message; }

private:
    QString m_dataDir;
    QLockFile m_lock;
    QString m_message;
};

} // namespace bsp::app
