#include "cli/clicontext.h"

#include "core/safetext.h"

#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTimer>

#include <QCoroSignal>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bsp::cli {

namespace {

int g_signalPipe[2] = {-1, -1};
std::atomic<int> g_signals {0};

void onSignal(int)
{
    // The second Ctrl-C does not wait for the event loop (a stuck read, a slow abort).
    if (g_signals.fetch_add(1) >= 1)
        ::_exit(ExitCancelled);
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

void writeTo(std::FILE *f, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), f);
    std::fflush(f);
}

} // namespace

int exitCodeFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Cancelled:
        return ExitCancelled;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::StreamDropped:
        return ExitNetwork;
    case ApiError::Kind::File:
        return ExitUsage;
    default:
        return ExitApi;
    }
}

CliContext::CliContext() : m_client(std::make_unique<GatewayClient>()) { }

CliContext::~CliContext() = default;

void CliContext::addGlobalOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"base-url"_s,
            tr("Gateway base URL (default: $BYTESPIKE_BASE_URL, else https://llm.bytespike.ai)."),
            u"URL"_s},
        {u"key"_s, tr("API key (default: $BYTESPIKE_API_KEY). Never printed."), u"KEY"_s},
        {u"fault"_s, tr("Ask the sandbox gateway for a fault (x-sandbox-fault header)."),
            u"NAME"_s},
        {u"json"_s, tr("Print JSON instead of human-readable text.")},
        {u"timeout"_s, tr("Give up on a call after S seconds in all, retries and waits included."),
            u"S"_s},
        {u"no-retry"_s, tr("Send each request once: no retries on 429, 5xx or network errors.")},
    });
    parser.addHelpOption();
}

bool CliContext::configure(QString *error)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString base = m_parser.value(u"base-url"_s);
    if (base.isEmpty())
        base = env.value(u"BYTESPIKE_BASE_URL"_s);
    if (base.isEmpty())
        base = u"https://llm.bytespike.ai"_s;
    const QUrl url(base, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
        || url.host().isEmpty()) {
        *error = tr("invalid --base-url %1: expected http(s)://host[:port]").arg(base);
        return false;
    }
    m_client->setBaseUrl(url);

    m_key = m_parser.isSet(u"key"_s) ? m_parser.value(u"key"_s) : env.value(u"BYTESPIKE_API_KEY"_s);
    m_key = m_key.trimmed();
    if (m_key.isEmpty()) {
        *error = tr("no API key: pass --key KEY or set BYTESPIKE_API_KEY");
        return false;
    }
    m_client->setApiKey(m_key);

    m_fault = m_parser.value(u"fault"_s);
    m_json = m_parser.isSet(u"json"_s);
    m_retry = !m_parser.isSet(u"no-retry"_s);
    if (m_parser.isSet(u"timeout"_s)) {
        bool ok = false;
        const double s = m_parser.value(u"timeout"_s).toDouble(&ok);
        if (!ok || !(s > 0)) {
            *error = tr("--timeout must be a positive number of seconds");
            return false;
        }
        m_timeout = std::chrono::milliseconds(qint64(s * 1000.0));
        m_client->setDefaultTimeout(m_timeout);
    }
    return true;
}

QStringList CliContext::positional() const
{
    return m_parser.positionalArguments();
}

CallOptions CliContext::callOptions() const
{
    CallOptions opt;
    opt.tab = u"cli"_s;
    opt.cancel = m_cancel;
    if (!m_fault.isEmpty())
        opt.headers.append({"x-sandbox-fault", m_fault.toUtf8()});
    // --timeout bounds the whole call: each attempt, every retry and the waits between.
    opt.timeout = m_timeout;
    opt.deadline = m_timeout;
    opt.retry = m_retry;
    return opt;
}

void CliContext::installSignalHandlers()
{
    if (g_signalPipe[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier
        = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    const CancelToken token = m_cancel;
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [token] {
        char c = 0;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
        token.cancel();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

QString CliContext::redact(QString text) const
{
    if (m_key.size() >= 4)
        text.replace(m_key, maskKey(m_key));
    return text;
}

QString CliContext::printable(QStringView text) const
{
    // Whatever the gateway sent (errors, ids, model names, chat text) never drives the
    // terminal: escape sequences lose their ESC/CSI and show as plain text.
    return redact(stripTerminalControls(text));
}

void CliContext::out(const QString &text) const
{
    writeTo(stdout, printable(text).toUtf8());
}

void CliContext::outJson(const QJsonDocument &doc) const
{
    writeTo(stdout, printable(QString::fromUtf8(doc.toJson(QJsonDocument::Indented))).toUtf8());
}

void CliContext::err(const QString &line) const
{
    writeTo(stderr, (printable(line) + u'\n').toUtf8());
}

int CliContext::fail(const ApiError &error) const
{
    if (error.kind == ApiError::Kind::Cancelled) {
        err(tr("cancelled"));
        return ExitCancelled;
    }
    if (error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout) {
        const QString why = error.kind == ApiError::Kind::Timeout
            ? tr("no answer within the timeout")
            : error.message;
        err(tr("error: cannot reach the gateway at %1: %2").arg(baseUrl(), why));
        return ExitNetwork;
    }
    err(tr("error: %1").arg(error.displayText()));
    return exitCodeFor(error);
}

int CliContext::usageError(const QString &message) const
{
    err(u"bytespike-cli: "_s + message);
    return ExitUsage;
}

bool CliContext::intOption(const QString &name, qint64 min, qint64 max, qint64 *value) const
{
    if (!m_parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = m_parser.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        usageError(tr("--%1 must be a whole number from %2 to %3").arg(name).arg(min).arg(max));
        return false;
    }
    *value = v;
    return true;
}

bool CliContext::doubleOption(const QString &name, double min, double max, double *value) const
{
    if (!m_parser.isSet(name))
        return true;
    bool ok = false;
    const double v = m_parser.value(name).toDouble(&ok);
    if (!ok || !(v >= min) || !(v <= max)) {
        usageError(tr("--%1 must be a number from %2 to %3").arg(name).arg(min).arg(max));
        return false;
    }
    *value = v;
    return true;
}

bool CliContext::readInput(const QString &path, QByteArray *data, QString *error, qint64 maxBytes)
{
    const bool isStdin = path == "-"_L1;
    const QString name = isStdin ? tr("standard input") : path;
    const auto tooBig = [&] {
        *error = tr("%1 is over the %2 MiB limit").arg(name).arg(maxBytes >> 20);
        return false;
    };
    // A file is refused on its size, before anything is read or allocated.
    if (!isStdin && QFileInfo(path).isFile() && QFileInfo(path).size() > maxBytes)
        return tooBig();
    QFile file;
    const bool ok = isStdin ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        *error = tr("cannot read %1: %2").arg(name, file.errorString());
        return false;
    }
    // A pipe has no size: read one byte past the limit to know.
    *data = file.read(maxBytes + 1);
    if (data->size() > maxBytes) {
        data->clear();
        return tooBig();
    }
    return true;
}

QCoro::Task<bool> sleepUnlessCancelled(std::chrono::milliseconds ms, CancelToken cancel)
{
    if (cancel.isCancelled())
        co_return false;
    QTimer timer;
    timer.setSingleShot(true);
    // Cancelling fires the timer at once, so one await covers both ends.
    QObject::connect(cancel.state(), &detail::CancelState::cancelRequested, &timer,
        [&timer] { timer.start(0); });
    timer.start(ms);
    co_await qCoro(&timer, &QTimer::timeout);
    co_return !cancel.isCancelled();
}

} // namespace bsp::cli
