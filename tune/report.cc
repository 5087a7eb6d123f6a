#include "tune/report.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "json/enum_names.h"

namespace cometbench::tune {

std::optional<TuneFormat> tune_format_from_string(std::string_view text) {
  static constexpr std::array<json::EnumName<TuneFormat>, 4> kNames{{
      {"table", TuneFormat::table},
      {"json", TuneFormat::json},
      {"csv", TuneFormat::csv},
      {"html", TuneFormat::html},
  }};
  static_assert(json::one_to_one(kNames));
  return json::value_of(kNames, text);
}

TuneReport make_report(const faults::FaultProfile& profile, const TuneRun& run) {
  TuneReport report{profile, run, {}};
  for (const PolicyRun& policy : run.policies) report.metrics.push_back(metrics_of(policy));
  return report;
}

std::string step_label(const faults::Step& step) {
  std::string label = faults::step_kind(step);
  if (const auto* r = std::get_if<faults::RespondStep>(&step))
    label += " " + std::to_string(r->status);
  if (const auto* t = std::get_if<faults::TruncateStep>(&step))
    label += " " + std::to_string(t->status);
  if (const auto* s = std::get_if<faults::StreamStep>(&step))
    label += " " + std::to_string(s->status);
  return label;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return std::string(buffer, result.ptr);
}

std::string shortest(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void write_json(const TuneReport& report, std::ostream& out) {
  using Json = nlohmann::ordered_json;
  Json policies = Json::array();
  for (const PolicyMetrics& m : report.metrics) {
    Json outcomes = Json::object();
    for (const auto& [outcome, n] : m.outcomes)
      outcomes[std::string(client::to_string(outcome))] = n;
    Json reasons = Json::object();
    for (const auto& [reason, n] : m.retry_reasons)
      reasons[std::string(client::to_string(reason))] = n;
    policies.push_back(Json{{"policy", m.policy},
                            {"success_rate", m.success_rate},
                            {"attempts_per_operation", m.attempts_per_operation},
                            {"requests", m.requests},
                            {"latency_ms",
                             {{"p50", m.latency_ms.p50},
                              {"p90", m.latency_ms.p90},
                              {"p99", m.latency_ms.p99},
                              {"max", m.latency_ms.max}}},
                            {"total_backoff_ms", m.total_backoff_ms},
                            {"outcomes", outcomes},
                            {"retry_reasons", reasons},
                            {"requests_in_outages", m.requests_in_outages},
                            {"peak_in_flight", m.peak_in_flight}});
  }
  const Json document{{"profile", report.run.profile},
                      {"seed", report.run.seed},
                      {"operations", report.run.operations},
                      {"policies", policies}};
  out << document.dump(2) << '\n';
}

}  // namespace cometbench::tune
