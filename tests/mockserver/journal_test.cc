// The journal's bounds and its paged JSON writer (what GET /__admin/journal streams).
#include "mockserver/journal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace cometbench::mockserver {
namespace {

using ::testing::ElementsAre;

JournalEntry entry_of(std::string session) {
  JournalEntry e;
  e.session = std::move(session);
  e.method = "POST";
  e.route = "/v1/chat/completions";
  e.served = "respond";
  return e;
}

// Reads the whole journal as GET /__admin/journal does, page by page.
std::string read_all(const Journal& journal, std::optional<std::string> session,
                     std::size_t per_page, int* pages = nullptr) {
  JournalRead read = journal.begin_read(std::move(session));
  std::string out = "[";
  int count = 0;
  while (journal.read_page(read, per_page, out)) ++count;
  if (pages != nullptr) *pages = count;
  return out + "]";
}

std::vector<std::uint64_t> seqs(const std::string& json_array) {
  std::vector<std::uint64_t> out;
  for (const auto& e : nlohmann::json::parse(json_array)) out.push_back(e["seq"]);
  return out;
}

TEST(ClippedTest, KeepsShortTextAndCutsLongTextAtACharacterBoundary) {
  EXPECT_EQ(clipped("12345", 5), "12345");
  EXPECT_EQ(clipped("123456", 5), "12345\xE2\x80\xA6");
  // "é" is two bytes (C3 A9): a cut inside it backs off to before it.
  EXPECT_EQ(clipped("1234\xC3\xA9", 5), "1234\xE2\x80\xA6");
}

TEST(NoteRetryHeaderTest, StoresRetryHeadersLowercasedAndBounded) {
  JournalEntry e;
  note_retry_header(e, "Authorization", "Bearer secret");
  note_retry_header(e, "X-Stainless-Retry-Count", "2");
  note_retry_header(e, "x-retry-attempt", std::string(8 * 1024 * 1024, '7'));
  EXPECT_EQ(e.retry_headers.size(), 2u);
  EXPECT_EQ(e.retry_headers.at("x-stainless-retry-count"), "2");
  EXPECT_EQ(e.retry_headers.at("x-retry-attempt"),
            std::string(kMaxStoredHeaderBytes, '7') + "\xE2\x80\xA6");
  for (int i = 0; i < 20; ++i) note_retry_header(e, "x-" + std::to_string(i) + "-retry-count", "1");
  EXPECT_EQ(e.retry_headers.size(), kMaxStoredRetryHeaders);
  const std::string long_name = "x-retry-count-" + std::string(1000, 'a');
  JournalEntry f;
  note_retry_header(f, long_name, "1");
  EXPECT_EQ(f.retry_headers.begin()->first,
            long_name.substr(0, kMaxStoredHeaderBytes) + "\xE2\x80\xA6");
}

TEST(AppendJsonTest, WritesTheDocumentedKeysInOrderAndReplacesBytesThatAreNotUtf8) {
  JournalEntry e = entry_of("alpha");
  e.seq = 7;
  e.time_ms = 1500;
  e.route = "/v1/\xFF\"x";
  e.connection_id = 3;
  e.step_index = 1;
  e.status = 429;
  e.retry_headers = {{"x-stainless-retry-count", "1"}};
  e.body_size = 2;
  e.body_sha256 = "ab";
  std::string out;
  append_json(e, out);
  EXPECT_EQ(out, R"({"seq":7,"time_ms":1500,"session":"alpha","method":"POST",)"
                 "\"route\":\"/v1/\xEF\xBF\xBD\\\"x\","
                 R"("connection_id":3,"step_index":1,"served":"respond","status":429,)"
                 R"("retry_headers":{"x-stainless-retry-count":"1"},"body_size":2,)"
                 R"("body_sha256":"ab"})");
  EXPECT_EQ(to_json(e)["route"], "/v1/\xEF\xBF\xBD\"x");
}

TEST(JournalReadTest, PagesGiveTheWholeJournalInOrder) {
  Journal journal(100);
  for (int i = 0; i < 10; ++i) journal.record(entry_of(i % 2 ? "a" : ""), {});
  int pages = 0;
  EXPECT_THAT(seqs(read_all(journal, std::nullopt, 3, &pages)),
              ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(read_all(Journal(5), std::nullopt, 3), "[]");
}

TEST(JournalReadTest, ASessionFilterKeepsThatSessionsEntriesOnly) {
  Journal journal(100);
  for (int i = 0; i < 10; ++i) journal.record(entry_of(i % 2 ? "a" : ""), {});
  EXPECT_THAT(seqs(read_all(journal, "a", 2)), ElementsAre(2, 4, 6, 8, 10));
  EXPECT_THAT(seqs(read_all(journal, "", 100)), ElementsAre(1, 3, 5, 7, 9));
  EXPECT_EQ(read_all(journal, "b", 2), "[]");
}

TEST(JournalReadTest, EntriesRecordedOrDroppedDuringAReadAreNotRead) {
  Journal journal(4);
  for (int i = 0; i < 4; ++i) journal.record(entry_of(""), {});
  JournalRead read = journal.begin_read(std::nullopt);
  std::string out = "[";
  ASSERT_TRUE(journal.read_page(read, 1, out));  // seq 1
  journal.record(entry_of(""), {});              // seq 5 drops seq 1
  journal.record(entry_of(""), {});              // seq 6 drops seq 2
  while (journal.read_page(read, 1, out)) {
  }
  EXPECT_THAT(seqs(out + "]"), ElementsAre(1, 3, 4));
}

TEST(JournalReadTest, AResetEndsARead) {
  Journal journal(4);
  journal.record(entry_of(""), {});
  JournalRead read = journal.begin_read(std::nullopt);
  journal.reset({});
  journal.record(entry_of(""), {});
  std::string out;
  EXPECT_FALSE(journal.read_page(read, 10, out));
  EXPECT_EQ(out, "");
}

TEST(JournalTest, EraseSessionRemovesOnlyThatSessionAndSeqKeepsCounting) {
  Journal journal(10);
  journal.record(entry_of("a"), {});
  journal.record(entry_of(""), {});
  journal.record(entry_of("a"), {});
  journal.erase_session("a");
  ASSERT_EQ(journal.entries().size(), 1u);
  EXPECT_EQ(journal.entries()[0].seq, 2u);
  EXPECT_EQ(journal.record(entry_of("a"), {}).seq, 4u);
  EXPECT_EQ(journal.entries("a").size(), 1u);
}

}  // namespace
}  // namespace cometbench::mockserver
