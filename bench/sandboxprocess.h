#pragma once

// Starts bytespike-sandbox (BSP_SANDBOX_PATH, defined for every bench) on a free port
// and reads the port from its ready line. Header-only: one source per bench program.

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace bsp::bench {

// 0 when it did not start or print its address within 10 s. `timeScale` as
// --time-scale (0.01: latencies 100x shorter).
// `niceness` > 0 runs it under nice(1): for a bench about the client, where the
// gateway's own work (rendering images) stands for a machine elsewhere and should not
// take the cores from the app.
inline quint16 startSandboxProcess(
    QProcess &sandbox, const QString &timeScale = QStringLiteral("0.01"), int niceness = 0)
{
    QStringList args {
        QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--time-scale"), timeScale};
    if (niceness > 0) {
        sandbox.setProgram(QStringLiteral("nice"));
        args = QStringList {QStringLiteral("-n"), QString::number(niceness),
                   QStringLiteral(BSP_SANDBOX_PATH)}
            + args;
    } else {
        sandbox.setProgram(QStringLiteral(BSP_SANDBOX_PATH));
    }
    sandbox.setArguments(args);
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start();
    if (!sandbox.waitForStarted(5000))
        return 0;
    static const QRegularExpression listening(
        QStringLiteral("Listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 10000 && sandbox.state() == QProcess::Running) {
        sandbox.waitForReadyRead(200);
        out += sandbox.readAllStandardOutput();
        const auto m = listening.match(QString::fromUtf8(out));
        if (m.hasMatch())
            return quint16(m.captured(1).toUInt());
    }
    return 0;
}

} // namespace bsp::bench
