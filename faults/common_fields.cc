#include "faults/common_fields.h"

#include <algorithm>

#include "json/ascii.h"
#include "json/printable.h"

namespace cometbench::faults {

using json::Cursor;
using json::describe_unprintable;
using json::find_unprintable;
using json::printable;
namespace {

bool is_name_char(char c) { return json::ascii::is_alnum(c) || c == '.' || c == '_' || c == '-'; }

bool is_path_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '?' && c != '#';
}

}  // namespace

bool is_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_name_char);
}

std::string parse_name(const Cursor& at) {
  std::string name = at.as_string();
  if (!is_name(name)) {
    at.fail("expected a name made of letters, digits, '.', '_' and '-', got \"" + name + "\"");
  }
  return name;
}

std::string parse_description(const Cursor& at) {
  std::string description = at.as_string();
  if (const auto u = find_unprintable(description)) {
    at.fail("expected one line of text without control characters, got " +
            describe_unprintable(*u) + " at byte offset " + std::to_string(u->offset));
  }
  return description;
}

// The key goes into an `Authorization: Bearer` header, so it must be one clean token. The value
// is never repeated in a message.
std::string parse_api_key(const Cursor& at) {
  std::string key = at.as_string();
  if (key.empty()) at.fail("expected a non-empty API key, got an empty string");
  if (!std::all_of(key.begin(), key.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u != 0x7f;
      })) {
    at.fail("expected an API key without spaces or control characters (value not shown)");
  }
  return key;
}

std::string parse_base_path(const Cursor& at) {
  std::string path = at.as_string();
  // The client appends "/chat/completions", so a trailing '/' would double the slash.
  if (!path.starts_with('/') || path.size() < 2 || path.ends_with('/') ||
      !std::all_of(path.begin(), path.end(), is_path_char)) {
    at.fail("expected a path that starts with '/' and does not end with it (e.g. \"/v1\"), got \"" +
            path + "\"");
  }
  return path;
}

}  // namespace cometbench::faults
