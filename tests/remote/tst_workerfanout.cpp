#include "domain/settingsschema.h"
#include "remote/workerfanout.h"
#include "scriptedserver.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using KilnTest::ScriptedServer;

namespace {

// What every listener of a round saw: requests answered and not yet answered.
struct Load
{
    int open = 0;
    int peak = 0;
};

// A listener that answers after `delayMs` (or never, when it hangs).
std::unique_ptr<ScriptedServer> listener(int index, bool hangs, int delayMs, Load *load)
{
    return std::make_unique<ScriptedServer>([=](int, const QByteArray &, QTcpSocket *socket) {
        ++load->open;
        load->peak = qMax(load->peak, load->open);
        if (hangs)
            return;
        QTimer::singleShot(delayMs, socket, [socket, index, load] {
            --load->open;
            socket->write(ScriptedServer::response(
                "200 OK", "application/json",
                QByteArray(R"({"success":true,"data":{"status":"ok","version":"0.1.)") +
                    QByteArray::number(index) + R"("}})"));
            socket->disconnectFromHost();
        });
    });
}

WorkerRequest health()
{
    return WorkerClient::healthRequest();
}

} // namespace

class TestWorkerFanOut : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void defaultsFollowTheSetting()
    {
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        QCOMPARE(fanOut.concurrency(), Setting::FanOutConcurrency.defaultValue);
        QCOMPARE(fanOut.concurrency(), 16);
        fanOut.setConcurrency(0);
        QCOMPARE(fanOut.concurrency(), 1);
        fanOut.setConcurrency(1000);
        QCOMPARE(fanOut.concurrency(), 256);
    }

    // 20 workers, 2 of them hung and started first: the 18 others' results all
    // arrive before one call's timeout, with never more than `concurrency` requests
    // in flight; the hung ones end as timeouts.
    void hungWorkersDoNotDelayTheOthers()
    {
        constexpr int kWorkers = 20;
        constexpr int kConcurrency = 4;
        constexpr int kTimeoutMs = 2000;
        Load load;
        std::vector<std::unique_ptr<ScriptedServer>> servers;
        QList<FanOutTarget> targets;
        for (int i = 0; i < kWorkers; ++i) {
            const bool hangs = i < 2;
            servers.push_back(listener(i, hangs, 50, &load));
            QVERIFY(servers.back()->isListening());
            targets.append({u"id-%1"_s.arg(i), WorkerEndpoint{u"w%1"_s.arg(i),
                                                              QUrl(u"http://"_s + servers.back()->address()),
                                                              "kw_token",
                                                              {}}});
        }
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        fanOut.setConcurrency(kConcurrency);
        fanOut.setWorkerTimeout(kTimeoutMs);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        QList<std::pair<FanOutResult, qint64>> arrivals;
        QElapsedTimer clock;
        connect(&fanOut, &WorkerFanOut::workerFinished, this, [&](const FanOutResult &result) {
            arrivals.append({result, clock.elapsed()});
            QVERIFY(fanOut.inFlight() < kConcurrency); // its slot is free before the signal
        });
        clock.start();
        fanOut.start(targets, health());
        QVERIFY(fanOut.isRunning());
        QCOMPARE(fanOut.inFlight(), kConcurrency);
        QVERIFY(finished.wait(kTimeoutMs * 3));
        QCOMPARE(arrivals.size(), kWorkers);
        QVERIFY(!fanOut.isRunning());
        QCOMPARE(fanOut.peakInFlight(), kConcurrency);
        // As the listeners saw it: the active ones, and the hung ones once slow (a
        // listener sees a request later and its end earlier than the client does).
        QVERIFY2(load.peak >= kConcurrency && load.peak <= fanOut.peakOpen(),
                 QByteArray::number(load.peak).constData());
        QVERIFY(fanOut.peakOpen() <= kConcurrency + fanOut.maxSlow());

        int ok = 0;
        for (int i = 0; i < kWorkers - 2; ++i) {
            const auto &[result, at] = arrivals.at(i);
            QVERIFY2(result.reply.ok(), qPrintable(result.workerName));
            QVERIFY2(at < kTimeoutMs, qPrintable(u"%1 arrived after %2 ms"_s.arg(result.workerName).arg(at)));
            const int index = result.targetId.mid(3).toInt();
            QVERIFY(index >= 2);
            const auto health = WorkerClient::parseReply<WorkerHealth>(
                result.workerName, WorkerClient::healthRequest(), result.reply, &WorkerHealth::fromJson);
            QVERIFY(health.ok());
            QCOMPARE(health->version, u"0.1.%1"_s.arg(index));
            ++ok;
        }
        QCOMPARE(ok, kWorkers - 2);
        for (int i = kWorkers - 2; i < kWorkers; ++i) {
            const auto &[result, at] = arrivals.at(i);
            QVERIFY(result.targetId == u"id-0"_s || result.targetId == u"id-1"_s);
            QVERIFY(!result.reply.ok());
            QCOMPARE(result.reply.error().code, WorkerError::Code::Timeout);
            QVERIFY2(result.reply.error().message.endsWith(u"did not answer GET /api/v1/health within 2 s"_s),
                     qPrintable(result.reply.error().message));
            QVERIFY2(at >= kTimeoutMs - 50, QByteArray::number(at).constData());
        }
        QCOMPARE(fanOut.results().size(), kWorkers);
        QTRY_COMPARE(client.activeRequests(), 0); // the hung requests are aborted (a queued cancel)
    }

    // 40 workers, the first 20 hung (they accept and never answer), concurrency 4:
    // the hung ones give their slots back at the slow threshold, so every healthy
    // one answers long before the hung ones' deadline; never more than 4 requests
    // hold a slot (the healthy listeners never see more than 4 at once), and the
    // sockets open at once stay within concurrency + maxSlow.
    void manyHungWorkersAtTheFront_data()
    {
        QTest::addColumn<int>("maxSlow");
        QTest::addColumn<bool>("healthyBeforeDeadline");
        QTest::newRow("room for every hung one") << 64 << true;
        // The hard cap on slow sockets: 8 slow + 4 active are open, no more; the
        // healthy ones then wait for hung ones to time out.
        QTest::newRow("cap of 8 slow") << 8 << false;
    }
    void manyHungWorkersAtTheFront()
    {
        QFETCH(int, maxSlow);
        QFETCH(bool, healthyBeforeDeadline);
        constexpr int kHung = 20;
        constexpr int kWorkers = 40;
        constexpr int kConcurrency = 4;
        constexpr int kThresholdMs = 200;
        const int timeoutMs = healthyBeforeDeadline ? 8000 : 1500;
        Load all;     // every listener
        Load healthy; // the answering ones only
        std::vector<std::unique_ptr<ScriptedServer>> servers;
        QList<FanOutTarget> targets;
        for (int i = 0; i < kWorkers; ++i) {
            const bool hangs = i < kHung;
            servers.push_back(std::make_unique<ScriptedServer>(
                [i, hangs, &all, &healthy](int, const QByteArray &, QTcpSocket *socket) {
                    all.peak = qMax(all.peak, ++all.open);
                    // A socket that goes away (a hung one aborted by the client) is no longer open.
                    QObject::connect(socket, &QTcpSocket::disconnected, socket, [&all] { --all.open; });
                    if (hangs)
                        return;
                    healthy.peak = qMax(healthy.peak, ++healthy.open);
                    QTimer::singleShot(0, socket, [socket, i, &healthy] {
                        --healthy.open;
                        socket->write(ScriptedServer::response(
                            "200 OK", "application/json",
                            R"({"success":true,"data":{"status":"ok","version":"0.1.)" +
                                QByteArray::number(i) + R"("}})"));
                        socket->disconnectFromHost();
                    });
                }));
            QVERIFY(servers.back()->isListening());
            targets.append({u"id-%1"_s.arg(i), WorkerEndpoint{u"w%1"_s.arg(i),
                                                              QUrl(u"http://"_s + servers.back()->address()),
                                                              "kw_token",
                                                              {}}});
        }
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        fanOut.setConcurrency(kConcurrency);
        fanOut.setWorkerTimeout(timeoutMs);
        fanOut.setSlowThreshold(kThresholdMs);
        fanOut.setMaxSlow(maxSlow);
        QCOMPARE(fanOut.maxSlow(), maxSlow);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        QHash<QString, qint64> healthyAt;
        int timeouts = 0;
        int peakActive = 0;
        int peakOpen = 0;
        QElapsedTimer clock;
        // Sampled independently of the fan-out's own peak counters.
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] {
            peakActive = qMax(peakActive, fanOut.inFlight());
            peakOpen = qMax(peakOpen, client.activeRequests());
        });
        sampler.start(5);
        connect(&fanOut, &WorkerFanOut::workerFinished, this, [&](const FanOutResult &result) {
            QVERIFY(fanOut.inFlight() <= kConcurrency);
            if (result.targetId.mid(3).toInt() >= kHung) {
                QVERIFY2(result.reply.ok(),
                         qPrintable(result.reply.ok() ? QString() : result.reply.error().message));
                healthyAt.insert(result.targetId, clock.elapsed());
            } else {
                QCOMPARE(result.reply.error().code, WorkerError::Code::Timeout);
                QVERIFY(result.elapsedMs >= timeoutMs - 50);
                ++timeouts;
            }
        });
        clock.start();
        fanOut.start(targets, health());
        QCOMPARE(fanOut.inFlight(), kConcurrency);
        QVERIFY(finished.wait(timeoutMs * 8));
        QCOMPARE(fanOut.results().size(), kWorkers);
        QCOMPARE(healthyAt.size(), kWorkers - kHung);
        QCOMPARE(timeouts, kHung);

        // The bound on active requests, as the fan-out, a sampler and the healthy
        // listeners saw it; the sockets open at once within concurrency + maxSlow.
        QCOMPARE(fanOut.peakInFlight(), kConcurrency);
        QVERIFY2(peakActive <= kConcurrency, QByteArray::number(peakActive).constData());
        QVERIFY2(healthy.peak <= kConcurrency, QByteArray::number(healthy.peak).constData());
        QVERIFY2(fanOut.peakOpen() <= kConcurrency + maxSlow,
                 QByteArray::number(fanOut.peakOpen()).constData());
        QVERIFY2(peakOpen <= kConcurrency + maxSlow, QByteArray::number(peakOpen).constData());
        QVERIFY2(all.peak <= kConcurrency + maxSlow, QByteArray::number(all.peak).constData());

        const qint64 lastHealthy = *std::max_element(healthyAt.cbegin(), healthyAt.cend());
        if (healthyBeforeDeadline) {
            // 20 hung ones leave 4 slots every 200 ms: the healthy ones start after
            // about 1 s and all answer long before the 8 s deadline.
            QVERIFY2(lastHealthy < timeoutMs / 2, QByteArray::number(lastHealthy).constData());
            QVERIFY2(all.peak >= kHung, QByteArray::number(all.peak).constData()); // every hung one open
            QVERIFY2(fanOut.peakOpen() >= kHung, QByteArray::number(fanOut.peakOpen()).constData());
        } else {
            // 12 hung ones fill the 8 slow places and the 4 slots: the healthy ones
            // must wait for the first deadlines.
            QVERIFY2(lastHealthy >= timeoutMs, QByteArray::number(lastHealthy).constData());
            QCOMPARE(fanOut.peakOpen(), kConcurrency + maxSlow);
        }
        QTRY_COMPARE(client.activeRequests(), 0);
        QCOMPARE(fanOut.slowInFlight(), 0);
    }

    // A round whose workers are all slower than the least threshold raises it to 3x
    // their median answer time, so that healthy answers stop being "slow".
    void slowThresholdFollowsTheAnswers()
    {
        Load load;
        std::vector<std::unique_ptr<ScriptedServer>> servers;
        QList<FanOutTarget> targets;
        for (int i = 0; i < 12; ++i) {
            servers.push_back(listener(i, false, 150, &load));
            targets.append({u"id-%1"_s.arg(i),
                            WorkerEndpoint{{}, QUrl(u"http://"_s + servers.back()->address()), {}, {}}});
        }
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        fanOut.setConcurrency(2);
        fanOut.setSlowThreshold(50);
        QCOMPARE(fanOut.effectiveSlowThreshold(), 50);
        fanOut.setWorkerTimeout(10000);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        fanOut.start(targets, health());
        QVERIFY(finished.wait(10000));
        for (const FanOutResult &result : fanOut.results())
            QVERIFY2(result.reply.ok(),
                     qPrintable(result.reply.ok() ? QString() : result.reply.error().message));
        QVERIFY2(fanOut.effectiveSlowThreshold() >= 3 * 150,
                 QByteArray::number(fanOut.effectiveSlowThreshold()).constData());
        // Once 3 answers were in, no more were demoted: far fewer than 12 were open at once.
        QVERIFY2(fanOut.peakOpen() < 12, QByteArray::number(fanOut.peakOpen()).constData());
        QCOMPARE(fanOut.peakInFlight(), 2);
        fanOut.setSlowThreshold(0);
        QCOMPARE(fanOut.effectiveSlowThreshold(), 0);
    }

    void cancelStopsTheRound()
    {
        Load load;
        std::vector<std::unique_ptr<ScriptedServer>> servers;
        QList<FanOutTarget> targets;
        for (int i = 0; i < 6; ++i) {
            servers.push_back(listener(i, true, 0, &load));
            targets.append({u"id-%1"_s.arg(i),
                            WorkerEndpoint{{}, QUrl(u"http://"_s + servers.back()->address()), {}, {}}});
        }
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        fanOut.setConcurrency(3);
        fanOut.setWorkerTimeout(60000);
        QSignalSpy results(&fanOut, &WorkerFanOut::workerFinished);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        fanOut.start(targets, health());
        QTRY_COMPARE(load.open, 3);
        QCOMPARE(client.activeRequests(), 3);
        fanOut.cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(results.size(), 0);
        QCOMPARE(fanOut.inFlight(), 0);
        QTRY_COMPARE(client.activeRequests(), 0); // the requests were aborted
        QTest::qWait(100);
        QCOMPARE(load.open, 3); // nothing else was started
    }

    void emptyRoundFinishesAtOnce()
    {
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        fanOut.start({}, health());
        QCOMPARE(finished.size(), 1);
        QVERIFY(!fanOut.isRunning());
    }

    void unreachableWorkersFailFast()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        WorkerClient client;
        client.setRetryPolicy(1, 10);
        WorkerFanOut fanOut(&client);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        fanOut.start({{u"a"_s, WorkerEndpoint{u"dead"_s, QUrl(u"http://127.0.0.1:%1"_s.arg(port)), {}, {}}}},
                     health());
        QVERIFY(finished.wait(5000));
        QCOMPARE(fanOut.results().size(), 1);
        QCOMPARE(fanOut.results().first().reply.error().message,
                 u"cannot connect to dead: connection refused"_s);
    }

    // Real workers (each with its own token) and one dead one: every real worker's
    // info arrives, typed, and the dead one times out on its own.
    void realWorkers()
    {
        std::vector<std::unique_ptr<KilnTest::WorkerProcess>> workers;
        QList<FanOutTarget> targets;
        Load load;
        auto hung = listener(99, true, 0, &load);
        targets.append(
            {u"dead"_s, WorkerEndpoint{u"dead"_s, QUrl(u"http://"_s + hung->address()), "kw_x", {}}});
        for (int i = 0; i < 3; ++i) {
            workers.push_back(std::make_unique<KilnTest::WorkerProcess>());
            QVERIFY2(workers.back()->start(), qPrintable(workers.back()->errorString()));
            const QByteArray token = workers.back()->createToken({u"images:read"_s});
            QVERIFY2(!token.isEmpty(), qPrintable(workers.back()->errorString()));
            targets.append(
                {u"id-%1"_s.arg(i), WorkerEndpoint{u"w%1"_s.arg(i), workers.back()->baseUrl(), token, {}}});
        }
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        fanOut.setConcurrency(2);
        fanOut.setWorkerTimeout(3000);
        QSignalSpy finished(&fanOut, &WorkerFanOut::finished);
        fanOut.start(targets, WorkerClient::infoRequest());
        QVERIFY(finished.wait(10000));
        QCOMPARE(fanOut.results().size(), 4);
        QCOMPARE(fanOut.peakInFlight(), 2);
        for (int i = 0; i < 3; ++i) {
            const FanOutResult &result = fanOut.results().at(i);
            QCOMPARE(result.targetId, u"id-%1"_s.arg(i));
            const auto info = WorkerClient::parseReply<WorkerInfo>(
                result.workerName, WorkerClient::infoRequest(), result.reply, &WorkerInfo::fromJson);
            QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
            QCOMPARE(info->version, WorkerApi::version());
            QVERIFY2(result.elapsedMs < 3000, QByteArray::number(result.elapsedMs).constData());
        }
        QCOMPARE(fanOut.results().last().targetId, u"dead"_s);
        QCOMPARE(fanOut.results().last().reply.error().code, WorkerError::Code::Timeout);
    }
};

QTEST_GUILESS_MAIN(TestWorkerFanOut)
#include "tst_workerfanout.moc"
