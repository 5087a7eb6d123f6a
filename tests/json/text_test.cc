#include "json/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "json/cursor.h"
#include "json/pointer.h"

namespace cometbench::json {
namespace {

std::string error_of(std::string_view text) {
  try {
    (void)parse_text(text, "doc.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParseJsonText, KeepsKeysInFileOrder) {
  EXPECT_EQ(parse_text(R"({"b": 1, "a": {"d": 2, "c": 3}})", "doc.json").dump(),
            R"({"b":1,"a":{"d":2,"c":3}})");
}

TEST(ParseJsonText, ParsesEveryValueKind) {
  EXPECT_EQ(
      parse_text(R"([null, true, false, -1, 18446744073709551615, 1.5, "s", [], {}])", "doc.json")
          .dump(),
      R"([null,true,false,-1,18446744073709551615,1.5,"s",[],{}])");
}

TEST(ParseJsonText, SyntaxErrorGivesLineColumnAndReason) {
  EXPECT_EQ(error_of("{\n  \"a\": 1,\n    x\n}"),
            "doc.json:3:5: not valid JSON: syntax error while parsing object key - "
            "invalid literal; expected string literal");
}

TEST(ParseJsonText, MisplacedTokenPointsAtItsFirstCharacter) {
  EXPECT_EQ(error_of("{\"a\": 1 \"b\": 2}"),
            "doc.json:1:9: not valid JSON: syntax error while parsing object - "
            "unexpected string literal; expected '}'");
}

TEST(ParseJsonText, EmptyTextIsNotJson) {
  EXPECT_EQ(error_of(""),
            "doc.json:1:1: not valid JSON: syntax error while parsing value - "
            "unexpected end of input; expected '[', '{', or a literal");
}

TEST(ParseJsonText, TrailingGarbageIsAnError) {
  EXPECT_EQ(error_of("{} x"),
            "doc.json:1:4: not valid JSON: syntax error while parsing value - "
            "invalid literal; expected end of input");
}

TEST(ParseJsonText, ErrorsNeverEchoTheTokenBeingRead) {
  const std::string what = error_of(R"({"api_key": "sk-very-secret)");
  EXPECT_EQ(what,
            "doc.json:1:28: not valid JSON: syntax error while parsing value - "
            "invalid string: missing closing quote");
  EXPECT_THAT(what, testing::Not(testing::HasSubstr("sk-very-secret")));
}

TEST(ParseJsonText, DuplicateKeyIsAnErrorAtThatMember) {
  EXPECT_EQ(error_of(R"({"list": [{"a": 1}, {"b/c": 1, "x": {}, "b/c": 2}]})"),
            "doc.json:1:41: /list/1/b~1c: duplicate key \"b/c\"");
}

TEST(ParseJsonText, SameKeyInSiblingObjectsIsFine) {
  EXPECT_NO_THROW((void)parse_text(R"([{"a": 1}, {"a": 2}, {"o": {"a": 3}}])", "doc.json"));
}

TEST(ParseJsonText, NestingBeyondTheLimitIsRefused) {
  const std::string deep =
      std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  std::string pointer;
  for (std::size_t i = 0; i < kMaxJsonDepth; ++i) pointer += "/0";
  EXPECT_EQ(error_of(deep), "doc.json:1:257: " + pointer + ": nesting deeper than 256 levels");
  const std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_NO_THROW((void)parse_text(at_limit, "doc.json"));
}

TEST(ParseJsonText, InvalidUtf8IsRejected) {
  EXPECT_EQ(error_of("[\"\xff\"]"),
            "doc.json:1:3: not valid JSON: syntax error while parsing value - "
            "invalid string: ill-formed UTF-8 byte");
}

TEST(ParseJsonText, ANulByteAfterTheDocumentIsAnErrorNotTheEndOfTheText) {
  // nlohmann's lexer would stop at the NUL and call the document complete.
  EXPECT_EQ(error_of(std::string("{\"a\": 1}\n\0{\"b\": 2}", 17)),
            "doc.json:2:1: not valid JSON: unexpected NUL byte (byte offset 9)");
}

TEST(ParseJsonText, ANulByteAnywhereIsReportedWhereItIs) {
  EXPECT_EQ(error_of(std::string("{\"a\": \"x\0y\"}", 12)),
            "doc.json:1:9: not valid JSON: unexpected NUL byte (byte offset 8)");
  EXPECT_EQ(error_of(std::string("\0", 1)),
            "doc.json:1:1: not valid JSON: unexpected NUL byte (byte offset 0)");
}

TEST(TextPosition, CountsLinesAndColumnsFromOne) {
  EXPECT_EQ(text_position("ab\ncd", 0).line, 1u);
  EXPECT_EQ(text_position("ab\ncd", 0).column, 1u);
  EXPECT_EQ(text_position("ab\ncd", 4).line, 2u);
  EXPECT_EQ(text_position("ab\ncd", 4).column, 2u);
}

// LINE:COLUMN that locate() finds for `pointer` in `text`, or "none".
std::string where(std::string_view text, std::string_view pointer) {
  const std::optional<TextPosition> at = locate(text, pointer);
  return at ? std::to_string(at->line) + ":" + std::to_string(at->column) : "none";
}

TEST(Locate, FindsTheKeyOfAMemberAndTheStartOfAnElement) {
  const std::string text =
      "{\n"
      "  \"name\": \"x\",\n"
      "  \"script\": {\"POST /v1/chat/completions\": {\"steps\": [\n"
      "    {\"respond\": {\"status\": 700}},\n"
      "    {\"timeout\": {}}\n"
      "  ]}}\n"
      "}\n";
  EXPECT_EQ(where(text, ""), "1:1");
  EXPECT_EQ(where(text, "/name"), "2:3");
  EXPECT_EQ(where(text, "/script/POST ~1v1~1chat~1completions/steps/0/respond/status"), "4:18");
  EXPECT_EQ(where(text, "/script/POST ~1v1~1chat~1completions/steps/1"), "5:5");
  EXPECT_EQ(where(text, "/script/POST ~1v1~1chat~1completions/steps/1/timeout"), "5:6");
}

TEST(Locate, StopsAtTheDeepestPlaceTheTextHas) {
  // The body was a {"$ref": ...} that another file's JSON replaced: the error is at the `$ref`.
  const std::string text = R"({"body": {"$ref": "x.json"}})";
  EXPECT_EQ(where(text, "/body/choices/0/message"), "1:2");
  EXPECT_EQ(where(text, "/missing"), "1:1");
  EXPECT_EQ(where("[1, 2]", "/7"), "1:1");
  EXPECT_EQ(where("[1, 2]", "/01"), "1:1");
}

TEST(Locate, EscapedKeysAndStringsWithBracketsDoNotMisleadIt) {
  const std::string text = R"({"a": "}]\"{", "k\u00e9y": [{"x": "[{"}, {"y": 1}]})";
  EXPECT_EQ(where(text, "/k\xC3\xA9y/1/y"), "1:43");
}

TEST(Locate, ADuplicateKeyIsFoundWhereItIsRepeated) {
  EXPECT_EQ(where("{\"a\": 1,\n \"a\": 2}", "/a"), "2:2");
  // A key repeated further out than the last token does not matter.
  EXPECT_EQ(where(R"({"o": {"a": 1}, "p": 2})", "/o/a"), "1:8");
}

TEST(Locate, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(where("{\"\xC3\xA9\": 1, \"b\": 2}", "/b"),
            "1:10");  // the 2-byte e-acute is one column
}

TEST(Locate, RefusesWhatIsNotAPointer) {
  EXPECT_EQ(where("{}", "a"), "none");
  EXPECT_EQ(where("", "/a"), "none");
}

TEST(WithPosition, AddsTheLineAndColumnOfThePointerInThatFile) {
  const std::string text = "{\n  \"n\": 0\n}";
  const InputError error("f.json", "/n", "expected 1");
  EXPECT_STREQ(with_position(error, text, "f.json").what(), "f.json:2:3: /n: expected 1");
  // Another file's error, or one about the whole document, passes through unchanged.
  EXPECT_STREQ(with_position(error, text, "g.json").what(), "f.json: /n: expected 1");
  EXPECT_STREQ(with_position(InputError("f.json", "", "empty"), text, "f.json").what(),
               "f.json: empty");
}

TEST(PointerToken, EscapesTildeBeforeSlash) {
  EXPECT_EQ(pointer_token("POST /v1/chat~x"), "POST ~1v1~1chat~0x");
  EXPECT_EQ(pointer_token("~1"), "~01");
}

TEST(ReadTextFile, ReadsARegularFile) {
  const FileText file = read_text_file(std::filesystem::path(COMETBENCH_FAULTS_TEST_DATA) /
                                       "bodies" / "usage_counts.json");
  ASSERT_TRUE(file.text);
  EXPECT_EQ(*file.text, "{\"prompt_tokens\": 1, \"completion_tokens\": 2, \"total_tokens\": 3}\n");
}

TEST(ReadTextFile, ExplainsMissingFilesDirectoriesAndSpecialFiles) {
  EXPECT_EQ(read_text_file("/nonexistent/x.json").error,
            "cannot read file: No such file or directory");
  EXPECT_EQ(read_text_file(COMETBENCH_FAULTS_TEST_DATA).error,
            "expected a JSON file, got a directory");
  EXPECT_EQ(read_text_file("/dev/null").error, "expected a JSON file, got a special file");
}

TEST(ReadTextFile, AFileLargerThanTheLimitIsRefused) {
  const auto path =
      std::filesystem::path(COMETBENCH_FAULTS_TEST_DATA) / "bodies" / "usage_counts.json";
  const FileText small = read_text_file(path, 10);
  EXPECT_FALSE(small.text);
  EXPECT_TRUE(small.too_large);
  EXPECT_EQ(small.error, "larger than 10 bytes");
  const FileText exact = read_text_file(path, 64);
  ASSERT_TRUE(exact.text);
  EXPECT_EQ(exact.text->size(), 64u);
  EXPECT_FALSE(exact.too_large);
}

TEST(ReadTextFile, AFifoIsRefusedWithoutBlocking) {
  const std::filesystem::path fifo =
      std::filesystem::temp_directory_path() / ("faults_test_fifo_" + std::to_string(::getpid()));
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const FileText file = read_text_file(fifo);
  std::filesystem::remove(fifo);
  EXPECT_EQ(file.error, "expected a JSON file, got a special file");
}

}  // namespace
}  // namespace cometbench::json
