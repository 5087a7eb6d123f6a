#include "review/otel_names.h"

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace cometbench::review {

namespace {

constexpr std::string_view kPrefix = "cometbench.";
constexpr std::string_view kStatus = "http.response.status_code";
constexpr std::string_view kResendCount = "http.request.resend_count";

// OpenTelemetry HTTP semantic conventions -> record field (docs/records.md).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kHttpNames{{
    {"http.request.method", "http_request_method"},
    {"url.template", "request_route"},
    {"error.type", "error_type"},
    {kResendCount, "attempt_index"},
}};

bool is_summary(const nlohmann::json& object) {
  const auto record = object.find("cometbench.record");
  if (record != object.end()) return *record == "summary";
  return object.contains("cometbench.attempts");
}

}  // namespace

bool uses_otel_names(const nlohmann::json& object) {
  if (object.contains("record") || object.contains("attempt_index") ||
      object.contains("attempts")) {
    return false;
  }
  if (object.contains("cometbench.record") || object.contains(kStatus)) return true;
  for (const auto& [otel, plain] : kHttpNames) {
    if (object.contains(otel)) return true;
  }
  return false;
}

nlohmann::json with_record_names(const nlohmann::json& object) {
  const bool summary = is_summary(object);
  const std::string status_name =
      summary ? "final_http_response_status_code" : "http_response_status_code";
  nlohmann::json out = nlohmann::json::object();
  const auto rename = [&](const std::string& key) -> std::string {
    if (key.starts_with(kPrefix) && key.size() > kPrefix.size()) return key.substr(kPrefix.size());
    if (key == kStatus) return status_name;
    for (const auto& [otel, plain] : kHttpNames) {
      if (key == otel) return std::string(plain);
    }
    return key;
  };
  // Names already in record form win over renamed ones, whatever the key order.
  for (const auto& [key, value] : object.items()) {
    if (rename(key) == key) out[key] = value;
  }
  for (const auto& [key, value] : object.items()) {
    const std::string name = rename(key);
    if (name == key) continue;
    if (out.contains(name)) {
      out[key] = value;
    } else {
      out[name] = value;
    }
  }
  const auto record = out.find("record");
  const bool attempt = record == out.end() ? !summary : *record == "attempt";
  if (attempt || summary) {
    if (!out.contains(status_name)) out[status_name] = nullptr;
  }
  if (attempt) {
    if (!out.contains("error_type")) out["error_type"] = nullptr;
    if (!out.contains("attempt_index")) out["attempt_index"] = 0;
  }
  return out;
}

}  // namespace cometbench::review
