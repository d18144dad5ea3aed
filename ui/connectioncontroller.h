#pragma once

#include "core/money.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <optional>

namespace bsp {
class GatewayClient;
struct Quota;
} // namespace bsp

namespace bsp::ui {

// Where the client should point: one profile, resolved (base URL known, key read).
struct Endpoint
{
    QString profileId;
    QString name; // shown to people: "Sandbox", "Hosted", a custom name
    QUrl baseUrl;
    QString key; // never shown; GatewayClient::maskKey() for display
};

// Keeps the GatewayClient pointed at the current profile and tells the window how the
// connection stands: a balance() call proves the URL and the key, then a periodic
// refresh and every response's quota headers keep the balance fresh.
class ConnectionController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionController)

public:
    enum class State { Idle, Connecting, Connected, Offline };
    Q_ENUM(State)

    explicit ConnectionController(GatewayClient *client, QObject *parent = nullptr);

    // Re-points the client and checks the connection. Results of an earlier
    // endpoint that arrive late are dropped.
    void connectTo(const Endpoint &endpoint);
    // Shows the profile as Connecting without touching the network yet (e.g. while the
    // sandbox starts or the key is read from the keychain).
    void setPending(const QString &profileId, const QString &name, const QString &what);
    // Marks the profile offline for a reason found before any call (sandbox failed...).
    void setOffline(const QString &profileId, const QString &name, const QString &reason);
    void refresh();

    void setRefreshInterval(int ms) { m_timer.setInterval(ms); }

    State state() const { return m_state; }
    QString statusText() const { return m_text; }
    std::optional<Credits> balance() const { return m_balance; }
    const Endpoint &endpoint() const { return m_endpoint; }
    QString profileId() const { return m_endpoint.profileId; }

Q_SIGNALS:
    void stateChanged(bsp::ui::ConnectionController::State state, const QString &text);
    void balanceChanged(std::optional<bsp::Credits> remaining);

private:
    // Forgets the endpoint and key (the client gets neither) and the balance.
    void disconnectFrom(const QString &profileId, const QString &name);
    void setState(State state, const QString &text);
    void setBalance(std::optional<Credits> remaining);
    void onQuota(const Quota &quota);
    QString connectedText() const;

    GatewayClient *m_client;
    Endpoint m_endpoint;
    State m_state = State::Idle;
    QString m_text;
    std::optional<Credits> m_balance;
    quint64 m_generation = 0; // bumped on every re-point; stale answers are ignored
    bool m_inFlight = false;
    QTimer m_timer;
    QTimer m_afterCall; // a balance refresh shortly after a billable call
};

} // namespace bsp::ui
