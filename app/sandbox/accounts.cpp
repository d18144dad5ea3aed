#include "sandbox/accounts.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

Account &Accounts::add(const QString &key, Credits granted)
{
    auto account = std::make_shared<Account>();
    account->key = key;
    account->granted = granted;
    account->owner = this;
    m_accounts.insert(key, account);
    return *account;
}

Account *Accounts::find(QStringView key) const
{
    if (key.isEmpty())
        return nullptr;
    const auto it = m_accounts.constFind(key.toString());
    return it == m_accounts.constEnd() ? nullptr : it->get();
}

bool Accounts::reserve(Account &a, Credits credits)
{
    if (credits < 0 || a.available() < credits)
        return false;
    a.reserved += credits;
    return true;
}

void Accounts::release(Account &a, Credits credits)
{
    a.reserved = std::max<Credits>(0, a.reserved - credits);
}

void Accounts::debit(Account &a, Credits credits)
{
    if (credits <= 0)
        return;
    a.spent += credits;
    a.windowSpent += credits;
}

void Accounts::appendUsage(Account &a, const UsageRow &row)
{
    a.usageIndex.insert(row.requestId, a.usage.size());
    a.usage.append(row);
    if (a.owner && a.owner->m_changed)
        a.owner->m_changed();
}

QString Accounts::keyHash(const QString &key)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Account *Accounts::findByHash(const QString &hash) const
{
    for (const auto &account : m_accounts) {
        if (keyHash(account->key) == hash)
            return account.get();
    }
    return nullptr;
}

QJsonObject Accounts::saveState() const
{
    QJsonObject keys;
    for (const auto &account : m_accounts) {
        QJsonArray rows;
        for (const UsageRow &row : account->usage)
            rows.append(row.toJson());
        keys.insert(keyHash(account->key),
            QJsonObject {{u"spent_credits"_s, usdFromCredits(account->spent)}, {u"usage"_s, rows}});
    }
    return QJsonObject {{u"version"_s, 1}, {u"keys"_s, keys}};
}

bool Accounts::restoreState(const QJsonObject &state, QString *error)
{
    const auto bad = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (state.value(u"version"_s).toInt() != 1)
        return bad(u"unknown version"_s);
    if (!state.value(u"keys"_s).isObject())
        return bad(u"no \"keys\" object"_s);
    // All checked before anything changes: a half-restored wallet is worse than none.
    constexpr double kMaxUsd = 1e9;
    const QJsonObject keys = state.value(u"keys"_s).toObject();
    struct Restored
    {
        Account *account;
        Credits spent;
        QList<UsageRow> rows;
    };
    QList<Restored> restored;
    for (const auto &account : std::as_const(m_accounts)) {
        const QJsonValue entry = keys.value(keyHash(account->key));
        if (entry.isUndefined())
            continue;
        const QJsonObject saved = entry.toObject();
        const QJsonValue spentValue = saved.value(u"spent_credits"_s);
        const double spentUsd = spentValue.toDouble(-1);
        if (!spentValue.isDouble() || !std::isfinite(spentUsd) || spentUsd < 0
            || spentUsd > kMaxUsd)
            return bad(
                u"spent_credits %1 is not an amount between 0 and %2 USD"_s
                    .arg(spentValue.isDouble() ? QString::number(spentUsd) : u"(not a number)"_s)
                    .arg(kMaxUsd));
        Restored r {account.get(), creditsFromUsd(spentUsd), {}};
        if (!saved.value(u"usage"_s).isArray())
            return bad(u"usage is not a list"_s);
        const QJsonArray rows = saved.value(u"usage"_s).toArray();
        for (const QJsonValue &v : rows) {
            const double usd = v.toObject().value(u"credits"_s).toDouble(-1);
            const auto row = std::isfinite(usd) && usd >= 0 && usd <= kMaxUsd
                ? UsageRow::fromJson(v.toObject())
                : std::nullopt;
            if (!row)
                return bad(u"usage row %1 is not a valid row"_s.arg(r.rows.size() + 1));
            r.rows.append(*row);
        }
        restored.append(std::move(r));
    }
    for (Restored &r : restored) {
        r.account->spent = r.spent;
        r.account->usage.clear();
        r.account->usageIndex.clear();
        for (const UsageRow &row : std::as_const(r.rows)) {
            r.account->usageIndex.insert(row.requestId, r.account->usage.size());
            r.account->usage.append(row);
        }
    }
    return true;
}

void Accounts::rollWindow(Account &a, qint64 nowS)
{
    if (nowS - a.windowStartS >= kWindowSeconds) {
        a.windowStartS = nowS - nowS % kWindowSeconds;
        a.windowSpent = 0;
    }
}

// Serialised here rather than through UsageRow::toJson so the wire shape of the
// sandbox is fixed by the sandbox (and the money is exact to the credit).
QJsonObject Accounts::usageRowJson(const UsageRow &row)
{
    return QJsonObject {
        {QStringLiteral("request_id"), row.requestId},
        {QStringLiteral("created_at"), row.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("route"), row.route},
        {QStringLiteral("model"), row.model},
        {QStringLiteral("status"), row.status},
        {QStringLiteral("error_code"),
            row.errorCode.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(row.errorCode)},
        {QStringLiteral("prompt_tokens"), row.promptTokens},
        {QStringLiteral("completion_tokens"), row.completionTokens},
        {QStringLiteral("units"), row.units},
        {QStringLiteral("credits"), usdFromCredits(row.credits)},
    };
}

QString FileStore::put(const QString &ownerKey, const QByteArray &data,
    const QByteArray &contentType, QStringView extension)
{
    const QString id = randomId(u"file_") + u'.' + extension;
    m_files.insert(id, StoredFile {ownerKey, contentType, data, {}});
    return id;
}

QString FileStore::putPath(const QString &ownerKey, const QString &path,
    const QByteArray &contentType, QStringView extension)
{
    const QString id = randomId(u"file_") + u'.' + extension;
    m_files.insert(id, StoredFile {ownerKey, contentType, {}, path});
    return id;
}

void FileStore::restorePath(
    const QString &id, const QString &ownerKey, const QString &path, const QByteArray &contentType)
{
    m_files.insert(id, StoredFile {ownerKey, contentType, {}, path});
}

const StoredFile *FileStore::find(QStringView id) const
{
    const auto it = m_files.constFind(id.toString());
    return it == m_files.constEnd() ? nullptr : &*it;
}

QString randomId(QStringView prefix, int hexChars)
{
    static constexpr char kHex[] = "0123456789abcdef";
    QString id;
    id.reserve(prefix.size() + hexChars);
    id.append(prefix);
    auto *rng = QRandomGenerator::global();
    quint64 bits = 0;
    for (int i = 0; i < hexChars; ++i) {
        if (i % 16 == 0)
            bits = rng->generate64();
        id.append(QLatin1Char(kHex[bits & 0xF]));
        bits >>= 4;
    }
    return id;
}

} // namespace bsp::sandbox
