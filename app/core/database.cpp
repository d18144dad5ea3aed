#include "core/database.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

namespace bsp {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDatabase, "bsp.database")

namespace {

constexpr QFileDevice::Permissions kPrivateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kPrivateFolder
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"bsp-db-"_s + QString::number(++counter);
}

} // namespace

Database::Database(QString path) : m_path(std::move(path)), m_connection(nextConnectionName()) { }

Database::~Database()
{
    close();
}

bool Database::open()
{
    return open(schemaMigrations());
}

bool Database::open(const QList<Migration> &migrations)
{
    close();
    m_lastError.clear();
    m_applied = 0;
    m_recovery.clear();
    m_keptAside.clear();
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(u"create folder"_s, info.absolutePath());
    // History and the ledger are the user's own: nobody else on the machine reads them.
    QFile::setPermissions(info.absolutePath(), kPrivateFolder);
    if (!info.exists()) {
        QFile create(m_path);
        if (!create.open(QIODevice::WriteOnly))
            return fail(u"create"_s, create.errorString());
    }
    QFile::setPermissions(m_path, kPrivateFile); // SQLite gives -wal/-shm the same mode

    QString damage;
    if (!openConnection(&damage)) {
        if (damage.isEmpty())
            return false;
        close();
        if (!moveAside(damage))
            return false;
        if (!openConnection(&damage))
            return damage.isEmpty() ? false : fail(u"open"_s, damage);
    }
    if (!migrate(migrations))
        return false;
    makePrivate();
    return true;
}

bool Database::openConnection(QString *damage)
{
    damage->clear();
    {
        QFile file(m_path);
        if (file.open(QIODevice::ReadOnly) && file.size() > 0
            && file.read(16) != QByteArrayView("SQLite format 3\0", 16)) {
            *damage = QCoreApplication::translate("Database", "it is not an SQLite database");
            return false;
        }
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    // Other connections (another window, a worker thread) may hold the write lock briefly.
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return fail(u"open"_s, db.lastError().text());

    QSqlQuery q(db);
    // quick_check reads every page once (not the indexes' contents): a torn or
    // overwritten file fails here instead of later, one feature at a time.
    if (!q.exec(u"PRAGMA quick_check"_s) || !q.next()) {
        *damage = q.lastError().text();
        if (damage->isEmpty())
            *damage = QCoreApplication::translate("Database", "the integrity check failed");
        return false;
    }
    if (const QString verdict = q.value(0).toString(); verdict != u"ok"_s) {
        *damage = verdict.left(200);
        return false;
    }
    q.finish();
    // WAL + NORMAL: a commit is durable against a crash of the app (the WAL is written
    // before COMMIT returns) without an fsync per commit; only power loss can drop the
    // last transactions.
    if (!q.exec(u"PRAGMA journal_mode=WAL"_s) || !q.next()
        || q.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        return fail(u"enable WAL"_s, q.lastError().text());
    for (const QString &pragma : {u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s}) {
        if (!q.exec(pragma))
            return fail(pragma, q.lastError().text());
    }
    return true;
}

bool Database::moveAside(const QString &damage)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    QString base = m_path + u".corrupt-"_s + stamp;
    for (int i = 1; QFile::exists(base) || QFile::exists(base + u"-wal"_s); ++i)
        base = m_path + u".corrupt-"_s + stamp + u'-' + QString::number(i);
    // The -wal and -shm belong to the damaged file: a new file must not replay them.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(m_path + suffix) && !QFile::rename(m_path + suffix, base + suffix))
            return fail(u"move the damaged file aside"_s, m_path + suffix);
    }
    m_keptAside = base;
    m_recovery = QCoreApplication::translate("Database",
        "The data file %1 was damaged (%2). It was kept as %3 and a new, empty one was "
        "started, so earlier history and ledger entries are not shown.")
                     .arg(QFileInfo(m_path).fileName(), damage, QFileInfo(base).fileName());
    qCWarning(lcDatabase).noquote() << m_recovery;
    QFile create(m_path);
    if (!create.open(QIODevice::WriteOnly))
        return fail(u"create"_s, create.errorString());
    QFile::setPermissions(m_path, kPrivateFile);
    return true;
}

void Database::makePrivate() const
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(m_path + suffix))
            QFile::setPermissions(m_path + suffix, kPrivateFile);
    }
}

bool Database::openForReading()
{
    close();
    m_lastError.clear();
    if (!QFileInfo::exists(m_path))
        return fail(u"open for reading"_s, u"no such file"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        db.setDatabaseName(m_path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            const QString why = db.lastError().text();
            close();
            return fail(u"open for reading"_s, why);
        }
    }
    if (const int version = schemaVersion(); version != int(schemaMigrations().size())) {
        close();
        return fail(u"open for reading"_s,
            u"schema version %1, not %2"_s.arg(version).arg(schemaMigrations().size()));
    }
    return true;
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && db().isOpen();
}

QSqlDatabase Database::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

int Database::schemaVersion() const
{
    QSqlQuery q(db());
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool Database::exec(const QString &sql)
{
    QSqlQuery q(db());
    if (!q.exec(sql))
        return fail(sql.left(80), q.lastError().text());
    return true;
}

bool Database::transaction(const std::function<bool()> &work)
{
    // BEGIN IMMEDIATE takes the write lock up front, so a second connection waits on
    // the busy timeout instead of failing half-way through.
    if (!exec(u"BEGIN IMMEDIATE"_s))
        return false;
    if (!work()) {
        const QString reason = m_lastError;
        QSqlQuery(db()).exec(u"ROLLBACK"_s);
        m_lastError = reason;
        return false;
    }
    if (!exec(u"COMMIT"_s)) {
        QSqlQuery(db()).exec(u"ROLLBACK"_s);
        return false;
    }
    return true;
}

bool Database::migrate(const QList<Migration> &migrations)
{
    const int current = schemaVersion();
    if (current < 0)
        return fail(u"read user_version"_s, db().lastError().text());
    if (current > migrations.size())
        return fail(u"schema"_s,
            u"the file has schema version %1, newer than this app (%2)"_s.arg(current).arg(
                migrations.size()));
    for (int version = current + 1; version <= migrations.size(); ++version) {
        const Migration &m = migrations.at(version - 1);
        const bool ok = transaction([&] {
            QSqlDatabase handle = db();
            for (const QString &sql : m.statements) {
                QSqlQuery q(handle);
                if (!q.exec(sql))
                    return fail(
                        u"migration %1 (%2)"_s.arg(version).arg(m.name), q.lastError().text());
            }
            if (m.run) {
                QString error;
                if (!m.run(handle, &error))
                    return fail(u"migration %1 (%2)"_s.arg(version).arg(m.name), error);
            }
            // PRAGMA takes no bound values; the number is ours, not user input.
            return exec(u"PRAGMA user_version=%1"_s.arg(version));
        });
        if (!ok)
            return false;
        ++m_applied;
        qCDebug(lcDatabase) << "applied migration" << version << m.name;
    }
    return true;
}

bool Database::fail(const QString &what, const QString &detail)
{
    m_lastError = u"Database %1: %2 failed: %3"_s.arg(QFileInfo(m_path).fileName(), what, detail);
    qCWarning(lcDatabase).noquote() << m_lastError;
    return false;
}

} // namespace bsp
