// Where a request ends in a byte stream, and which requests are refused before httplib sees
// them (mockserver/request_framer.h).
#include "mockserver/request_framer.h"

#include <gtest/gtest.h>

#include <string>

namespace cometbench::mockserver {
namespace {

RequestLimits small_limits() {
  RequestLimits limits;
  limits.max_header_bytes = 256;
  limits.max_header_count = 4;
  limits.max_body_bytes = 10;
  return limits;
}

class RequestFramerTest : public ::testing::Test {
 protected:
  // Frames `bytes` as if they arrived one byte at a time: the verdict after the last byte.
  Frame frame_bytewise(const std::string& bytes) {
    Frame f;
    for (std::size_t i = 1; i <= bytes.size(); ++i) {
      f = framer_.frame(std::string_view(bytes).substr(0, i));
      if (f.kind != Frame::Kind::kIncomplete) return f;
    }
    return f;
  }

  RequestFramer framer_{small_limits(), "/__admin/"};
};

TEST_F(RequestFramerTest, AHeadWithoutBodyIsCompleteAtItsBlankLine) {
  const std::string head = "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n";
  const Frame f = framer_.frame(head + "GET /next");
  EXPECT_EQ(f.kind, Frame::Kind::kComplete);
  EXPECT_EQ(f.size, head.size());
  EXPECT_EQ(f.head_size, head.size());
  EXPECT_FALSE(f.priority);
}

TEST_F(RequestFramerTest, AContentLengthBodyIsCompleteWithItsLastByte) {
  const std::string request = "POST /x HTTP/1.1\r\ncontent-length: 5\r\n\r\nhello";
  const Frame partial = framer_.frame(request.substr(0, request.size() - 1));
  EXPECT_EQ(partial.kind, Frame::Kind::kIncomplete);
  EXPECT_EQ(partial.head_size, request.size() - 5);
  const Frame f = framer_.frame(request);
  EXPECT_EQ(f.kind, Frame::Kind::kComplete);
  EXPECT_EQ(f.size, request.size());
}

TEST_F(RequestFramerTest, AHeadDribbledByteByByteIsFoundOnce) {
  const std::string request = "POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nok";
  const Frame f = frame_bytewise(request);
  EXPECT_EQ(f.kind, Frame::Kind::kComplete);
  EXPECT_EQ(f.size, request.size());
}

TEST_F(RequestFramerTest, AChunkedBodyEndsAfterTheLastChunkAndTheBlankLine) {
  const std::string request =
      "POST /x HTTP/1.1\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n";
  const Frame f = frame_bytewise(request + "NEXT");
  EXPECT_EQ(f.kind, Frame::Kind::kComplete);
  EXPECT_EQ(f.size, request.size());
}

TEST_F(RequestFramerTest, AnAnnouncedBodyOverTheLimitIsRefusedFromItsContentLengthAlone) {
  const Frame f = framer_.frame("POST /x HTTP/1.1\r\nContent-Length: 11\r\n\r\n");
  EXPECT_EQ(f.kind, Frame::Kind::kReject);
  EXPECT_EQ(f.status, 413);
  EXPECT_EQ(f.reason, "The request body is larger than 10 bytes.");
}

TEST_F(RequestFramerTest, ChunksAddingUpOverTheLimitAreRefused) {
  const Frame f =
      frame_bytewise("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\n");
  EXPECT_EQ(f.kind, Frame::Kind::kReject);
  EXPECT_EQ(f.status, 413);
}

TEST_F(RequestFramerTest, TooManyHeaderFieldsAreRefusedWith431) {
  const Frame f = framer_.frame("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\ne: 5\r\n\r\n");
  EXPECT_EQ(f.kind, Frame::Kind::kReject);
  EXPECT_EQ(f.status, 431);
  EXPECT_EQ(f.reason, "The request has more than 4 header fields.");
}

TEST_F(RequestFramerTest, AHeadOverTheSizeLimitIsRefusedBeforeItEnds) {
  const Frame f = framer_.frame("GET / HTTP/1.1\r\nX-Big: " + std::string(300, 'a'));
  EXPECT_EQ(f.kind, Frame::Kind::kReject);
  EXPECT_EQ(f.status, 431);
  EXPECT_EQ(f.reason, "The request head is larger than 256 bytes.");
}

TEST_F(RequestFramerTest, AnOverlongRequestLineIs414) {
  RequestLimits limits;
  RequestFramer framer(limits, "");
  const Frame f = framer.frame("GET /" + std::string(9000, 'a'));
  EXPECT_EQ(f.kind, Frame::Kind::kReject);
  EXPECT_EQ(f.status, 414);
}

TEST_F(RequestFramerTest, ConflictingFramingIsRefused) {
  EXPECT_EQ(
      framer_.frame("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").status,
      400);
  framer_.reset();
  EXPECT_EQ(
      framer_.frame("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
          .status,
      400);
  framer_.reset();
  EXPECT_EQ(framer_.frame("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").status, 501);
  framer_.reset();
  EXPECT_EQ(framer_.frame("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").status, 400);
  framer_.reset();
  EXPECT_EQ(framer_.frame("NONSENSE\r\n\r\n").status, 400);
}

TEST_F(RequestFramerTest, ExpectContinueAndThePriorityPrefixAreReported) {
  const Frame f = framer_.frame(
      "PUT /__admin/scenario HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(f.kind, Frame::Kind::kIncomplete);
  EXPECT_TRUE(f.expects_continue);
  EXPECT_TRUE(f.priority);
}

TEST_F(RequestFramerTest, ResetStartsOverForTheNextRequest) {
  const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 1\r\n\r\nx";
  const std::string second = "GET /b HTTP/1.1\r\n\r\n";
  EXPECT_EQ(framer_.frame(first + second).size, first.size());
  framer_.reset();
  const Frame f = framer_.frame(second);
  EXPECT_EQ(f.kind, Frame::Kind::kComplete);
  EXPECT_EQ(f.size, second.size());
}

}  // namespace
}  // namespace cometbench::mockserver
