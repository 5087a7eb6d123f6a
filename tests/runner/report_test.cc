#include "runner/report.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace cometbench::runner {
namespace {

// A scenario whose file name and text try to forge a PASS line: before, the table printed the
// description raw, so "\r\x1b[2K" erased the line and "\n" started a fake one.
ScenarioOutcome forged_outcome() {
  ScenarioOutcome o;
  o.file = "dir/x\x1b.json";
  o.golden = "dir/x\x1b.golden.jsonl";
  o.name = "x\x1b";
  o.description = "ok\r\x1b[2K\nPASS everything";
  o.verdict = Verdict::error;
  o.detail = "dir/x\x1b.json: /description: bad\nsecond\tline \xff";
  return o;
}

TEST(ReportTest, TheTableShowsControlCharactersAsEscapes) {
  std::ostringstream out;
  write_table(forged_outcome(), out);
  EXPECT_EQ(out.str(),
            "== x\\u001b: ok\\u000d\\u001b[2K\\u000aPASS everything\n"
            "ERROR x\\u001b\n"
            "    dir/x\\u001b.json: /description: bad\n"
            "    second\\u0009line \\xff\n");
}

TEST(ReportTest, JunitStaysWellFormedXmlWhatEverThePathsHold) {
  ScenarioOutcome passed;
  passed.file = "dir/a\x01<b>&\".json";
  passed.name = "a\x01<b>&\"";
  passed.verdict = Verdict::pass;
  std::ostringstream out;
  write_junit({passed, forged_outcome()}, out);
  EXPECT_EQ(
      out.str(),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites>\n"
      "  <testsuite name=\"cometbench\" tests=\"2\" failures=\"0\" errors=\"1\" "
      "time=\"0.000\">\n"
      "    <testcase classname=\"cometbench.scenarios\" name=\"a\\u0001&lt;b&gt;&amp;&quot;\" "
      "file=\"dir/a\\u0001&lt;b&gt;&amp;&quot;.json\" time=\"0.000\"/>\n"
      "    <testcase classname=\"cometbench.scenarios\" name=\"x\\u001b\" "
      "file=\"dir/x\\u001b.json\" time=\"0.000\">\n"
      "      <error message=\"dir/x\\u001b.json: /description: bad\">dir/x\\u001b.json: "
      "/description: bad\nsecond\\u0009line \\xff</error>\n"
      "    </testcase>\n"
      "  </testsuite>\n"
      "</testsuites>\n");
  // XML 1.0 allows no control character but TAB, LF and CR, and the report uses only LF.
  for (const char c : out.str()) {
    EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\n') << static_cast<int>(c);
  }
}

}  // namespace
}  // namespace cometbench::runner
