// Every interactive control of the main window has an accessible name (its own, its
// text, or a label buddy), so screen readers and UI automation can find it. The window
// is built the way app/main.cpp builds it: real services, the sandbox on loopback, a
// real SQLite file in a temporary folder, every tab and the Cost dock installed.
#include "apptestrig.h"
#include "core/profiles.h"
#include "core/secretstore.h"
#include "shell/appcontext.h"
#include "ui/chat/chattab.h"
#include "ui/connectioncontroller.h"
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

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // The app as main() builds it (the composition root), on the in-app sandbox.
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_app = bsp::test::makeApp(*m_dir);
        m_window = m_app->window();
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        m_app->startServices(bsp::Profiles::sandboxId());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->connection()->state(), bsp::ui::ConnectionController::State::Connected, 15000);
        m_window->tabs()->setCurrentIndex(int(bsp::ui::TabId::Chat));
        m_chat = qobject_cast<bsp::ui::ChatTab *>(m_window->tabWidget(bsp::ui::TabId::Chat));
        QVERIFY(m_chat);
    }

    void cleanup()
    {
        m_app.reset();
        m_dir.reset();
    }

    // The walk itself finds what it must: an unnamed line edit is reported by path.
    void walkReportsAnUnnamedControl()
    {
        auto *probe = new QLineEdit(m_window->tabs()->widget(0));
        probe->setObjectName(u"unnamedProbe"_s);
        const QStringList offenders = unnamedControls(m_window);
        QVERIFY2(!offenders.filter(u"unnamedProbe"_s).isEmpty(), qPrintable(offenders.join(u'\n')));
        probe->setAccessibleName(u"probe"_s);
        QVERIFY(unnamedControls(m_window).filter(u"unnamedProbe"_s).isEmpty());
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
        const QStringList offenders = unnamedControls(m_window);
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
    std::unique_ptr<bsp::app::AppContext> m_app;
    bsp::ui::MainWindow *m_window = nullptr;
    bsp::ui::ChatTab *m_chat = nullptr;
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
