#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <type_traits>
#include <utility>

namespace bsp {

// Runs `work` on `pool`, then `done(result)` (or `done()` for void work) in the thread of
// `context`, always from the event loop and never if `context` was destroyed first.
//
// This is the one way the code base posts a worker's result back. QFuture::then(context,
// …) is not used: in Qt 6.4 it has crashed here (a continuation started on a promise that
// had already been moved out), and it may run the continuation inside the call that
// attaches it. A QFutureWatcher owned by `context` has neither problem: it dies with
// `context`, and it reports a finished future through a posted event.
template<typename Work, typename Done>
void runThen(QThreadPool *pool, QObject *context, Work &&work, Done &&done)
{
    using R = std::invoke_result_t<std::decay_t<Work> &>;
    auto *watcher = new QFutureWatcher<R>(context);
    auto handler = std::make_shared<std::decay_t<Done>>(std::forward<Done>(done));
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, handler] {
        watcher->deleteLater();
        if constexpr (std::is_void_v<R>)
            (*handler)();
        else
            (*handler)(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(pool, std::forward<Work>(work)));
}

template<typename Work, typename Done>
void runThen(QObject *context, Work &&work, Done &&done)
{
    runThen(
        QThreadPool::globalInstance(), context, std::forward<Work>(work), std::forward<Done>(done));
}

} // namespace bsp
