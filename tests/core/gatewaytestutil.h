#pragma once

// Shared set-up for the GatewayClient integration tests: a real SandboxServer on a
// random loopback port and a client pointed at it.

#include "core/gatewayclient.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

namespace bsp::test {

inline std::unique_ptr<sandbox::SandboxServer> startSandbox(double timeScale)
{
    QStandardPaths::setTestModeEnabled(true);
    sandbox::SandboxOptions o;
    o.timeScale = timeScale;
    auto s = std::make_unique<sandbox::SandboxServer>(o);
    if (s->listen() == 0)
        qFatal("sandbox did not listen: %s", qPrintable(s->errorString()));
    return s;
}

inline std::unique_ptr<GatewayClient> clientFor(
    const sandbox::SandboxServer &s, const QString &key = sandbox::SandboxServer::defaultKey())
{
    auto c = std::make_unique<GatewayClient>();
    c->setBaseUrl(QUrl(s.baseUrl()));
    c->setApiKey(key);
    RetryPolicy p;
    p.setTimeScale(0.01); // retry-after 1 s becomes 10 ms
    c->setRetryPolicy(p);
    return c;
}

inline CallOptions withFault(const char *fault, const QString &tab = QStringLiteral("test"))
{
    CallOptions o;
    o.tab = tab;
    if (fault && *fault)
        o.headers.append(qMakePair(QByteArray("x-sandbox-fault"), QByteArray(fault)));
    return o;
}

inline CallRecord onlyRecord(const QSignalSpy &spy)
{
    if (spy.count() != 1)
        qWarning("callFinished emitted %lld times", qlonglong(spy.count()));
    return spy.isEmpty() ? CallRecord {} : spy.constLast().at(0).value<CallRecord>();
}

} // namespace bsp::test
