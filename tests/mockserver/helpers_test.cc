// The small pieces: HTTP-dates, SSE framing, the journal's bookkeeping, retry headers, SHA-256.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mockserver/http_date.h"
#include "mockserver/journal.h"
#include "mockserver/step_player.h"

namespace cometbench::mockserver {
namespace {

using std::chrono::seconds;

const clock::WallTime kEpoch{seconds(1767225600)};  // 2026-01-01T00:00:00Z, a Thursday

TEST(HttpDateTest, FormatsAnImfFixdate) {
  EXPECT_EQ(imf_fixdate(kEpoch), "Thu, 01 Jan 2026 00:00:00 GMT");
  EXPECT_EQ(imf_fixdate(kEpoch + seconds(86400 * 59 + 3723)), "Sun, 01 Mar 2026 01:02:03 GMT");
}

TEST(HttpDateTest, ExpandsEveryTemplateAndKeepsOtherText) {
  EXPECT_EQ(expand_header_templates("{{http_date:+2s}}", kEpoch), "Thu, 01 Jan 2026 00:00:02 GMT");
  EXPECT_EQ(expand_header_templates("{{http_date:-1s}}", kEpoch), "Wed, 31 Dec 2025 23:59:59 GMT");
  EXPECT_EQ(expand_header_templates("a {{http_date:0s}} b", kEpoch),
            "a Thu, 01 Jan 2026 00:00:00 GMT b");
  EXPECT_EQ(expand_header_templates("2", kEpoch), "2");
  EXPECT_EQ(expand_header_templates("{{http_date:+2m}}", kEpoch), "{{http_date:+2m}}");
}

TEST(SseEventTest, PrefixesEveryLineAndEndsWithABlankLine) {
  EXPECT_EQ(sse_event(R"({"a":1})"), "data: {\"a\":1}\n\n");
  EXPECT_EQ(sse_event("one\ntwo"), "data: one\ndata: two\n\n");
}

TEST(JournalTest, AssignsSequenceTimeAndConnectionIds) {
  Journal journal(10);
  const clock::TimePoint epoch{seconds(100)};
  journal.reset(epoch);
  EXPECT_EQ(journal.connection_id("127.0.0.1", 5000), 1u);
  EXPECT_EQ(journal.connection_id("127.0.0.1", 5001), 2u);
  EXPECT_EQ(journal.connection_id("127.0.0.1", 5000), 1u);
  const auto handle = journal.record(JournalEntry{}, epoch + std::chrono::milliseconds(1500));
  journal.set_status(handle, 200);
  ASSERT_EQ(journal.entries().size(), 1u);
  EXPECT_EQ(journal.entries()[0].seq, 1u);
  EXPECT_EQ(journal.entries()[0].time_ms, 1500);
  EXPECT_EQ(journal.entries()[0].status, 200);

  journal.reset(epoch);
  journal.set_status(handle, 500);  // stale handle: ignored
  EXPECT_TRUE(journal.entries().empty());
  EXPECT_EQ(journal.connection_id("127.0.0.1", 5001), 1u);
}

TEST(JournalTest, RecognizesRetryHeaders) {
  EXPECT_TRUE(is_retry_header("X-Stainless-Retry-Count"));
  EXPECT_TRUE(is_retry_header("x-goog-retry-count"));
  EXPECT_TRUE(is_retry_header("X-Retry-Attempt"));
  EXPECT_FALSE(is_retry_header("Retry-After"));
  EXPECT_FALSE(is_retry_header("Authorization"));
}

TEST(JournalTest, HashesWithSha256) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace cometbench::mockserver
