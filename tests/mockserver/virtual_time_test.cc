// Under a FakeClock the server never waits in real time for a scripted duration, and every
// wait ends promptly when the client hangs up or the server stops.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "clock/clock.h"
#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using std::chrono::milliseconds;
using RealClock = std::chrono::steady_clock;

// How long a test waits in real time for something another thread does before it fails. Never
// reached when the code works; only a bound so that a broken build fails instead of hanging.
constexpr milliseconds kGiveUp{20000};

class VirtualTimeTest : public ServerTest {
 protected:
  clock::Duration virtual_elapsed() const { return fake_clock_.now() - clock::TimePoint{}; }

  // Waits until the journal has `n` entries: the server has taken the requests.
  void wait_for_journal_size(std::size_t n) {
    ASSERT_TRUE(server_->wait_for_journal(
        [n](const std::deque<JournalEntry>& entries) { return entries.size() >= n; }, kGiveUp));
    ASSERT_EQ(server_->journal().size(), n);
  }
};

// The 30 s pass on the FakeClock only: had the server waited in real time, the test would run
// into ctest's timeout instead.
TEST_F(VirtualTimeTest, ADelayAdvancesVirtualTimeExactly) {
  faults::RespondStep step = respond(200, "{}");
  step.delay = milliseconds(30000);
  start(chat_scenario({step}), fake_clock_);
  const HttpResult r = post_chat();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(virtual_elapsed(), milliseconds(30000));
}

// The bench client's way of timing out: it registers its deadline and gives up once the
// virtual clock reaches it. The real timeout is only a safety net: had it ended the transfer,
// curl would say CURLE_OPERATION_TIMEDOUT.
TEST_F(VirtualTimeTest, ATimeoutStepAdvancesToTheClientsDeadlineAndHolds) {
  start(chat_scenario({faults::TimeoutStep{}, respond(200, "next")}), fake_clock_);
  const clock::TimePoint deadline = fake_clock_.now() + milliseconds(60000);
  HttpResult r;
  {
    clock::ScopedDeadline registered(fake_clock_, deadline);
    HttpRequest request = chat_request();
    request.timeout = kGiveUp;
    request.abort_when = [&] { return fake_clock_.now() >= deadline; };
    r = client_.perform(request);
  }
  EXPECT_EQ(r.code, CURLE_ABORTED_BY_CALLBACK);  // the virtual deadline, not the real timeout
  EXPECT_EQ(fake_clock_.now(), deadline);
  // The held handler noticed the hang-up and the server serves the next step at once.
  CurlClient next_client;
  EXPECT_EQ(next_client.perform(chat_request()).body, "next");
  EXPECT_EQ(fake_clock_.now(), deadline);
  EXPECT_EQ(server_->journal().at(0).status, std::nullopt);
}

TEST_F(VirtualTimeTest, ADelayPastTheDeadlineStopsAtTheDeadlineAndSendsNothing) {
  faults::RespondStep step = respond(200, "{}");
  step.delay = milliseconds(30000);
  start(chat_scenario({step}), fake_clock_);
  const clock::TimePoint deadline = fake_clock_.now() + milliseconds(10000);
  clock::ScopedDeadline registered(fake_clock_, deadline);
  HttpRequest request = chat_request();
  request.timeout = kGiveUp;
  request.abort_when = [&] { return fake_clock_.now() >= deadline; };
  EXPECT_EQ(client_.perform(request).code, CURLE_ABORTED_BY_CALLBACK);
  EXPECT_EQ(fake_clock_.now(), deadline);
  // The journal learns that no status went out once the handler has seen the hang-up.
  EXPECT_TRUE(server_->wait_for_journal(
      [](const std::deque<JournalEntry>& entries) {
        return !entries.empty() && !entries.front().status.has_value();
      },
      kGiveUp));
  EXPECT_EQ(server_->journal().at(0).served, "respond");
  EXPECT_EQ(server_->journal().at(0).status, std::nullopt);
}

// The holds are on the FakeClock, which nothing advances: only stop() can end them (else the
// test runs into ctest's timeout). The real time stop() took is printed as a figure.
TEST_F(VirtualTimeTest, StopEndsHeldRequestsDribblesAndIdleConnections) {
  faults::RespondStep dribble = respond(200, R"({"long":"body"})");
  dribble.dribble = faults::Dribble{2, milliseconds(60000)};
  start(chat_scenario({respond(200, "{}"), faults::TimeoutStep{}, faults::TimeoutStep{}, dribble},
                      faults::WhenExhausted::kFail));
  ASSERT_EQ(post_chat().status, 200);  // leaves client_'s connection idle in keep-alive
  // And a connection that never sends a request.
  const int silent = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(silent, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);

  std::vector<HttpResult> held(2);
  std::mutex started_mu;
  std::condition_variable started_cv;
  bool dribble_started = false;  // guarded by started_mu
  HttpResult dribbled;
  std::vector<std::thread> clients;
  for (auto& result : held) {
    clients.emplace_back([&] { result = CurlClient().perform(chat_request()); });
  }
  wait_for_journal_size(3);
  clients.emplace_back([&] {
    HttpRequest request = chat_request();
    request.on_body = [&](const std::string&) {
      std::lock_guard lock(started_mu);
      dribble_started = true;
      started_cv.notify_all();
    };
    dribbled = CurlClient().perform(request);
  });
  {
    std::unique_lock lock(started_mu);
    ASSERT_TRUE(started_cv.wait_for(lock, kGiveUp, [&] { return dribble_started; }));
  }

  const auto stop_start = RealClock::now();
  server_->stop();
  const auto stop_took = RealClock::now() - stop_start;
  for (auto& t : clients) t.join();
  close(silent);
  std::printf(
      "[ measured ] MockServer::stop() with 2 held requests, 1 dribble, 1 idle "
      "keep-alive and 1 silent connection: %.2f ms\n",
      std::chrono::duration<double, std::milli>(stop_took).count());
  for (const auto& r : held) EXPECT_EQ(r.code, CURLE_GOT_NOTHING);
  EXPECT_EQ(dribbled.code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(dribbled.body, R"({"long":)");  // the first of two parts: 8 of 15 bytes
}

TEST_F(VirtualTimeTest, StopReleasesAHoldUnderTheFakeClock) {
  start(chat_scenario({faults::TimeoutStep{}}), fake_clock_);
  const clock::TimePoint deadline = fake_clock_.now() + milliseconds(5000);
  clock::ScopedDeadline registered(fake_clock_, deadline);
  HttpResult r;
  std::thread client([&] { r = client_.perform(chat_request()); });
  wait_for_journal_size(1);
  server_->stop();
  client.join();
  EXPECT_EQ(r.code, CURLE_GOT_NOTHING);
  EXPECT_EQ(fake_clock_.now(), deadline);
}

}  // namespace
}  // namespace cometbench::mockserver::testing
