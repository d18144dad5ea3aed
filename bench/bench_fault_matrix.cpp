// bench_fault_matrix: every sandbox fault x every billable route, driven through core's
// GatewayClient against an in-process sandbox. Prints the matrix (the outcome of each
// cell: ok, or the typed error kind with its HTTP status, and what was billed) and checks
// that every failure is typed, carries a request id and billed nothing.
#include "benchutil.h"
#include "core/gatewayclient.h"
#include "core/money.h"
#include "sandbox/context.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QGuiApplication>
#include <QSignalSpy>

#include <cstdio>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;

namespace {

struct Cell
{
    bool ok = false;
    QString outcome; // "ok", or the error kind
    int status = 0;
    QString requestId;
    bsp::Credits billed = 0;
};

using Route = std::function<Cell(bsp::GatewayClient &, const bsp::CallOptions &)>;

template<typename R>
Cell cellOf(const R &r)
{
    Cell c;
    c.ok = r.ok();
    if (!c.ok) {
        c.outcome = bsp::ApiError::kindName(r.error().kind);
        c.status = r.error().httpStatus;
        c.requestId = r.error().requestId;
    } else {
        c.outcome = u"ok"_s;
    }
    return c;
}

bsp::MessageRequest message()
{
    bsp::MessageRequest m;
    m.model = u"claude-haiku-4-5"_s;
    m.maxTokens = 64;
    m.messages = {bsp::InputMessage::user(u"Tell me about rivers."_s)};
    return m;
}

QList<QPair<QString, Route>> routes()
{
    return {
        {u"messages"_s,
            [](bsp::GatewayClient &c, const bsp::CallOptions &o) {
                return cellOf(QCoro::waitFor(c.createMessage(message(), o)));
            }},
        {u"messages(sse)"_s,
            [](bsp::GatewayClient &c, const bsp::CallOptions &o) {
                const bsp::StreamedMessage s = QCoro::waitFor(c.streamMessage(message(), {}, o));
                Cell cell;
                cell.ok = s.ok();
                cell.outcome = s.ok() ? u"ok"_s : bsp::ApiError::kindName(s.error->kind);
                cell.status = s.ok() ? 200 : s.error->httpStatus;
                cell.requestId = s.ok() ? s.requestId : s.error->requestId;
                if (cell.requestId.isEmpty())
                    cell.requestId = s.requestId;
                return cell;
            }},
        {u"images"_s,
            [](bsp::GatewayClient &c, const bsp::CallOptions &o) {
                bsp::ImageRequest r;
                r.model = u"gpt-image-2"_s;
                r.prompt = u"a lighthouse"_s;
                r.size = u"1024x1024"_s;
                return cellOf(QCoro::waitFor(c.generateImages(r, o)));
            }},
        {u"embeddings"_s,
            [](bsp::GatewayClient &c, const bsp::CallOptions &o) {
                bsp::EmbeddingRequest r;
                r.model = u"bge-large-zh-v1.5"_s;
                r.input = {u"hello"_s};
                return cellOf(QCoro::waitFor(c.embed(r, o)));
            }},
        {u"rerank"_s,
            [](bsp::GatewayClient &c, const bsp::CallOptions &o) {
                bsp::RerankRequest r;
                r.model = u"bge-reranker-v2-m3"_s;
                r.query = u"cats"_s;
                r.documents = {u"cats sleep"_s, u"dogs bark"_s};
                return cellOf(QCoro::waitFor(c.rerank(r, o)));
            }},
        {u"tasks"_s,
            [](bsp::GatewayClient &c, const bsp::CallOptions &o) {
                bsp::TaskSubmit r;
                r.model = u"sora-2"_s;
                r.prompt = u"a paper boat"_s;
                r.durationSeconds = 1;
                const auto submitted = QCoro::waitFor(c.submitTask(r, o));
                if (!submitted.ok())
                    return cellOf(submitted);
                // Followed to its end: a task that fails while running is a failure too.
                bsp::CallOptions follow;
                follow.retry = false;
                const auto end = QCoro::waitFor(c.streamTask(submitted->taskId, {}, follow));
                Cell cell = cellOf(end);
                if (end.ok() && end->status != bsp::TaskStatus::Completed) {
                    cell.ok = false;
                    cell.outcome = u"task "_s + end->rawStatus;
                    cell.status = 200;
                }
                cell.requestId = submitted->taskId; // the task's id names its usage row
                return cell;
            }},
    };
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    bsp::bench::Report report("bench_fault_matrix");

    bsp::sandbox::SandboxOptions options;
    options.timeScale = 0.01;
    options.keys = {{bsp::sandbox::SandboxServer::defaultKey(), 1000 * bsp::kCreditsPerUsd}};
    bsp::sandbox::SandboxServer server(options);
    if (!server.listen()) {
        report.skipped("sandbox", qPrintable(server.errorString()));
        return report.finish();
    }
    bsp::GatewayClient client;
    client.setBaseUrl(QUrl(server.baseUrl()));
    client.setApiKey(bsp::sandbox::SandboxServer::defaultKey());

    const auto spent = [&client] {
        const auto b = QCoro::waitFor(client.balance());
        return b.ok() ? b->spent : bsp::Credits(-1);
    };

    const auto table = routes();
    QStringList faults = bsp::sandbox::faultNames();
    faults.prepend(u"none"_s);
    std::printf("%-22s", "fault \\ route");
    for (const auto &r : table)
        std::printf(" | %-32s", qPrintable(r.first));
    std::printf("\n");

    int failures = 0, typed = 0, withId = 0, freeFailures = 0, cells = 0;
    for (const QString &fault : std::as_const(faults)) {
        std::printf("%-22s", qPrintable(fault));
        for (const auto &[name, run] : table) {
            bsp::CallOptions opt;
            opt.retry = false;
            opt.timeout = std::chrono::seconds(30);
            if (fault != u"none"_s)
                opt.headers.append({"x-sandbox-fault", fault.toLatin1()});
            const bsp::Credits before = spent();
            Cell cell = run(client, opt);
            cell.billed = spent() - before;
            ++cells;
            if (!cell.ok) {
                ++failures;
                typed += cell.outcome != bsp::ApiError::kindName(bsp::ApiError::Kind::Unknown);
                withId += !cell.requestId.isEmpty();
                freeFailures += cell.billed == 0;
            }
            const QString text = cell.ok
                ? u"ok $%1"_s.arg(bsp::usdFromCredits(cell.billed), 0, 'f', 4)
                : u"%1 %2 $%3"_s.arg(cell.status)
                      .arg(cell.outcome)
                      .arg(bsp::usdFromCredits(cell.billed));
            std::printf(" | %-32s", qPrintable(text));
            std::fflush(stdout);
        }
        std::printf("\n");
    }
    report.info("cells", cells);
    report.info("failures", failures);
    report.check("failures_typed", typed, Cmp::Equal, failures);
    report.check("failures_with_request_id", withId, Cmp::Equal, failures);
    report.check("failures_billed_zero", freeFailures, Cmp::Equal, failures);
    return report.finish();
}
