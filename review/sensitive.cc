#include "review/sensitive.h"

#include <optional>
#include <string>
#include <vector>

#include "json/pointer.h"
#include "review/rules.h"
#include "review/sensitive_keys.h"
#include "review/sensitive_values.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

bool has_value(const nlohmann::json& v) {
  if (v.is_null()) return false;
  // nlohmann's empty() is false for every string, so strings are checked by their text.
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

// One container being walked; the pointer of a node is the tokens of the frames above it.
struct Frame {
  const nlohmann::json* node;
  nlohmann::json::const_iterator next;
  std::size_t index;
  std::string token;
};

// Paths appear in messages, so a key that is itself sensitive, or long enough to be text
// (a client keying by prompt), is replaced by a description.
std::string path_token(const std::string& key, bool sensitive) {
  constexpr std::size_t kMaxKey = 64;
  if (sensitive) return "<redacted key>";
  if (key.size() > kMaxKey) return "<key of " + std::to_string(char_count(key)) + " chars>";
  return json::pointer_token(key);
}

std::string pointer_of(const std::vector<Frame>& stack, const std::string& last) {
  std::string out;
  for (std::size_t i = 1; i < stack.size(); ++i) out += "/" + stack[i].token;
  return out + "/" + last;
}

// Reports what the field's name says it holds; true when it did.
template <typename Path>
bool report_key(const std::string& name, const nlohmann::json& value, const Path& path,
                std::size_t line, Collector& out) {
  const std::string described = describe_value(value);
  switch (classify_key(name)) {
    case KeyClass::kNone:
      return false;
    case KeyClass::kCredential:
      out.add(line, rules::kCredentialField,
              "field " + path() + " holds a credential (" + described + ", redacted)");
      break;
    case KeyClass::kRateLimit:
      out.add(line, rules::kRateLimitField,
              "field " + path() + " holds rate-limit or quota values (" + described + ")");
      break;
    case KeyClass::kBilling:
      out.add(line, rules::kBillingField,
              "field " + path() + " holds price or quota data (" + described + ")");
      break;
    case KeyClass::kAvailability:
      out.add(line, rules::kAvailabilityClaim,
              "field " + path() + " holds an availability or uptime claim (" + described + ")");
      break;
    case KeyClass::kContent:
      out.add(line, rules::kContentField,
              "field " + path() + " holds prompt or completion content (" + described + ")");
      break;
    case KeyClass::kIdentifier:
      out.add(line, rules::kIdentifierField,
              "field " + path() + " holds a customer, account, user or organization identifier (" +
                  described + ", redacted)");
      break;
  }
  return true;
}

}  // namespace

bool contains_secret(std::string_view text) { return find_sensitive_value(text).has_value(); }

void scan_sensitive(const nlohmann::json& record, std::size_t line, Collector& out) {
  if (!record.is_structured() || record.empty()) return;
  std::vector<Frame> stack;
  stack.push_back(Frame{&record, record.cbegin(), 0, ""});
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.node->cend()) {
      stack.pop_back();
      continue;
    }
    const bool in_object = top.node->is_object();
    const std::string key = in_object ? top.next.key() : std::string();
    const auto key_match = in_object ? find_secret_value(key) : std::nullopt;
    const std::string token =
        in_object ? path_token(key, key_match.has_value()) : std::to_string(top.index);
    const nlohmann::json& child = *top.next;
    ++top.next;
    ++top.index;
    // `top` may dangle after this point (push_back below).

    // Built only when reporting: building it per node would cost O(depth^2) on deep input.
    const auto path = [&] { return pointer_of(stack, token); };
    if (in_object) {
      if (key_match) {
        out.add(line, key_match->rule,
                "key of field " + path() + " contains " + key_match->what + " (" + key_match->hint +
                    ")");
      }
      // A flagged field is reported once; its insides would only repeat the finding.
      if (has_value(child) && report_key(normalize_key(key), child, path, line, out)) continue;
    }
    if (child.is_string()) {
      if (auto m = find_sensitive_value(child.get_ref<const std::string&>())) {
        out.add(line, m->rule, "field " + path() + " contains " + m->what + " (" + m->hint + ")");
      }
    } else if (child.is_structured() && !child.empty()) {
      stack.push_back(Frame{&child, child.cbegin(), 0, token});
    }
  }
}

}  // namespace cometbench::review
