// Fixtures built to hurt the parser: each must fail with its exact message, in bounded time and
// memory (ctest's 60 s timeout catches a hang; before these limits the first two crashed with
// SIGSEGV and ran until killed).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "faults/parser.h"
#include "faults/ref_resolver.h"
#include "hostile_trees.h"

namespace cometbench::faults {
namespace {

using hostile::nested;
using hostile::ref_to;
using hostile::scenario_with_body;
using hostile::TempDir;

constexpr const char* kBody = "/script/POST ~1v1~1chat~1completions/steps/0/respond/body";

std::string load_error(const std::filesystem::path& fixture, const ParseOptions& options = {}) {
  try {
    (void)load_scenario_file(fixture, options);
  } catch (const FixtureError& e) {
    return e.what();
  }
  return "no error";
}

std::string repeated(const std::string& text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

TEST(HostileFixture, RefChainOfHundredFilesEachNested240LevelsHitsTheTotalDepth) {
  const TempDir dir;
  const auto fixture = hostile::write_deep_chain(dir, 100, 240);
  // The body's {"$ref"} is level 7, d000.json's top level 8, d001.json's 248: its ninth level
  // below that is the 257th.
  EXPECT_EQ(load_error(fixture),
            (dir.path() / "d001.json").string() + ":1:50: " + repeated("/a", 9) +
                ": nesting deeper than 256 levels once $refs are expanded (each {\"$ref\": ...} "
                "counts as a level; this file's top level sits at level 248)");
}

TEST(HostileFixture, ChainOfFilesThatAreOnlyARefCountsEachRefAsALevel) {
  const TempDir dir;
  for (std::size_t i = 0; i < 300; ++i) {
    dir.write(hostile::numbered("x", i), ref_to(hostile::numbered("x", i + 1)));
  }
  const auto fixture = dir.write("refs.json", scenario_with_body("refs", ref_to("x000.json")));
  EXPECT_EQ(load_error(fixture), (dir.path() / "x249.json").string() +
                                     ": nesting deeper than 256 levels once $refs are expanded "
                                     "(each {\"$ref\": ...} counts as a level; this file's top "
                                     "level sits at level 257)");
}

TEST(HostileFixture, FortyFilesThatEachReferToTheNextTwiceStopAtTheRefCount) {
  const TempDir dir;
  const auto fixture = hostile::write_doubling_chain(dir, 40);
  EXPECT_EQ(
      load_error(fixture),
      (dir.path() / "e038.json").string() +
          ":1:3: /0/$ref: \"e039.json\": more than 10000 $refs to resolve in one fixture (each "
          "counts every time it is reached: files that each refer to the next one twice "
          "double the count with every file)");
}

TEST(HostileFixture, TheSameFileReferencedManyTimesWithinTheLimitsIsFine) {
  const TempDir dir;
  dir.write("one.json", "1");
  std::string body = "[";
  for (int i = 0; i < 1000; ++i) body += (i == 0 ? "" : ",") + ref_to("one.json");
  body += "]";
  const auto fixture = dir.write("many.json", scenario_with_body("many", body));
  const Scenario s = load_scenario_file(fixture);
  const auto& step = std::get<RespondStep>(s.routes.at(0).steps.at(0));
  EXPECT_EQ(step.body.bytes, "[" + repeated("1,", 999) + "1]");
}

TEST(HostileFixture, RefsThatReadMoreThanTheByteBudgetFailAtTheRefThatCrossesIt) {
  const TempDir dir;
  // Each half fits on its own; the second one brings the total past 4 MiB.
  const std::string half = "\"" + std::string(kMaxFixtureBytes / 2, 'x') + "\"";
  dir.write("half.json", half);
  const auto fixture = dir.write(
      "budget.json",
      scenario_with_body("budget", "[" + ref_to("half.json") + ", " + ref_to("half.json") + "]"));
  EXPECT_EQ(load_error(fixture),
            fixture.string() + ":2:115: " + kBody +
                "/1/$ref: \"half.json\": the fixture and the files its $refs read add up to "
                "more than 4194304 bytes (a file counts every time it is referenced)");
}

TEST(HostileFixture, AFixtureLargerThanTheBudgetIsRefusedWhole) {
  const TempDir dir;
  const std::string text =
      scenario_with_body("large", "\"" + std::string(kMaxFixtureBytes, 'x') + "\"");
  const auto fixture = dir.write("large.json", text);
  const std::string message =
      ": larger than 4194304 bytes, the most a fixture may hold together with the files its "
      "$refs read";
  EXPECT_EQ(load_error(fixture), fixture.string() + message);
  try {
    (void)parse_scenario(text, "<upload>", dir.path());
    FAIL() << "parsed";
  } catch (const FixtureError& e) {
    EXPECT_EQ(std::string(e.what()), "<upload>" + message);
  }
}

TEST(HostileFixture, AnObjectWithAHundredThousandKeysParsesInLinearTime) {
  // ordered_json searches its keys linearly: duplicate checks and copies by key made this take
  // 94 s (measured), past ctest's timeout.
  const TempDir dir;
  std::string body = "{";
  for (int i = 0; i < 100'000; ++i) body += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) + "\":0";
  body += "}";
  dir.write("keys_body.json", body);
  const auto fixture = dir.write("keys.json", scenario_with_body("keys", ref_to("keys_body.json")));
  const Scenario s = load_scenario_file(fixture);
  EXPECT_EQ(std::get<RespondStep>(s.routes.at(0).steps.at(0)).body.bytes, body);
}

TEST(HostileFixture, AnUnknownKeyOfThreeMegabytesIsReportedWithoutADistanceTableOfItsSize) {
  // "Did you mean" compares keys of similar length only: a table of 3 MB x 12 took gigabytes.
  const TempDir dir;
  const std::string key(3'000'000, 'x');
  const auto fixture = dir.write(
      "big_key.json", R"({"name": "b", "description": "d", ")" + key + R"(": 1, "script": {}})");
  EXPECT_EQ(load_error(fixture), fixture.string() + ":1:35: /" + key + ": unknown key \"" + key +
                                     "\" (expected one of: name, description, api_key, script, "
                                     "client)");
}

TEST(HostileFixture, ANulByteAfterTheDocumentIsRejectedWithItsPosition) {
  const TempDir dir;
  const std::string text = scenario_with_body("nul", "{}") + std::string("\0{\"more\": 1}", 12);
  const auto fixture = dir.write("nul.json", text);
  EXPECT_EQ(load_error(fixture),
            fixture.string() + ":3:1: not valid JSON: unexpected NUL byte (byte offset 140)");
}

}  // namespace
}  // namespace cometbench::faults
