// bytespike-sandbox: the sandbox gateway as a standalone server (curl, SDKs, scripts, tests).
#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using bsp::sandbox::SandboxOptions;
using bsp::sandbox::SandboxServer;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

int fail(const QString &message)
{
    std::fprintf(stderr, "bytespike-sandbox: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    // A QGuiApplication on the offscreen platform gives the image and clip renderers
    // real fonts (Chinese prompts included); it needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bytespike-sandbox"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BSP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The ByteSpike sandbox gateway: every route of the gateway API on loopback, with "
        "synthetic outputs, credits, usage rows and faults on demand."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(
        u"port"_s, u"Port to listen on (0 = pick one)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption keyOption(u"key"_s,
        u"An API key and its starting balance in USD (repeatable; default 100)."_s, u"KEY[=USD]"_s);
    const QCommandLineOption faultOption(
        u"fault-rate"_s, u"Probability of a random fault per billable call."_s, u"P"_s, u"0"_s);
    const QCommandLineOption scaleOption(
        u"time-scale"_s, u"Multiplier of every latency (0.01 = 100x faster)."_s, u"F"_s, u"1"_s);
    const QCommandLineOption seedOption(
        u"seed"_s, u"Seed of the random fault generator."_s, u"N"_s, u"0"_s);
    const QCommandLineOption addressOption(
        u"address"_s, u"Address to listen on."_s, u"A"_s, u"127.0.0.1"_s);
    parser.addOptions({portOption, keyOption, faultOption, scaleOption, seedOption, addressOption});
    parser.process(app);

    SandboxOptions options;
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(u"invalid --port %1"_s.arg(parser.value(portOption)));
    options.port = quint16(port);
    options.faultRate = parser.value(faultOption).toDouble(&ok);
    if (!ok || options.faultRate < 0 || options.faultRate > 1)
        return fail(u"--fault-rate must be between 0 and 1"_s);
    options.timeScale = parser.value(scaleOption).toDouble(&ok);
    if (!ok || options.timeScale <= 0)
        return fail(u"--time-scale must be a positive number"_s);
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return fail(u"invalid --seed"_s);
    if (!options.address.setAddress(parser.value(addressOption)))
        return fail(u"invalid --address %1"_s.arg(parser.value(addressOption)));
    for (const QString &spec : parser.values(keyOption)) {
        const qsizetype eq = spec.indexOf(u'=');
        const QString key = eq < 0 ? spec : spec.left(eq);
        double usd = 100;
        if (eq >= 0) {
            usd = spec.mid(eq + 1).toDouble(&ok);
            if (!ok || usd < 0)
                return fail(u"invalid balance in --key %1"_s.arg(key));
        }
        if (key.isEmpty())
            return fail(u"empty key in --key"_s);
        options.keys.append({key, bsp::creditsFromUsd(usd)});
    }

    SandboxServer server(options);
    if (!server.listen())
        return fail(server.errorString());

    // SIGINT/SIGTERM end the event loop through a pipe (async-signal-safe).
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
            char c = 0;
            [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
            QCoreApplication::quit();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    // The address really bound (0.0.0.0 for --address 0.0.0.0), not the loopback alias.
    QString host = server.boundAddress();
    if (host.contains(u':'))
        host = u'[' + host + u']';
    std::printf("Listening on http://%s:%u\n", qPrintable(host), unsigned(server.port()));
    std::fflush(stdout);
    return app.exec();
}
