#pragma once

#include "core/money.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <memory>

namespace bsp::sandbox {

struct SandboxOptions
{
    // key -> starting balance. Empty means one key "sk-byts-sandbox" with 100 USD.
    QList<QPair<QString, Credits>> keys;
    double faultRate = 0.0; // probability that a request gets a random fault
    double timeScale = 1.0; // 0.01 makes a 60 s render take 0.6 s
    quint16 port = 0; // 0 = pick a free one
    QHostAddress address = QHostAddress::LocalHost;
    quint64 seed = 0; // seeds the random fault generator (0 = fixed default)
    // When set, each key's spending and usage rows are restored from this file at start
    // and saved to it (atomically, before the answer leaves) after every billed call, so
    // the wallet agrees with a ledger kept across restarts, even after a kill. Keys are
    // stored only as hashes. A file that does not validate is renamed aside, never
    // overwritten, and stateReport() says so.
    QString statePath;

    // Connection limits (see ConnectionGate).
    int headerTimeoutMs = 30'000;
    int idleTimeoutMs = 120'000;
    int maxConnections = 512;
};

// The local gateway: a QHttpServer on loopback serving every route of the gateway
// API with its envelopes, headers, credits, usage rows and faults. It lives in the
// thread it was created in (the app runs it in a worker thread; tests in the test's
// thread); slow work (rendering, encoding) runs on the thread pool.
class SandboxServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxServer)

public:
    explicit SandboxServer(SandboxOptions options = {}, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Starts listening; returns the bound port, or 0 with errorString() set.
    quint16 listen();
    quint16 port() const;
    QString baseUrl() const; // "http://127.0.0.1:PORT"
    QString errorString() const;
    // The address the server really listens on ("0.0.0.0", "127.0.0.1", "::").
    QString boundAddress() const;
    int openConnections() const;
    // What happened to the state file at start: empty when it was read (or absent), else
    // a sentence for the user: it did not validate, where it was kept, that the wallet
    // started fresh.
    QString stateReport() const;
    // Writes the state file now (done after every billed call already); false on error.
    bool saveState();

    static QString defaultKey(); // "sk-byts-sandbox"

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace bsp::sandbox
