#pragma once

#include "cli/clicontext.h"

#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <QCoroTask>

namespace bsp::cli {

// One command of bytespike-cli: its words ("task submit"), a summary for the overview,
// the options and positional arguments it adds to the parser, and the coroutine that
// runs it and returns the exit code. The context outlives the coroutine.
struct Command
{
    QString name;
    QString summary;
    void (*setup)(QCommandLineParser &parser);
    QCoro::Task<int> (*run)(CliContext *ctx);
};

// catalogcommands.cpp: models, pricing, balance, usage
QList<Command> catalogCommands();
// chatcommand.cpp: chat
QList<Command> chatCommands();
// mediacommands.cpp: image, embed, rerank
QList<Command> mediaCommands();
// taskcommands.cpp: task submit|query|cancel|wait|download
QList<Command> taskCommands();
// indexcommands.cpp: index build, search
QList<Command> indexCommands();

inline QList<Command> allCommands()
{
    return catalogCommands() + chatCommands() + mediaCommands() + taskCommands() + indexCommands();
}

} // namespace bsp::cli
