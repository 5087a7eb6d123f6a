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

// The userinfo of a URL ("user:pass" in "https://user:pass@host/v1"), or "" when it has none.
std::string userinfo_of(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t authority_end = url.find_first_of("/?#", start);
  const std::string authority = url.substr(
      start, authority_end == std::string::npos ? std::string::npos : authority_end - start);
  const std::size_t at = authority.rfind('@');
  return at == std::string::npos ? "" : authority.substr(0, at);
}

void check_leaks(const std::vector<std::string>& texts, const SmokeOptions& options,
                 std::vector<std::string>& problems) {
  struct Secret {
    std::string value;
    const char* what;
  };
  const Secret secrets[] = {{options.api_key, "the API key"},
                            {kInvalidPlaceholderKey, "the placeholder key"},
                            {kSmokePrompt, "the prompt text"},
                            {userinfo_of(options.base_url), "the base URL's credentials"}};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (const Secret& s : secrets) {
      if (!s.value.empty() && texts[i].find(s.value) != std::string::npos) {
        problems.push_back(std::string(s.what) + " leaked into output line " +
                           std::to_string(i + 1));
      }
    }
  }
}

// "https://host:8080/v1/?x" -> "/v1/": the path alone, for the /v1 hint.
std::string path_of(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (start == std::string::npos) return "";
  return url.substr(start, url.find_first_of("?#", start) - start);
}

bool ends_in_v1(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path.ends_with("/v1");
}

}  // namespace

std::string redact_credentials_of(const std::string& text, const std::string& url) {
  const std::string userinfo = userinfo_of(url);
  if (userinfo.empty()) return text;
  // With its '@' only: a short user name must not blank out every word that contains it.
  const std::string needle = userinfo + "@";
  std::string out = text;
  for (std::size_t at = out.find(needle); at != std::string::npos; at = out.find(needle, at + 4)) {
    out.replace(at, needle.size(), "***@");
  }
  return out;
}

std::string redact_url_credentials(const std::string& url) {
  return redact_credentials_of(url, url);
}

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
    std::string problem = "the happy-path call failed: " + happy.error_message;
    if (happy.status == 404 && !ends_in_v1(path_of(options.base_url))) {
      // The SDK form of the base URL ends in /v1; without it the API answers 404 Not Found.
      std::string with_v1 = redact_url_credentials(options.base_url);
      while (!with_v1.empty() && with_v1.back() == '/') with_v1.pop_back();
      problem += " (404 from a base URL whose path does not end in /v1: try " + with_v1 + "/v1)";
    }
    report.problems.push_back(problem);
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
