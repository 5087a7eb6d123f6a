#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "faults/parser.h"

namespace cometbench::faults {
namespace {

const std::string kFixtures = COMETBENCH_FIXTURES_DIR;
const std::string kMalformed = kFixtures + "/malformed";
constexpr const char* kRoute = "/script/POST ~1v1~1chat~1completions";

// One file of fixtures/malformed and the exact error it must produce, at the line and column
// an editor jumps to. `error_file` is where the
// problem sits when that is a referenced file (relative to fixtures/), else the fixture itself.
// "{R}" in a pointer stands for the chat completions route; "{M}" in a message for the
// fixtures/malformed folder.
struct MalformedCase {
  const char* name;
  const char* position;  // LINE:COLUMN in the file that holds the problem; "" for the whole file
  const char* pointer;
  const char* message;
  const char* error_file = nullptr;
};

std::string expand(std::string text) {
  for (const auto& [token, value] : {std::pair<std::string, std::string>{"{R}", kRoute},
                                     std::pair<std::string, std::string>{"{M}", kMalformed},
                                     std::pair<std::string, std::string>{"{F}", kFixtures}}) {
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token)) {
      text.replace(at, token.size(), value);
    }
  }
  return text;
}

const MalformedCase kCases[] = {
    {"invalid_json", "4:3", "",
     "not valid JSON: syntax error while parsing object - unexpected string "
     "literal; expected '}'"},
    {"not_an_object", "", "", "expected an object, got an array"},
    {"duplicate_key", "7:92", "{R}/steps/0/respond/status", "duplicate key \"status\""},
    {"unknown_top_key", "18:3", "/nmae",
     "unknown key \"nmae\", did you mean \"name\"? (expected one of: name, description, api_key, "
     "script, client)"},
    {"unknown_step_kind", "8:11", "{R}/steps/0/respnd",
     "unknown key \"respnd\", did you mean \"respond\"? (expected one of: respond, timeout, drop, "
     "reset, truncate, stream)"},
    {"unknown_respond_key", "9:13", "{R}/steps/0/respond/stauts",
     "unknown key \"stauts\", did you mean \"status\"? (expected one of: status, headers, body, "
     "delay_ms, dribble)"},
    {"client_unknown_key", "22:5", "/client/max_attempts",
     "unknown key \"max_attempts\" (expected one of: policy, request, api_key, operations, "
     "base_path, cancel_after_ms, tls)"},
    {"name_not_string", "2:3", "/name", "expected a string, got a number"},
    {"bad_name", "2:3", "/name",
     "expected a name made of letters, digits, '.', '_' and '-', got \"rate limited\""},
    {"missing_description", "", "", "missing required key \"description\""},
    {"missing_status", "8:11", "{R}/steps/0/respond", "missing required key \"status\""},
    {"status_99", "9:13", "{R}/steps/0/respond/status",
     "expected an integer from 100 to 599, got 99"},
    {"status_600", "17:13", "{R}/steps/1/respond/status",
     "expected an integer from 100 to 599, got 600"},
    {"status_string", "9:13", "{R}/steps/0/respond/status",
     "expected an integer from 100 to 599, got a string"},
    {"status_float", "9:13", "{R}/steps/0/respond/status",
     "expected an integer from 100 to 599, got 200.0"},
    {"status_huge", "9:13", "{R}/steps/0/respond/status",
     "expected an integer from 100 to 599, got 18446744073709551615"},
    {"negative_delay", "13:13", "{R}/steps/0/respond/delay_ms",
     "expected an integer from 0 to 86400000, got -5"},
    {"dribble_zero_chunks", "14:15", "{R}/steps/0/respond/dribble/chunks",
     "expected an integer from 1 to 11 (the body is 11 bytes), got 0"},
    {"raw_not_string", "11:15", "{R}/steps/0/respond/body/raw", "expected a string, got a number"},
    {"after_bytes_beyond_body", "13:13", "{R}/steps/0/truncate/after_bytes",
     "expected an integer from 0 to 10 (the body is 11 bytes), got 40"},
    {"truncate_empty_body", "10:13", "{R}/steps/0/truncate/body",
     "expected a non-empty body (truncate sends only part of it), got 0 bytes"},
    {"truncate_missing_body", "8:11", "{R}/steps/0/truncate", "missing required key \"body\""},
    {"timeout_true", "16:11", "{R}/steps/1/timeout",
     "expected {} (timeout takes no options, and a step's options are always an object), got a "
     "boolean"},
    {"reset_with_options", "9:13", "{R}/steps/0/reset/after_ms",
     "unknown key \"after_ms\" (reset takes no options: write {})"},
    {"two_step_kinds", "7:9", "{R}/steps/0",
     "expected exactly one step kind (one of: respond, timeout, drop, reset, truncate, stream), "
     "got 2: respond, timeout"},
    {"empty_step", "15:9", "{R}/steps/1",
     "expected exactly one step kind (one of: respond, timeout, drop, reset, truncate, stream), "
     "got none"},
    {"empty_steps", "6:7", "{R}/steps", "expected at least one step, got an empty array"},
    {"steps_not_array", "6:7", "{R}/steps", "expected an array, got an object"},
    {"bad_when_exhausted", "16:7", "{R}/when_exhausted",
     "expected one of repeat_last, cycle, fail, got \"again\""},
    {"bad_route_key", "5:5", "/script/post ~1v1~1chat~1completions",
     "expected a route key \"METHOD /path\" (e.g. \"POST /v1/chat/completions\"), got \"post "
     "/v1/chat/completions\""},
    {"empty_script", "4:3", "/script", "expected at least one route, got an empty object"},
    {"bad_header_template", "11:15", "{R}/steps/0/respond/headers/Retry-After",
     "invalid template \"{{http_date:+2m}}\" (expected {{http_date:+Ns}} or {{http_date:-Ns}}, "
     "N whole seconds)"},
    {"unclosed_header_template", "11:15", "{R}/steps/0/respond/headers/Retry-After",
     "unclosed template \"{{\" (expected {{http_date:+Ns}} or {{http_date:-Ns}}, N whole "
     "seconds)"},
    {"header_value_number", "11:15", "{R}/steps/0/respond/headers/Retry-After",
     "expected a string, got a number"},
    {"header_crlf", "11:15", "{R}/steps/0/respond/headers/X-Request-Id",
     "expected a header value of visible characters, spaces and tabs (RFC 9110 field-value), got "
     "the control character U+000D at byte offset 3"},
    {"header_control_char", "11:15", "{R}/steps/0/respond/headers/X-Request-Id",
     "expected a header value of visible characters, spaces and tabs (RFC 9110 field-value), got "
     "the control character U+0001 at byte offset 3"},
    {"description_control_char", "3:3", "/description",
     "expected one line of text without control characters, got U+000D at byte offset 2"},
    {"nul_after_document", "16:1", "", "not valid JSON: unexpected NUL byte (byte offset 277)"},
    {"content_length_header", "11:15", "{R}/steps/0/respond/headers/content-length",
     "the mock server sets Content-Length from the step itself; remove this header"},
    {"stream_event_string", "10:15", "{R}/steps/0/stream/events/0",
     "expected an object (a chunk, {\"$ref\": ...} or {\"raw\": ...}), got a string"},
    {"stream_event_ref_array", "11:17", "{R}/steps/0/stream/events/0/$ref",
     "expected \"refs/array.json\" to hold a JSON object (a chunk), got an array"},
    {"drop_after_too_large", "23:13", "{R}/steps/0/stream/drop_after",
     "expected an integer from 0 to 4 (the stream has 3 events and a usage chunk), got 5"},
    {"done_not_bool", "10:13", "{R}/steps/0/stream/done", "expected true or false, got a string"},
    {"ref_missing_file", "11:15", "{R}/steps/0/respond/body/$ref",
     "\"../responses/no_such_file.json\": cannot read file: No such file or directory (looked "
     "for {F}/responses/no_such_file.json, relative to the folder of the file holding the $ref)"},
    {"ref_directory", "11:15", "{R}/steps/0/respond/body/$ref",
     "\"refs\": expected a JSON file, got a directory (looked for {M}/refs, relative to the "
     "folder of the file holding the $ref)"},
    {"ref_extra_key", "12:15", "{R}/steps/0/respond/body/status",
     "unknown key \"status\" (a {\"$ref\": ...} object holds nothing else)"},
    {"ref_not_string", "11:15", "{R}/steps/0/respond/body/$ref", "expected a string, got a number"},
    {"ref_absolute_path", "11:15", "{R}/steps/0/respond/body/$ref",
     "expected a path relative to the folder of this file, got an absolute path"},
    {"ref_cycle", "2:3", "/$ref",
     "$ref cycle: {M}/refs/cycle_a.json -> {M}/refs/cycle_b.json -> {M}/refs/cycle_a.json",
     "malformed/refs/cycle_b.json"},
    {"ref_invalid_json", "2:37", "",
     "not valid JSON: syntax error while parsing value - invalid string: "
     "control character U+000A (LF) must be escaped to \\u000A or \\n",
     "malformed/refs/broken.json"},
    {"ref_deep_chain", "1:50", "/b/b/b/b/b/b/b/b/b",
     "nesting deeper than 256 levels once $refs are expanded (each {\"$ref\": ...} counts as a "
     "level; this file's top level sits at level 248)",
     "malformed/refs/deep_2.json"},
    {"ref_nested_missing", "7:7", "/error/code/$ref",
     "\"gone.json\": cannot read file: No such file or directory (looked for "
     "{M}/refs/gone.json, relative to the folder of the file holding the $ref)",
     "malformed/refs/nested_missing.json"},
    {"operations_zero", "19:5", "/client/operations", "expected an integer from 1 to 10000, got 0"},
    {"base_path_no_slash", "19:5", "/client/base_path",
     "expected a path that starts with '/' and does not end with it (e.g. \"/v1\"), got \"v1\""},
    {"policy_not_object", "19:5", "/client/policy", "expected an object, got an array"},
    {"api_key_with_space", "18:3", "/api_key",
     "expected an API key without spaces or control characters (value not shown)"},
};

class MalformedFixture : public testing::TestWithParam<MalformedCase> {
 protected:
  std::string fixture_path() const { return kMalformed + "/" + GetParam().name + ".json"; }
  std::string error_file() const {
    return GetParam().error_file ? kFixtures + "/" + GetParam().error_file : fixture_path();
  }
  std::string expected_what() const {
    const std::string pointer = expand(GetParam().pointer);
    const std::string position = GetParam().position;
    return error_file() + (position.empty() ? "" : ":" + position) + ": " +
           (pointer.empty() ? "" : pointer + ": ") + expand(GetParam().message);
  }
};

TEST_P(MalformedFixture, FailsWithTheExactFileLocationAndMessage) {
  try {
    (void)load_scenario_file(fixture_path());
    FAIL() << fixture_path() << " parsed without error";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.what(), expected_what());
    EXPECT_EQ(e.file(), error_file());
    EXPECT_EQ(e.pointer(), expand(GetParam().pointer));
    EXPECT_EQ(e.message(), expand(GetParam().message));
  }
}

INSTANTIATE_TEST_SUITE_P(Files, MalformedFixture, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<MalformedCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(MalformedFixtures, EveryFileInTheFolderHasACase) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(kMalformed)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      on_disk.insert(entry.path().stem().string());
    }
  }
  std::set<std::string> covered;
  for (const auto& c : kCases) covered.insert(c.name);
  EXPECT_EQ(on_disk, covered);
  EXPECT_GE(covered.size(), 20u);
}

TEST(MalformedFixtures, NeverEchoSecretsOrHeaderValues) {
  for (const auto* name : {"api_key_with_space", "header_crlf", "header_control_char"}) {
    try {
      (void)load_scenario_file(kMalformed + "/" + name + ".json");
      FAIL() << name;
    } catch (const FixtureError& e) {
      // After the file's path, which may hold anything (a checkout in a folder named
      // "serve-sessions" would match the canary).
      const std::string message = e.what();
      const std::string after_path = message.substr(message.find(".json:"));
      EXPECT_THAT(after_path, testing::Not(testing::HasSubstr("secret-123")));
      EXPECT_THAT(after_path, testing::Not(testing::HasSubstr("session")));
    }
  }
}

TEST(LoadScenarioFile, MissingFileSaysSoWithoutAPointer) {
  const std::string path = kMalformed + "/does_not_exist.json";
  try {
    (void)load_scenario_file(path);
    FAIL();
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.what(), path + ": cannot read file: No such file or directory");
    EXPECT_EQ(e.pointer(), "");
  }
}

TEST(LoadScenarioFile, DirectoryIsNotAFixture) {
  const std::string path = kMalformed + "/refs";
  try {
    (void)load_scenario_file(path);
    FAIL();
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.what(), path + ": expected a JSON file, got a directory");
  }
}

TEST(ParseScenarioText, ErrorsNameTheGivenFileLabel) {
  try {
    (void)parse_scenario(R"({"name": "x"})", "label.json", kMalformed);
    FAIL();
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.what(), std::string("label.json: missing required key \"description\""));
  }
}

}  // namespace
}  // namespace cometbench::faults
