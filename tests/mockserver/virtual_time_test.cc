// Under a FakeClock the server never waits in real time for a scripted duration, and every
// wait ends promptly when the client hangs up or the server stops.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "clock/clock.h"
#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using std::chrono::milliseconds;
using RealClock = std::chrono::steady_clock;

class VirtualTimeTest : public ServerTest {
 protected:
  clock::Duration virtual_elapsed() const { return fake_clock_.now() - clock::TimePoint{}; }

  // Waits (bounded) until the journal has `n` entries: the server has taken the requests.
  void wait_for_journal_size(std::size_t n) {
    const auto give_up = RealClock::now() + std::chrono::seconds(5);
    while (server_->journal().size() < n && RealClock::now() < give_up) std::this_thread::yield();
    ASSERT_EQ(server_->journal().size(), n);
  }
};

TEST_F(VirtualTimeTest, ADelayAdvancesVirtualTimeExactlyAndReturnsInRealMilliseconds) {
  faults::RespondStep step = respond(200, "{}");
  step.delay = milliseconds(30000);
  start(chat_scenario({step}), fake_clock_);
  const auto real_start = RealClock::now();
  const HttpResult r = post_chat();
  const auto real_elapsed = RealClock::now() - real_start;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(virtual_elapsed(), milliseconds(30000));
  EXPECT_LT(real_elapsed, milliseconds(1000));
}

// The bench client's way of timing out: it registers its deadline and gives up once the
// virtual clock reaches it. The 2 s real timeout is only a safety net.
TEST_F(VirtualTimeTest, ATimeoutStepAdvancesToTheClientsDeadlineAndHolds) {
  start(chat_scenario({faults::TimeoutStep{}, respond(200, "next")}), fake_clock_);
  const clock::TimePoint deadline = fake_clock_.now() + milliseconds(60000);
  HttpResult r;
  const auto real_start = RealClock::now();
  {
    clock::ScopedDeadline registered(fake_clock_, deadline);
    HttpRequest request = chat_request();
    request.timeout = milliseconds(2000);
    request.abort_when = [&] { return fake_clock_.now() >= deadline; };
    r = client_.perform(request);
  }
  EXPECT_EQ(r.code, CURLE_ABORTED_BY_CALLBACK);  // the virtual deadline, not the real timeout
  EXPECT_LT(RealClock::now() - real_start, milliseconds(2000));
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
  request.timeout = milliseconds(2000);
  request.abort_when = [&] { return fake_clock_.now() >= deadline; };
  EXPECT_EQ(client_.perform(request).code, CURLE_ABORTED_BY_CALLBACK);
  EXPECT_EQ(fake_clock_.now(), deadline);
  // The journal learns that no status went out once the handler has seen the hang-up.
  const auto give_up = RealClock::now() + std::chrono::seconds(5);
  while (server_->journal().at(0).status.has_value() && RealClock::now() < give_up) {
    std::this_thread::yield();
  }
  EXPECT_EQ(server_->journal().at(0).served, "respond");
  EXPECT_EQ(server_->journal().at(0).status, std::nullopt);
}

TEST_F(VirtualTimeTest, StopIsPromptWithHeldRequestsDribblesAndIdleConnections) {
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
  std::atomic<bool> dribble_started{false};
  HttpResult dribbled;
  std::vector<std::thread> clients;
  for (auto& result : held) {
    clients.emplace_back([&] { result = CurlClient().perform(chat_request()); });
  }
  wait_for_journal_size(3);
  clients.emplace_back([&] {
    HttpRequest request = chat_request();
    request.on_body = [&](const std::string&) { dribble_started = true; };
    dribbled = CurlClient().perform(request);
  });
  const auto give_up = RealClock::now() + std::chrono::seconds(5);
  while (!dribble_started && RealClock::now() < give_up) std::this_thread::yield();
  ASSERT_TRUE(dribble_started);

  const auto stop_start = RealClock::now();
  server_->stop();
  const auto stop_took = RealClock::now() - stop_start;
  for (auto& t : clients) t.join();
  close(silent);
  std::printf(
      "[ measured ] MockServer::stop() with 2 held requests, 1 dribble, 1 idle "
      "keep-alive and 1 silent connection: %.2f ms\n",
      std::chrono::duration<double, std::milli>(stop_took).count());
  EXPECT_LT(stop_took, milliseconds(1000));
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
