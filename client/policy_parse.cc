// Strict parsing of a retry policy object (docs/policy.md). The keys and their shapes come from
// the field table in client/policy_fields.cc; the reading from json/cursor.h.
#include <string>

#include "client/policy.h"
#include "client/policy_fields.h"

namespace cometbench::client {
namespace {

RetryPolicy starting_policy(const json::Cursor& document) {
  const auto preset = document.find("preset");
  if (!preset) return RetryPolicy{};
  const std::optional<RetryPolicy> policy =
      preset->json().is_string() ? preset_policy(preset->json().get<std::string>()) : std::nullopt;
  if (!policy) preset->fail_one_of(preset_names());
  return *policy;
}

}  // namespace

RetryPolicy parse_policy(const nlohmann::json& document, const std::string& file,
                         const std::string& pointer_prefix) {
  // The reader works on the JSON type of files (keys in file order); a policy object is small.
  return parse_policy_document(json::Json(document), file, pointer_prefix);
}

RetryPolicy parse_policy_document(const json::Json& value, const std::string& file,
                                  const std::string& pointer_prefix) {
  const json::Cursor at(value, file, pointer_prefix);
  at.expect_file_keys(policy_fields::listed_keys());

  // The preset applies first, whatever the key order, so that the other keys override it.
  RetryPolicy policy = starting_policy(at);
  for (const auto& [key, member] : value.items()) {
    if (const policy_fields::PolicyField* field = policy_fields::find(key)) {
      field->read(at.child(key, member), policy);
    }
  }
  if (policy.max_backoff < policy.initial_backoff) {
    if (const auto max = at.find("max_backoff_ms")) {
      max->fail("expected at least initial_backoff_ms (" +
                std::to_string(policy.initial_backoff.count()) + "), got " +
                std::to_string(policy.max_backoff.count()));
    }
    at.required("initial_backoff_ms")
        .fail("expected at most max_backoff_ms (" + std::to_string(policy.max_backoff.count()) +
              "), got " + std::to_string(policy.initial_backoff.count()));
  }
  return policy;
}

RetryPolicy parse_policy_text(std::string_view text, const std::string& file) {
  try {
    return parse_policy_document(json::parse_text(text, file), file, "");
  } catch (const PolicyError& error) {
    throw json::with_position(error, text, file);
  }
}

RetryPolicy load_policy_file(const std::filesystem::path& file) {
  const std::string display = file.string();
  const json::FileText text = json::read_text_file(file, kMaxPolicyFileBytes);
  if (!text.text) throw PolicyError(display, "", text.error);
  return parse_policy_text(*text.text, display);
}

bool is_policy_key(std::string_view key) {
  if (key == json::kSchemaKey) return true;
  for (std::string_view listed : policy_fields::listed_keys()) {
    if (listed == key) return true;
  }
  return false;
}

}  // namespace cometbench::client
