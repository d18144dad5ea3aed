// A damaged playground.sqlite does not leave the app without a ledger: Database::open
// puts it aside with its -wal/-shm, starts a fresh file and says so. The files are private.
#include "core/database.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestDatabaseRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void healthyFileIsKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"playground.sqlite"_s);
        {
            Database db(path);
            QVERIFY2(db.open(), qPrintable(db.lastError()));
            QVERIFY(db.exec(u"CREATE TABLE t(x)"_s));
            QVERIFY(db.exec(u"INSERT INTO t VALUES (42)"_s));
        }
        Database db(path);
        QVERIFY(db.open());
        QVERIFY(db.recoveryMessage().isEmpty());
        QSqlQuery q(db.db());
        QVERIFY(q.exec(u"SELECT x FROM t"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 42);
    }

    void notADatabaseIsMovedAsideWithItsWal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"playground.sqlite"_s);
        const QByteArray junk = "this is not a database, just text that was written here";
        writeFile(path, junk);
        writeFile(path + u"-wal"_s, "old wal");
        writeFile(path + u"-shm"_s, "old shm");
        Database db(path);
        QVERIFY2(db.open(), qPrintable(db.lastError()));
        QVERIFY(db.isOpen());
        QCOMPARE(db.schemaVersion(), int(schemaMigrations().size()));
        const QString message = db.recoveryMessage();
        QVERIFY2(message.contains(u"playground.sqlite"_s), qPrintable(message));
        QVERIFY(message.contains(u"damaged"_s));
        QVERIFY(message.contains(QFileInfo(db.keptAsidePath()).fileName()));
        // Kept byte for byte, with its -wal and -shm, never overwritten.
        QCOMPARE(readFile(db.keptAsidePath()), junk);
        QCOMPARE(readFile(db.keptAsidePath() + u"-wal"_s), QByteArray("old wal"));
        QCOMPARE(readFile(db.keptAsidePath() + u"-shm"_s), QByteArray("old shm"));
        // A second damaged file on the same second gets its own name.
        db.close();
        writeFile(path, junk + "2");
        Database again(path);
        QVERIFY(again.open());
        QVERIFY(again.keptAsidePath() != db.keptAsidePath());
        QCOMPARE(readFile(db.keptAsidePath()), junk);
    }

    void damagedPagesAreDetected()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"playground.sqlite"_s);
        {
            Database db(path);
            QVERIFY(db.open({}));
            QVERIFY(db.exec(u"PRAGMA journal_mode=DELETE"_s));
            QVERIFY(db.exec(u"CREATE TABLE t(x TEXT)"_s));
            QVERIFY(db.transaction([&] {
                for (int i = 0; i < 400; ++i) {
                    if (!db.exec(u"INSERT INTO t VALUES ('%1')"_s.arg(
                            QString(200, QChar(u'a' + i % 26)))))
                        return false;
                }
                return true;
            }));
        }
        QByteArray bytes = readFile(path);
        QVERIFY(bytes.size() > 8 * 4096);
        // The header stays; pages 2.. are overwritten, as a torn write would leave them.
        for (qsizetype i = 4096; i < 4 * 4096; ++i)
            bytes[i] = char(0xA5);
        writeFile(path, bytes);
        Database db(path);
        QVERIFY2(db.open({}), qPrintable(db.lastError()));
        QVERIFY2(!db.recoveryMessage().isEmpty(), "the damage went unnoticed");
        QCOMPARE(readFile(db.keptAsidePath()), bytes);
        QVERIFY(db.exec(u"CREATE TABLE fresh(x)"_s));
    }

    // A worker's reader (the spend chart, the gallery) never repairs, creates or moves
    // a file: that is open()'s, on the app's own connection.
    void aReaderChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"playground.sqlite"_s);
        Database missing(path);
        QVERIFY(!missing.openForReading());
        QVERIFY(!QFile::exists(path)); // not created

        const QByteArray junk = "this is not a database, just text that was written here";
        writeFile(path, junk);
        Database damaged(path);
        QVERIFY(!damaged.openForReading());
        QCOMPARE(readFile(path), junk); // not moved aside, not replaced
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"playground.sqlite"_s});
        QVERIFY(QFile::remove(path));

        {
            Database app(path);
            QVERIFY(app.open());
            QVERIFY(app.exec(u"CREATE TABLE t(x)"_s));
            QVERIFY(app.exec(u"INSERT INTO t VALUES (7)"_s));
            // Read while the app holds the file, WAL and all.
            Database reader(path);
            QVERIFY2(reader.openForReading(), qPrintable(reader.lastError()));
            QSqlQuery q(reader.db());
            QVERIFY(q.exec(u"SELECT x FROM t"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 7);
            q.finish();
            QVERIFY(!reader.exec(u"INSERT INTO t VALUES (8)"_s)); // read-only
            QVERIFY(app.exec(u"PRAGMA user_version = 99"_s));
        }
        Database newer(path);
        QVERIFY(!newer.openForReading()); // a schema this build does not know
        QVERIFY2(newer.lastError().contains(u"99"_s), qPrintable(newer.lastError()));
    }

    void filesArePrivate()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(folder));
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7755)); // rwxr-xr-x
        const QString path = folder + u"/playground.sqlite"_s;
        Database db(path);
        QVERIFY(db.open());
        QVERIFY(db.exec(u"CREATE TABLE t(x)"_s)); // a write, so the -wal exists
        const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        for (const QString &file : QStringList {path, path + u"-wal"_s}) {
            QVERIFY2(QFile::exists(file), qPrintable(file));
            const auto p = QFile::permissions(file);
            QVERIFY((p & owner) == owner);
            QVERIFY2(!(p & others), qPrintable(file));
        }
        QVERIFY(!(QFile::permissions(folder) & others));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseRecovery)
#include "tst_databaserecovery.moc"
