#include "json/cursor.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "json/ascii.h"
#include "json/pointer.h"

namespace cometbench::json {
namespace {

std::string joined(std::span<const std::string_view> words) {
  std::string list;
  for (const std::string_view word : words) list += (list.empty() ? "" : ", ") + std::string(word);
  return list;
}

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two neighbours, each costing 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// `, did you mean "a"?` when `word` is close to a candidate, else nothing.
std::string suggestion(std::string_view word, std::span<const std::string_view> candidates) {
  const std::optional<std::string_view> near = closest(word, candidates);
  return near ? ", did you mean \"" + std::string(*near) + "\"?" : std::string();
}

// 1 for 1.0, 0.5 for 0.5: bounds as a reader would write them.
std::string number_text(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15)
    return std::to_string(static_cast<std::int64_t>(v));
  return Json(v).dump();
}

}  // namespace

std::string describe_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  return "an unsupported value";
}

std::string describe_value(const Json& value) {
  if (value.is_number() || value.is_boolean()) return value.dump();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    constexpr std::size_t kMaxShown = 40;
    const bool plain = !text.empty() && text.size() <= kMaxShown &&
                       std::all_of(text.begin(), text.end(), [](char c) {
                         return ascii::is_alnum(c) || c == '_' || c == '.' || c == ':' || c == '-';
                       });
    if (plain) return "\"" + text + "\"";
  }
  return describe_type(value);
}

std::optional<std::string_view> closest(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  const std::size_t allowed = word.size() >= 5 ? 2 : 1;
  std::optional<std::string_view> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string_view candidate : candidates) {
    if (candidate == word) continue;
    // Lengths further apart than the edits allowed cannot be close; skipping them also keeps a
    // hostile key of megabytes from costing a distance table of its size.
    const std::size_t gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                           : candidate.size() - word.size();
    if (gap > allowed) continue;
    const std::size_t distance =
        ascii::iequals(candidate, word) ? 0 : edit_distance(word, candidate);
    // A candidate no longer than the edits it takes is not a typo of it ("a" for "x").
    if (distance < best_distance && distance < candidate.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

void Cursor::fail(const std::string& message) const { throw InputError(*file_, pointer_, message); }

Cursor Cursor::child(std::string_view key) const {
  return Cursor(value_->at(std::string(key)), *file_, pointer_ + "/" + pointer_token(key));
}

Cursor Cursor::child(std::string_view key, const Json& member) const {
  return Cursor(member, *file_, pointer_ + "/" + pointer_token(key));
}

Cursor Cursor::element(std::size_t index) const {
  return Cursor(value_->at(index), *file_, pointer_ + "/" + std::to_string(index));
}

std::optional<Cursor> Cursor::find(std::string_view key) const {
  if (!value_->is_object() || !value_->contains(key)) return std::nullopt;
  return child(key);
}

Cursor Cursor::required(std::string_view key) const {
  auto member = find(key);
  if (!member) fail("missing required key \"" + std::string(key) + "\"");
  return *member;
}

void Cursor::expect_object() const {
  if (!value_->is_object()) fail("expected an object, got " + describe_type(*value_));
}

void Cursor::expect_keys(std::span<const std::string_view> allowed) const {
  check_keys(allowed, false);
}

void Cursor::expect_file_keys(std::span<const std::string_view> allowed) const {
  check_keys(allowed, true);
  if (const auto schema = find(kSchemaKey); schema && !schema->json().is_string()) {
    schema->fail("expected a string (the file's JSON Schema), got " +
                 describe_type(schema->json()));
  }
}

void Cursor::check_keys(std::span<const std::string_view> allowed, bool schema_key) const {
  expect_object();
  for (const auto& [key, value] : value_->items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (schema_key && key == kSchemaKey) continue;
    child(key, value)
        .fail("unknown key \"" + key + "\"" + suggestion(key, allowed) +
              " (expected one of: " + joined(allowed) + ")");
  }
}

std::size_t Cursor::array_size() const {
  if (!value_->is_array()) fail("expected an array, got " + describe_type(*value_));
  return value_->size();
}

std::string Cursor::as_string() const {
  if (!value_->is_string()) fail("expected a string, got " + describe_type(*value_));
  return value_->get<std::string>();
}

bool Cursor::as_bool() const {
  if (!value_->is_boolean()) fail("expected true or false, got " + describe_type(*value_));
  return value_->get<bool>();
}

std::int64_t Cursor::as_int(std::int64_t min, std::int64_t max, std::string_view note) const {
  std::string expected =
      "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!note.empty()) expected += " (" + std::string(note) + ")";
  if (value_->is_number_unsigned()) {
    const auto v = value_->get<std::uint64_t>();
    if (max >= 0 && v <= static_cast<std::uint64_t>(max) &&
        (min <= 0 || v >= static_cast<std::uint64_t>(min))) {
      return static_cast<std::int64_t>(v);
    }
    fail(expected + ", got " + std::to_string(v));
  }
  if (value_->is_number_integer()) {
    const auto v = value_->get<std::int64_t>();
    if (v >= min && v <= max) return v;
    fail(expected + ", got " + std::to_string(v));
  }
  // A float is shown as written-ish (200.0, 1.5, 1e+100): numbers never hold secrets.
  if (value_->is_number_float()) fail(expected + ", got " + value_->dump());
  fail(expected + ", got " + describe_type(*value_));
}

double Cursor::as_number(double min, double max) const {
  const double v = value_->is_number() ? value_->get<double>() : 0.0;
  if (!value_->is_number() || !std::isfinite(v) || v < min || v > max) {
    fail("expected a number from " + number_text(min) + " to " + number_text(max) + ", got " +
         describe_value(*value_));
  }
  return v;
}

void Cursor::fail_one_of(std::span<const std::string_view> tokens) const {
  std::string message = "expected one of " + joined(tokens) + ", got " + describe_value(*value_);
  if (value_->is_string()) message += suggestion(value_->get_ref<const std::string&>(), tokens);
  fail(message);
}

}  // namespace cometbench::json
