#pragma once

#include "core/apierror.h"
#include "core/canceltoken.h"
#include "core/gatewayclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QString>

#include <QCoroTask>

#include <chrono>
#include <memory>

namespace bsp::cli {

// Exit codes of bytespike-cli; scripts branch on them.
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 1, // bad arguments or unusable input, nothing was sent
    ExitApi = 2, // the gateway answered with an error
    ExitNetwork = 3, // no answer: connection refused, timeout, dropped connection
    ExitCancelled = 130, // Ctrl-C
};

// Exit code for a failed call.
int exitCodeFor(const ApiError &error);

// What every command runs with: the parsed arguments, one GatewayClient configured from
// the global options, the cancel token Ctrl-C fires, and output helpers that keep the
// key out of everything printed.
class CliContext final
{
    Q_DECLARE_TR_FUNCTIONS(CliContext)
    Q_DISABLE_COPY_MOVE(CliContext)

public:
    CliContext();
    ~CliContext();

    // --base-url, --key, --fault, --json, --timeout, --no-retry, --help.
    static void addGlobalOptions(QCommandLineParser &parser);
    // Reads the global options after parsing; false with `error` set on a bad value.
    bool configure(QString *error);

    QCommandLineParser &args() { return m_parser; }
    const QCommandLineParser &args() const { return m_parser; }
    // The positional arguments after the command word(s).
    QStringList positional() const;

    GatewayClient &client() { return *m_client; }
    bool json() const { return m_json; }
    QString baseUrl() const { return m_client->baseUrl().toString(); }
    // Options for one call: tab "cli", the Ctrl-C token, the fault header, the timeout.
    CallOptions callOptions() const;
    CancelToken cancelToken() const { return m_cancel; }
    bool isCancelled() const { return m_cancel.isCancelled(); }

    // Ctrl-C (SIGINT) and SIGTERM cancel the token; a second one exits at once with 130.
    void installSignalHandlers();

    // Output: UTF-8, flushed at once, the key replaced by its masked form.
    void out(const QString &text) const; // stdout, as is
    void outLine(const QString &line) const { out(line + u'\n'); }
    void outJson(const QJsonDocument &doc) const;
    void err(const QString &line) const; // stderr, one line
    // Prints "error: …" for a failed call and returns its exit code.
    int fail(const ApiError &error) const;
    // Prints "bytespike-cli: …" and returns ExitUsage.
    int usageError(const QString &message) const;
    QString redact(QString text) const;
    // Control characters stripped (core/safetext.h), then redacted: what every output
    // helper prints.
    QString printable(QStringView text) const;

    // Option values in a range. When the option is set and not a number in
    // [min, max], a usage message is printed and false returned; unset leaves `value`.
    bool intOption(const QString &name, qint64 min, qint64 max, qint64 *value) const;
    bool doubleOption(const QString &name, double min, double max, double *value) const;

    // The largest text input read (a prompt, lines to embed, documents): the gateway's
    // body limit.
    static constexpr qint64 kMaxInputBytes = 32LL << 20;
    // Reads a whole file, or stdin for "-", up to `maxBytes` (a file over it is refused
    // from its size, unread). False with `error` set when it cannot.
    static bool readInput(
        const QString &path, QByteArray *data, QString *error, qint64 maxBytes = kMaxInputBytes);

private:
    QCommandLineParser m_parser;
    std::unique_ptr<GatewayClient> m_client;
    CancelToken m_cancel;
    QString m_key;
    QString m_fault;
    std::chrono::milliseconds m_timeout {0};
    bool m_json = false;
    bool m_retry = true;
};

// Sleeps `ms`, ending early when `cancel` fires; returns false when cancelled.
QCoro::Task<bool> sleepUnlessCancelled(std::chrono::milliseconds ms, CancelToken cancel);

} // namespace bsp::cli
