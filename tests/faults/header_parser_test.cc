#include "faults/header_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cometbench::faults {

using json::Cursor;
using json::Json;
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

std::string value_error(const std::string& value) {
  Json headers = Json::object();
  headers["X-Test"] = value;
  const std::string file = "h.json";
  try {
    (void)parse_headers(Cursor(headers, file, "/headers"));
  } catch (const FixtureError& e) {
    return e.what();
  }
  return "accepted";
}

std::string control_error(const char* code, std::size_t offset) {
  return std::string(
             "h.json: /headers/X-Test: expected a header value of visible characters, "
             "spaces and tabs (RFC 9110 field-value), got the control character ") +
         code + " at byte offset " + std::to_string(offset);
}

TEST(ParseHeaders, RejectsEveryControlCharacterInAValueWithoutShowingIt) {
  EXPECT_EQ(value_error("ab\x01secret"), control_error("U+0001", 2));
  EXPECT_EQ(value_error("a\x7f"), control_error("U+007F", 1));
  EXPECT_EQ(value_error("\x0b"), control_error("U+000B", 0));
  EXPECT_EQ(value_error("a\rb"), control_error("U+000D", 1));
  EXPECT_EQ(value_error("a\nb"), control_error("U+000A", 1));
  EXPECT_EQ(value_error(std::string("a\0b", 3)), control_error("U+0000", 1));
  EXPECT_EQ(value_error("\x1b[31m"), control_error("U+001B", 0));
}

TEST(ParseHeaders, AcceptsVisibleCharactersSpaceTabAndObsText) {
  EXPECT_EQ(value_error("a b\tc ~!"), "accepted");
  EXPECT_EQ(value_error("caf\xc3\xa9"), "accepted");  // obs-text: bytes 0x80 to 0xFF
}

}  // namespace
}  // namespace cometbench::faults
