#include "faults/header_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cometbench::faults {
namespace {

using namespace std::chrono_literals;

constexpr const char* kHelp = "(expected {{http_date:+Ns}} or {{http_date:-Ns}}, N whole seconds)";

TEST(ScanHeaderTemplates, PlainValueHasNone) {
  const HeaderTemplateScan scan = scan_header_templates("2");
  EXPECT_TRUE(scan.templates.empty());
  EXPECT_EQ(scan.error, "");
}

TEST(ScanHeaderTemplates, FindsEachTemplateWithItsSpanAndOffset) {
  const std::string value = "a {{http_date:+2s}} b {{http_date:-30s}}{{http_date:7s}}";
  const HeaderTemplateScan scan = scan_header_templates(value);
  EXPECT_EQ(scan.error, "");
  EXPECT_THAT(scan.templates,
              testing::ElementsAre(HeaderTemplate{2, 17, 2s}, HeaderTemplate{22, 18, -30s},
                                   HeaderTemplate{40, 16, 7s}));
  EXPECT_EQ(value.substr(22, 18), "{{http_date:-30s}}");
}

TEST(ScanHeaderTemplates, AcceptsNineDigitsButNotTen) {
  EXPECT_EQ(scan_header_templates("{{http_date:+999999999s}}").templates.at(0).offset,
            999'999'999s);
  EXPECT_EQ(scan_header_templates("{{http_date:+1000000000s}}").error,
            std::string("invalid template \"{{http_date:+1000000000s}}\" ") + kHelp);
}

TEST(ScanHeaderTemplates, RejectsMalformedTemplates) {
  for (const char* inner : {"http_date:+2m", "http_date:+s", "http_date:", "http_date:+2",
                            "http_date:+-2s", "date:+2s", "", "http_date: +2s"}) {
    EXPECT_EQ(scan_header_templates(std::string("x{{") + inner + "}}").error,
              std::string("invalid template \"{{") + inner + "}}\" " + kHelp)
        << inner;
  }
}

TEST(ScanHeaderTemplates, RejectsAnUnclosedTemplate) {
  EXPECT_EQ(scan_header_templates("{{http_date:+1s}} {{http_date:+2s").error,
            std::string("unclosed template \"{{\" ") + kHelp);
}

TEST(ScanHeaderTemplates, LeavesLoneClosingBracesAlone) {
  EXPECT_EQ(scan_header_templates("}} {x}").error, "");
}

TEST(ParseHeaders, RejectsNamesThatAreNotTokens) {
  const Json headers = Json::parse(R"({"Retry After": "1"})");
  const std::string file = "h.json";
  try {
    (void)parse_headers(Cursor(headers, file, "/headers"));
    FAIL();
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.what(), std::string("h.json: /headers/Retry After: expected a header name made "
                                    "of RFC 9110 token characters, got \"Retry After\""));
  }
}

TEST(ParseHeaders, RefusesTransferEncodingInAnyCase) {
  const Json headers = Json::parse(R"({"transfer-ENCODING": "chunked"})");
  const std::string file = "h.json";
  try {
    (void)parse_headers(Cursor(headers, file));
    FAIL();
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.what(), std::string("h.json: /transfer-ENCODING: the mock server sets "
                                    "Transfer-Encoding from the step itself; remove this header"));
  }
}

TEST(ParseHeaders, KeepsTemplatesUnexpanded) {
  const Json headers = Json::parse(R"({"Retry-After": "{{http_date:+2s}}", "X": ""})");
  const std::string file = "h.json";
  EXPECT_EQ(parse_headers(Cursor(headers, file)),
            (Headers{{"Retry-After", "{{http_date:+2s}}"}, {"X", ""}}));
}

}  // namespace
}  // namespace cometbench::faults
