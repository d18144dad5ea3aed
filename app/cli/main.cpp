// bytespike-cli: a small command-line client over the core library, for scripts and tests.
//   bytespike-cli [global options] <command> [options] [arguments]
#include "cli/commands.h"

#include <QCoreApplication>
#include <QSet>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace bsp::cli;

namespace {

struct Overview
{
    Q_DECLARE_TR_FUNCTIONS(Overview)

public:
    static QString text(const QList<Command> &commands)
    {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            tr("A command-line client for the ByteSpike gateway (text, images, video, "
               "embeddings, rerank)."));
        CliContext::addGlobalOptions(parser);
        parser.addPositionalArgument(
            u"command"_s, tr("One of the commands below."), u"<command> [options]"_s);
        QString help = parser.helpText();
        help += u'\n' + tr("Commands:") + u'\n';
        for (const Command &c : commands)
            help += u"  "_s + c.name.leftJustified(16) + c.summary + u'\n';
        help += u'\n'
            + tr("Run 'bytespike-cli <command> --help' for the options of one command.\n"
                 "Exit codes: 0 success, 1 usage error, 2 the gateway answered an error, "
                 "3 network error, 130 cancelled.")
            + u'\n';
        return help;
    }
};

// Finds the command words (the first one or two non-option arguments) and their
// positions in `args`, skipping the values of global options given before them.
QList<qsizetype> commandWords(const QStringList &args)
{
    static const QSet<QString> valued = {u"--base-url"_s, u"--key"_s, u"--fault"_s, u"--timeout"_s};
    QList<qsizetype> at;
    for (qsizetype i = 1; i < args.size() && at.size() < 2; ++i) {
        const QString &a = args.at(i);
        if (a == "--"_L1)
            break;
        if (a.startsWith(u'-') && a != "-"_L1) {
            if (valued.contains(a))
                ++i;
            continue;
        }
        at.append(i);
        if (at.size() == 1 && a != "task"_L1 && a != "index"_L1)
            break; // only `task` and `index` have sub-commands
    }
    return at;
}

void print(std::FILE *f, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), f);
    std::fflush(f);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bytespike-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BSP_VERSION));

    const QList<Command> commands = allCommands();
    QStringList args = app.arguments();
    const QList<qsizetype> words = commandWords(args);
    QStringList name;
    for (qsizetype i : words)
        name << args.at(i);

    const Command *command = nullptr;
    for (const Command &c : commands) {
        if (c.name == name.join(u' ')) {
            command = &c;
            break;
        }
    }
    const bool wantsHelp = args.contains(u"--help"_s) || args.contains(u"-h"_s);
    if (!command) {
        if (name.isEmpty() && wantsHelp) {
            print(stdout, Overview::text(commands));
            return ExitOk;
        }
        if (args.contains(u"--version"_s)) {
            print(stdout, u"bytespike-cli "_s + QCoreApplication::applicationVersion() + u'\n');
            return ExitOk;
        }
        print(stderr,
            (name.isEmpty() ? QCoreApplication::translate("bytespike-cli", "no command given")
                            : QCoreApplication::translate("bytespike-cli", "unknown command '%1'")
                                  .arg(name.join(u' ')))
                + u"\n\n"_s + Overview::text(commands));
        return ExitUsage;
    }

    // The command words are not arguments of the command itself.
    for (qsizetype k = words.size() - 1; k >= 0; --k)
        args.removeAt(words.at(k));

    CliContext ctx;
    QCommandLineParser &parser = ctx.args();
    parser.setApplicationDescription(command->summary);
    command->setup(parser); // the command's own options first in --help
    CliContext::addGlobalOptions(parser);
    const bool parsed = parser.parse(args);
    if (parser.isSet(u"help"_s)) {
        QString help = parser.helpText();
        help.replace(
            u"bytespike-cli [options]"_s, u"bytespike-cli "_s + command->name + u" [options]"_s);
        print(stdout, help);
        return ExitOk;
    }
    if (!parsed)
        return ctx.usageError(parser.errorText());
    QString error;
    if (!ctx.configure(&error))
        return ctx.usageError(error);

    ctx.installSignalHandlers();
    QTimer::singleShot(0, &app, [&ctx, command, &app] {
        QCoro::connect(command->run(&ctx), &app, [](int code) { QCoreApplication::exit(code); });
    });
    return app.exec();
}
