// The mock's own connection handling (mockserver/connection.h) seen from a raw socket: what a
// client that pipelines, half-closes or asks for a range gets.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "raw_connection.h"
#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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
