#pragma once

#include "core/profiles.h"

#include <QCoroTask>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

namespace bsp {

// API keys, one per profile id, in the OS keychain (QtKeychain). On ANY keychain error
// (no secret service, locked, denied, timed out) the store switches to "no keychain"
// for the rest of the session and keeps keys in a file readable only by the user
// (0600) in the app data folder; usingFallback() and fallbackActivated() let the UI
// say so. Keys never reach logs: show maskKey() instead.
class SecretStore final : public QObject
{
    Q_OBJECT

public:
    // `dataDir`: QStandardPaths::AppDataLocation; the fallback file is dataDir/keys.json.
    explicit SecretStore(const QString &dataDir, QObject *parent = nullptr);
    ~SecretStore() override;
    Q_DISABLE_COPY_MOVE(SecretStore)

    // The key for a profile: the sandbox's fixed key, or the stored one (nullopt: none).
    QCoro::Task<std::optional<QString>> keyFor(GatewayProfile profile);
    QCoro::Task<std::optional<QString>> readKey(QString profileId);
    QCoro::Task<bool> writeKey(QString profileId, QString key);
    QCoro::Task<bool> deleteKey(QString profileId);

    bool usingFallback() const { return m_fallback; }
    QString fallbackReason() const { return m_fallbackReason; }
    QString fallbackPath() const;
    // How long one keychain call may take before it counts as "no keychain".
    void setKeychainTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    // The keychain service name entries are filed under.
    void setService(const QString &service) { m_service = service; }

    // "sk-byts-…1234": enough to tell keys apart, never enough to use one.
    static QString maskKey(const QString &key);

Q_SIGNALS:
    void fallbackActivated(const QString &reason);

private:
    enum class Op { Read, Write, Delete };
    struct KeychainResult
    {
        bool ok = false; // the keychain answered (found or not found)
        bool found = false;
        QString secret;
    };
    QCoro::Task<KeychainResult> keychain(Op op, QString profileId, QString secret);
    void activateFallback(const QString &reason);
    QJsonObject readFile() const;
    bool writeFile(const QJsonObject &keys);

    QString m_dataDir;
    QString m_service = QStringLiteral("ByteSpike Playground");
    std::chrono::milliseconds m_timeout {3000};
    bool m_fallback = false;
    QString m_fallbackReason;
};

} // namespace bsp
