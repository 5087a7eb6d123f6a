#include "faults/profile_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "scenario_printer.h"

namespace cometbench::faults {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kData = COMETBENCH_FAULTS_TEST_DATA;

constexpr const char* kUsage = R"({"prompt_tokens":1,"completion_tokens":2,"total_tokens":3})";
constexpr const char* kFile = "inline.profile.json";

RespondStep respond(int status, Headers headers, Body body, std::chrono::milliseconds delay = 0ms) {
  RespondStep step;
  step.status = status;
  step.headers = std::move(headers);
  step.body = std::move(body);
  step.delay = delay;
  return step;
}

// A profile document whose `profile` section is `section` and whose top level adds `extra`.
std::string document(const std::string& section, const std::string& extra = "") {
  return R"({"name": "p", "description": "d", "profile": )" + section + extra + "}";
}

std::string with_mix(const std::string& mix, const std::string& more = "") {
  return document(R"({"operations": 10, "arrival_interval_ms": 100, "mix": )" + mix + more + "}");
}

constexpr const char* kOkMix = R"([{"weight": 1, "respond": {"status": 200}}])";

// Parsing `text` (one line) fails with exactly `FILE:1:COLUMN: POINTER: MESSAGE`, where the
// column is that of the member the pointer names (of its key, when it ends in one).
void expect_error(const std::string& text, const std::string& pointer, const std::string& message) {
  try {
    parse_profile(text, kFile, kData);
    ADD_FAILURE() << "no error for " << text;
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), kFile);
    EXPECT_EQ(e.pointer(), pointer);
    EXPECT_EQ(e.message(), message);
    if (pointer.empty()) {
      EXPECT_EQ(std::string(e.what()), std::string(kFile) + ": " + message);
      return;
    }
    ASSERT_EQ(e.line(), 1u) << e.what();
    ASSERT_GE(e.column(), 1u);
    const std::string last = pointer.substr(pointer.rfind('/') + 1);
    if (last.find_first_not_of("0123456789") != std::string::npos) {
      EXPECT_EQ(text.substr(e.column() - 1, last.size() + 2), "\"" + last + "\"") << e.what();
    }
    EXPECT_EQ(std::string(e.what()), std::string(kFile) + ":1:" + std::to_string(e.column()) +
                                         ": " + pointer + ": " + message);
  }
}

TEST(ParseProfile, FullFileParsesIntoExactlyTheExpectedProfile) {
  const std::filesystem::path file = kData / "profiles" / "full.profile.json";
  FaultProfile expected;
  expected.name = "full";
  expected.description =
      "every profile key, and steps of several kinds with bodies, headers and $refs";
  expected.api_key = "test-key-123";
  expected.operations = 500;
  expected.arrival_interval = 250ms;
  expected.seed = 42;
  expected.mix = {
      {7, respond(200, {},
                  {std::string(R"({"object":"chat.completion","id":"chatcmpl-x","usage":)") +
                       kUsage + "}",
                   true},
                  30ms)},
      {2,
       respond(
           429, {{"Retry-After", "{{http_date:+2s}}"}},
           {R"({"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})",
            true})},
      {1, TimeoutStep{}},
  };
  expected.outages = {{1000ms, 2000ms, ResetStep{}},
                      {2000ms, 2500ms, respond(503, {{"Retry-After", "1"}}, {"", false})}};
  expected.client.request = nlohmann::json::parse(
      R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "ping"}]})");
  expected.client.api_key = "client-key-9";
  expected.client.base_path = "/proxy/v1";
  expected.source = file.string();
  EXPECT_EQ(load_profile_file(file), expected);
}

TEST(ParseProfile, MinimalProfileGetsTheDocumentedDefaults) {
  const FaultProfile p = parse_profile(with_mix(kOkMix), kFile, kData);
  EXPECT_EQ(p.operations, 10);
  EXPECT_EQ(p.arrival_interval, 100ms);
  EXPECT_EQ(p.seed, 1u);
  EXPECT_EQ(p.mix.size(), 1u);
  EXPECT_TRUE(p.outages.empty());
  EXPECT_EQ(p.client, ProfileClient{});
  EXPECT_EQ(p.client.base_path, "/v1");
  EXPECT_EQ(p.api_key, std::nullopt);
}

TEST(ParseProfile, EveryStepKindWorksInTheMix) {
  const FaultProfile p =
      parse_profile(with_mix(R"([{"weight": 1, "drop": {}}, {"weight": 1, "reset": {}},
                   {"weight": 1, "truncate": {"status": 200, "body": {"raw": "0123"}, "after_bytes": 2}},
                   {"weight": 1, "stream": {"events": [{"a": 1}], "gap_ms": 5}}])"),
                    kFile, kData);
  ASSERT_EQ(p.mix.size(), 4u);
  EXPECT_EQ(step_kind(p.mix[0].step), std::string("drop"));
  EXPECT_EQ(step_kind(p.mix[1].step), std::string("reset"));
  EXPECT_EQ(step_kind(p.mix[2].step), std::string("truncate"));
  EXPECT_EQ(step_kind(p.mix[3].step), std::string("stream"));
}

TEST(ParseProfileErrors, TopLevel) {
  expect_error(document(kOkMix, R"(, "nmae": 1)"), "/nmae",
               "unknown key \"nmae\", did you mean \"name\"? (expected one of: name, description, "
               "api_key, profile, "
               "client)");
  expect_error(R"({"name": "p", "description": "d", "script": {}})", "/script",
               "a fault profile has a \"profile\" instead of a \"script\" (scenarios with a script "
               "run with cometbench run)");
  expect_error(R"({"name": "p", "description": "d"})", "", "missing required key \"profile\"");
  expect_error(R"({"name": "p q", "description": "d", "profile": {}})", "/name",
               "expected a name made of letters, digits, '.', '_' and '-', got \"p q\"");
  expect_error(R"({"name": "p", "description": "two\nlines", "profile": {}})", "/description",
               "expected one line of text without control characters, got U+000A at byte offset 3");
  expect_error("[1]", "", "expected an object, got an array");
}

TEST(ParseProfileErrors, ProfileSection) {
  expect_error(document(R"({"operations": 10, "arrival_interval_ms": 1, "mix": [], "x": 1})"),
               "/profile/x",
               "unknown key \"x\" (expected one of: operations, arrival_interval_ms, seed, mix, "
               "outages)");
  expect_error(document(R"({"arrival_interval_ms": 1, "mix": []})"), "/profile",
               "missing required key \"operations\"");
  expect_error(document(R"({"operations": 0, "arrival_interval_ms": 1, "mix": []})"),
               "/profile/operations", "expected an integer from 1 to 1000000, got 0");
  expect_error(document(R"({"operations": 1, "arrival_interval_ms": -1, "mix": []})"),
               "/profile/arrival_interval_ms", "expected an integer from 0 to 86400000, got -1");
  expect_error(document(R"({"operations": 1, "arrival_interval_ms": 1, "seed": -2, "mix": []})"),
               "/profile/seed", "expected an integer from 0 to 9223372036854775807, got -2");
  expect_error(with_mix("[]"), "/profile/mix", "expected at least one entry, got an empty array");
  expect_error(with_mix("{}"), "/profile/mix", "expected an array, got an object");
}

TEST(ParseProfileErrors, MixEntries) {
  expect_error(with_mix(R"([{"weight": 0, "respond": {"status": 200}}])"), "/profile/mix/0/weight",
               "expected an integer from 1 to 1000000000 (a weight of 0 would never be drawn: "
               "leave the entry out), got 0");
  expect_error(with_mix(R"([{"weight": 1.5, "respond": {"status": 200}}])"),
               "/profile/mix/0/weight",
               "expected an integer from 1 to 1000000000 (a weight of 0 would never be drawn: "
               "leave the entry out), got 1.5");
  expect_error(with_mix(R"([{"respond": {"status": 200}}])"), "/profile/mix/0",
               "missing required key \"weight\"");
  expect_error(with_mix(R"([{"weight": 1}])"), "/profile/mix/0",
               "expected exactly one step kind (one of: respond, timeout, drop, reset, truncate, "
               "stream), got none");
  expect_error(with_mix(R"([{"weight": 1, "timeout": {}, "drop": {}}])"), "/profile/mix/0",
               "expected exactly one step kind (one of: respond, timeout, drop, reset, truncate, "
               "stream), got 2: timeout, drop");
  expect_error(with_mix(R"([{"weight": 1, "respnd": {}}])"), "/profile/mix/0/respnd",
               "unknown key \"respnd\", did you mean \"respond\"? (expected one of: weight, "
               "respond, timeout, drop, reset, "
               "truncate, stream)");
  expect_error(
      with_mix(
          R"([{"weight": 1, "respond": {"status": 200}}, {"weight": 2, "respond": {"status": 600}}])"),
      "/profile/mix/1/respond/status", "expected an integer from 100 to 599, got 600");
  expect_error(with_mix(R"([{"weight": 1, "respond": {"status": 200, "headers": {"A": "x\ny"}}}])"),
               "/profile/mix/0/respond/headers/A",
               "expected a header value of visible characters, spaces and tabs (RFC 9110 "
               "field-value), got the control character U+000A at byte offset 1");
  // The $ref resolver's own wording; what matters here is the file and the place.
  try {
    parse_profile(
        with_mix(R"([{"weight": 1, "respond": {"status": 200, "body": {"$ref": "nope.json"}}}])"),
        kFile, kData);
    ADD_FAILURE() << "no error for a missing $ref";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), kFile);
    EXPECT_EQ(e.pointer(), "/profile/mix/0/respond/body/$ref");
    EXPECT_THAT(e.message(), testing::HasSubstr("nope.json"));
  }
}

TEST(ParseProfileErrors, StreamEventsThatRaceWithAGap) {
  expect_error(
      with_mix(
          R"([{"weight": 1, "stream": {"events": [{"raw": "oops"}, {"a": 1}], "gap_ms": 10}}])"),
      "/profile/mix/0/stream/events/0",
      "expected a JSON object here, or no gap_ms: in a profile, an event that is not a JSON object "
      "may not be followed by a gap (the client hangs up at it, and the gap would race with its "
      "clock)");
  // Without a gap, or as the last event sent, a malformed event is fine.
  EXPECT_NO_THROW(parse_profile(
      with_mix(R"([{"weight": 1, "stream": {"events": [{"raw": "oops"}, {"a": 1}]}}])"), kFile,
      kData));
  EXPECT_NO_THROW(parse_profile(
      with_mix(
          R"([{"weight": 1, "stream": {"events": [{"a": 1}, {"raw": "oops"}], "gap_ms": 10}}])"),
      kFile, kData));
  EXPECT_NO_THROW(parse_profile(
      with_mix(
          R"([{"weight": 1, "stream": {"events": [{"raw": "{\"a\": 1}"}, {"a": 1}], "gap_ms": 10}}])"),
      kFile, kData));
}

TEST(ParseProfileErrors, Outages) {
  const auto outages = [](const std::string& list) {
    return with_mix(kOkMix, R"(, "outages": )" + list);
  };
  expect_error(outages(R"([{"from_ms": -5, "to_ms": 10, "drop": {}}])"),
               "/profile/outages/0/from_ms", "expected an integer from 0 to 31536000000, got -5");
  expect_error(
      outages(R"([{"from_ms": 10, "to_ms": 10, "drop": {}}])"), "/profile/outages/0/to_ms",
      "expected more than from_ms (10): a window [from_ms, to_ms) must not be empty, got 10");
  expect_error(
      outages(
          R"([{"from_ms": 0, "to_ms": 100, "drop": {}}, {"from_ms": 50, "to_ms": 200, "drop": {}}])"),
      "/profile/outages/1/from_ms",
      "expected at least 100 (the previous outage's to_ms: outages are listed in time order "
      "and do not overlap), got 50");
  expect_error(
      outages(
          R"([{"from_ms": 500, "to_ms": 600, "drop": {}}, {"from_ms": 0, "to_ms": 100, "drop": {}}])"),
      "/profile/outages/1/from_ms",
      "expected at least 600 (the previous outage's to_ms: outages are listed in time order "
      "and do not overlap), got 0");
  expect_error(outages(R"([{"from_ms": 0, "to_ms": 100}])"), "/profile/outages/0",
               "expected exactly one step kind (one of: respond, timeout, drop, reset, truncate, "
               "stream), got none");
  expect_error(outages(R"([{"from_ms": 0, "to_ms": 100, "weight": 1, "drop": {}}])"),
               "/profile/outages/0/weight",
               "unknown key \"weight\" (expected one of: from_ms, to_ms, respond, timeout, drop, "
               "reset, truncate, stream)");
  expect_error(outages(R"([{"to_ms": 100, "drop": {}}])"), "/profile/outages/0",
               "missing required key \"from_ms\"");
  expect_error(outages(R"([{"from_ms": 0, "to_ms": 100, "respond": {}}])"),
               "/profile/outages/0/respond", "missing required key \"status\"");
  // Touching windows are fine: [0, 100) then [100, 200).
  EXPECT_EQ(
      parse_profile(
          outages(
              R"([{"from_ms": 0, "to_ms": 100, "drop": {}}, {"from_ms": 100, "to_ms": 200, "reset": {}}])"),
          kFile, kData)
          .outages.size(),
      2u);
}

TEST(ParseProfileErrors, Client) {
  const std::string base =
      R"({"name": "p", "description": "d", "profile": {"operations": 1, "arrival_interval_ms": 1, "mix": )" +
      std::string(kOkMix) + R"(}, "client": )";
  expect_error(base + R"({"policy": {"max_attempts": 3}}})", "/client/policy",
               "a profile's client has no policy: the policies to compare are given to cometbench "
               "tune with --policy");
  expect_error(base + R"({"operations": 3}})", "/client/operations",
               "a profile's operation count is /profile/operations");
  expect_error(base + R"({"cancel_after_ms": 3}})", "/client/cancel_after_ms",
               "unknown key \"cancel_after_ms\" (expected one of: request, api_key, base_path)");
  expect_error(base + R"({"base_path": "v1"}})", "/client/base_path",
               "expected a path that starts with '/' and does not end with it (e.g. \"/v1\"), got "
               "\"v1\"");
  expect_error(base + R"({"request": []}})", "/client/request", "expected an object, got an array");
}

TEST(LoadProfileFile, NamesTheFileWhenItCannotBeRead) {
  try {
    load_profile_file(kData / "profiles" / "missing.profile.json");
    ADD_FAILURE();
  } catch (const FixtureError& e) {
    EXPECT_EQ(std::string(e.what()), (kData / "profiles" / "missing.profile.json").string() +
                                         ": cannot read file: No such file or directory");
  }
}

}  // namespace
}  // namespace cometbench::faults
