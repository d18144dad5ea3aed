#include "core/profiles.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QUuid>

#include <algorithm>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(Profiles)
};

// "https://host/" and "https://host/v1/" become "https://host" and "https://host/v1",
// so routes can be appended as "/v1/...".
QUrl normalized(const QUrl &url)
{
    QUrl u = url.adjusted(QUrl::StripTrailingSlash);
    if (u.path() == u"/"_s)
        u.setPath(QString());
    return u;
}

} // namespace

QString GatewayProfile::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Sandbox:
        return u"sandbox"_s;
    case Kind::Hosted:
        return u"hosted"_s;
    case Kind::Custom:
        return u"custom"_s;
    }
    return u"custom"_s;
}

QJsonObject GatewayProfile::toJson() const
{
    return {{u"id"_s, id}, {u"name"_s, name}, {u"kind"_s, kindName(kind)},
        {u"base_url"_s, baseUrl.toString()}};
}

std::optional<GatewayProfile> GatewayProfile::fromJson(const QJsonObject &o)
{
    GatewayProfile p;
    p.id = o.value(u"id"_s).toString();
    p.name = o.value(u"name"_s).toString();
    const QString kind = o.value(u"kind"_s).toString();
    p.kind = kind == u"sandbox"_s ? Kind::Sandbox
        : kind == u"hosted"_s     ? Kind::Hosted
                                  : Kind::Custom;
    p.baseUrl = QUrl(o.value(u"base_url"_s).toString());
    if (p.id.isEmpty() || p.name.isEmpty())
        return std::nullopt;
    return p;
}

Profiles::Profiles(const QString &settingsPath, QObject *parent)
    : QObject(parent), m_settings(new QSettings(settingsPath, QSettings::IniFormat, this))
{
    const QJsonArray custom
        = QJsonDocument::fromJson(m_settings->value(u"profiles/custom"_s).toByteArray()).array();
    for (const QJsonValue &v : custom) {
        auto p = GatewayProfile::fromJson(v.toObject());
        if (p && p->kind == GatewayProfile::Kind::Custom)
            m_custom << *p;
    }
    m_currentId = m_settings->value(u"profiles/current"_s, sandboxId()).toString();
    if (!profile(m_currentId))
        m_currentId = sandboxId();
}

Profiles::~Profiles() = default;

QString Profiles::sandboxId()
{
    return u"sandbox"_s;
}

QString Profiles::hostedId()
{
    return u"hosted"_s;
}

QList<GatewayProfile> Profiles::profiles() const
{
    QList<GatewayProfile> out;
    out << GatewayProfile {
        sandboxId(), Tr::tr("Sandbox (local)"), GatewayProfile::Kind::Sandbox, m_sandboxUrl};
    out << GatewayProfile {hostedId(), Tr::tr("ByteSpike"), GatewayProfile::Kind::Hosted,
        QUrl(QString::fromLatin1(kHostedBaseUrl))};
    QList<GatewayProfile> custom = m_custom;
    std::sort(custom.begin(), custom.end(),
        [](const auto &a, const auto &b) { return a.name.localeAwareCompare(b.name) < 0; });
    out << custom;
    return out;
}

std::optional<GatewayProfile> Profiles::profile(const QString &id) const
{
    for (const GatewayProfile &p : profiles()) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

QString Profiles::currentId() const
{
    return m_currentId;
}

GatewayProfile Profiles::current() const
{
    return profile(m_currentId).value_or(profiles().first());
}

bool Profiles::setCurrent(const QString &id)
{
    if (!profile(id))
        return false;
    if (id == m_currentId)
        return true;
    m_currentId = id;
    save();
    Q_EMIT currentChanged(current());
    return true;
}

void Profiles::setSandboxUrl(const QUrl &url)
{
    if (url == m_sandboxUrl)
        return;
    m_sandboxUrl = url;
    Q_EMIT profilesChanged();
    if (m_currentId == sandboxId())
        Q_EMIT currentChanged(current());
}

bool Profiles::validate(const QString &name, const QUrl &url, QString *error) const
{
    QString reason;
    if (name.trimmed().isEmpty())
        reason = Tr::tr("A profile needs a name.");
    else if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"http"_s && url.scheme() != u"https"_s))
        reason = Tr::tr("The base URL must be an http:// or https:// address.");
    else if (!url.userInfo().isEmpty())
        reason = Tr::tr("The base URL must not contain a user name or password.");
    if (error)
        *error = reason;
    return reason.isEmpty();
}

QString Profiles::addCustom(const QString &name, const QUrl &baseUrl, QString *error)
{
    if (!validate(name, baseUrl, error))
        return {};
    GatewayProfile p {u"custom-"_s + QUuid::createUuid().toString(QUuid::Id128).left(12),
        name.trimmed(), GatewayProfile::Kind::Custom, normalized(baseUrl)};
    m_custom << p;
    save();
    Q_EMIT profilesChanged();
    return p.id;
}

bool Profiles::updateCustom(const GatewayProfile &profile, QString *error)
{
    if (!validate(profile.name, profile.baseUrl, error))
        return false;
    for (GatewayProfile &p : m_custom) {
        if (p.id != profile.id)
            continue;
        p.name = profile.name.trimmed();
        p.baseUrl = normalized(profile.baseUrl);
        save();
        Q_EMIT profilesChanged();
        if (m_currentId == p.id)
            Q_EMIT currentChanged(p);
        return true;
    }
    if (error)
        *error = Tr::tr("Only custom profiles can be edited.");
    return false;
}

bool Profiles::removeCustom(const QString &id)
{
    const auto removed = m_custom.removeIf([&](const GatewayProfile &p) { return p.id == id; });
    if (removed == 0)
        return false;
    const bool wasCurrent = m_currentId == id;
    if (wasCurrent)
        m_currentId = sandboxId();
    save();
    Q_EMIT profilesChanged();
    if (wasCurrent)
        Q_EMIT currentChanged(current());
    return true;
}

void Profiles::save()
{
    QJsonArray custom;
    for (const GatewayProfile &p : std::as_const(m_custom))
        custom.append(p.toJson());
    m_settings->setValue(
        u"profiles/custom"_s, QJsonDocument(custom).toJson(QJsonDocument::Compact));
    m_settings->setValue(u"profiles/current"_s, m_currentId);
    m_settings->sync();
}

} // namespace bsp
