#include "json/cursor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "json/ascii.h"
#include "json/enum_names.h"
#include "json/pointer.h"

namespace cometbench::json {
namespace {

enum class Colour { red, green, blue };
constexpr std::array<EnumName<Colour>, 3> kColours{{
    {"red", Colour::red},
    {"green", Colour::green},
    {"blue", Colour::blue},
}};
static_assert(one_to_one(kColours));
static_assert(name_of(kColours, Colour::green) == "green");
static_assert(value_of(kColours, "blue") == Colour::blue);
static_assert(!value_of(kColours, "Blue").has_value());

const std::string kFile = "f.json";

// The message of the InputError that `read` throws on `text`'s document.
template <typename Read>
std::string error_of(const std::string& text, Read read) {
  const Json document = parse_text(text, kFile);
  try {
    read(Cursor(document, kFile));
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(EnumNames, TurnTokensIntoValuesAndBackAndListThem) {
  EXPECT_EQ(names_list(kColours), "red, green, blue");
  EXPECT_EQ(names_list(kColours, " | "), "red | green | blue");
  constexpr std::array<EnumName<Colour>, 2> kTwice{{{"red", Colour::red}, {"rot", Colour::red}}};
  EXPECT_FALSE(one_to_one(kTwice));
}

TEST(Cursor, AnUnknownKeyCloseToAKnownOneGetsADidYouMean) {
  const auto keys = [](const Cursor& at) { at.expect_keys({"status", "headers", "body"}); };
  EXPECT_EQ(error_of(R"({"stauts": 200})", keys),
            "f.json: /stauts: unknown key \"stauts\", did you mean \"status\"? (expected one of: "
            "status, headers, body)");
  EXPECT_EQ(
      error_of(R"({"Headers": {}})", keys),
      "f.json: /Headers: unknown key \"Headers\", did you mean \"headers\"? (expected one of: "
      "status, headers, body)");
  EXPECT_EQ(error_of(R"({"trailers": {}})", keys),
            "f.json: /trailers: unknown key \"trailers\" (expected one of: status, headers, body)");
}

TEST(Cursor, AFileMayNameItsSchemaWhichIsNotListed) {
  const auto keys = [](const Cursor& at) { at.expect_file_keys({"name"}); };
  EXPECT_EQ(error_of(R"({"$schema": "s.json", "name": "x"})", keys), "no error");
  EXPECT_EQ(error_of(R"({"$schema": 1})", keys),
            "f.json: /$schema: expected a string (the file's JSON Schema), got a number");
  EXPECT_EQ(error_of(R"({"nam": 1})", keys),
            "f.json: /nam: unknown key \"nam\", did you mean \"name\"? (expected one of: name)");
  // Elsewhere than at the top of a file, `$schema` is a key like any other.
  EXPECT_EQ(error_of(R"({"$schema": "s"})", [](const Cursor& at) { at.expect_keys({"name"}); }),
            "f.json: /$schema: unknown key \"$schema\" (expected one of: name)");
}

TEST(Cursor, EnumsReadThroughTheirTable) {
  const auto colour = [](const Cursor& at) { (void)at.child("c").as_enum(kColours); };
  EXPECT_EQ(error_of(R"({"c": "green"})", colour), "no error");
  EXPECT_EQ(error_of(R"({"c": "gren"})", colour),
            "f.json: /c: expected one of red, green, blue, got \"gren\", did you mean \"green\"?");
  EXPECT_EQ(error_of(R"({"c": "purple"})", colour),
            "f.json: /c: expected one of red, green, blue, got \"purple\"");
  EXPECT_EQ(error_of(R"({"c": 3})", colour), "f.json: /c: expected one of red, green, blue, got 3");
  // Text that could be prose or a secret is described, not quoted.
  EXPECT_EQ(error_of(R"({"c": "Bearer sk-123"})", colour),
            "f.json: /c: expected one of red, green, blue, got a string");
}

TEST(Cursor, NumbersHaveRanges) {
  const auto number = [](const Cursor& at) { (void)at.child("m").as_number(1, 1000); };
  EXPECT_EQ(error_of(R"({"m": 2.5})", number), "no error");
  EXPECT_EQ(error_of(R"({"m": 0.5})", number),
            "f.json: /m: expected a number from 1 to 1000, got 0.5");
  EXPECT_EQ(error_of(R"({"m": "2"})", number),
            "f.json: /m: expected a number from 1 to 1000, got \"2\"");
  const auto integer = [](const Cursor& at) { (void)at.child("n").as_int(1, 9, "a digit"); };
  EXPECT_EQ(error_of(R"({"n": 10})", integer),
            "f.json: /n: expected an integer from 1 to 9 (a digit), got 10");
  EXPECT_EQ(error_of(R"({"n": 2.0})", integer),
            "f.json: /n: expected an integer from 1 to 9 (a digit), got 2.0");
}

TEST(Closest, SuggestsOnlyWhatCouldBeATypo) {
  const std::array<std::string_view, 4> keys{"max_attempts", "seed", "jitter", "preset"};
  EXPECT_EQ(closest("max_attempt", keys), "max_attempts");   // one deletion
  EXPECT_EQ(closest("max_attmepts", keys), "max_attempts");  // two neighbours swapped
  EXPECT_EQ(closest("jiter", keys), "jitter");
  EXPECT_EQ(closest("SEED", keys), "seed");      // case only
  EXPECT_EQ(closest("sed", keys), "seed");       // short: one edit
  EXPECT_EQ(closest("sd", keys), std::nullopt);  // short: two edits is too far
  EXPECT_EQ(closest("retries", keys), std::nullopt);
  EXPECT_EQ(closest("seed", keys), std::nullopt);  // an exact match needs no hint
}

TEST(Pointer, TokensAreEscapedAndUnescaped) {
  EXPECT_EQ(pointer_token("POST /v1/x~y"), "POST ~1v1~1x~0y");
  EXPECT_EQ(pointer_tokens("/a~1b/0/~0"), (std::vector<std::string>{"a/b", "0", "~"}));
  EXPECT_EQ(pointer_tokens(""), std::vector<std::string>{});
  EXPECT_EQ(pointer_tokens("/"), std::vector<std::string>{""});
  EXPECT_EQ(pointer_tokens("a"), std::nullopt);
  EXPECT_EQ(pointer_tokens("/a~2"), std::nullopt);
  EXPECT_EQ(pointer_tokens("/a~"), std::nullopt);
}

TEST(Ascii, IsTheSameWhateverTheLocale) {
  EXPECT_TRUE(ascii::is_alnum('z') && ascii::is_alnum('0') && !ascii::is_alnum('_'));
  EXPECT_FALSE(ascii::is_alpha('\xe9'));  // Latin-1 e-acute: not a letter here, ever
  EXPECT_TRUE(ascii::is_hex_digit('F') && !ascii::is_hex_digit('g'));
  EXPECT_TRUE(ascii::is_space('\v') && !ascii::is_space('\0'));
  EXPECT_EQ(ascii::to_lower("Retry-After \xC3\x89"), "retry-after \xC3\x89");
  EXPECT_TRUE(ascii::iequals("Content-Length", "content-length"));
  EXPECT_FALSE(ascii::iequals("a", "ab"));
}

}  // namespace
}  // namespace cometbench::json
