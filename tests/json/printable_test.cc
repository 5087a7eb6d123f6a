#include "json/printable.h"

#include <gtest/gtest.h>

#include <string>

#include "json/input_error.h"

namespace cometbench::json {
namespace {

TEST(Printable, LeavesOrdinaryTextAndUtf8Alone) {
  EXPECT_EQ(printable("retry: 503, then 200 \\n ok"), "retry: 503, then 200 \\n ok");
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
}

TEST(Printable, EscapesC0ControlsDelAndC1Controls) {
  EXPECT_EQ(printable("x\r\x1b[2K\nPASS\t\x01\x7f"),
            "x\\u000d\\u001b[2K\\u000aPASS\\u0009\\u0001\\u007f");
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\u0000b");
  EXPECT_EQ(printable("\xc2\x9b"
                      "31m"),
            "\\u009b31m");  // C1 CSI in UTF-8
}

TEST(Printable, EscapesBidiControlsAndXmlNonCharacters) {
  EXPECT_EQ(printable("a\xe2\x80\xae"
                      "b\xe2\x81\xa6"
                      "c"),
            "a\\u202eb\\u2066c");
  EXPECT_EQ(printable("\xef\xbf\xbe\xef\xbf\xbf"), "\\ufffe\\uffff");
}

TEST(Printable, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(printable("a\xff"
                      "b"),
            "a\\xffb");
  EXPECT_EQ(printable("\xc3"), "\\xc3");                             // cut short
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
  EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
}

TEST(Printable, EscapingTwiceChangesNothing) {
  const std::string once = printable(
      "a\x1b"
      "b\xff");
  EXPECT_EQ(printable(once), once);
}

TEST(PrintableLines, KeepsLineBreaksAndEscapesTheRest) {
  EXPECT_EQ(printable_lines("one\x1b\ntwo\r\n"), "one\\u001b\ntwo\\u000d\n");
}

TEST(FindUnprintable, GivesOffsetLengthAndValue) {
  EXPECT_EQ(find_unprintable("abc"), std::nullopt);
  EXPECT_EQ(find_unprintable("ab\x1b"), (Unprintable{2, 1, 0x1b, false}));
  EXPECT_EQ(find_unprintable("\xe2\x80\xae"), (Unprintable{0, 3, 0x202e, false}));
  EXPECT_EQ(find_unprintable("a\xff"), (Unprintable{1, 1, 0xff, true}));
  EXPECT_EQ(find_unprintable("\x01 \x02", 1), (Unprintable{2, 1, 0x02, false}));
}

TEST(DescribeUnprintable, NamesTheCodePointOrTheByte) {
  EXPECT_EQ(describe_unprintable({0, 1, 0x1b, false}), "U+001B");
  EXPECT_EQ(describe_unprintable({0, 1, 0xff, true}), "byte 0xFF");
}

TEST(InputError, WhatEscapesControlCharactersButTheAccessorsKeepThem) {
  const InputError e("dir/a\x1b.json", "/script/x\ny", "unknown key \"x\ny\"");
  EXPECT_EQ(std::string(e.what()),
            "dir/a\\u001b.json: /script/x\\u000ay: unknown key \"x\\u000ay\"");
  EXPECT_EQ(e.file(), "dir/a\x1b.json");
  EXPECT_EQ(e.pointer(), "/script/x\ny");
  EXPECT_EQ(e.message(), "unknown key \"x\ny\"");
}

}  // namespace
}  // namespace cometbench::json
