#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cometbench::testing {

/// Expected values for named fields of a JSON object: the core of the record and journal
/// matchers, which compare a record's JSONL form (or a journal entry's JSON) field by field, so
/// that a failure names each differing field with both values. A value type; thread-compatible.
class FieldExpectations {
 public:
  /// Expects the member `name` (a top-level key) to equal `value`; a later call for the same
  /// name replaces the earlier one.
  void expect(std::string name, nlohmann::json value);
  /// Expects `parent[key]` to equal `value`, e.g. ("retry_headers", "x-stainless-retry-count").
  void expect_member(std::string parent, std::string key, nlohmann::json value);

  /// True when every expected field is present in `actual` with the expected value. Otherwise
  /// writes to `why` (when not null) each field that differs, `name (expected X, actual Y)`, or
  /// is missing, joined by ", ".
  bool match(const nlohmann::json& actual, std::ostream* why) const;
  /// `what` followed by ` with name X, name Y` (or `what` alone when nothing is expected).
  void describe(std::string_view what, std::ostream* os) const;

 private:
  struct Field {
    std::string name;  // as shown: "backoff_ms", "retry_headers.x-stainless-retry-count"
    nlohmann::json::json_pointer pointer;
    nlohmann::json value;
  };
  void put(Field field);

  std::vector<Field> fields_;  // in the order the test named them
};

}  // namespace cometbench::testing
