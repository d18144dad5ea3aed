#pragma once

#include "ui/appservices.h"
#include "ui/connectioncontroller.h"

#include <QDateTime>
#include <QHash>
#include <QMainWindow>
#include <QUrl>

#include <functional>

class QComboBox;
class QDockWidget;
class QLabel;
class QTabWidget;

namespace bsp::ui {

class ConnectionIndicator;
class ProfilesDialog;
class CostSummary;

enum class TabId { Chat, Image, Video, Embeddings };

// The playground's shell: one tab per modality, the Cost dock on the right, the profile
// switcher in the tool bar and the connection, balance and key-storage notice in the
// status bar. Features plug in through setTabWidget() and setCostWidget().
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const AppServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    using TabFactory = std::function<QWidget *()>;

    // Replaces a tab's page (the "not built yet" page at first); the window owns it.
    void setTabWidget(TabId tab, QWidget *widget);
    // Builds the tab's page the first time the tab is shown after startTabs(), so
    // start-up pays only for the tab on screen.
    void setTabFactory(TabId tab, TabFactory factory);
    // From now on tabs are built on first show; builds the current one now.
    void startTabs();
    bool hasTabFactory(TabId tab) const { return m_factories.contains(int(tab)); }
    QWidget *tabWidget(TabId tab) const;
    QTabWidget *tabs() const { return m_tabs; }
    // Replaces the Cost dock's content (the minimal summary at first); the window owns it.
    void setCostWidget(QWidget *widget);
    QWidget *costWidget() const;

    // Services that come up after the first paint.
    void setLedger(Ledger *ledger);
    void setLedgerUnavailable(const QString &reason);
    void setSandboxEndpoint(const QUrl &baseUrl, const QString &key);
    void setSandboxFailed(const QString &error);

    // Selects a profile (by id; unknown ids fall back to the sandbox) and connects.
    void selectProfile(const QString &profileId);
    QString currentProfileId() const;
    ConnectionController *connection() const { return m_connection; }
    QDateTime sessionStart() const { return m_sessionStart; }

    // Opens the profile editor (window-modal, deleted on close) and returns it.
    ProfilesDialog *openProfilesDialog();
    // Saves the language and offers to restart (the language applies at start-up).
    void setLanguage(const QString &language);

Q_SIGNALS:
    // Once, after the first paint event has been handled (for deferred start-up work).
    void firstPainted();
    void profileChanged(const QString &profileId);
    // File menu intents; the composition root routes them to the tab or panel.
    void newChatRequested();
    void exportLedgerRequested();
    // The user picked another language (saved for the next start).
    void languageChosen(const QString &language);

protected:
    bool event(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildProfileBar();
    void buildStatusBar();
    void reloadProfileCombo();
    void connectCurrent();
    void showBalance(std::optional<Credits> remaining);
    void updateKeyStorageNotice();
    void restart();
    void showAbout();
    static QString tabName(TabId tab);
    void buildTabIfNeeded(int index);

    AppServices m_services;
    QDateTime m_sessionStart;
    ConnectionController *m_connection;
    QTabWidget *m_tabs = nullptr;
    QDockWidget *m_costDock = nullptr;
    CostSummary *m_costSummary = nullptr; // null once a real cost widget replaced it
    QComboBox *m_profileCombo = nullptr;
    ConnectionIndicator *m_indicator = nullptr;
    QLabel *m_balance = nullptr;
    QLabel *m_keyNotice = nullptr;
    QUrl m_sandboxUrl;
    QString m_sandboxKey;
    QString m_sandboxError;
    QString m_currentProfile;
    quint64 m_keyGeneration = 0; // a key read for a profile we left is ignored
    bool m_painted = false;
    bool m_dockWidthPending = false; // no saved layout: size the Cost dock when shown
    QHash<int, TabFactory> m_factories;
    bool m_tabsStarted = false;
    bool m_replacingTab = false; // removeTab/insertTab move the current index meanwhile
};

} // namespace bsp::ui
