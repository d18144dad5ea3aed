// bytespike-sandbox: the sandbox gateway as a standalone server (curl, SDKs, scripts, tests).
#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QSocketNotifier>

#include <cerrno>
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

struct Launch
{
    SandboxOptions options;
    bool exitWithStdin = false;
    QString error; // set: print it and exit 1
};

// Reads the command line into sandbox options (or an error).
Launch parseArguments(const QCoreApplication &app)
{
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
    const QCommandLineOption stateOption(u"state"_s,
        u"Keep each key's wallet and usage rows in this file across runs."_s, u"FILE"_s);
    const QCommandLineOption stdinOption(u"exit-with-stdin"_s,
        u"Quit when standard input closes (when started by another program)."_s);
    parser.addOptions({portOption, keyOption, faultOption, scaleOption, seedOption, addressOption,
        stateOption, stdinOption});
    parser.process(app);

    Launch launch;
    SandboxOptions &options = launch.options;
    auto failWith = [&launch](const QString &message) {
        launch.error = message;
        return launch;
    };
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return failWith(u"invalid --port %1"_s.arg(parser.value(portOption)));
    options.port = quint16(port);
    options.faultRate = parser.value(faultOption).toDouble(&ok);
    if (!ok || options.faultRate < 0 || options.faultRate > 1)
        return failWith(u"--fault-rate must be between 0 and 1"_s);
    options.timeScale = parser.value(scaleOption).toDouble(&ok);
    if (!ok || options.timeScale <= 0)
        return failWith(u"--time-scale must be a positive number"_s);
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return failWith(u"invalid --seed"_s);
    if (!options.address.setAddress(parser.value(addressOption)))
        return failWith(u"invalid --address %1"_s.arg(parser.value(addressOption)));
    for (const QString &spec : parser.values(keyOption)) {
        const qsizetype eq = spec.indexOf(u'=');
        const QString key = eq < 0 ? spec : spec.left(eq);
        double usd = 100;
        if (eq >= 0) {
            usd = spec.mid(eq + 1).toDouble(&ok);
            if (!ok || usd < 0)
                return failWith(u"invalid balance in --key %1"_s.arg(key));
        }
        if (key.isEmpty())
            return failWith(u"empty key in --key"_s);
        options.keys.append({key, bsp::creditsFromUsd(usd)});
    }
    options.statePath = parser.value(stateOption);
    launch.exitWithStdin = parser.isSet(stdinOption);
    return launch;
}

// SIGINT/SIGTERM end the event loop through a pipe (async-signal-safe); with
// `exitWithStdin`, so does the end of standard input (the parent exited or died).
void quitOnSignalsAndStdin(QCoreApplication &app, bool exitWithStdin)
{
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
    if (!exitWithStdin)
        return;
    auto *input = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &app);
    QObject::connect(input, &QSocketNotifier::activated, &app, [input] {
        char buffer[256];
        const auto n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0 && !(n < 0 && errno == EINTR)) {
            input->setEnabled(false);
            QCoreApplication::quit();
        }
    });
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
    const Launch launch = parseArguments(app);
    if (!launch.error.isEmpty())
        return fail(launch.error);

    SandboxServer server(launch.options);
    if (!server.listen())
        return fail(server.errorString());
    quitOnSignalsAndStdin(app, launch.exitWithStdin);

    // What happened to a damaged state file, on one line before the address.
    const QString notice = server.stateReport().simplified();
    if (!notice.isEmpty())
        std::printf("Notice: %s\n", qPrintable(notice));
    // The address really bound (0.0.0.0 for --address 0.0.0.0), not the loopback alias.
    QString host = server.boundAddress();
    if (host.contains(u':'))
        host = u'[' + host + u']';
    std::printf("Listening on http://%s:%u\n", qPrintable(host), unsigned(server.port()));
    std::fflush(stdout);
    return app.exec();
}
