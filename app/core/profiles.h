#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

class QSettings;

namespace bsp {

// Where the playground sends its calls. Two built-ins (the in-process Sandbox and the
// hosted gateway) and any number of user-defined Custom profiles.
struct GatewayProfile
{
    enum class Kind { Sandbox, Hosted, Custom };

    QString id;
    QString name;
    Kind kind = Kind::Custom;
    QUrl baseUrl;

    bool needsKey() const { return kind != Kind::Sandbox; } // the sandbox has a fixed key
    QJsonObject toJson() const;
    static std::optional<GatewayProfile> fromJson(const QJsonObject &o);
    static QString kindName(Kind kind); // "sandbox", "hosted", "custom"
};

inline constexpr char kSandboxKey[] = "sk-byts-sandbox";
inline constexpr char kHostedBaseUrl[] = "https://llm.bytespike.ai";

// The list of profiles and the current one, persisted in an INI file (pass
// QStandardPaths::AppConfigLocation + "/profiles.ini"; tests pass a temporary path).
// Keys are not here: see SecretStore.
class Profiles final : public QObject
{
    Q_OBJECT

public:
    explicit Profiles(const QString &settingsPath, QObject *parent = nullptr);
    ~Profiles() override;
    Q_DISABLE_COPY_MOVE(Profiles)

    static QString sandboxId(); // "sandbox"
    static QString hostedId(); // "hosted"

    QList<GatewayProfile> profiles() const; // built-ins first, then custom ones by name
    std::optional<GatewayProfile> profile(const QString &id) const;

    QString currentId() const;
    GatewayProfile current() const;
    bool setCurrent(const QString &id); // false for an unknown id

    // The sandbox listens on a port chosen at start-up.
    void setSandboxUrl(const QUrl &url);

    // Adds a Custom profile; returns its id, or an empty string (with *error) when the
    // name is empty or the URL is not http(s).
    QString addCustom(const QString &name, const QUrl &baseUrl, QString *error = nullptr);
    bool updateCustom(const GatewayProfile &profile, QString *error = nullptr);
    bool removeCustom(const QString &id); // the current one falls back to the sandbox

Q_SIGNALS:
    void currentChanged(const bsp::GatewayProfile &profile);
    void profilesChanged();

private:
    bool validate(const QString &name, const QUrl &url, QString *error) const;
    void save();

    QSettings *m_settings;
    QUrl m_sandboxUrl;
    QList<GatewayProfile> m_custom;
    QString m_currentId;
};

} // namespace bsp
