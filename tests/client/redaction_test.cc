// The API key, prompt and completion text never reach a record, a line or an error message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "client/chat_client.h"
#include "client/record_sink.h"
#include "test_support.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Not;

const std::string kKey = "sk-CANARYKEY-0123456789abcdef";
const std::string kPrompt = "CANARY-PROMPT the eagle lands at midnight";
const std::string kCompletionText = "CANARY-COMPLETION secret answer";

// Fans records out to several sinks.
class TeeSink final : public RecordSink {
 public:
  explicit TeeSink(std::vector<RecordSink*> sinks) : sinks_(std::move(sinks)) {}
  void on_attempt(const AttemptRecord& r) override {
    for (RecordSink* s : sinks_) s->on_attempt(r);
  }
  void on_summary(const SummaryRecord& r) override {
    for (RecordSink* s : sinks_) s->on_summary(r);
  }

 private:
  std::vector<RecordSink*> sinks_;
};

std::string echo_body(const std::string& what) {
  return nlohmann::json{{"error",
                         {{"message", "You sent " + what + " with key " + kKey},
                          {"type", kPrompt},
                          {"code", kCompletionText}}}}
      .dump();
}

TEST(RedactionTest, CanariesNeverAppearInRecordsLinesOrErrors) {
  clock::FakeClock clock;
  ::testing::StrictMock<MockTransport> transport;
  std::ostringstream jsonl, logfmt, otel;
  StreamRecordSink jsonl_sink(jsonl, RecordFormat::jsonl);
  StreamRecordSink logfmt_sink(logfmt, RecordFormat::logfmt);
  StreamRecordSink otel_sink(otel, RecordFormat::otel);
  InMemorySink memory;
  TeeSink sink({&jsonl_sink, &logfmt_sink, &otel_sink, &memory});

  ClientConfig config;
  config.api_key = kKey;
  config.base_url = "http://127.0.0.1:1/v1";
  config.policy.jitter = Jitter::none;
  config.policy.max_attempts = 2;
  ChatClient client(config, transport, clock, sink, empty_environment());

  const std::string completion =
      nlohmann::json{
          {"object", kCompletionText},
          {"choices",
           {{{"message", {{"content", kCompletionText}}}, {"finish_reason", kCompletionText}}}}}
          .dump();
  const std::string chunk =
      nlohmann::json{
          {"object", "chat.completion.chunk"},
          {"choices", {{{"delta", {{"content", kCompletionText}}}, {"finish_reason", kPrompt}}}}}
          .dump();
  int sent_with_key = 0;
  const auto count_key = [&](const TransportRequest& r) {
    for (const auto& [name, value] : r.headers) {
      if (value == "Bearer " + kKey) ++sent_with_key;
    }
  };
  int call = 0;
  EXPECT_CALL(transport, perform(_)).WillRepeatedly(Invoke([&](const TransportRequest& r) {
    count_key(r);
    switch (call++ % 8) {
      case 0:
        return respond(clock, 401, echo_body(kPrompt), {{"x-debug", kKey}})(r);
      case 1:
        return respond(clock, 500, echo_body(kPrompt), {{"retry-after", kPrompt}})(r);
      case 2:
        return respond(clock, 200, completion)(r);
      case 3:
        return respond(clock, 200, "not json " + kKey + kPrompt)(r);
      case 4:
        return respond(clock, 400, echo_body(kPrompt))(r);
      case 5:
        return stream_events(clock, {chunk, "[DONE]"})(r);
      case 6:
        return stream_events(clock, {chunk, "{" + kPrompt}, TransportError::truncated_body)(r);
      default:
        return fail_with(clock, TransportError::connection_reset)(r);
    }
  }));

  const nlohmann::json request = {{"model", "gpt-4o-mini"},
                                  {"messages", {{{"role", "user"}, {"content", kPrompt}}}}};
  std::vector<std::string> texts;
  for (int i = 0; i < 8; ++i) {
    nlohmann::json req = request;
    if (i >= 5) req["stream"] = true;
    CallOptions options;
    options.on_chunk = [](const nlohmann::json&) {};
    const Result r = client.complete(req, options);
    texts.push_back(r.error_message);
    for (const AttemptRecord& a : r.attempts) texts.push_back(::testing::PrintToString(a));
    texts.push_back(::testing::PrintToString(r.summary));
  }
  texts.push_back(jsonl.str());
  texts.push_back(logfmt.str());
  texts.push_back(otel.str());
  for (const std::string& line : memory.lines()) texts.push_back(line);

  EXPECT_GE(sent_with_key, 8);
  EXPECT_THAT(jsonl.str(), HasSubstr("\"record\":\"summary\""));
  for (const std::string& text : texts) {
    EXPECT_THAT(text, Not(HasSubstr("CANARY")));
    EXPECT_THAT(text, Not(HasSubstr("eagle")));
    EXPECT_THAT(text, Not(HasSubstr(kKey.substr(0, 12))));
  }
}

TEST(RedactionTest, ConfigurationErrorsNeverQuoteTheKey) {
  clock::FakeClock clock;
  ::testing::StrictMock<MockTransport> transport;
  NullSink sink;
  ClientConfig config;
  config.api_key = kKey + "\r\nX-Injected: 1";
  try {
    ChatClient client(config, transport, clock, sink, empty_environment());
    FAIL() << "accepted a key with control characters";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr("CANARY")));
  }
}

}  // namespace
}  // namespace cometbench::client
