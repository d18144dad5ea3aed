#include "core/database.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace bsp;
using namespace Qt::StringLiterals;

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void opensWithPragmas();
    void migrationsRunOnce();
    void failedMigrationRollsBack();
    void newerFileRefused();
    void severalConnections();
    void otherThread();
    void badPathReported();
};

void TestDatabase::opensWithPragmas()
{
    QTemporaryDir dir;
    Database db(dir.filePath(u"sub/folder/app.sqlite"_s));
    QVERIFY2(db.open(), qPrintable(db.lastError()));
    QVERIFY(db.isOpen());
    QSqlQuery q(db.db());
    QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"wal"_s);
    QVERIFY(q.exec(u"PRAGMA synchronous"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1); // NORMAL
    QVERIFY(q.exec(u"PRAGMA foreign_keys"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(db.schemaVersion(), int(schemaMigrations().size()));
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM ledger"_s) && q.next());
}

void TestDatabase::migrationsRunOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"m.sqlite"_s);
    int runs = 0;
    QList<Migration> list = {
        {u"one"_s, {u"CREATE TABLE a (x INTEGER)"_s, u"INSERT INTO a VALUES (1)"_s}},
        {u"two"_s, {u"ALTER TABLE a ADD COLUMN y TEXT"_s},
            [&](QSqlDatabase &db, QString *) {
                ++runs;
                return QSqlQuery(db).exec(u"UPDATE a SET y = 'moved'"_s);
            }},
    };
    {
        Database db(path);
        QVERIFY2(db.open(list), qPrintable(db.lastError()));
        QCOMPARE(db.migrationsApplied(), 2);
        QCOMPARE(db.schemaVersion(), 2);
    }
    {
        Database db(path);
        QVERIFY(db.open(list));
        QCOMPARE(db.migrationsApplied(), 0);
        QCOMPARE(runs, 1);
        // A new migration is one more entry; only it runs on the old file.
        list.append({u"three"_s, {u"CREATE TABLE b (z INTEGER)"_s}});
        QVERIFY(db.open(list));
        QCOMPARE(db.migrationsApplied(), 1);
        QCOMPARE(db.schemaVersion(), 3);
        QSqlQuery q(db.db());
        QVERIFY(q.exec(u"SELECT x, y FROM a"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(q.value(1).toString(), u"moved"_s);
        QVERIFY(!q.next());
    }
}

void TestDatabase::failedMigrationRollsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"f.sqlite"_s);
    const QList<Migration> list = {
        {u"good"_s, {u"CREATE TABLE a (x INTEGER)"_s}},
        {u"bad"_s, {u"CREATE TABLE b (x INTEGER)"_s, u"THIS IS NOT SQL"_s}},
    };
    Database db(path);
    QVERIFY(!db.open(list));
    QVERIFY2(db.lastError().contains(u"migration 2 (bad)"_s), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), 1);
    QSqlQuery q(db.db());
    QVERIFY(!q.exec(u"SELECT * FROM b"_s)); // the half-done step left nothing behind
    QVERIFY(q.exec(u"SELECT * FROM a"_s));
}

void TestDatabase::newerFileRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"n.sqlite"_s);
    {
        Database db(path);
        QVERIFY(
            db.open({{u"a"_s, {u"CREATE TABLE a (x)"_s}}, {u"b"_s, {u"CREATE TABLE b (x)"_s}}}));
    }
    Database db(path);
    QVERIFY(!db.open({{u"a"_s, {u"CREATE TABLE a (x)"_s}}}));
    QVERIFY2(db.lastError().contains(u"newer"_s), qPrintable(db.lastError()));
}

void TestDatabase::severalConnections()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    Database a(path);
    Database b(path);
    QVERIFY(a.connectionName() != b.connectionName());
    QVERIFY(a.open());
    QVERIFY(b.open());
    QCOMPARE(b.migrationsApplied(), 0);
    QVERIFY(a.transaction([&] {
        return a.exec(u"INSERT INTO ledger (call_id, profile, time_ms, status) "
                      "VALUES ('c1', 'p', 0, 0)"_s);
    }));
    QSqlQuery q(b.db());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM ledger"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // A failing body rolls its writes back.
    QVERIFY(!b.transaction([&] {
        b.exec(u"INSERT INTO ledger (call_id, profile, time_ms, status) "
               "VALUES ('c2', 'p', 0, 0)"_s);
        return false;
    }));
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM ledger"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    a.close();
    QVERIFY(!a.isOpen());
    QVERIFY(b.isOpen());
}

void TestDatabase::otherThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"t.sqlite"_s);
    Database main(path);
    QVERIFY(main.open());
    int rows = -1;
    QThread *worker = QThread::create([&] {
        Database db(path);
        if (!db.open())
            return;
        db.exec(u"INSERT INTO ledger (call_id, profile, time_ms, status) "
                "VALUES ('w', 'p', 0, 0)"_s);
        QSqlQuery q(db.db());
        if (q.exec(u"SELECT COUNT(*) FROM ledger"_s) && q.next())
            rows = q.value(0).toInt();
    });
    worker->start();
    QVERIFY(worker->wait(10000));
    delete worker;
    QCOMPARE(rows, 1);
    QSqlQuery q(main.db());
    QVERIFY(q.exec(u"SELECT call_id FROM ledger"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"w"_s);
}

void TestDatabase::badPathReported()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Database db(dir.filePath(u"file/inside/app.sqlite"_s)); // parent is a plain file
    QVERIFY(!db.open());
    QVERIFY2(db.lastError().contains(u"app.sqlite"_s), qPrintable(db.lastError()));
    QVERIFY(!db.isOpen());
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
