// Limits that hold (docs/serve.md, "Limits"): floods of idle, slow and held connections never
// stop a fresh request or the admin API; oversized requests are refused with exact answers;
// the connection limit evicts the oldest idle connection.
#include <gmock/gmock.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "raw_connection.h"
#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The JSON error body of a refusal, written out in full: CometAPI's envelope, no request id
// (the request was never read whole, so it has no journal entry).
std::string error_json(const std::string& code, const std::string& message) {
  return R"j({"error":{"code":")j" + code + R"j(","message":")j" + message +
         R"j( (cometbench mock)","type":"comet_api_error"}})j";
}

// The answer the server sends itself for a refused request, byte for byte; `Date` from the
// FakeClock's calendar, which starts at 2026-01-01.
std::string refusal(const std::string& status_line, const std::string& body) {
  return status_line + "\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT" +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

class LimitsTest : public ServerTest {
 protected:
  std::vector<std::unique_ptr<RawConnection>> open(int port, int count) {
    std::vector<std::unique_ptr<RawConnection>> out;
    for (int i = 0; i < count; ++i) {
      out.push_back(std::make_unique<RawConnection>(port));
      EXPECT_TRUE(out.back()->connected());
    }
    return out;
  }

  // Waits until the server has taken `count` requests (they are held by `timeout` steps).
  void wait_for_journal(MockServer& server, std::size_t count) {
    while (server.journal().size() < count) std::this_thread::yield();
  }
};

TEST_F(LimitsTest, AFloodOfIdleSlowAndHeldConnectionsNeverStopsAFreshRequestOrTheAdminApi) {
  constexpr int kIdle = 200;
  constexpr int kSlow = 100;
  constexpr int kHeld = 100;
  std::vector<faults::Step> steps(kHeld, faults::TimeoutStep{});
  steps.push_back(respond(200, R"j({"fresh":true})j"));
  MockServerOptions options;
  options.admin_api = true;
  MockServer& server = start(chat_scenario(steps), fake_clock_, options);

  const auto idle = open(server.port(), kIdle);
  const auto slow = open(server.port(), kSlow);
  for (const auto& c : slow) c->send_all("POST /v1/chat/completions HTTP/1.1\r\nX-Slow: a");
  const auto held = open(server.port(), kHeld);
  for (const auto& c : held) c->send_all(chat_request_bytes());
  wait_for_journal(server, kHeld);

  // Old design: 64 workers, each held by one of these connections; both calls hit curl's
  // 10 s timeout (code 28) instead.
  const HttpResult fresh = post_chat();
  EXPECT_EQ(fresh.code, CURLE_OK);
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.body, R"j({"fresh":true})j");
  HttpRequest admin;
  admin.method = "GET";
  admin.url = server.url() + "/__admin/journal";
  const HttpResult journal = client_.perform(admin);
  EXPECT_EQ(journal.code, CURLE_OK);
  EXPECT_EQ(journal.status, 200);
  EXPECT_EQ(server.journal().size(), static_cast<std::size_t>(kHeld + 1));
}

TEST_F(LimitsTest, ABodyOverTheLimitIs413FromItsContentLengthBeforeAnyOfItIsSent) {
  MockServerOptions options;
  options.max_body_bytes = 100;
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n");
  EXPECT_EQ(c.read_to_end(),
            refusal("HTTP/1.1 413 Payload Too Large",
                    error_json("request_too_large", "The request body is larger than 100 bytes.")));
  EXPECT_TRUE(server.journal().empty());
}

TEST_F(LimitsTest, AChunkedBodyGrowingOverTheLimitIs413) {
  MockServerOptions options;
  options.max_body_bytes = 100;
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all("POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" +
             std::string(100, 'a') + "\r\n1\r\n");
  EXPECT_THAT(c.read_to_end(), HasSubstr("HTTP/1.1 413 Payload Too Large\r\n"));
}

TEST_F(LimitsTest, TooManyHeaderFieldsAre431) {
  MockServerOptions options;
  options.max_header_count = 3;
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all("GET /v1/models HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n");
  EXPECT_EQ(c.read_to_end(), refusal("HTTP/1.1 431 Request Header Fields Too Large",
                                     error_json("request_header_fields_too_large",
                                                "The request has more than 3 header fields.")));
}

TEST_F(LimitsTest, AHeadOverTheSizeLimitIs431BeforeItEnds) {
  MockServerOptions options;
  options.max_header_bytes = 2048;
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all("GET /v1/models HTTP/1.1\r\nX-Big: " + std::string(4000, 'v'));
  EXPECT_EQ(c.read_to_end(), refusal("HTTP/1.1 431 Request Header Fields Too Large",
                                     error_json("request_header_fields_too_large",
                                                "The request head is larger than 2048 bytes.")));
}

TEST_F(LimitsTest, ARequestThatDoesNotArriveWholeWithinTheReadTimeoutIs408) {
  MockServerOptions options;
  options.request_timeout = std::chrono::milliseconds(50);
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_EQ(c.read_to_end(), refusal("HTTP/1.1 408 Request Timeout",
                                     error_json("request_timeout",
                                                "The request did not arrive whole within 50 ms.")));
}

TEST_F(LimitsTest, AnIdleKeepAliveConnectionClosesAfterTheIdleTimeout) {
  MockServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(50);
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all(chat_request_bytes());
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(status_line(answers[0]), "HTTP/1.1 200 OK");
  EXPECT_THAT(answers[0].head, Not(HasSubstr("Connection: close")));  // the timeout closed it
}

TEST_F(LimitsTest, AtTheConnectionLimitTheOldestIdleConnectionGivesWay) {
  MockServerOptions options;
  options.max_connections = 3;
  MockServer& server =
      start(chat_scenario({respond(200, R"j({"ok":true})j")}), fake_clock_, options);
  ASSERT_EQ(server.max_connections(), 3u);
  // Idle from their accept, in the order they connected (the kernel's accept queue is FIFO).
  RawConnection a(server.port()), b(server.port()), c(server.port());
  RawConnection d(server.port());
  d.send_all(chat_request_bytes("Connection: close\r\n"));
  EXPECT_THAT(d.read_to_end(), HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_EQ(a.read_to_end(), "");  // closed to make room for d
  b.send_all(chat_request_bytes("Connection: close\r\n"));
  EXPECT_THAT(b.read_to_end(), HasSubstr("HTTP/1.1 200 OK"));
}

TEST_F(LimitsTest, KeepAliveHasNoRequestCapUnlessOneIsSet) {
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, MockServerOptions{});
  RawConnection c(server.port());
  std::string requests;
  for (int i = 0; i < 150; ++i) requests += chat_request_bytes();
  c.send_all(requests + chat_request_bytes("Connection: close\r\n"));
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 151u);
  EXPECT_THAT(answers[149].head, HasSubstr("\r\nKeep-Alive: timeout=5"));
  EXPECT_THAT(answers[149].head, Not(HasSubstr("max=")));
  EXPECT_THAT(answers[150].head, HasSubstr("\r\nConnection: close"));
}

TEST_F(LimitsTest, AMaxRequestsPerConnectionClosesAfterThatMany) {
  MockServerOptions options;
  options.max_requests_per_connection = 2;
  MockServer& server = start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  RawConnection c(server.port());
  c.send_all(chat_request_bytes() + chat_request_bytes() + chat_request_bytes());
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_THAT(answers[0].head, HasSubstr("\r\nKeep-Alive: timeout=5, max=2"));
  EXPECT_THAT(answers[1].head, HasSubstr("\r\nConnection: close"));
}

TEST_F(LimitsTest, ExpectContinueGetsOneContinueWhileTheBodyIsAwaited) {
  MockServer& server = start(chat_scenario({respond(200, R"j({"ok":true})j")}), fake_clock_);
  RawConnection c(server.port());
  const std::string body = kChatBody;
  c.send_all("POST /v1/chat/completions HTTP/1.1\r\n" + std::string(kAuthHeader) +
             "\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(c.read_until("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  c.send_all(body);
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(status_line(answers[0]), "HTTP/1.1 200 OK");
  EXPECT_EQ(answers[0].body, R"j({"ok":true})j");
}

TEST_F(LimitsTest, AChunkedRequestBodyIsReadWhole) {
  MockServer& server = start(chat_scenario({respond(200, R"j({"ok":true})j")}), fake_clock_);
  RawConnection c(server.port());
  const std::string body = kChatBody;
  c.send_all("POST /v1/chat/completions HTTP/1.1\r\n" + std::string(kAuthHeader) +
             "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n" +
             body.substr(0, 5) + "\r\n" +
             [&] {
               char size[16];
               std::snprintf(size, sizeof size, "%zx", body.size() - 5);
               return std::string(size);
             }() +
             "\r\n" + body.substr(5) + "\r\n0\r\n\r\n");
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(status_line(answers[0]), "HTTP/1.1 200 OK");
  ASSERT_EQ(server.journal().size(), 1u);
  EXPECT_EQ(server.journal()[0].body_size, body.size());
}

}  // namespace
}  // namespace cometbench::mockserver::testing
