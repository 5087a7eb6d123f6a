#include "client/sse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cometbench::client {
namespace {

class SseParserTest : public ::testing::Test {
 protected:
  SseParser parser_{[this](std::string_view data) {
    events_.emplace_back(data);
    return events_.size() < stop_after_;
  }};
  std::vector<std::string> events_;
  std::size_t stop_after_ = 1000;
};

TEST_F(SseParserTest, DispatchesAnEventOnABlankLine) {
  EXPECT_TRUE(parser_.feed("data: {\"a\":1}\n\ndata: [DONE]\n\n"));
  EXPECT_EQ(events_, (std::vector<std::string>{"{\"a\":1}", "[DONE]"}));
}

TEST_F(SseParserTest, HandlesBytesSplitAnywhere) {
  const std::string text = "data: {\"a\":1}\r\n\r\n: keep-alive\r\ndata: x\r\rdata:y\n\n";
  for (char c : text) parser_.feed(std::string_view(&c, 1));
  EXPECT_EQ(events_, (std::vector<std::string>{"{\"a\":1}", "x", "y"}));
}

TEST_F(SseParserTest, JoinsMultipleDataLinesAndIgnoresOtherFields) {
  parser_.feed("event: message\nid: 7\nretry: 10\ndata: a\ndata: b\n\n");
  EXPECT_EQ(events_, (std::vector<std::string>{"a\nb"}));
}

TEST_F(SseParserTest, ABlankLineWithoutDataDispatchesNothing) {
  parser_.feed("\n\n: comment\n\n");
  EXPECT_TRUE(events_.empty());
}

TEST_F(SseParserTest, FinishDropsAnUnterminatedEventExceptDone) {
  parser_.feed("data: {\"partial\":true}");
  parser_.finish();
  EXPECT_TRUE(events_.empty());
  SseParser done_parser([this](std::string_view data) {
    events_.emplace_back(data);
    return true;
  });
  done_parser.feed("data: [DONE]\n");
  done_parser.finish();
  EXPECT_EQ(events_, (std::vector<std::string>{"[DONE]"}));
}

TEST_F(SseParserTest, StopsWhenTheCallbackSaysSo) {
  stop_after_ = 1;
  EXPECT_FALSE(parser_.feed("data: a\n\ndata: b\n\n"));
  EXPECT_FALSE(parser_.feed("data: c\n\n"));
  EXPECT_EQ(events_, (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace cometbench::client
