#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

namespace bsp {

// One step of the schema. Migration N (1-based position in schemaMigrations()) brings
// the file from user_version N-1 to N inside one transaction: its statements run in
// order, then `run` (for data moves that SQL alone cannot express), if set.
struct Migration
{
    QString name;
    QStringList statements;
    std::function<bool(QSqlDatabase &db, QString *error)> run = {};
};

// Every migration the app knows, oldest first. Adding one is appending one entry in
// migrations.cpp; never edit or reorder an entry that has shipped.
const QList<Migration> &schemaMigrations();

// The app's one SQLite file (QSQLITE): WAL journal, synchronous=NORMAL, foreign keys
// on, schema versioned by PRAGMA user_version. Each object has its own uniquely named
// connection, so several can coexist; a connection belongs to the thread that opened it.
class Database final
{
public:
    explicit Database(QString path);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    // Opens (creating folders and the file as needed), applies the pragmas and runs
    // pending migrations. False with lastError() set when any step fails. The folder is
    // made private to the user (0700) and the file with its -wal/-shm too (0600).
    // A file that is not a readable SQLite database (a bad header, a failed quick_check)
    // is not an error: it is moved aside with its -wal and -shm (renamed, never
    // overwritten), a fresh file is started, and recoveryMessage() says what happened.
    bool open();
    // For tests and features with their own ordered list.
    bool open(const QList<Migration> &migrations);
    // For a worker reading a file the app's own open() has checked and migrated: a
    // read-only connection, and nothing else (no integrity check, no migration, nothing
    // created, changed or moved aside). False when the file is missing, unreadable or
    // not at the schema this build knows.
    bool openForReading();
    void close();

    bool isOpen() const;
    QString path() const { return m_path; }
    QString connectionName() const { return m_connection; }
    QString lastError() const { return m_lastError; }
    int schemaVersion() const;
    // How many migrations the last open() applied (0 when the file was current).
    int migrationsApplied() const { return m_applied; }
    // Set by open() when it had to put a damaged file aside: a sentence for the user
    // (what was wrong, where the old file was kept, that a new one was started).
    QString recoveryMessage() const { return m_recovery; }
    QString keptAsidePath() const { return m_keptAside; }

    // The connection, for QSqlQuery. Valid only while open, on the opening thread.
    QSqlDatabase db() const;

    // Runs `work` inside BEGIN IMMEDIATE / COMMIT; rolls back when it returns false.
    bool transaction(const std::function<bool()> &work);
    // Runs one statement; false with lastError() set on failure.
    bool exec(const QString &sql);

private:
    bool migrate(const QList<Migration> &migrations);
    // Opens the connection and checks the file; false with `damage` set when the file is
    // damaged, or with lastError() set on any other failure.
    bool openConnection(QString *damage);
    bool moveAside(const QString &damage);
    void makePrivate() const;
    bool fail(const QString &what, const QString &detail);

    QString m_path;
    QString m_connection;
    QString m_lastError;
    int m_applied = 0;
    QString m_recovery;
    QString m_keptAside;
};

} // namespace bsp
