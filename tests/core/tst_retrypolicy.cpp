#include "core/retrypolicy.h"

#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 25), QTime(3, 0, 0), Qt::UTC);

RetryPolicy fixedJitter(double r = 0.0)
{
    RetryPolicy p;
    p.setJitterSource([r] { return r; });
    return p;
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("retry");
        QTest::newRow("connection error") << 0 << QString() << true;
        QTest::newRow("400") << 400 << u"invalid_param"_s << false;
        QTest::newRow("401") << 401 << u"invalid_api_key"_s << false;
        QTest::newRow("402") << 402 << u"insufficient_balance"_s << false;
        QTest::newRow("403") << 403 << u"permission_denied"_s << false;
        QTest::newRow("404") << 404 << u"task_not_found"_s << false;
        QTest::newRow("408") << 408 << QString() << true;
        QTest::newRow("409 duplicate") << 409 << u"duplicate_out_task_id"_s << false;
        QTest::newRow("409 other") << 409 << u"conflict"_s << true;
        QTest::newRow("413") << 413 << u"request_too_large"_s << false;
        QTest::newRow("422") << 422 << u"watermark_detected"_s << false;
        QTest::newRow("429") << 429 << u"rate_limit_error"_s << true;
        QTest::newRow("451") << 451 << u"content_policy_violation"_s << false;
        QTest::newRow("500") << 500 << u"server_error"_s << true;
        QTest::newRow("502") << 502 << u"upstream_error"_s << true;
        QTest::newRow("503") << 503 << QString() << true;
        QTest::newRow("504") << 504 << QString() << true;
        QTest::newRow("529") << 529 << u"overloaded"_s << true;
    }
    void statuses()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(bool, retry);
        RetryPolicy::Attempt a;
        a.httpStatus = status;
        a.errorCode = code;
        QCOMPARE(fixedJitter().decide(a, kNow).retry, retry);
    }

    void serverDelay_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expectedMs"); // -1: backoff applies
        QTest::newRow("retry-after seconds")
            << QByteArray("retry-after") << QByteArray("3") << qint64(3000);
        QTest::newRow("retry-after fractional")
            << QByteArray("Retry-After") << QByteArray("1.5") << qint64(1500);
        QTest::newRow("retry-after-ms")
            << QByteArray("retry-after-ms") << QByteArray("250") << qint64(250);
        QTest::newRow("http date") << QByteArray("retry-after")
                                   << QByteArray("Wed, 25 Nov 2026 03:00:20 GMT") << qint64(20000);
        QTest::newRow("over 60 s ignored")
            << QByteArray("retry-after") << QByteArray("61") << qint64(-1);
        QTest::newRow("60 s honoured")
            << QByteArray("retry-after") << QByteArray("60") << qint64(60000);
        QTest::newRow("date in the past ignored")
            << QByteArray("retry-after") << QByteArray("Wed, 25 Nov 2026 02:59:00 GMT")
            << qint64(-1);
        QTest::newRow("zero ignored") << QByteArray("retry-after") << QByteArray("0") << qint64(-1);
        QTest::newRow("garbage ignored")
            << QByteArray("retry-after") << QByteArray("soon") << qint64(-1);
    }
    void serverDelay()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(qint64, expectedMs);
        RetryPolicy::Attempt a;
        a.httpStatus = 429;
        a.headers = {{name, value}};
        const auto d = fixedJitter().decide(a, kNow);
        QVERIFY(d.retry);
        QCOMPARE(d.delay.count(), expectedMs < 0 ? 500 : expectedMs);
    }

    void retryAfterMsWinsOverRetryAfter()
    {
        RetryPolicy::Attempt a;
        a.httpStatus = 529;
        a.headers = {{"retry-after", "9"}, {"retry-after-ms", "120"}};
        QCOMPARE(fixedJitter().decide(a, kNow).delay, milliseconds(120));
    }

    void backoffGrowsAndJitters()
    {
        RetryPolicy p = fixedJitter(0.0);
        p.setMaxRetries(10);
        QCOMPARE(p.backoff(0), milliseconds(500));
        QCOMPARE(p.backoff(1), milliseconds(1000));
        QCOMPARE(p.backoff(2), milliseconds(2000));
        QCOMPARE(p.backoff(4), milliseconds(8000));
        QCOMPARE(p.backoff(7), milliseconds(8000)); // capped
        RetryPolicy j = fixedJitter(0.999999);
        QCOMPARE(j.backoff(0), milliseconds(375)); // up to 25 % shorter
        RetryPolicy random;
        for (int i = 0; i < 200; ++i) {
            const auto d = random.backoff(1);
            QVERIFY(d >= milliseconds(750) && d <= milliseconds(1000));
        }
    }

    void shouldRetryHeaderOverrides()
    {
        RetryPolicy::Attempt a;
        a.httpStatus = 400;
        a.headers = {{"x-should-retry", "true"}};
        QVERIFY(fixedJitter().decide(a, kNow).retry);
        a.httpStatus = 503;
        a.headers = {{"X-Should-Retry", "false"}};
        QVERIFY(!fixedJitter().decide(a, kNow).retry);
    }

    void maxTwoRetries()
    {
        RetryPolicy::Attempt a;
        a.httpStatus = 502;
        a.retriesSoFar = 0;
        QVERIFY(fixedJitter().decide(a, kNow).retry);
        a.retriesSoFar = 1;
        QVERIFY(fixedJitter().decide(a, kNow).retry);
        a.retriesSoFar = 2;
        QVERIFY(!fixedJitter().decide(a, kNow).retry);
        a.headers = {{"x-should-retry", "true"}};
        QVERIFY(!fixedJitter().decide(a, kNow).retry);
    }

    void neverAfterFirstByteOfTextBody()
    {
        RetryPolicy::Attempt a;
        a.httpStatus = 0; // the connection dropped mid-body
        a.textRequest = true;
        a.bodyStarted = true;
        QVERIFY(!fixedJitter().decide(a, kNow).retry);
        a.headers = {{"x-should-retry", "true"}};
        QVERIFY(!fixedJitter().decide(a, kNow).retry);
        a.bodyStarted = false; // before any byte: a connection error is retried
        a.headers.clear();
        QVERIFY(fixedJitter().decide(a, kNow).retry);
        a.textRequest = false; // a task submit retried after a drop is safe
        a.bodyStarted = true;
        QVERIFY(fixedJitter().decide(a, kNow).retry);
    }

    void timeoutIsRetried()
    {
        RetryPolicy::Attempt a;
        a.timedOut = true;
        QVERIFY(fixedJitter().decide(a, kNow).retry);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
