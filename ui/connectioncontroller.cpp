#include "ui/connectioncontroller.h"

#include "core/gatewayclient.h"

#include <QCoroTask>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {
constexpr int kDefaultRefreshMs = 60'000;
constexpr int kAfterCallRefreshMs = 400;
constexpr std::chrono::milliseconds kBalanceTimeout {15'000};
} // namespace

ConnectionController::ConnectionController(GatewayClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
    m_timer.setInterval(kDefaultRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionController::refresh);
    connect(m_client, &GatewayClient::quotaChanged, this, &ConnectionController::onQuota);
    // A streamed reply's quota headers come before it is billed: after a billable call,
    // ask the gateway (once for a burst of calls, e.g. a compare run).
    m_afterCall.setSingleShot(true);
    m_afterCall.setInterval(kAfterCallRefreshMs);
    connect(&m_afterCall, &QTimer::timeout, this, &ConnectionController::refresh);
    connect(m_client, &GatewayClient::callFinished, this, [this](const CallRecord &record) {
        static const QStringList free = {u"/v1/balance"_s, u"/v1/models"_s, u"/v1/pricing"_s,
            u"/api/v1/usage"_s, u"/v1/tasks/query"_s, u"download"_s};
        if (m_state == State::Connected && !free.contains(record.route))
            m_afterCall.start();
    });
}

void ConnectionController::connectTo(const Endpoint &endpoint)
{
    ++m_generation;
    m_inFlight = false;
    m_endpoint = endpoint;
    m_client->setEndpoint(endpoint.profileId, endpoint.baseUrl, endpoint.key);
    setBalance(std::nullopt);
    setState(State::Connecting, tr("Connecting to %1…").arg(endpoint.name));
    m_timer.start();
    refresh();
}

void ConnectionController::setPending(
    const QString &profileId, const QString &name, const QString &what)
{
    disconnectFrom(profileId, name);
    setState(State::Connecting, what.isEmpty() ? tr("Connecting to %1…").arg(name) : what);
}

void ConnectionController::setOffline(
    const QString &profileId, const QString &name, const QString &reason)
{
    disconnectFrom(profileId, name);
    setState(State::Offline, tr("Offline: %1").arg(reason));
}

void ConnectionController::disconnectFrom(const QString &profileId, const QString &name)
{
    ++m_generation;
    m_inFlight = false;
    m_timer.stop();
    m_endpoint = Endpoint {profileId, name, {}, {}};
    // Not connected (yet): nothing is sent anywhere, so the client holds no endpoint and
    // no key; the previous profile's must not be used.
    m_client->clearEndpoint();
    setBalance(std::nullopt);
}

void ConnectionController::refresh()
{
    if (!m_endpoint.baseUrl.isValid() || m_inFlight)
        return;
    m_inFlight = true;
    const quint64 generation = m_generation;
    CallOptions opt;
    opt.tab = u"status"_s;
    opt.retry = false; // the periodic refresh is the retry; the status must not lag
    opt.timeout = kBalanceTimeout;
    // QCoro::connect drops the callback if this controller is gone by then.
    QCoro::connect(
        m_client->balance(std::move(opt)), this, [this, generation](const Result<Balance> &result) {
            if (generation != m_generation)
                return; // an answer for a profile we left
            m_inFlight = false;
            if (result.ok()) {
                setBalance(result->remaining);
                setState(State::Connected, connectedText());
            } else {
                setBalance(std::nullopt);
                // The gateway answered: a rejected key is not a connection problem.
                const ApiError &e = result.error();
                setState(State::Offline,
                    e.kind == ApiError::Kind::Authentication
                        ? tr("Key rejected by %1: %2").arg(m_endpoint.name, e.displayText())
                        : tr("Offline: %1").arg(e.displayText()));
            }
        });
}

QString ConnectionController::connectedText() const
{
    const QUrl &url = m_endpoint.baseUrl;
    const QString host
        = url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
    return tr("Connected to %1 (%2)").arg(m_endpoint.name, host);
}

void ConnectionController::onQuota(const Quota &quota)
{
    // Every response carries the key's remaining credits: cheaper than polling.
    if (quota.remaining && m_state == State::Connected)
        setBalance(*quota.remaining);
}

void ConnectionController::setState(State state, const QString &text)
{
    if (state == m_state && text == m_text)
        return;
    m_state = state;
    m_text = text;
    Q_EMIT stateChanged(state, text);
}

void ConnectionController::setBalance(std::optional<Credits> remaining)
{
    if (remaining == m_balance)
        return;
    m_balance = remaining;
    Q_EMIT balanceChanged(remaining);
}

} // namespace bsp::ui
