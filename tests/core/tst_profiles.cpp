#include "core/profiles.h"
#include "core/secretstore.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    g_messages << msg;
    if (g_previous)
        g_previous(type, context, msg);
}

int fileMode(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

} // namespace

class TestProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void maskKey_data();
    void maskKey();
    void builtIns();
    void currentPersists();
    void customValidation();
    void fallbackFile();
    void sandboxNeedsNoKey();

private:
    QTemporaryDir m_dir;
};

void TestProfiles::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    g_previous = qInstallMessageHandler(captureMessages);
}

void TestProfiles::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
}

void TestProfiles::maskKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("masked");
    QTest::newRow("bytespike") << u"sk-byts-0123456789abcdef1234"_s << u"sk-byts-…1234"_s;
    QTest::newRow("sandbox") << u"sk-byts-sandbox"_s << u"sk-byts-…dbox"_s;
    QTest::newRow("other prefix") << u"sk-ant-api03-secretsecret9876"_s << u"sk-ant-…9876"_s;
    QTest::newRow("no prefix") << u"abcdefghijklmnopqrstuvwx"_s << u"…uvwx"_s;
    QTest::newRow("short") << u"sk-byts-1"_s << u"…"_s;
    QTest::newRow("empty") << QString() << u"…"_s;
    QTest::newRow("spaces") << u"  sk-byts-0123456789abcdef5555 "_s << u"sk-byts-…5555"_s;
}

void TestProfiles::maskKey()
{
    QFETCH(QString, key);
    QFETCH(QString, masked);
    QCOMPARE(SecretStore::maskKey(key), masked);
}

void TestProfiles::builtIns()
{
    Profiles profiles(m_dir.filePath(u"builtins.ini"_s));
    const QList<GatewayProfile> list = profiles.profiles();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).kind, GatewayProfile::Kind::Sandbox);
    QCOMPARE(list.at(1).kind, GatewayProfile::Kind::Hosted);
    QCOMPARE(list.at(1).baseUrl, QUrl(u"https://llm.bytespike.ai"_s));
    QCOMPARE(profiles.currentId(), Profiles::sandboxId()); // the default works offline
    QVERIFY(!profiles.current().needsKey());
    QVERIFY(list.at(1).needsKey());

    QSignalSpy changed(&profiles, &Profiles::currentChanged);
    profiles.setSandboxUrl(QUrl(u"http://127.0.0.1:45123"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(profiles.current().baseUrl.port(), 45123);
}

void TestProfiles::currentPersists()
{
    const QString path = m_dir.filePath(u"persist.ini"_s);
    QString customId;
    {
        Profiles profiles(path);
        QSignalSpy changed(&profiles, &Profiles::currentChanged);
        QVERIFY(profiles.setCurrent(Profiles::hostedId()));
        QCOMPARE(changed.size(), 1);
        QVERIFY(!profiles.setCurrent(u"nope"_s));
        customId = profiles.addCustom(u"Staging"_s, QUrl(u"https://staging.example.com/"_s));
        QVERIFY(!customId.isEmpty());
    }
    {
        Profiles profiles(path);
        QCOMPARE(profiles.currentId(), Profiles::hostedId());
        const auto custom = profiles.profile(customId);
        QVERIFY(custom);
        QCOMPARE(custom->name, u"Staging"_s);
        QCOMPARE(custom->baseUrl, QUrl(u"https://staging.example.com"_s));
        QVERIFY(profiles.setCurrent(customId));
    }
    {
        Profiles profiles(path);
        QCOMPARE(profiles.currentId(), customId);
        QCOMPARE(profiles.current().kind, GatewayProfile::Kind::Custom);
        QSignalSpy changed(&profiles, &Profiles::currentChanged);
        QVERIFY(profiles.removeCustom(customId));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(profiles.currentId(), Profiles::sandboxId());
    }
    Profiles profiles(path);
    QCOMPARE(profiles.currentId(), Profiles::sandboxId());
    QCOMPARE(profiles.profiles().size(), 2);
}

void TestProfiles::customValidation()
{
    Profiles profiles(m_dir.filePath(u"validate.ini"_s));
    QString error;
    QVERIFY(profiles.addCustom(QString(), QUrl(u"https://a.example"_s), &error).isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(profiles.addCustom(u"x"_s, QUrl(u"ftp://a.example"_s), &error).isEmpty());
    QVERIFY(error.contains(u"http"_s));
    QVERIFY(profiles.addCustom(u"x"_s, QUrl(u"https://user:pw@a.example"_s), &error).isEmpty());
    const QString id = profiles.addCustom(u"Local"_s, QUrl(u"http://localhost:8080"_s), &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    GatewayProfile p = *profiles.profile(id);
    p.name = u"Local 2"_s;
    QVERIFY(profiles.updateCustom(p, &error));
    QCOMPARE(profiles.profile(id)->name, u"Local 2"_s);
    GatewayProfile hosted = *profiles.profile(Profiles::hostedId());
    QVERIFY(!profiles.updateCustom(hosted, &error)); // built-ins are fixed
}

void TestProfiles::fallbackFile()
{
    const QString dataDir = m_dir.filePath(u"data"_s);
    SecretStore store(dataDir);
    store.setKeychainTimeout(std::chrono::milliseconds(2000));
    QSignalSpy fallback(&store, &SecretStore::fallbackActivated);
    const QString key = u"sk-byts-TESTKEY-0123456789-4321"_s;
    g_messages.clear();

    // No secret service runs here: the keychain fails (fast), the file takes over.
    QElapsedTimer timer;
    timer.start();
    QVERIFY(QCoro::waitFor(store.writeKey(u"hosted"_s, key)));
    QVERIFY2(timer.elapsed() < 2500, "a missing keychain must not hang");
    QVERIFY(store.usingFallback());
    QCOMPARE(fallback.size(), 1);
    QVERIFY(!store.fallbackReason().isEmpty());
    QVERIFY(QFile::exists(store.fallbackPath()));
    QCOMPARE(fileMode(store.fallbackPath()), 0600);

    QCOMPARE(QCoro::waitFor(store.readKey(u"hosted"_s)), std::optional<QString>(key));
    QCOMPARE(QCoro::waitFor(store.readKey(u"custom-1"_s)), std::optional<QString>());

    // Rewrites keep the mode, and a second store (next session) finds the key.
    QVERIFY(QCoro::waitFor(store.writeKey(u"custom-1"_s, u"sk-byts-other-key-000000"_s)));
    QCOMPARE(fileMode(store.fallbackPath()), 0600);
    {
        SecretStore next(dataDir);
        next.setKeychainTimeout(std::chrono::milliseconds(2000));
        QCOMPARE(QCoro::waitFor(next.readKey(u"hosted"_s)), std::optional<QString>(key));
    }
    QVERIFY(QCoro::waitFor(store.deleteKey(u"hosted"_s)));
    QCOMPARE(QCoro::waitFor(store.readKey(u"hosted"_s)), std::optional<QString>());
    QCOMPARE(QCoro::waitFor(store.readKey(u"custom-1"_s)),
        std::optional<QString>(u"sk-byts-other-key-000000"_s));
    QCOMPARE(fileMode(store.fallbackPath()), 0600);

    for (const QString &m : std::as_const(g_messages)) {
        QVERIFY2(!m.contains(u"TESTKEY"_s), "a key reached the log");
        QVERIFY2(!m.contains(u"other-key"_s), "a key reached the log");
    }
}

void TestProfiles::sandboxNeedsNoKey()
{
    SecretStore store(m_dir.filePath(u"sandbox-data"_s));
    Profiles profiles(m_dir.filePath(u"sandbox.ini"_s));
    const auto key = QCoro::waitFor(store.keyFor(profiles.current()));
    QCOMPARE(key, std::optional<QString>(u"sk-byts-sandbox"_s));
    QVERIFY(!store.usingFallback()); // the keychain was not even asked
    QVERIFY(!QFile::exists(store.fallbackPath()));
}

QTEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
