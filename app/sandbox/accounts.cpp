#include "sandbox/accounts.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

Account &Accounts::add(const QString &key, Credits granted)
{
    auto account = std::make_shared<Account>();
    account->key = key;
    account->granted = granted;
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
}

namespace {

QString keyHash(const QString &key)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace

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

void Accounts::restoreState(const QJsonObject &state)
{
    const QJsonObject keys = state.value(u"keys"_s).toObject();
    for (const auto &account : std::as_const(m_accounts)) {
        const QJsonObject saved = keys.value(keyHash(account->key)).toObject();
        if (saved.isEmpty())
            continue;
        account->spent = creditsFromUsd(saved.value(u"spent_credits"_s).toDouble());
        account->usage.clear();
        account->usageIndex.clear();
        const QJsonArray rows = saved.value(u"usage"_s).toArray();
        for (const QJsonValue &v : rows) {
            if (auto row = UsageRow::fromJson(v.toObject()))
                appendUsage(*account, *row);
        }
    }
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
