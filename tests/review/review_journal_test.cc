// `review --journal`: a foreign client's log against what the mock received. The journal
// fixtures are real `GET /__admin/journal` answers of `cometbench serve` (overloaded-503-503-200,
// one operation of three requests with x-stainless-retry-count 0, 1, 2, then one of one).
#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cli/review_command.h"
#include "clock/system_clock.h"
#include "faults/parser.h"
#include "mockserver/mock_server.h"
#include "review/journal.h"
#include "review_test_support.h"

namespace cometbench::review {
namespace {

using ::testing::ElementsAre;

std::string journal_path(const std::string& name) {
  return testing::fixture_path("journal/" + name);
}

class ReviewJournal : public ::testing::Test {
 protected:
  int review(const std::string& log, const std::string& journal) {
    out_.str("");
    err_.str("");
    cli::ReviewArgs args;
    args.logs = {journal_path(log)};
    args.journal = journal;
    std::istringstream in;
    return cli::review_command(args, cli::Io{out_, err_}, in);
  }
  std::string finding(std::size_t line, const std::string& rule, const std::string& message,
                      const std::string& log) {
    return format_text(Finding{journal_path(log), line, rule, message}) + "\n";
  }
  const std::string journal_ = journal_path("serve_503_503_200_then_200.json");
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ReviewJournal, ACompleteLogMatchesTheJournal) {
  EXPECT_EQ(review("log_good.jsonl", journal_), cli::kExitOk);
  EXPECT_EQ(out_.str(), "clean: 6 records, 2 operations\n");
  EXPECT_EQ(err_.str(), "");
}

TEST_F(ReviewJournal, ARetryTheLogDoesNotShowIsReported) {
  EXPECT_EQ(review("log_missing_retry.jsonl", journal_), cli::kExitCheckFailed);
  EXPECT_EQ(out_.str(),
            finding(2, "journal_request_unrecorded",
                    "operation \"chat-1\": the mock received request seq 2 (status 503, "
                    "retry count 1) that no attempt record shows (2 attempt records, 3 "
                    "requests)",
                    "log_missing_retry.jsonl") +
                "1 finding in 5 records\n");
}

TEST_F(ReviewJournal, ARecordWithoutARequestIsReported) {
  EXPECT_EQ(review("log_extra_record.jsonl", journal_), cli::kExitCheckFailed);
  EXPECT_EQ(out_.str(), finding(3, "journal_record_without_request",
                                "operation \"chat-1\": attempt_index 2 (status 503) matches no "
                                "request the mock received (4 attempt records, 3 requests)",
                                "log_extra_record.jsonl") +
                            "1 finding in 7 records\n");
}

TEST_F(ReviewJournal, StatusesMustAgree) {
  EXPECT_EQ(review("log_status_mismatch.jsonl", journal_), cli::kExitCheckFailed);
  const std::string log = "log_status_mismatch.jsonl";
  EXPECT_EQ(out_.str(), finding(1, "journal_status_mismatch",
                                "operation \"chat-1\": attempt_index 0 has status 500 but the mock "
                                "answered request seq 1 with status 503",
                                log) +
                            finding(2, "journal_status_mismatch",
                                    "operation \"chat-1\": attempt_index 1 has status 500 but the "
                                    "mock answered request seq 2 with status 503",
                                    log) +
                            "2 findings in 6 records\n");
}

TEST_F(ReviewJournal, WithoutRetryHeadersTheWholeLogIsAlignedWithTheJournal) {
  const std::string flat = journal_path("serve_no_retry_headers.json");
  EXPECT_EQ(review("log_good.jsonl", flat), cli::kExitOk);
  EXPECT_EQ(review("log_missing_retry.jsonl", flat), cli::kExitCheckFailed);
  EXPECT_EQ(out_.str(),
            finding(2, "journal_request_unrecorded",
                    "operation \"chat-1\": the mock received request seq 2 (status 503) "
                    "that no attempt record shows (the log has 3 attempt records, the "
                    "journal 4 requests)",
                    "log_missing_retry.jsonl") +
                "1 finding in 5 records\n");
}

TEST_F(ReviewJournal, ARequestResentUnseenIsAnOperationTheLogDoesNotRecord) {
  // libcurl resent operation 2's dropped request on a new connection with the same retry count;
  // the entries also carry a `session` key, which a later journal adds.
  EXPECT_EQ(review("log_hidden_resend.jsonl", journal_path("serve_hidden_resend.json")),
            cli::kExitCheckFailed);
  EXPECT_EQ(out_.str(), finding(0, "journal_operation_unrecorded",
                                "the mock received request seq 2 (no status, retry count 0) that "
                                "no operation in the log records",
                                "log_hidden_resend.jsonl") +
                            "1 finding in 4 records\n");
}

TEST_F(ReviewJournal, AJournalThatCannotBeReadIsAnInputError) {
  EXPECT_EQ(review("log_good.jsonl", journal_path("missing.json")), cli::kExitBadInput);
  EXPECT_EQ(err_.str(), "cometbench review: " + journal_path("missing.json") +
                            ": cannot read: No such file or directory\n");
  EXPECT_EQ(out_.str(), "");
}

TEST(JournalParse, ShapeErrorsNameTheEntryAndTheField) {
  const auto error = [](const std::string& text) {
    try {
      parse_journal(text, "j.json");
    } catch (const JournalError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("{}"),
            "j.json: (root): expected the array GET /__admin/journal returns, got "
            "object");
  EXPECT_EQ(error("[1"),
            "j.json: not JSON: syntax error at byte 3 (expected the array GET "
            "/__admin/journal returns)");
  EXPECT_EQ(error(R"([{"seq":1,"connection_id":1,"status":"503","retry_headers":{}}])"),
            "j.json: /0/status: expected an integer or null, got string");
  EXPECT_EQ(error(R"([{"seq":1,"connection_id":1,"status":null}])"),
            "j.json: /0: missing \"retry_headers\"");
  EXPECT_EQ(error(R"([{"seq":1,"connection_id":1,"status":null,"retry_headers":{"x-a/b":1}}])"),
            "j.json: /0/retry_headers/x-a~1b: expected a string, got integer");
}

TEST(JournalParse, RetryCountPrefersTheStainlessHeaderAndUnknownKeysAreIgnored) {
  const auto requests = parse_journal(
      R"([{"seq":2,"connection_id":1,"status":200,"session":"s-1","future":[1],
           "retry_headers":{"x-retry-attempt":"5","x-stainless-retry-count":"1"}},
          {"seq":1,"connection_id":1,"status":null,"retry_headers":{"x-retry-count":"abc"}}])",
      "j.json");
  EXPECT_THAT(requests, ElementsAre(JournalRequest{1, std::nullopt, 1, std::nullopt, ""},
                                    JournalRequest{2, 200, 1, 1, "s-1"}));
}

// The URL form against a live mock, requests sent the way an OpenAI SDK sends them.
TEST(ReviewJournalUrl, FetchesTheJournalFromARunningMock) {
  clock::SystemClock clock;
  mockserver::MockServerOptions options;
  options.admin_api = true;  // as `cometbench serve` runs it
  mockserver::MockServer server(
      clock,
      faults::load_scenario_file(std::string(COMETBENCH_FIXTURES_DIR) +
                                 "/scenarios/overloaded-503-503-200.json"),
      options);
  server.start();
  for (const char* count : {"0", "1", "2", "0"}) {
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, "Authorization: Bearer test-key-123");
    const std::string retry = std::string("x-stainless-retry-count: ") + count;
    headers = curl_slist_append(headers, retry.c_str());
    headers = curl_slist_append(headers, "Content-Type: application/json");
    const std::string url = server.url() + "/v1/chat/completions";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, R"({"model":"m","messages":[]})");
    curl_easy_setopt(
        curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
    ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
  }
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  cli::ReviewArgs args;
  args.logs = {journal_path("log_missing_retry.jsonl")};
  args.journal = server.url() + "/__admin/journal";
  EXPECT_EQ(cli::review_command(args, cli::Io{out, err}, in), cli::kExitCheckFailed);
  EXPECT_THAT(out.str(),
              ::testing::HasSubstr(":2: journal_request_unrecorded: operation \"chat-1\": the mock "
                                   "received request seq 2 (status 503, retry count 1)"));
  EXPECT_EQ(err.str(), "");

  args.journal = server.url() + "/__admin/nothing";
  err.str("");
  EXPECT_EQ(cli::review_command(args, cli::Io{out, err}, in), cli::kExitBadInput);
  EXPECT_EQ(err.str(), "cometbench review: " + args.journal +
                           ": HTTP status 404 (expected 200 from GET /__admin/journal)\n");
  server.stop();
}

}  // namespace
}  // namespace cometbench::review
