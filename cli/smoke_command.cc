#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "client/chat_client.h"
#include "client/curl_transport.h"
#include "client/env.h"
#include "client/policy.h"
#include "clock/system_clock.h"
#include "json/text.h"
#include "review/finding.h"
#include "runner/golden.h"
#include "runner/report.h"
#include "runner/smoke.h"

namespace cometbench::cli {
namespace {

struct SmokeArgs {
  std::string base_url;
  std::string model = "gpt-4o-mini";
  std::string out;
  std::string policy_file;
};

// The client's own environment lookup; an empty value counts as unset.
std::optional<std::string> env(const char* name) {
  std::optional<std::string> value = client::process_environment()(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

client::RetryPolicy load_policy(const std::string& file) {
  if (file.empty()) {
    return client::parse_policy(nlohmann::json{{"preset", "openai"}}, "(default)", "");
  }
  return client::load_policy_file(file);
}

int smoke_command(const SmokeArgs& args, Io io) {
  runner::SmokeOptions options;
  const std::optional<std::string> key = env("COMETAPI_KEY");
  if (!key) {
    io.err << "cometbench smoke: COMETAPI_KEY is not set (the key for the happy-path call)\n";
    return kExitBadInput;
  }
  options.api_key = *key;
  options.base_url = !args.base_url.empty()
                         ? args.base_url
                         : env("COMETAPI_BASE_URL").value_or(std::string(client::kDefaultBaseUrl));
  options.model = args.model;
  try {
    options.policy = load_policy(args.policy_file);
  } catch (const std::exception& e) {
    io.err << "cometbench smoke: " << e.what() << '\n';
    return kExitBadInput;
  }

  clock::SystemClock clock;
  runner::SmokeReport report;
  try {
    client::CurlTransport transport(clock);
    report = runner::run_smoke(options, transport, clock);
  } catch (const std::invalid_argument& e) {
    // The client rejects a base URL it cannot use; its messages never contain the key, but may
    // quote the URL and its user:password.
    io.err << "cometbench smoke: " << runner::redact_credentials_of(e.what(), options.base_url)
           << '\n';
    return kExitBadInput;
  }

  if (!args.out.empty()) {
    std::ofstream out(args.out, std::ios::trunc);
    out << runner::golden_text_for(report.lines);
    if (!out.flush()) {
      io.err << "cometbench smoke: " << args.out << ": cannot write the records\n";
      return kExitBadInput;
    }
  }

  io.out << "smoke against " << runner::redact_url_credentials(options.base_url) << " (model "
         << options.model << ")\n";
  runner::write_record_table(report.records, io.out);
  for (const review::Finding& f : report.findings) io.out << review::format_text(f) << '\n';
  if (report.passed()) {
    io.out << "PASS smoke: happy path succeeded, the invalid key failed once without a retry, "
              "review clean, nothing leaked\n";
    return kExitOk;
  }
  for (const std::string& p : report.problems) {
    io.out << "FAIL smoke: " << runner::redact_credentials_of(p, options.base_url) << '\n';
  }
  return kExitCheckFailed;
}

}  // namespace

void add_smoke_command(CLI::App& app, Io io, int& exit_code) {
  auto args = std::make_shared<SmokeArgs>();
  auto* cmd = app.add_subcommand(
      "smoke",
      "Check a deployment: one happy-path call with COMETAPI_KEY and one with an invalid "
      "placeholder key; writes sanitized records and reviews them");
  cmd->add_option("--base-url", args->base_url,
                  "API base URL ending in /v1 (default: $COMETAPI_BASE_URL, else "
                  "https://api.cometapi.com/v1)");
  cmd->add_option("--model", args->model, "Model for the happy-path call (default gpt-4o-mini)");
  cmd->add_option("--out", args->out, "Write the attempt and summary records (JSONL) here");
  cmd->add_option("--policy", args->policy_file,
                  "A retry policy JSON file (default: the openai preset)");
  cmd->callback([args, io, &exit_code] { exit_code = smoke_command(*args, io); });
}

}  // namespace cometbench::cli
