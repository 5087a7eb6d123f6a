// The mock's own connection handling (mockserver/connection.h) seen from a raw socket: what a
// client that pipelines, half-closes or asks for a range gets.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Answer {
  std::string head;  // status line and headers
  std::string body;
};

// One loopback connection to the mock, driven byte for byte.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  void send_all(const std::string& bytes) const {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
  void half_close() const { shutdown(fd_, SHUT_WR); }

  // Everything until the server closes (bounded by a 10 s poll per read, which a passing test
  // never waits for: the server closes at once).
  std::string read_to_end() const {
    std::string out;
    char buffer[4096];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) return out;
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return out;
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

std::string chat_request_bytes(const std::string& extra_headers = "") {
  const std::string body = kChatBody;
  return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(kAuthHeader) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + extra_headers + "\r\n" + body;
}

// Splits a byte stream into answers by their Content-Length.
std::vector<Answer> answers_in(const std::string& bytes) {
  std::vector<Answer> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t end = bytes.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    Answer a;
    a.head = bytes.substr(at, end - at);
    const std::size_t cl = a.head.find("Content-Length: ");
    const std::size_t length =
        cl == std::string::npos
            ? 0
            : std::stoul(a.head.substr(cl + 16, a.head.find("\r\n", cl) - cl - 16));
    a.body = bytes.substr(end + 4, length);
    out.push_back(a);
    at = end + 4 + length;
  }
  return out;
}

std::string status_line(const Answer& a) { return a.head.substr(0, a.head.find("\r\n")); }

class ConnectionTest : public ServerTest {};

TEST_F(ConnectionTest, PipelinedRequestsEachGetTheirOwnAnswerInOrder) {
  MockServer& server = start(chat_scenario({respond(200, R"({"n":1})"), respond(503, R"({"n":2})"),
                                            respond(200, R"({"n":3})")}),
                             fake_clock_);
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  c.send_all(chat_request_bytes() + chat_request_bytes() +
             chat_request_bytes("Connection: close\r\n"));
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(status_line(answers[0]), "HTTP/1.1 200 OK");
  EXPECT_EQ(answers[0].body, R"({"n":1})");
  EXPECT_EQ(status_line(answers[1]), "HTTP/1.1 503 Service Unavailable");
  EXPECT_EQ(answers[1].body, R"({"n":2})");
  EXPECT_EQ(status_line(answers[2]), "HTTP/1.1 200 OK");
  EXPECT_EQ(answers[2].body, R"({"n":3})");
  const std::vector<JournalEntry> journal = server.journal();
  ASSERT_EQ(journal.size(), 3u);
  EXPECT_EQ(journal[0].connection_id, journal[2].connection_id);
}

TEST_F(ConnectionTest, AClientThatHalfClosesAfterItsRequestStillGetsTheAnswer) {
  MockServer& server = start(chat_scenario({respond(200, R"({"ok":true})")}), fake_clock_);
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  c.send_all(chat_request_bytes());
  c.half_close();
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(status_line(answers[0]), "HTTP/1.1 200 OK");
  EXPECT_EQ(answers[0].body, R"({"ok":true})");
  ASSERT_EQ(server.journal().size(), 1u);
  EXPECT_EQ(server.journal()[0].status, 200);
}

TEST_F(ConnectionTest, ARangeHeaderNeverCutsAScriptedBody) {
  const std::string body = R"({"object":"chat.completion","choices":[]})";
  MockServer& server = start(chat_scenario({respond(200, body)}), fake_clock_);
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  c.send_all(chat_request_bytes("Range: bytes=0-9\r\nConnection: close\r\n"));
  const std::vector<Answer> answers = answers_in(c.read_to_end());
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(status_line(answers[0]), "HTTP/1.1 200 OK");
  EXPECT_THAT(answers[0].head, Not(HasSubstr("Content-Range")));
  EXPECT_EQ(answers[0].body, body);
}

TEST_F(ConnectionTest, ARangeHeaderNeverChangesATruncateStepsBytes) {
  faults::TruncateStep cut;
  cut.status = 200;
  cut.body = json_body(R"({"object":"chat.completion","choices":[]})");
  cut.after_bytes = 12;
  MockServer& server = start(chat_scenario({cut}), fake_clock_);
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  c.send_all(chat_request_bytes("Range: bytes=0-3\r\n"));
  const std::string bytes = c.read_to_end();
  const std::size_t head_end = bytes.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_THAT(bytes.substr(0, head_end), HasSubstr("Content-Length: 41"));
  EXPECT_EQ(bytes.substr(head_end + 4), R"({"object":"c)");
}

}  // namespace
}  // namespace cometbench::mockserver::testing
