#include "runner/smoke.h"

#include <sstream>

#include "client/chat_client.h"
#include "review/review.h"
#include "runner/golden.h"

namespace cometbench::runner {
namespace {

nlohmann::json smoke_request(const std::string& model) {
  return {{"model", model},
          {"max_tokens", 8},
          {"messages", nlohmann::json::array({{{"role", "user"}, {"content", kSmokePrompt}}})}};
}

client::Result call(const SmokeOptions& options, const std::string& key, const char* operation,
                    client::Transport& transport, clock::Clock& clock, client::RecordSink& sink) {
  client::ClientConfig config;
  config.base_url = options.base_url;
  config.api_key = key;
  config.policy = options.policy;
  client::ChatClient chat(std::move(config), transport, clock, sink, client::empty_environment());
  client::CallOptions call_options;
  call_options.operation_id = operation;
  return chat.complete(smoke_request(options.model), call_options);
}

void check_leaks(const std::vector<std::string>& texts, const SmokeOptions& options,
                 std::vector<std::string>& problems) {
  struct Secret {
    std::string value;
    const char* what;
  };
  const Secret secrets[] = {{options.api_key, "the API key"},
                            {kInvalidPlaceholderKey, "the placeholder key"},
                            {kSmokePrompt, "the prompt text"}};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (const Secret& s : secrets) {
      if (!s.value.empty() && texts[i].find(s.value) != std::string::npos) {
        problems.push_back(std::string(s.what) + " leaked into output line " +
                           std::to_string(i + 1));
      }
    }
  }
}

}  // namespace

SmokeReport run_smoke(const SmokeOptions& options, client::Transport& transport,
                      clock::Clock& clock) {
  SmokeReport report;
  RecordCollector sink;
  const client::Result happy =
      call(options, options.api_key, "smoke-happy-path", transport, clock, sink);
  const client::Result invalid =
      call(options, kInvalidPlaceholderKey, "smoke-invalid-key", transport, clock, sink);

  report.records = sink.take();
  report.lines = jsonl_lines(report.records);

  if (happy.outcome != client::Outcome::success) {
    report.problems.push_back("the happy-path call failed: " + happy.error_message);
  }
  if (invalid.outcome != client::Outcome::auth_error) {
    report.problems.push_back(
        "the invalid placeholder key did not end as auth_error (got " +
        std::string(client::to_string(invalid.outcome)) + ", status " +
        (invalid.status ? std::to_string(*invalid.status) : std::string("none")) + ")");
  }
  if (invalid.attempts.size() != 1) {
    report.problems.push_back(
        "the auth failure was retried: " + std::to_string(invalid.attempts.size()) + " attempts");
  }

  std::istringstream log(golden_text_for(report.lines));
  report.findings = review::review_log(log, "smoke records");
  if (!report.findings.empty()) {
    report.problems.push_back("the records break the review checklist (" +
                              std::to_string(report.findings.size()) + " findings)");
  }

  std::vector<std::string> texts = report.lines;
  texts.push_back(happy.error_message);
  texts.push_back(invalid.error_message);
  check_leaks(texts, options, report.problems);
  return report;
}

}  // namespace cometbench::runner
