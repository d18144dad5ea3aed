#pragma once

#include <QString>

namespace bsp {
class CostService;
class GatewayClient;
class Ledger;
class Profiles;
class SecretStore;
} // namespace bsp

namespace bsp::ui {

// The services the composition root (bsp::app::AppContext, used by main() and the
// tests) hands to the main window. The window does not own them; they outlive it. The
// ledger and the sandbox come up after the first paint and reach the window through
// MainWindow::setLedger() and MainWindow::setSandboxEndpoint().
struct AppServices
{
    GatewayClient *client = nullptr;
    Profiles *profiles = nullptr;
    SecretStore *secrets = nullptr;
    CostService *cost = nullptr; // may be null (a window without prices)
    QString dataDir; // shown in Help › About
};

} // namespace bsp::ui
