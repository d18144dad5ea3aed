#pragma once

#include "core/money.h"
#include "core/usagerow.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace bsp::sandbox {

class Accounts;

// One key's wallet and ledger. remaining = granted - spent; a reservation holds part of
// what remains while a call runs, so two concurrent calls cannot overspend.
struct Account
{
    QString key;
    Credits granted = 0;
    Credits spent = 0;
    Credits reserved = 0;
    QList<UsageRow> usage; // oldest first
    QHash<QString, qsizetype> usageIndex; // request id -> index in `usage`

    // Rate-limit budget: USD spent in the current window.
    qint64 windowStartS = 0;
    Credits windowSpent = 0;
    Accounts *owner = nullptr; // told of every usage row (durability)

    Credits remaining() const { return granted - spent; }
    Credits available() const { return remaining() - reserved; }
};

// Every key the sandbox knows. Lives in the server's thread; not thread-safe on purpose
// (route code touches it only from continuations on that thread).
class Accounts final
{
    Q_DISABLE_COPY_MOVE(Accounts)

public:
    Accounts() = default;

    Account &add(const QString &key, Credits granted);
    Account *find(QStringView key) const; // nullptr when unknown

    // Reserves `credits` when available; false (nothing changed) when short.
    static bool reserve(Account &a, Credits credits);
    static void release(Account &a, Credits credits);
    // Moves `credits` from the wallet to spent (after release of any reservation).
    static void debit(Account &a, Credits credits);
    static void appendUsage(Account &a, const UsageRow &row);

    // Rate-limit budget shared by every key (USD per window).
    static constexpr Credits kWindowBudget = 10'000 * kCreditsPerUsd;
    static constexpr qint64 kWindowSeconds = 60;
    static void rollWindow(Account &a, qint64 nowS);

    static QJsonObject usageRowJson(const UsageRow &row);

    // Spending and usage rows of every key, keyed by a hash of the key (never the key).
    QJsonObject saveState() const;
    // Restores what saveState() wrote for the keys this server knows; reservations of
    // calls that were running are not restored (those calls ended with the server).
    // Every value is checked first: on a bad one nothing is restored and false is
    // returned with `error` saying which.
    bool restoreState(const QJsonObject &state, QString *error = nullptr);

    // Called after every usage row (every debit comes with one), so the owner can save
    // the state before the answer leaves.
    void setChangeHandler(std::function<void()> handler) { m_changed = std::move(handler); }
    // Tells the owner that state worth saving changed (a task was submitted).
    void notifyChanged() const
    {
        if (m_changed)
            m_changed();
    }

    // The hash a key is stored under, and the account of a stored hash.
    static QString keyHash(const QString &key);
    Account *findByHash(const QString &hash) const;

private:
    QHash<QString, std::shared_ptr<Account>> m_accounts;
    std::function<void()> m_changed;
};

// A downloadable output (image, clip) owned by one key: GET /v1/files/{id}.
struct StoredFile
{
    QString ownerKey;
    QByteArray contentType;
    QByteArray data; // in memory, or
    QString path; // on disk (video clips)
};

class FileStore final
{
    Q_DISABLE_COPY_MOVE(FileStore)

public:
    FileStore() = default;

    // Returns the id ("file_<24 hex>.<extension>").
    QString put(const QString &ownerKey, const QByteArray &data, const QByteArray &contentType,
        QStringView extension);
    QString putPath(const QString &ownerKey, const QString &path, const QByteArray &contentType,
        QStringView extension);
    const StoredFile *find(QStringView id) const;
    // A file on disk under a known id again (a finished clip after a restart).
    void restorePath(const QString &id, const QString &ownerKey, const QString &path,
        const QByteArray &contentType);

private:
    QHash<QString, StoredFile> m_files;
};

// `prefix` + `hexChars` random lowercase hex digits ("req_" + 24 hex).
QString randomId(QStringView prefix, int hexChars = 24);

} // namespace bsp::sandbox
