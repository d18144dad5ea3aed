#include "core/secretstore.h"

#include "core/platform/keychainprobe.h"
#include "core/safetext.h"

#include <QCoroSignal>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>

#include <qt6keychain/keychain.h>

namespace bsp {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSecrets, "bsp.secrets")

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

SecretStore::SecretStore(const QString &dataDir, QObject *parent)
    : QObject(parent), m_dataDir(dataDir)
{ }

SecretStore::~SecretStore() = default;

QString SecretStore::fallbackPath() const
{
    return QDir(m_dataDir).filePath(u"keys.json"_s);
}

QString SecretStore::maskKey(const QString &key)
{
    return bsp::maskKey(key);
}

QCoro::Task<std::optional<QString>> SecretStore::keyFor(GatewayProfile profile)
{
    if (!profile.needsKey())
        co_return QString::fromLatin1(kSandboxKey);
    co_return co_await readKey(profile.id);
}

QCoro::Task<std::optional<QString>> SecretStore::readKey(QString profileId)
{
    if (!m_fallback) {
        const KeychainResult r = co_await keychain(Op::Read, profileId, {});
        if (r.ok && r.found)
            co_return r.secret;
    }
    // Not in the keychain (or none): a key saved while no keychain ran may be in the file.
    const QJsonValue v = readFile().value(profileId);
    if (v.isString())
        co_return v.toString();
    co_return std::nullopt;
}

QCoro::Task<bool> SecretStore::writeKey(QString profileId, QString key)
{
    if (!m_fallback) {
        const KeychainResult r = co_await keychain(Op::Write, profileId, key);
        if (r.ok) {
            // The keychain holds it now; drop any copy left in the file.
            QJsonObject keys = readFile();
            if (keys.contains(profileId)) {
                keys.remove(profileId);
                writeFile(keys);
            }
            co_return true;
        }
    }
    QJsonObject keys = readFile();
    keys.insert(profileId, key);
    co_return writeFile(keys);
}

QCoro::Task<bool> SecretStore::deleteKey(QString profileId)
{
    bool ok = true;
    if (!m_fallback) {
        const KeychainResult r = co_await keychain(Op::Delete, profileId, {});
        ok = r.ok;
    }
    QJsonObject keys = readFile();
    if (keys.contains(profileId)) {
        keys.remove(profileId);
        ok = writeFile(keys);
    } else if (m_fallback) {
        ok = true;
    }
    co_return ok;
}

QCoro::Task<SecretStore::KeychainResult> SecretStore::keychain(
    Op op, QString profileId, QString secret)
{
    // Ask QtKeychain only where a keychain service can answer: where none runs, its
    // first read can block this thread for the whole D-Bus timeout.
    QPointer<SecretStore> self(this);
    const KeychainAvailability keychainThere = co_await KeychainProbe::check(m_timeout);
    if (!self)
        co_return KeychainResult {};
    if (!keychainThere.available) {
        activateFallback(keychainThere.reason);
        co_return KeychainResult {};
    }
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Op::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setTextData(secret);
        job = write;
        break;
    }
    case Op::Delete:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    job->setKey(profileId);
    job->setInsecureFallback(false); // our own fallback is explicit and visible
    job->setAutoDelete(true);
    QPointer<QKeychain::Job> guard(job);
    // Connect before start(): a backend may finish at once.
    auto finished = qCoro(job, &QKeychain::Job::finished, m_timeout);
    job->start();
    const auto done = co_await finished;

    KeychainResult result;
    if (!done) {
        activateFallback(tr("The system keychain did not answer in time."));
        if (guard) // it may still finish later; it deletes itself then
            job->setParent(this);
        co_return result;
    }
    const QKeychain::Error error = job->error();
    if (error == QKeychain::NoError) {
        result.ok = true;
        result.found = true;
        if (op == Op::Read)
            result.secret = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();
    } else if (error == QKeychain::EntryNotFound) {
        result.ok = true; // the keychain works; it has no such entry
    } else {
        activateFallback(tr("The system keychain is unavailable: %1").arg(job->errorString()));
    }
    co_return result;
}

void SecretStore::activateFallback(const QString &reason)
{
    if (m_fallback)
        return;
    m_fallback = true;
    m_fallbackReason = reason;
    qCInfo(lcSecrets).noquote() << "using the key file instead of the keychain:" << reason;
    Q_EMIT fallbackActivated(reason);
}

QJsonObject SecretStore::readFile() const
{
    QFile file(fallbackPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool SecretStore::writeFile(const QJsonObject &keys)
{
    if (!QDir().mkpath(m_dataDir))
        return false;
    const QString path = fallbackPath();
    // Create it owner-only before any key is written: QSaveFile keeps an existing
    // file's permissions, so the content is never readable by others, not even briefly.
    if (!QFile::exists(path)) {
        QFile create(path);
        if (!create.open(QIODevice::WriteOnly))
            return false;
        create.close();
    }
    if (!QFile::setPermissions(path, kOwnerOnly))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(keys).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        qCWarning(lcSecrets) << "could not save the key file:" << file.errorString();
        return false;
    }
    return QFile::setPermissions(path, kOwnerOnly);
}

} // namespace bsp
