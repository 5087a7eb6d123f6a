#include "faults/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_printer.h"

namespace cometbench::faults {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kData = COMETBENCH_FAULTS_TEST_DATA;
const std::filesystem::path kResponses =
    std::filesystem::path(COMETBENCH_FIXTURES_DIR) / "responses";

constexpr const char* kUsage = R"({"prompt_tokens":1,"completion_tokens":2,"total_tokens":3})";

// A fixture with one route whose only step is `step_json`; `$ref`s resolve against kData.
std::string one_step(const std::string& step_json) {
  return R"({"name": "t", "description": "d", "script": {"POST /v1/chat/completions": {"steps": [)" +
         step_json + "]}}}";
}

Step parse_one_step(const std::string& step_json) {
  const Scenario s = parse_scenario(one_step(step_json), "inline.json", kData);
  return s.routes.at(0).steps.at(0);
}

std::string compact_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::ordered_json::parse(text.str()).dump();
}

// Builders: the step types have members without initializers, so designated initializers
// would trip -Wmissing-field-initializers.
RespondStep respond(int status, Headers headers, Body body, std::chrono::milliseconds delay = 0ms,
                    std::optional<Dribble> dribble = std::nullopt) {
  RespondStep step;
  step.status = status;
  step.headers = std::move(headers);
  step.body = std::move(body);
  step.delay = delay;
  step.dribble = dribble;
  return step;
}

TruncateStep truncate(int status, Headers headers, Body body, std::size_t after_bytes) {
  TruncateStep step;
  step.status = status;
  step.headers = std::move(headers);
  step.body = std::move(body);
  step.after_bytes = after_bytes;
  return step;
}

StreamStep stream(Headers headers, std::vector<StreamEvent> events,
                  std::optional<StreamEvent> usage = std::nullopt,
                  std::chrono::milliseconds gap = 0ms,
                  std::optional<std::size_t> drop_after = std::nullopt, bool done = true) {
  StreamStep step;
  step.headers = std::move(headers);
  step.events = std::move(events);
  step.usage = std::move(usage);
  step.gap = gap;
  step.drop_after = drop_after;
  step.done = done;
  return step;
}

RouteScript route(std::string method, std::string path, std::vector<Step> steps,
                  WhenExhausted when_exhausted = WhenExhausted::kRepeatLast) {
  RouteScript r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.steps = std::move(steps);
  r.when_exhausted = when_exhausted;
  return r;
}

const Body kNoBody{"", false};

Scenario expected_full_scenario() {
  Scenario s;
  s.name = "full-scenario.v1";
  s.description = "every step kind and every optional key, in one file";
  s.api_key = "test-key-123";
  s.source = (kData / "full_scenario.json").string();

  const RouteScript chat = route(
      "POST", "/v1/chat/completions",
      {
          respond(
              429,
              {{"Retry-After", "2"},
               {"x-ratelimit-remaining-requests", "0"},
               {"Date", "{{http_date:+0s}}"}},
              {R"({"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})",
               true},
              250ms),
          respond(200, {{"Content-Type", "application/json"}},
                  {std::string(R"({"object":"chat.completion","id":"chatcmpl-x","usage":)") +
                       kUsage + "}",
                   true},
                  0ms, Dribble{3, 40ms}),
          TimeoutStep{},
          DropStep{},
          ResetStep{},
          truncate(200, {{"X-Truncated", "yes"}}, {R"({"id":"chatcmpl-t","choices":[]})", true},
                   10),
          stream(
              {{"X-Stream", "1"}},
              {{R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]})",
                true},
               {"not json", false},
               {R"({"object":"chat.completion.chunk","id":"inline","choices":[]})", true}},
              StreamEvent{
                  std::string(
                      R"({"id":"c","object":"chat.completion.chunk","choices":[],"usage":)") +
                      kUsage + "}",
                  true},
              15ms, 2, false),
          respond(502, {{"Retry-After", "{{http_date:-5s}}"}}, {"<html>Bad Gateway</html>", false}),
          respond(204, {}, kNoBody),
      },
      WhenExhausted::kCycle);
  const RouteScript models =
      route("GET", "/v1/models", {respond(200, {}, {R"({"object":"list","data":[]})", true})},
            WhenExhausted::kFail);

  s.routes = {chat, models};
  s.client.policy = nlohmann::json::parse(R"({"max_attempts": 5, "jitter": "none"})");
  s.client.request = nlohmann::json::parse(
      R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "ping"}]})");
  s.client.api_key = "test-key-123";
  s.client.operations = 3;
  s.client.base_path = "/proxy/v1";
  s.client.cancel_after = 1500ms;
  return s;
}

TEST(ParseScenario, FullFixtureParsesIntoExactlyTheExpectedScenario) {
  EXPECT_EQ(load_scenario_file(kData / "full_scenario.json"), expected_full_scenario());
}

TEST(ParseScenario, MinimalFixtureGetsTheDocumentedDefaults) {
  const Scenario s = parse_scenario(one_step(R"({"respond": {"status": 200}})"), "min.json", kData);
  Scenario expected;
  expected.name = "t";
  expected.description = "d";
  expected.source = "min.json";
  expected.routes = {route("POST", "/v1/chat/completions", {respond(200, {}, kNoBody)},
                           WhenExhausted::kRepeatLast)};
  EXPECT_EQ(s, expected);
  EXPECT_EQ(s.client, ClientSpec{});
  EXPECT_EQ(s.client.base_path, "/v1");
  EXPECT_EQ(s.client.operations, 1);
}

TEST(ParseScenario, RespondWithInlineJsonBodyDumpsItCompactlyInFileOrder) {
  EXPECT_EQ(
      parse_one_step(R"({"respond": {"status": 200, "body": {"z": [1, 2.5, null], "a": "x"}}})"),
      Step(respond(200, {}, {R"({"z":[1,2.5,null],"a":"x"})", true})));
}

TEST(ParseScenario, RespondWithScalarJsonBodyIsStillJson) {
  EXPECT_EQ(parse_one_step(R"({"respond": {"status": 200, "body": "hi"}})"),
            Step(respond(200, {}, {R"("hi")", true})));
}

TEST(ParseScenario, TimeoutDropAndResetTakeAnEmptyObject) {
  EXPECT_EQ(parse_one_step(R"({"timeout": {}})"), Step(TimeoutStep{}));
  EXPECT_EQ(parse_one_step(R"({"drop": {}})"), Step(DropStep{}));
  EXPECT_EQ(parse_one_step(R"({"reset": {}})"), Step(ResetStep{}));
}

TEST(ParseScenario, TruncateKeepsTheFullBodyAndTheCut) {
  EXPECT_EQ(
      parse_one_step(
          R"({"truncate": {"status": 200, "body": {"raw": "0123456789"}, "after_bytes": 9}})"),
      Step(truncate(200, {}, {"0123456789", false}, 9)));
}

TEST(ParseScenario, StreamDefaultsToStatus200WithDoneAndNoDrop) {
  EXPECT_EQ(parse_one_step(R"({"stream": {"events": [{"raw": "x"}]}})"),
            Step(stream({}, {{"x", false}})));
}

TEST(ParseScenario, StreamDropAfterMayCountTheUsageChunk) {
  const Step step =
      parse_one_step(R"({"stream": {"events": [{"a": 1}], "usage": {"b": 2}, "drop_after": 2}})");
  EXPECT_EQ(step,
            Step(stream({}, {{R"({"a":1})", true}}, StreamEvent{R"({"b":2})", true}, 0ms, 2)));
}

TEST(ParseScenario, HeadersKeepTheOrderOfTheFile) {
  const Step step = parse_one_step(
      R"({"respond": {"status": 200, "headers": {"Z-Last": "1", "a-first": "2", "M": "3", "retry-after-ms": "{{http_date:+1s}}"}}})");
  const Headers expected = {
      {"Z-Last", "1"}, {"a-first", "2"}, {"M", "3"}, {"retry-after-ms", "{{http_date:+1s}}"}};
  EXPECT_EQ(std::get<RespondStep>(step).headers, expected);
}

TEST(ParseScenario, RefToACannedResponseYieldsThatFileCompacted) {
  const Scenario s = parse_scenario(
      one_step(R"({"respond": {"status": 200, "body": {"$ref": "chat_completion.json"}}})"),
      "inline.json", kResponses);
  EXPECT_EQ(std::get<RespondStep>(s.routes.at(0).steps.at(0)).body,
            (Body{compact_file(kResponses / "chat_completion.json"), true}));
}

TEST(ParseScenario, RefsNestedInsideAnInlineBodyAreResolved) {
  EXPECT_EQ(
      parse_one_step(
          R"({"respond": {"status": 200, "body": {"usage": {"$ref": "bodies/usage_counts.json"}, "n": [{"$ref": "bodies/usage_counts.json"}]}}})"),
      Step(respond(200, {},
                   {std::string(R"({"usage":)") + kUsage + R"(,"n":[)" + kUsage + "]}", true})));
}

TEST(ParseScenario, TheSameFileReferencedTwiceIsNotACycle) {
  const Step step = parse_one_step(
      R"({"stream": {"events": [{"$ref": "bodies/usage.json"}, {"$ref": "bodies/usage.json"}]}})");
  ASSERT_EQ(std::get<StreamStep>(step).events.size(), 2u);
  EXPECT_EQ(std::get<StreamStep>(step).events[0], std::get<StreamStep>(step).events[1]);
}

TEST(ParseScenario, RefsResolveAgainstTheFolderOfTheFileThatHoldsThem) {
  const Scenario s = load_scenario_file(kData / "sub" / "relative.json");
  EXPECT_EQ(
      std::get<RespondStep>(s.routes.at(0).steps.at(0)).body,
      (Body{std::string(R"({"object":"chat.completion","id":"chatcmpl-x","usage":)") + kUsage + "}",
            true}));
  EXPECT_EQ(s.source, (kData / "sub" / "relative.json").string());
}

TEST(ParseScenario, RawObjectsInsideAJsonBodyAreJustData) {
  EXPECT_EQ(parse_one_step(R"({"respond": {"status": 200, "body": {"a": {"raw": "x"}}}})"),
            Step(respond(200, {}, {R"({"a":{"raw":"x"}})", true})));
}

TEST(ParseScenario, RoutesKeepFixtureOrder) {
  const Scenario s = parse_scenario(
      R"({"name": "t", "description": "", "script": {
            "POST /b": {"steps": [{"drop": {}}]},
            "GET /a": {"steps": [{"reset": {}}]},
            "DELETE /c/d~e": {"steps": [{"timeout": {}}]}}})",
      "routes.json", kData);
  ASSERT_EQ(s.routes.size(), 3u);
  EXPECT_EQ(s.routes[0].method + " " + s.routes[0].path, "POST /b");
  EXPECT_EQ(s.routes[1].method + " " + s.routes[1].path, "GET /a");
  EXPECT_EQ(s.routes[2].method + " " + s.routes[2].path, "DELETE /c/d~e");
}

TEST(ParseScenario, ErrorPointersEscapeTildeAndSlashInRouteKeys) {
  try {
    (void)parse_scenario(R"({"name": "t", "description": "", "script": {
            "GET /c/d~e": {"steps": [{"respond": {"status": 1}}]}}})",
                         "escape.json", kData);
    FAIL() << "expected a FixtureError";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.pointer(), "/script/GET ~1c~1d~0e/steps/0/respond/status");
  }
}

TEST(ParseScenario, WhenExhaustedAcceptsEveryDocumentedValue) {
  for (const auto w : {WhenExhausted::kRepeatLast, WhenExhausted::kCycle, WhenExhausted::kFail}) {
    const Scenario s = parse_scenario(
        std::string(
            R"({"name": "t", "description": "", "script": {"POST /x": {"steps": [{"drop": {}}], "when_exhausted": ")") +
            to_string(w) + R"("}}})",
        "w.json", kData);
    EXPECT_EQ(s.routes.at(0).when_exhausted, w);
  }
}

TEST(ParseScenario, DurationsAcceptTheirBounds) {
  EXPECT_EQ(std::get<RespondStep>(
                parse_one_step(R"({"respond": {"status": 100, "delay_ms": 86400000}})")),
            respond(100, {}, kNoBody, 86'400'000ms));
  EXPECT_EQ(std::get<RespondStep>(parse_one_step(R"({"respond": {"status": 599, "delay_ms": 0}})"))
                .status,
            599);
}

}  // namespace
}  // namespace cometbench::faults
