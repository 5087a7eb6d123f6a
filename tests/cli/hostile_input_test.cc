// Hostile fixtures through the command line: each ends with its exact message and exit code 2.
// Measured before the limits: the $ref chain crashed `validate` (SIGSEGV), the doubling chain
// ran until killed, and the others were accepted (exit 0) or stopped `run` before any scenario.

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "../faults/hostile_trees.h"
#include "cli/cli.h"
#include "run_cli.h"

namespace cometbench::cli {
namespace {
namespace fs = std::filesystem;
using hostile::TempDir;

const fs::path kFixtures = COMETBENCH_FIXTURES_DIR;
constexpr const char* kHeader =
    "/script/POST ~1v1~1chat~1completions/steps/0/respond/headers/X-Evil: expected a header "
    "value of visible characters, spaces and tabs (RFC 9110 field-value), got the control "
    "character ";

TEST(HostileInput, ValidateRefChainOfHundredFilesNested240LevelsEach) {
  const TempDir dir;
  const fs::path fixture = hostile::write_deep_chain(dir, 100, 240);
  const Outcome o = run_cli({"validate", fixture.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, "");
  std::string pointer;
  for (int i = 0; i < 9; ++i) pointer += "/a";
  EXPECT_EQ(o.err, (dir.path() / "d001.json").string() + ":1:50: " + pointer +
                       ": nesting deeper than 256 levels once $refs are expanded (each "
                       "{\"$ref\": ...} counts as a level; this file's top level sits at level "
                       "248)\n1 of 1 file invalid\n");
}

TEST(HostileInput, ValidateFortyFilesThatEachReferToTheNextTwice) {
  const TempDir dir;
  const fs::path fixture = hostile::write_doubling_chain(dir, 40);
  const Outcome o = run_cli({"validate", fixture.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err,
            (dir.path() / "e038.json").string() +
                ":1:3: /0/$ref: \"e039.json\": more than 10000 $refs to resolve in one fixture "
                "(each counts every time it is reached: files that each refer to the next "
                "one twice double the count with every file)\n1 of 1 file invalid\n");
}

TEST(HostileInput, ValidateNulByteAfterTheDocument) {
  const fs::path fixture = kFixtures / "malformed" / "nul_after_document.json";
  const Outcome o = run_cli({"validate", fixture.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, fixture.string() +
                       ":16:1: not valid JSON: unexpected NUL byte (byte offset "
                       "277)\n1 of 1 file invalid\n");
}

TEST(HostileInput, ValidateControlCharactersInHeaderValues) {
  const TempDir dir;
  for (const auto& [byte, code] : {std::pair<std::string, std::string>{"\\u0001", "U+0001"},
                                   {"\\u007f", "U+007F"},
                                   {"\\u000b", "U+000B"}}) {
    const fs::path fixture = dir.write(
        "h.json", R"({"name": "h", "description": "", "script": {"POST /v1/chat/completions":
        {"steps": [{"respond": {"status": 200, "headers": {"X-Evil": "a)" +
                      byte + R"(b"}}}]}}})");
    const Outcome o = run_cli({"validate", fixture.string()});
    EXPECT_EQ(o.code, 2) << code;
    EXPECT_EQ(o.err, fixture.string() + ":2:60: " + kHeader + code +
                         " at byte offset 1\n1 of 1 file invalid\n");
  }
}

TEST(HostileInput, RunRefusesADescriptionThatWouldForgeAPassLine) {
  const TempDir dir;
  const fs::path source = kFixtures / "malformed" / "description_control_char.json";
  const fs::path fixture = dir.path() / "description-control-char.json";
  fs::copy_file(source, fixture);
  const Outcome o = run_cli({"run", dir.path().string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out,
            "== description-control-char\n"
            "ERROR description-control-char\n    " +
                fixture.string() +
                ":3:3: /description: expected one line of text without control characters, "
                "got U+000D at byte offset 2\n"
                "0 passed, 1 failed (1 error)\n");
}

TEST(HostileInput, ControlCharactersInFileNamesAreEscapedOnTheTerminalAndInJunit) {
  const TempDir dir;
  const fs::path fixture = dir.write("x\x1b[2K.json", "{");
  const std::string shown = (dir.path() / "x\\u001b[2K.json").string();
  const std::string error =
      ":1:2: not valid JSON: syntax error while parsing "
      "object key - unexpected end of input; expected string literal";
  const Outcome validate = run_cli({"validate", fixture.string()});
  EXPECT_EQ(validate.code, 2);
  EXPECT_EQ(validate.err, shown + error + "\n1 of 1 file invalid\n");

  const Outcome junit = run_cli({"run", "--format", "junit", dir.path().string()});
  EXPECT_EQ(junit.code, 2);
  EXPECT_NE(
      junit.out.find("<testcase classname=\"cometbench.scenarios\" name=\"x\\u001b[2K\" "
                     "file=\"" +
                     shown + "\" time=\"0.000\">\n      <error message=\"" + shown + error + "\">"),
      std::string::npos)
      << junit.out;
  EXPECT_EQ(junit.out.find('\x1b'), std::string::npos);
}

TEST(HostileInput, RunReportsASymlinkLoopInAFolderAndRunsTheOtherScenarios) {
  const TempDir dir;
  fs::copy(kFixtures / "responses", dir.path() / "responses");
  const fs::path scenarios = dir.path() / "scenarios";
  fs::create_directory(scenarios);
  for (const char* file : {"timeout-then-ok.json", "timeout-then-ok.golden.jsonl"}) {
    fs::copy_file(kFixtures / "scenarios" / file, scenarios / file);
  }
  fs::create_symlink("loop.json", scenarios / "loop.json");
  const Outcome o = run_cli({"run", "--format", "jsonl", scenarios.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "ERROR loop\n    " + (scenarios / "loop.json").string() +
                       ": cannot read file: Too many levels of symbolic links\n"
                       "PASS timeout-then-ok (3 records, 31.0 s virtual)\n"
                       "1 passed, 1 failed (1 error)\n");
}

}  // namespace
}  // namespace cometbench::cli
