#pragma once

// The app as main() builds it (bsp::app::AppContext), for the UI tests: settings, data
// and the sandbox's state all in `dir`, the sandbox program from the build tree.

#include "core/callrecord.h"
#include "core/secretstore.h"
#include "shell/appcontext.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

namespace bsp::test {

// `startSandbox` false: the caller points the Sandbox profile at its own server.
inline std::unique_ptr<app::AppContext> makeApp(const QTemporaryDir &dir, bool startSandbox = true)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    app::AppOptions options;
    options.dataDir = dir.path();
    options.configDir = dir.path();
    options.startSandbox = startSandbox;
    options.sandboxExecutable = QStringLiteral(BSP_SANDBOX_PATH);
    options.reconcileInterval = std::chrono::milliseconds(0);
    auto context = std::make_unique<app::AppContext>(options);
    context->secrets()->setKeychainTimeout(std::chrono::milliseconds(500));
    return context;
}

// The request id of the /v1/messages call among a spy's GatewayClient::callFinished.
inline QString sentMessageId(const QSignalSpy &calls)
{
    for (const QList<QVariant> &args : calls) {
        const auto record = args.at(0).value<CallRecord>();
        if (record.route == QStringLiteral("/v1/messages"))
            return record.requestId;
    }
    return QStringLiteral("<no /v1/messages call>");
}

} // namespace bsp::test
