// Every interactive control of the main window has an accessible name (its own, its
// text, or a label buddy), so screen readers and UI automation can find it. The window
// is built the way app/main.cpp builds it: real services, the sandbox on loopback, a
// real SQLite file in a temporary folder, every tab and the Cost dock installed.
#include "core/chatstore.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/profiles.h"
#include "core/secretstore.h"
#include "sandbox/sandboxserver.h"
#include "ui/chat/chattab.h"
#include "ui/cost/costpanel.h"
#include "ui/mainwindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

bool isInteractive(const QWidget *w)
{
    if (qobject_cast<const QScrollBar *>(w))
        return false; // part of its scroll area
    return qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w)
        || qobject_cast<const QPlainTextEdit *>(w) || qobject_cast<const QTextEdit *>(w)
        || qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractSpinBox *>(w)
        || qobject_cast<const QAbstractSlider *>(w) || qobject_cast<const QAbstractItemView *>(w);
}

// A widget that is a part of another control (a spin box's line edit, a combo box's
// list, a tab bar's scroll arrows, a line edit's clear button, a dock's title buttons)
// is named through its owner.
bool isInternalPart(const QWidget *w, const QWidget *root)
{
    if (w->objectName().startsWith(u"qt_"_s))
        return true;
    for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
        if (isInteractive(p) || qobject_cast<const QTabBar *>(p) || p->windowType() == Qt::Popup)
            return true;
    }
    return false;
}

QString accessibleName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

QString describe(const QWidget *w)
{
    QStringList path;
    for (const QObject *o = w; o; o = o->parent())
        path.prepend(o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className())
                                               : o->objectName());
    return path.join(u'/');
}

// Offenders under `root`, one line each.
QStringList unnamedControls(QWidget *root)
{
    QStringList out;
    const QList<QWidget *> all = root->findChildren<QWidget *>();
    for (QWidget *w : all) {
        if (!isInteractive(w) || isInternalPart(w, root))
            continue;
        if (accessibleName(w).isEmpty())
            out.append(
                u"%1 (%2)"_s.arg(describe(w), QString::fromLatin1(w->metaObject()->className())));
    }
    return out;
}

// Controls outside the Chat tab that were still unnamed when this test was written; their
// owners name them (ui/cost: the ledger table and its filter, the rate card, totals and
// the reconcile log). Each is printed as a warning while it is unnamed; every other
// unnamed control fails the test.
const QStringList kKnownUnnamed = {
    u"mainWindow/costDock/bsp::ui::CostPanel/QTabWidget/qt_tabwidget_stackedwidget/QWidget/QTreeWidget (QTreeWidget)"_s,
    u"mainWindow/costDock/bsp::ui::CostPanel/QTabWidget/qt_tabwidget_stackedwidget/QWidget/QLineEdit (QLineEdit)"_s,
    u"mainWindow/costDock/bsp::ui::CostPanel/QTabWidget/qt_tabwidget_stackedwidget/QWidget/QTableView (QTableView)"_s,
    u"mainWindow/costDock/bsp::ui::CostPanel/QTabWidget/qt_tabwidget_stackedwidget/QWidget/QPlainTextEdit (QPlainTextEdit)"_s,
};

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
        m_sandbox = std::make_unique<bsp::sandbox::SandboxServer>();
        QVERIFY(m_sandbox->listen() != 0);
        m_client = std::make_unique<bsp::GatewayClient>();
        m_secrets = std::make_unique<bsp::SecretStore>(m_dir->path());
        m_secrets->setKeychainTimeout(std::chrono::milliseconds(500));
        m_profiles = std::make_unique<bsp::Profiles>(m_dir->filePath(u"profiles.ini"_s));
        const QString db = m_dir->filePath(u"playground.sqlite"_s);
        m_ledger = std::make_unique<bsp::Ledger>(db);
        QVERIFY(m_ledger->open());
        m_chatStore = std::make_unique<bsp::ChatStore>(db);
        QVERIFY(m_chatStore->open());
        m_cost = std::make_unique<bsp::CostService>(m_client.get(), nullptr);
        bsp::ui::AppServices services {
            m_client.get(), m_profiles.get(), m_secrets.get(), m_dir->path()};
        m_window = std::make_unique<bsp::ui::MainWindow>(services);
        auto *costPanel = new bsp::ui::CostPanel(m_cost.get());
        m_window->setCostWidget(costPanel);
        m_window->setLedger(m_ledger.get());
        costPanel->setLedger(m_ledger.get());
        m_chat = new bsp::ui::ChatTab(m_client.get(), m_cost.get(), m_chatStore.get());
        m_window->setTabWidget(bsp::ui::TabId::Chat, m_chat);
        // As app/main.cpp: the model list follows the connected profile.
        connect(m_window->connection(), &bsp::ui::ConnectionController::stateChanged, m_chat,
            [chat = m_chat](bsp::ui::ConnectionController::State state) {
                if (state == bsp::ui::ConnectionController::State::Connected)
                    chat->reloadModels();
            });
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->setSandboxEndpoint(
            QUrl(m_sandbox->baseUrl()), bsp::sandbox::SandboxServer::defaultKey());
        m_window->selectProfile(bsp::Profiles::sandboxId());
    }

    void cleanup()
    {
        m_window.reset();
        m_cost.reset();
        m_chatStore.reset();
        m_ledger.reset();
        m_profiles.reset();
        m_secrets.reset();
        m_client.reset();
        m_sandbox.reset();
        m_dir.reset();
    }

    // The walk itself finds what it must: an unnamed line edit is reported by path.
    void walkReportsAnUnnamedControl()
    {
        auto *probe = new QLineEdit(m_window->tabs()->widget(0));
        probe->setObjectName(u"unnamedProbe"_s);
        const QStringList offenders = unnamedControls(m_window.get());
        QVERIFY2(!offenders.filter(u"unnamedProbe"_s).isEmpty(), qPrintable(offenders.join(u'\n')));
        probe->setAccessibleName(u"probe"_s);
        QVERIFY(unnamedControls(m_window.get()).filter(u"unnamedProbe"_s).isEmpty());
        delete probe;
    }

    // Every tab page, the Cost dock, the tool bar and the status bar.
    void everyInteractiveControlIsNamed()
    {
        QTabWidget *tabs = m_window->tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QTest::qWait(20); // pages built on first show get their children
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_chat->modelCombo()->count() > 0, 10000);
        QStringList offenders = unnamedControls(m_window.get());
        for (const QString &known : kKnownUnnamed)
            if (offenders.removeAll(known) > 0)
                qWarning("still without an accessible name (owner to fix): %s", qPrintable(known));
        QVERIFY2(offenders.isEmpty(),
            qPrintable(u"controls without an accessible name:\n  "_s + offenders.join(u"\n  "_s)));
    }

    // The chat tab in compare mode shows its column pickers and compare bar too.
    void chatCompareModeControlsAreNamed()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_chat->modelCombo()->count() > 0, 10000);
        m_chat->newCompare();
        const QStringList offenders = unnamedControls(m_chat);
        QVERIFY2(offenders.isEmpty(),
            qPrintable(u"controls without an accessible name:\n  "_s + offenders.join(u"\n  "_s)));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<bsp::sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<bsp::GatewayClient> m_client;
    std::unique_ptr<bsp::SecretStore> m_secrets;
    std::unique_ptr<bsp::Profiles> m_profiles;
    std::unique_ptr<bsp::Ledger> m_ledger;
    std::unique_ptr<bsp::ChatStore> m_chatStore;
    std::unique_ptr<bsp::CostService> m_cost;
    std::unique_ptr<bsp::ui::MainWindow> m_window;
    bsp::ui::ChatTab *m_chat = nullptr;
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
