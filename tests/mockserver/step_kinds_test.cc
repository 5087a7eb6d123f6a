// One test per step kind: exactly what a client on a real loopback socket sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::Eq;
using ::testing::Optional;

const std::string kCompletion =
    R"({"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,)"
    R"("message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}]})";

class StepKindsTest : public ServerTest {
 protected:
  // Asks for compression, which httplib applies to compressible types: steps whose byte counts
  // matter must still arrive as identity bytes.
  HttpRequest compressible_chat_request() const {
    HttpRequest request = chat_request();
    request.headers.push_back("Accept-Encoding: gzip, br");
    return request;
  }
};

TEST_F(StepKindsTest, RespondSendsStatusHeadersAndBodyExactly) {
  start(chat_scenario({respond(429, R"({"error":{"message":"slow down"}})",
                               {{"Retry-After", "2"}, {"x-request-id", "req-1"}})}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 429);
  EXPECT_THAT(r.header("retry-after"), Optional(Eq("2")));
  EXPECT_THAT(r.header("x-request-id"), Optional(Eq("req-1")));
  EXPECT_THAT(r.header("content-type"), Optional(Eq("application/json")));
  EXPECT_EQ(r.header_count("content-length"), 1u);
  EXPECT_EQ(r.body, R"({"error":{"message":"slow down"}})");
}

TEST_F(StepKindsTest, RespondUsesTheFixtureContentTypeAndDropsAFixtureContentLength) {
  faults::RespondStep step =
      respond(502, "", {{"Content-Type", "text/html"}, {"Content-Length", "999"}});
  step.body = {"<html>bad gateway</html>", false};
  start(chat_scenario({step}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.header_count("content-type"), 1u);
  EXPECT_THAT(r.header("content-type"), Optional(Eq("text/html")));
  EXPECT_EQ(r.header_count("content-length"), 1u);
  EXPECT_THAT(r.header("content-length"), Optional(Eq("24")));
  EXPECT_EQ(r.body, "<html>bad gateway</html>");
}

TEST_F(StepKindsTest, RespondExpandsHttpDateTemplatesAgainstTheClock) {
  start(chat_scenario({respond(429, "{}", {{"Retry-After", "{{http_date:+3s}}"}})}), fake_clock_);
  const HttpResult r = post_chat();
  EXPECT_THAT(r.header("retry-after"), Optional(Eq("Thu, 01 Jan 2026 00:00:03 GMT")));
}

TEST_F(StepKindsTest, TimeoutHoldsUntilTheClientGivesUp) {
  start(chat_scenario({faults::TimeoutStep{}}));
  HttpRequest request = chat_request();
  request.timeout = std::chrono::milliseconds(200);
  const HttpResult r = client_.perform(request);
  EXPECT_EQ(r.code, CURLE_OPERATION_TIMEDOUT);  // 28
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.body, "");
}

TEST_F(StepKindsTest, DropClosesWithFinBeforeAnyResponseByte) {
  start(chat_scenario({faults::DropStep{}}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_GOT_NOTHING);  // 52
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.headers.empty());
}

TEST_F(StepKindsTest, ResetAbortsWithRstBeforeAnyResponseByte) {
  start(chat_scenario({faults::ResetStep{}}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_RECV_ERROR);  // 56
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.headers.empty());
}

TEST_F(StepKindsTest, TruncateAnnouncesTheFullLengthThenSendsOnlyAfterBytes) {
  faults::TruncateStep step;
  step.status = 200;
  step.body = json_body(kCompletion);
  step.after_bytes = 40;
  start(chat_scenario({step}));
  const HttpResult r = client_.perform(compressible_chat_request());
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE);  // 18
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.header("content-length"), Optional(Eq(std::to_string(kCompletion.size()))));
  EXPECT_EQ(r.header("content-encoding"), std::nullopt);
  EXPECT_EQ(r.body, kCompletion.substr(0, 40));
}

TEST_F(StepKindsTest, TruncateAfterZeroBytesSendsOnlyTheHeaders) {
  faults::TruncateStep step;
  step.body = json_body(kCompletion);
  step.after_bytes = 0;
  start(chat_scenario({step}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
}

TEST_F(StepKindsTest, DribbleDeliversTheSameBytesUncompressed) {
  faults::RespondStep step = respond(200, kCompletion);
  step.dribble = faults::Dribble{4, std::chrono::milliseconds(250)};
  start(chat_scenario({step}), fake_clock_);
  const HttpResult r = client_.perform(compressible_chat_request());
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-encoding"), std::nullopt);
  EXPECT_THAT(r.header("content-length"), Optional(Eq(std::to_string(kCompletion.size()))));
  EXPECT_EQ(r.body, kCompletion);
  // Three gaps between four parts, on the virtual clock.
  EXPECT_EQ(fake_clock_.now() - clock::TimePoint{}, std::chrono::milliseconds(750));
}

faults::StreamStep three_chunk_stream() {
  faults::StreamStep step;
  step.events = {event(R"({"i":0})"), event(R"({"i":1})"), event(R"({"i":2})")};
  step.usage = event(R"({"usage":{"total_tokens":3}})");
  return step;
}

TEST_F(StepKindsTest, StreamSendsEventsThenUsageThenDone) {
  start(chat_scenario({three_chunk_stream()}));
  const HttpResult r = client_.perform(compressible_chat_request());
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.header("content-type"), Optional(Eq("text/event-stream")));
  EXPECT_THAT(r.header("transfer-encoding"), Optional(Eq("chunked")));
  EXPECT_EQ(r.header("content-encoding"), std::nullopt);
  EXPECT_EQ(r.body,
            "data: {\"i\":0}\n\n"
            "data: {\"i\":1}\n\n"
            "data: {\"i\":2}\n\n"
            "data: {\"usage\":{\"total_tokens\":3}}\n\n"
            "data: [DONE]\n\n");
}

TEST_F(StepKindsTest, StreamWithoutDoneEndsCleanlyAfterTheLastEvent) {
  faults::StreamStep step = three_chunk_stream();
  step.usage.reset();
  step.done = false;
  start(chat_scenario({step}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.body, "data: {\"i\":0}\n\ndata: {\"i\":1}\n\ndata: {\"i\":2}\n\n");
}

TEST_F(StepKindsTest, StreamDropAfterCutsTheConnectionWithoutDone) {
  faults::StreamStep step = three_chunk_stream();
  step.drop_after = 2;
  step.gap = std::chrono::milliseconds(50);
  start(chat_scenario({step}), fake_clock_);
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE);  // 18: the chunked body never ended
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "data: {\"i\":0}\n\ndata: {\"i\":1}\n\n");
  EXPECT_EQ(fake_clock_.now() - clock::TimePoint{}, std::chrono::milliseconds(50));
}

TEST_F(StepKindsTest, StreamDropAfterZeroSendsOnlyTheHeaders) {
  faults::StreamStep step = three_chunk_stream();
  step.drop_after = 0;
  start(chat_scenario({step}));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
}

TEST_F(StepKindsTest, StreamGapsPassOnTheClockBetweenChunksButNotBeforeDone) {
  faults::StreamStep step = three_chunk_stream();
  step.gap = std::chrono::milliseconds(100);
  start(chat_scenario({step}), fake_clock_);
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_OK);
  // Four chunks (three events and usage): three gaps.
  EXPECT_EQ(fake_clock_.now() - clock::TimePoint{}, std::chrono::milliseconds(300));
}

}  // namespace
}  // namespace cometbench::mockserver::testing
