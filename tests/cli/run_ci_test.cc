// `cometbench run` and `validate` in CI: --quiet, --junit FILE, --shard, stale goldens, folders
// for validate, scenarios without a `name`, argument order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/cli.h"
#include "run_cli.h"

namespace cometbench::cli {
namespace {
namespace fs = std::filesystem;

// 503 then 200, no jitter: two attempts 500 ms apart. `name_line` may be empty (name omitted).
std::string scenario(const std::string& name_line) {
  return "{" + name_line + R"( "description": "503 then 200",
  "script": {"POST /v1/chat/completions": {"steps": [
    {"respond": {"status": 503, "body": {"error": {"message": "busy", "type": "server_error"}}}},
    {"respond": {"status": 200, "body": {"id": "c1", "object": "chat.completion", "created": 1,
      "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"},
      "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1,
      "total_tokens": 2}}}}
  ]}},
  "client": {"policy": {"jitter": "none"}}})";
}

std::string named(const std::string& name) { return scenario(R"("name": ")" + name + "\","); }

// The records of named(NAME), the golden that makes it pass.
std::string golden_of(const std::string& name) {
  const std::string op = "op-" + name + "-0001";
  return R"({"record":"attempt","operation_id":")" + op +
         R"(","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":503,"error_type":"503","retry_decision":"retried","retry_reason":"retryable_status","backoff_ms":500,"response_object_type":"error","finish_reason_seen":false,"usage_seen":false,"final_outcome":"transient_failure","attempt_start_ms":0,"attempt_duration_ms":0,"finish_reason":null,"connection_reused":false})"
         "\n"
         R"({"record":"attempt","operation_id":")" +
         op +
         R"(","attempt_index":2,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":200,"error_type":null,"retry_decision":"not_retried","retry_reason":"success","backoff_ms":0,"response_object_type":"chat.completion","finish_reason_seen":true,"usage_seen":true,"final_outcome":"success","attempt_start_ms":500,"attempt_duration_ms":0,"finish_reason":"stop","connection_reused":true})"
         "\n"
         R"({"record":"summary","operation_id":")" +
         op +
         R"(","attempts":2,"final_outcome":"success","final_http_response_status_code":200,"total_backoff_ms":500,"elapsed_ms":500})"
         "\n";
}

// The table block `run` prints for named(NAME), up to its verdict line.
std::string table_of(const std::string& name) {
  return "== " + name + ": 503 then 200\n  op-" + name +
         "-0001\n"
         "      #  status  error             decision       reason                     backoff "
         "    start  duration\n"
         "      1     503  503               retried        retryable_status               500 "
         "        0         0\n"
         "      2     200  -                 not_retried    success                          0 "
         "      500         0\n"
         "    = success after 2 attempts, status 200, backoff 500 ms, elapsed 500 ms\n";
}

class RunCiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("cometbench-run-ci-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& file, const std::string& text) {
    fs::create_directories((dir_ / file).parent_path());
    std::ofstream(dir_ / file, std::ios::binary) << text;
    return (dir_ / file).string();
  }
  std::string read(const std::string& file) {
    std::ifstream in(dir_ / file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string path(const std::string& file) const { return (dir_ / file).string(); }
  fs::path dir_;
};

// Real times vary from run to run; everything else in the report is exact.
std::string without_times(const std::string& xml) {
  return std::regex_replace(xml, std::regex(R"( time="[0-9]+\.[0-9]{3}")"), R"( time="T")");
}

// The text as the JUnit report holds it: quotes escaped, no final line break.
std::string xml_quoted(std::string text) {
  if (text.ends_with('\n')) text.pop_back();
  for (auto at = text.find('"'); at != std::string::npos; at = text.find('"', at + 6)) {
    text.replace(at, 1, "&quot;");
  }
  return text;
}

TEST_F(RunCiTest, QuietPrintsOnlyTheFailuresAndTheTotals) {
  write("a.json", named("a"));
  write("a.golden.jsonl", golden_of("a"));
  write("b.json", named("b"));
  const Outcome o = run_cli({"run", "--quiet", dir_.string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, table_of("b") + "FAIL b (3 records, 0.5 s virtual)\n    no golden file " +
                       path("b.golden.jsonl") +
                       "; check the run's records, then create it with: cometbench run --update " +
                       path("b.json") + "\n1 passed, 1 failed\n");
  EXPECT_EQ(o.err, "");
}

TEST_F(RunCiTest, QuietSuccessIsTheTotalsLineAlone) {
  write("a.json", named("a"));
  write("a.golden.jsonl", golden_of("a"));
  const Outcome o = run_cli({"run", "-q", "--format", "junit", dir_.string()});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.err, "1 passed, 0 failed\n");
}

TEST_F(RunCiTest, JunitFileIsWrittenBesideTheTableAndCarriesTheRecordsOfAMissingGolden) {
  write("a.json", named("a"));
  write("a.golden.jsonl", golden_of("a"));
  write("b.json", named("b"));
  const Outcome o = run_cli({"run", "--junit", path("report.xml"), dir_.string()});
  EXPECT_EQ(o.code, 1);
  const std::string no_golden = "no golden file " + path("b.golden.jsonl") +
                                "; check the run's records, then create it with: cometbench run "
                                "--update " +
                                path("b.json");
  EXPECT_EQ(o.out, table_of("a") + "PASS a (3 records, 0.5 s virtual)\n" + table_of("b") +
                       "FAIL b (3 records, 0.5 s virtual)\n    " + no_golden +
                       "\n1 passed, 1 failed\n");
  EXPECT_EQ(without_times(read("report.xml")),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites>\n"
            "  <testsuite name=\"cometbench\" tests=\"2\" failures=\"1\" errors=\"0\" "
            "time=\"T\">\n"
            "    <testcase classname=\"cometbench.scenarios\" name=\"a\" file=\"" +
                path("a.json") +
                "\" time=\"T\"/>\n"
                "    <testcase classname=\"cometbench.scenarios\" name=\"b\" file=\"" +
                path("b.json") + "\" time=\"T\">\n      <failure message=\"" + no_golden + "\">" +
                no_golden + "\nthe run's records:\n" + xml_quoted(golden_of("b")) +
                "</failure>\n"
                "    </testcase>\n"
                "  </testsuite>\n"
                "</testsuites>\n");
}

TEST_F(RunCiTest, JunitFailureCarriesTheRecordDiff) {
  write("a.json", named("a"));
  std::string golden = golden_of("a");
  golden.replace(golden.find("\"backoff_ms\":500"), 16, "\"backoff_ms\":400");
  write("a.golden.jsonl", golden);
  const Outcome o = run_cli({"run", "-q", "--junit", path("report.xml"), dir_.string()});
  EXPECT_EQ(o.code, 1);
  const std::string diff =
      "1 record differs (the golden has 3, the run 3):\n"
      "  record 1 (attempt op-a-0001 #1):\n"
      "    backoff_ms: golden 400, actual 500";
  EXPECT_EQ(o.out, table_of("a") +
                       "FAIL a (3 records, 0.5 s virtual)\n"
                       "    1 record differs (the golden has 3, the run 3):\n"
                       "      record 1 (attempt op-a-0001 #1):\n"
                       "        backoff_ms: golden 400, actual 500\n"
                       "0 passed, 1 failed\n");
  EXPECT_THAT(read("report.xml"),
              ::testing::HasSubstr("<failure message=\"1 record differs (the golden has 3, the "
                                   "run 3):\">" +
                                   diff + "</failure>\n"));
}

TEST_F(RunCiTest, AJunitFileThatCannotBeWrittenStopsTheRunBeforeItStarts) {
  write("a.json", named("a"));
  const Outcome o = run_cli({"run", "--junit", path("no-such-folder/report.xml"), dir_.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "cometbench run: --junit " + path("no-such-folder/report.xml") +
                       ": cannot write the file\n");
}

TEST_F(RunCiTest, AGoldenWithWindowsLineEndingsSaysSo) {
  write("a.json", named("a"));
  std::string golden = golden_of("a");
  for (auto at = golden.find('\n'); at != std::string::npos; at = golden.find('\n', at + 2)) {
    golden.insert(at, "\r");
  }
  write("a.golden.jsonl", golden);
  const Outcome o = run_cli({"run", "-q", dir_.string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, table_of("a") +
                       "FAIL a (3 records, 0.5 s virtual)\n"
                       "    the golden has CRLF line endings (\\r\\n) where the run writes LF "
                       "(\\n), as a checkout that converts line endings leaves it; .gitattributes "
                       "should keep goldens byte-exact (`*.golden.jsonl -text`); the records are "
                       "otherwise identical\n"
                       "0 passed, 1 failed\n");
}

TEST_F(RunCiTest, AStaleGoldenIsReportedAndRemovedOnlyWithPrune) {
  write("a.json", named("a"));
  write("a.golden.jsonl", golden_of("a"));
  write("old.golden.jsonl", golden_of("old"));
  Outcome o = run_cli({"run", "-q", dir_.string()});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, "stale golden " + path("old.golden.jsonl") +
                       ": its scenario is gone; remove it with: cometbench run --update --prune " +
                       dir_.string() + "\n1 passed, 0 failed\n");
  o = run_cli({"run", "-q", "--update", dir_.string()});
  EXPECT_EQ(o.code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "old.golden.jsonl"));

  o = run_cli({"run", "--prune", dir_.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "cometbench run: --prune removes stale goldens and needs --update\n");

  o = run_cli({"run", "-q", "--update", "--prune", dir_.string()});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, "removed stale golden " + path("old.golden.jsonl") +
                       "\ngoldens: 0 created, 0 updated, 1 unchanged\n1 passed, 0 failed\n");
  EXPECT_FALSE(fs::exists(dir_ / "old.golden.jsonl"));
  EXPECT_TRUE(fs::exists(dir_ / "a.golden.jsonl"));
}

// The shard of a file follows its name (FNV-1a): of a, b and c, shard 1/3 holds c, 2/3 b and
// 3/3 a (pinned in tests/runner/shard_test.cc).
TEST_F(RunCiTest, ShardRunsItsOwnPartOfTheSuite) {
  for (const std::string name : {"a", "b", "c"}) {
    write(name + ".json", named(name));
    write(name + ".golden.jsonl", golden_of(name));
  }
  const std::vector<std::string> expected = {"c", "b", "a"};
  for (std::size_t k = 1; k <= 3; ++k) {
    const Outcome o = run_cli({"run", "--shard", std::to_string(k) + "/3", dir_.string()});
    EXPECT_EQ(o.code, 0);
    EXPECT_EQ(o.out, table_of(expected[k - 1]) + "PASS " + expected[k - 1] +
                         " (3 records, 0.5 s virtual)\n1 passed, 0 failed\n");
  }
}

TEST_F(RunCiTest, AnEmptyShardPassesAndSaysSo) {
  write("a.json", named("a"));
  const Outcome o = run_cli({"run", "--shard", "1/3", dir_.string()});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, "shard 1/3: no scenario in this shard\n0 passed, 0 failed\n");
}

TEST_F(RunCiTest, ABadShardIsAUsageError) {
  write("a.json", named("a"));
  const Outcome o = run_cli({"run", "--shard", "4/3", dir_.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err,
            "cometbench run: --shard: expected K/N with 1 <= K <= N <= 10000 (e.g. 2/4), got "
            "\"4/3\"\n");
}

TEST_F(RunCiTest, ArgumentsKeepTheirOrderAndADuplicateIsNamed) {
  for (const std::string name : {"a", "b"}) {
    write(name + ".json", named(name));
    write(name + ".golden.jsonl", golden_of(name));
  }
  const Outcome o = run_cli({"run", path("b.json"), dir_.string()});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, table_of("b") + "PASS b (3 records, 0.5 s virtual)\n" + table_of("a") +
                       "PASS a (3 records, 0.5 s virtual)\n2 passed, 0 failed\n");
  EXPECT_EQ(o.err, "cometbench run: " + path("b.json") + ": named more than once; it runs once\n");
}

TEST_F(RunCiTest, AScenarioWithoutANameIsNamedAfterItsFile) {
  write("copy-of-a.json", scenario(""));
  write("copy-of-a.golden.jsonl", golden_of("copy-of-a"));
  const Outcome o = run_cli({"run", dir_.string()});
  EXPECT_EQ(o.code, 0) << o.out;
  EXPECT_EQ(o.out, table_of("copy-of-a") +
                       "PASS copy-of-a (3 records, 0.5 s virtual)\n1 passed, 0 failed\n");
}

TEST_F(RunCiTest, AFileNameThatIsNoNameNeedsANameInside) {
  write("a b.json", scenario(""));
  const Outcome o = run_cli({"validate", path("a b.json")});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, path("a b.json") +
                       ": missing key \"name\", and the file's name \"a b\" is not a name "
                       "(letters, digits, '.', '_' and '-'), so the scenario must name itself\n"
                       "1 of 1 file invalid\n");
}

TEST_F(RunCiTest, ValidateReadsAFolderAsRunDoesAndChecksPoliciesAndProfilesToo) {
  write("a.json", named("a"));
  write("a.golden.jsonl", golden_of("a"));
  write("b.json", scenario(""));
  write("ok.policy.json", R"({"jitter": "none"})");
  write("bad.policy.json", R"({"jitter": "fullest"})");
  write("bad.profile.json", R"({"name": "bad"})");
  const Outcome o = run_cli({"validate", dir_.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, path("a.json") + ": ok\n" + path("b.json") + ": ok\n" + path("ok.policy.json") +
                       ": ok\n");
  EXPECT_EQ(o.err,
            path("bad.policy.json") +
                ":1:2: /jitter: expected one of none, full, equal, decorrelated, openai, got "
                "\"fullest\"\n" +
                path("bad.profile.json") +
                ": missing required key \"description\"\n2 of 5 files invalid\n");
}

TEST_F(RunCiTest, ValidateAcceptsTheBundledFolders) {
  const std::string fixtures = COMETBENCH_FIXTURES_DIR;
  const Outcome o = run_cli(
      {"validate", fixtures + "/scenarios", fixtures + "/policies", fixtures + "/profiles"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err, "");
}

TEST_F(RunCiTest, ValidateOfAFolderWithoutFixturesIsAnInputError) {
  fs::create_directories(dir_ / "empty");
  const Outcome o = run_cli({"validate", path("a.json"), path("empty")});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "cometbench validate: " + path("empty") +
                       ": no scenario files (*.json) in this folder\n");
}

TEST(RunHelpTest, FormatListsItsValues) {
  const Outcome o = run_cli({"run", "--help"});
  EXPECT_EQ(o.code, 0);
  EXPECT_THAT(o.out, ::testing::HasSubstr("--format table|jsonl|logfmt|otel|junit|html"));
  EXPECT_THAT(o.out, ::testing::HasSubstr("--shard K/N"));
  EXPECT_THAT(o.out, ::testing::HasSubstr("--junit FILE"));
}

// A CI log is no terminal: however long the run, no progress line (with its carriage returns)
// reaches it. The terminal case is tests/cli/progress_test.cc, on a fake clock.
TEST(RunProgressTest, StderrThatIsNoTerminalGetsNoProgressLine) {
  std::ostringstream out;
  std::ostringstream err;
  const int code =
      run({"run", "-q", "-j", "1", std::string(COMETBENCH_FIXTURES_DIR) + "/scenarios"}, out, err,
          /*err_is_terminal=*/false);
  EXPECT_EQ(code, 0) << out.str();
  EXPECT_EQ(err.str(), "");
  EXPECT_THAT(out.str(), ::testing::EndsWith(" passed, 0 failed\n"));
}

TEST(ServeHelpTest, SaysWhatItsExitCodesMean) {
  const Outcome o = run_cli({"serve", "--help"});
  EXPECT_EQ(o.code, 0);
  EXPECT_THAT(o.out, ::testing::HasSubstr(
                         "Exit codes: 0 stopped by SIGINT or SIGTERM, 2 a fixture does not load, "
                         "two fixtures share a name, --ref-root is not a folder, the address "
                         "cannot be bound, or a usage error."));
}

}  // namespace
}  // namespace cometbench::cli
