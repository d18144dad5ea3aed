#pragma once

#include <QCoroTask>
#include <QString>

#include <chrono>

namespace bsp {

// Whether a keychain service can answer at all, found out once per process without
// blocking the calling thread: a worker asks the session bus (bounded by `timeout`)
// whether the Secret Service or KWallet has an owner or can be started. QtKeychain
// itself is only asked where this says yes; where no keychain runs, its first read
// can wait for a 25 s D-Bus timeout on the UI thread.
struct KeychainAvailability
{
    bool available = false;
    QString reason; // why not, for the user (empty when available)
};

class KeychainProbe final
{
public:
    // The first call starts the probe; later calls (from the same thread) share its
    // answer. Never waits longer than `timeout` for it.
    static QCoro::Task<KeychainAvailability> check(std::chrono::milliseconds timeout);
    // Forget the cached answer (tests).
    static void reset();
};

} // namespace bsp
