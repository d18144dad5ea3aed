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
    // pending migrations. False with lastError() set when any step fails.
    bool open();
    // For tests and features with their own ordered list.
    bool open(const QList<Migration> &migrations);
    void close();

    bool isOpen() const;
    QString path() const { return m_path; }
    QString connectionName() const { return m_connection; }
    QString lastError() const { return m_lastError; }
    int schemaVersion() const;
    // How many migrations the last open() applied (0 when the file was current).
    int migrationsApplied() const { return m_applied; }

    // The connection, for QSqlQuery. Valid only while open, on the opening thread.
    QSqlDatabase db() const;

    // Runs `work` inside BEGIN IMMEDIATE / COMMIT; rolls back when it returns false.
    bool transaction(const std::function<bool()> &work);
    // Runs one statement; false with lastError() set on failure.
    bool exec(const QString &sql);

private:
    bool migrate(const QList<Migration> &migrations);
    bool fail(const QString &what, const QString &detail);

    QString m_path;
    QString m_connection;
    QString m_lastError;
    int m_applied = 0;
};

} // namespace bsp
