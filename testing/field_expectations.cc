#include "testing/field_expectations.h"

#include <algorithm>
#include <utility>

namespace cometbench::testing {

void FieldExpectations::expect(std::string name, nlohmann::json value) {
  nlohmann::json::json_pointer pointer;
  pointer /= name;
  put({std::move(name), std::move(pointer), std::move(value)});
}

void FieldExpectations::expect_member(std::string parent, std::string key, nlohmann::json value) {
  nlohmann::json::json_pointer pointer;
  pointer /= parent;
  pointer /= key;
  put({parent + "." + key, std::move(pointer), std::move(value)});
}

void FieldExpectations::put(Field field) {
  auto same = std::find_if(fields_.begin(), fields_.end(),
                           [&](const Field& f) { return f.name == field.name; });
  if (same != fields_.end()) {
    *same = std::move(field);
  } else {
    fields_.push_back(std::move(field));
  }
}

bool FieldExpectations::match(const nlohmann::json& actual, std::ostream* why) const {
  bool matched = true;
  for (const Field& f : fields_) {
    const bool present = actual.contains(f.pointer);
    if (present && actual.at(f.pointer) == f.value) continue;
    if (why) {
      *why << (matched ? "" : ", ") << f.name << " (expected " << f.value.dump() << ", "
           << (present ? "actual " + actual.at(f.pointer).dump() : std::string("no such field"))
           << ")";
    }
    matched = false;
  }
  return matched;
}

void FieldExpectations::describe(std::string_view what, std::ostream* os) const {
  *os << what;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    *os << (i == 0 ? " with " : ", ") << fields_[i].name << " " << fields_[i].value.dump();
  }
}

}  // namespace cometbench::testing
