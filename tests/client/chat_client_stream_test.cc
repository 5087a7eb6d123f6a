// Streaming (`"stream": true`): SSE chunks reach the caller as they arrive; the first chunk
// commits the operation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chat_client_fixture.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;
using ::testing::Invoke;

constexpr auto kChunkType = ResponseObjectType::chat_completion_chunk;

const std::string kChunk1 =
    R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"po"},"finish_reason":null}]})";
const std::string kChunk2 =
    R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"ng"},"finish_reason":"stop"}]})";
const std::string kUsageChunk =
    R"({"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})";

class ChatClientStreamTest : public ChatClientFixture {
 protected:
  void SetUp() override { request_["stream"] = true; }

  CallOptions collecting() {
    CallOptions options;
    options.on_chunk = [this](const nlohmann::json& chunk) { chunks_.push_back(chunk.dump()); };
    return options;
  }

  std::vector<std::string> chunks_;
};

TEST_F(ChatClientStreamTest, DeliversEveryChunkAndRecordsWhatTheStreamShowed) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(Invoke([&](const TransportRequest& r) {
    EXPECT_EQ(r.headers.at(2),
              (std::pair<std::string, std::string>{"Accept", "text/event-stream"}));
    return stream_events(clock_, {kChunk1, kChunk2, kUsageChunk, "[DONE]"})(r);
  }));
  const Result r = complete(collecting());
  EXPECT_EQ(chunks_, (std::vector<std::string>{nlohmann::json::parse(kChunk1).dump(),
                                               nlohmann::json::parse(kChunk2).dump(),
                                               nlohmann::json::parse(kUsageChunk).dump()}));
  expect_records(
      {Rec(1).status(200).object(kChunkType).finish(FinishReason::stop).usage().at(0, 20)},
      summary(1, Outcome::success, 200, 0, 20));
  EXPECT_EQ(r.chunks, 3u);
  EXPECT_TRUE(r.response.is_null());
}

TEST_F(ChatClientStreamTest, AStreamCutAfterAChunkIsCommittedAndNotRetried) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(stream_events(clock_, {kChunk1}, TransportError::truncated_body));
  const Result r = complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::truncated_body)
                      .decided(RetryDecision::not_retried, RetryReason::stream_committed)
                      .object(kChunkType)
                      .outcome(Outcome::transient_failure)
                      .at(0, 5)},
                 summary(1, Outcome::transient_failure, 200, 0, 5));
  EXPECT_EQ(chunks_.size(), 1u);
  EXPECT_EQ(r.chunks, 1u);
}

TEST_F(ChatClientStreamTest, AStreamThatEndsCleanlyWithoutDoneIsTruncated) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(stream_events(clock_, {kChunk1, kChunk2}));
  complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::truncated_body)
                      .decided(RetryDecision::not_retried, RetryReason::stream_committed)
                      .object(kChunkType)
                      .finish(FinishReason::stop)
                      .outcome(Outcome::transient_failure)
                      .at(0, 10)},
                 summary(1, Outcome::transient_failure, 200, 0, 10));
}

TEST_F(ChatClientStreamTest, AStreamCutBeforeAnyChunkIsRetried) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(stream_events(clock_, {}, TransportError::truncated_body))
      .WillOnce(fail_with(clock_, TransportError::connection_reset))
      .WillOnce(stream_events(clock_, {kChunk2, "[DONE]"}));
  const Result r = complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::truncated_body)
                      .retried(RetryReason::retryable_error, 500)
                      .outcome(Outcome::transient_failure)
                      .at(0, 0),
                  Rec(2)
                      .error(ErrorKind::connection_reset)
                      .retried(RetryReason::retryable_error, 1000)
                      .outcome(Outcome::transient_failure)
                      .at(500, 10),
                  Rec(3).status(200).object(kChunkType).finish(FinishReason::stop).at(1510, 10)},
                 summary(3, Outcome::success, 200, 1500, 1520));
  EXPECT_EQ(r.chunks, 1u);
}

const std::string kErrorEvent =
    R"({"error":{"message":"The server had an error","type":"server_error","code":null}})";

TEST_F(ChatClientStreamTest, AnErrorEventBeforeAnyChunkIsAStreamErrorAndRetried) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(stream_events(clock_, {kErrorEvent, kChunk1}))
      .WillOnce(stream_events(clock_, {kChunk2, "[DONE]"}));
  const Result r = complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::stream_error)
                      .retried(RetryReason::retryable_error, 500)
                      .outcome(Outcome::transient_failure)
                      .at(0, 5),
                  Rec(2).status(200).object(kChunkType).finish(FinishReason::stop).at(505, 10)},
                 summary(2, Outcome::success, 200, 500, 515));
  // The error event never reached the caller as a chunk, nor did anything after it.
  EXPECT_EQ(chunks_, (std::vector<std::string>{nlohmann::json::parse(kChunk2).dump()}));
}

TEST_F(ChatClientStreamTest, AnErrorEventAfterAChunkIsAStreamErrorAndCommitted) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(stream_events(clock_, {kChunk1, kErrorEvent}));
  complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::stream_error)
                      .decided(RetryDecision::not_retried, RetryReason::stream_committed)
                      .object(kChunkType)
                      .outcome(Outcome::transient_failure)
                      .at(0, 10)},
                 summary(1, Outcome::transient_failure, 200, 0, 10));
  EXPECT_EQ(chunks_.size(), 1u);
}

TEST_F(ChatClientStreamTest, ChunksOfAnotherObjectTypeAreAnUnexpectedShape) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(stream_events(clock_, {R"({"object":"thing","choices":[]})", "[DONE]"}));
  complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::unexpected_shape)
                      .decided(RetryDecision::not_retried, RetryReason::stream_committed)
                      .object(ResponseObjectType::other)
                      .outcome(Outcome::unknown)
                      .at(0, 10)},
                 summary(1, Outcome::unknown, 200, 0, 10));
}

TEST_F(ChatClientStreamTest, DoneWithoutAnyChunkIsAnUnexpectedShape) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(stream_events(clock_, {"[DONE]"}));
  complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::unexpected_shape)
                      .decided(RetryDecision::not_retried, RetryReason::invalid_response)
                      .outcome(Outcome::unknown)
                      .at(0, 5)},
                 summary(1, Outcome::unknown, 200, 0, 5));
}

TEST_F(ChatClientStreamTest, AMalformedChunkAbortsTheStreamAsInvalidJson) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(stream_events(clock_, {kChunk1, "{not json", kChunk2, "[DONE]"}));
  const Result r = complete(collecting());
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::invalid_json)
                      .decided(RetryDecision::not_retried, RetryReason::stream_committed)
                      .object(kChunkType)
                      .outcome(Outcome::unknown)
                      .at(0, 10)},
                 summary(1, Outcome::unknown, 200, 0, 10));
  EXPECT_EQ(chunks_.size(), 1u);
}

TEST_F(ChatClientStreamTest, AnErrorStatusOnAStreamRequestIsRetriedLikeAnyOther) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"content-type", "application/json"}}))
      .WillOnce(stream_events(clock_, {kChunk2, "[DONE]"}));
  complete(collecting());
  const auto attempts = sink_.attempts();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].retry_reason, RetryReason::retryable_status);
  EXPECT_EQ(attempts[0].response_object_type, ResponseObjectType::error);
  EXPECT_EQ(attempts[1].retry_reason, RetryReason::success);
}

TEST_F(ChatClientStreamTest, AnExceptionFromTheChunkCallbackPropagates) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(stream_events(clock_, {kChunk1, "[DONE]"}));
  CallOptions options;
  options.on_chunk = [](const nlohmann::json&) { throw std::runtime_error("caller stop"); };
  EXPECT_THROW(complete(options), std::runtime_error);
}

}  // namespace
}  // namespace cometbench::client
